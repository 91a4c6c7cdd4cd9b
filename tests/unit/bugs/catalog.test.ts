import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUGS, BUG_IDS, bugsForAgent, findBug } from '../../../src/bugs/catalog.ts';

const diagnosticsMd = readFileSync(resolve(__dirname, '../../../../shared/DIAGNOSTICS.md'), 'utf8');

describe('bug catalogue', () => {
  it('has unique ids', () => {
    expect(new Set(BUG_IDS).size).toBe(BUG_IDS.length);
  });

  it('describes every bug with a title, explanation, something to watch, a fix and a reference', () => {
    for (const bug of BUGS) {
      expect(bug.title.length, bug.id).toBeGreaterThan(5);
      expect(bug.explanation.length, bug.id).toBeGreaterThan(40);
      expect(bug.watch.length, bug.id).toBeGreaterThan(0);
      expect(bug.fix.length, bug.id).toBeGreaterThan(10);
      expect(bug.reference.url, bug.id).toMatch(/^https:\/\//);
      expect(bug.agents.length, bug.id).toBeGreaterThan(0);
    }
  });

  it('uses the ids of DIAGNOSTICS.md §3', () => {
    for (const id of BUG_IDS) expect(diagnosticsMd, id).toContain('`' + id + '`');
  });

  it('filters by agent and env kind', () => {
    expect(bugsForAgent('dqn').map((b) => b.id)).toContain('target_aliases_online');
    expect(bugsForAgent('ppo').map((b) => b.id)).not.toContain('target_aliases_online');
    expect(bugsForAgent('ppo', false).map((b) => b.id)).not.toContain('no_obs_normalization');
    expect(bugsForAgent('ppo', true).map((b) => b.id)).toContain('no_obs_normalization');
    expect(findBug('nope')).toBeUndefined();
  });
});
