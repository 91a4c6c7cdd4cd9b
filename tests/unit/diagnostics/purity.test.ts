// src/diagnostics and src/rl import nothing from the rest of src/ (only `import type` from src/envs/types.ts), no tfjs, no DOM.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

for (const [folder, modules] of [
  ['diagnostics', ['index.ts', 'stats.ts', 'health.ts', 'metric-keys.ts']],
  ['rl', ['returns.ts', 'running-stats.ts']],
] as const) {
  const dir = new URL(`../../../src/${folder}/`, import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  describe(`src/${folder} purity`, () => {
    it('has the modules', () => {
      expect(files).toEqual(expect.arrayContaining([...modules]));
    });
    for (const f of files) {
      it(`${f} imports only siblings (and types from envs)`, () => {
        const src = readFileSync(new URL(f, dir), 'utf8');
        const imports = [...src.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gm)];
        for (const m of imports) {
          const spec = m[3];
          const isType = m[2] !== undefined;
          const ok = spec.startsWith('./') || (isType && spec === '../envs/types.ts');
          expect(ok, `${f}: ${m[0].trim()}`).toBe(true);
        }
        const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
        expect(code).not.toMatch(/@tensorflow|\b(document|window|navigator|localStorage)\s*\.|Math\.random/);
      });
    }
  });
}
