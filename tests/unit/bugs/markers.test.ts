// Every bug the catalogue assigns to an agent has its inline check, marked `// BUG <id>:`, in that
// agent's own files (src/agents/<agent>.ts or src/agents/<agent>-*.ts); and no agent file marks a bug
// the catalogue does not give it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUG_IDS, bugsOf, type BugAgent } from '../../../src/bugs/catalog.ts';

const dir = new URL('../../../src/agents/', import.meta.url);
const agents: readonly BugAgent[] = ['ppo', 'dqn', 'vpg', 'a2c', 'mbrl'];

function markedIn(agent: BugAgent): Set<string> {
  const files = readdirSync(dir).filter((f) => f === `${agent}.ts` || (f.startsWith(`${agent}-`) && f.endsWith('.ts')));
  const marked = new Set<string>();
  for (const f of files) for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/\/\/ BUG ([a-z_]+):/g)) marked.add(m[1]);
  return marked;
}

describe('bug markers in agent code', () => {
  for (const agent of agents) {
    it(`${agent}: every catalogued bug has a // BUG <id>: check, and only those`, () => {
      const marked = markedIn(agent);
      const missing = bugsOf(agent).filter((id) => !marked.has(id));
      expect(missing, `${agent} lacks // BUG markers for`).toEqual([]);
      const foreign = [...marked].filter((id) => !(bugsOf(agent) as readonly string[]).includes(id));
      expect(foreign, `${agent} marks bugs the catalogue does not give it`).toEqual([]);
      for (const id of marked) expect(BUG_IDS, id).toContain(id);
    });
  }
});
