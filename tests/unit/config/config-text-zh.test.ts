// The hyperparameter panel in 简体中文: every field of every agent's schema, every field group and
// every preset has a Chinese text (the field table is also typed from the schemas, so a missing
// field fails the type check first), and each keeps the English's library parameter names.
import { describe, expect, it } from 'vitest';
import { FIELD_DOCS_ZH, FIELD_GROUPS_ZH, PRESET_TEXT_ZH } from '../../../src/config/config-text-zh.ts';
import { AGENT_CONFIGS } from '../../../src/config/presets.ts';

/** Names a reader looks up in CleanRL / SB3 / mbrl-lib / Spinning Up (snake_case) and numbers like 2.5e-4. */
const identifiers = (s: string): string[] => [...s.matchAll(/\b[a-z]+(?:_[a-z]+)+\b|\b\d+(?:\.\d+)?e-\d+\b/g)].map((m) => m[0]).sort();

const docs = FIELD_DOCS_ZH as unknown as Record<string, Record<string, string> | undefined>;

describe('hyperparameter text in 简体中文', () => {
  const agents = Object.entries(AGENT_CONFIGS).map(([agent, spec]) => [agent, spec!] as const);

  it('covers every agent that has a schema', () => {
    expect(Object.keys(docs).sort()).toEqual(agents.map(([a]) => a).sort());
  });

  for (const [agent, spec] of agents) {
    it(`${agent}: a Chinese doc for each field (no extra ones), keeping its parameter names`, () => {
      const table = docs[agent] ?? {};
      expect(Object.keys(table).sort()).toEqual(spec.fields.map((f) => f.key).sort());
      for (const f of spec.fields) {
        const zh = table[f.key] ?? '';
        expect(zh, f.key).toMatch(/[\u4e00-\u9fff]/);
        expect(identifiers(zh), f.key).toEqual(identifiers(f.doc));
      }
    });

    it(`${agent}: a Chinese label and paragraph for each preset, and each field group`, () => {
      for (const p of spec.presets) {
        const zh = PRESET_TEXT_ZH[agent]?.[p.id];
        expect(zh, p.id).toBeDefined();
        expect(zh?.doc, p.id).toMatch(/[\u4e00-\u9fff]/);
        expect(zh?.label.trim(), p.id).not.toBe('');
      }
      for (const f of spec.fields) expect(FIELD_GROUPS_ZH[f.group], f.group).toMatch(/[\u4e00-\u9fff]/);
    });
  }
});
