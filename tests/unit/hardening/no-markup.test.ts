// Nothing from a link, a run name, a note or an imported file is ever inserted as markup (issue 15).
// Svelte escapes every {expression} in a template; what could insert markup is a raw-HTML sink. This
// test lists every sink in src/ and fails on any that is not vetted below, so a new {@html}, innerHTML,
// insertAdjacentHTML, document.write, srcdoc, d3 .html() or eval-like call has to be looked at and added
// here with the reason its input is safe. The two vetted sinks get a test of their input each.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_EXPLAINERS } from '../../../src/ui/explain/chart-explainers.ts';
import { CHART_EXPLAINERS_ZH } from '../../../src/ui/explain/chart-explainers-zh.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SINK = /\{@html\b|\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write|\bsrcdoc\b|\.html\(|new Function\b|\beval\(|setTimeout\(\s*['"`]|createContextualFragment|DOMParser/;

/** file → the exact source line of each vetted sink, and why its input cannot come from a user. */
const VETTED: Record<string, { line: string; why: string }[]> = {
  'src/ui/components/ChartExplainer.svelte': [
    {
      line: '<div class="formula">{@html e.formula.math}</div>',
      why: 'MathML built in source from the static explainer tables (chart-explainers*.ts) by mathml.ts, which escapes text; the chart id only selects an entry',
    },
  ],
  'src/ui/components/BugLabHighlight.svelte': [
    { line: '{@html rule}', why: 'a <style> rule whose only variable is a metric key that must match /^[\\w./-]+$/ (no quote, bracket or angle bracket)' },
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|svelte|mjs)$/.test(name) ? [path] : [];
  });
}

/** Strip // and /* comments that start a line, so a sentence about innerHTML is not a sink. */
function codeLines(text: string): string[] {
  return text.split('\n').map((l) => (/^\s*(\/\/|\*|\/\*|<!--)/.test(l) ? '' : l));
}

describe('raw-markup sinks in src/', () => {
  it('are exactly the vetted ones', () => {
    const found: Record<string, string[]> = {};
    for (const file of [...sourceFiles(join(ROOT, 'src')), join(ROOT, 'index.html')]) {
      const lines = codeLines(readFileSync(file, 'utf8')).filter((l) => SINK.test(l));
      if (lines.length > 0) found[relative(ROOT, file)] = lines.map((l) => l.trim());
    }
    const vetted = Object.fromEntries(Object.entries(VETTED).map(([f, sinks]) => [f, sinks.map((s) => s.line)]));
    expect(found).toEqual(vetted);
  });

  it('the explainer formulas are MathML with no attribute but display, width and accent', () => {
    const TAGS = new Set(['math', 'mrow', 'mi', 'mn', 'mo', 'mtext', 'mfrac', 'msub', 'msup', 'msqrt', 'mover', 'munder', 'munderover', 'mspace']);
    const ATTRS = /^(\s+(display="block"|width="[\d.]+em"|accent="true"))*\s*$/;
    let formulas = 0;
    for (const table of [CHART_EXPLAINERS, CHART_EXPLAINERS_ZH]) {
      for (const [id, e] of Object.entries(table)) {
        if (!e.formula) continue;
        formulas++;
        const math = e.formula.math;
        expect(math.startsWith('<math'), id).toBe(true);
        for (const m of math.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
          expect(TAGS.has(m[2]), `${id}: <${m[2]}>`).toBe(true);
          expect(m[3], `${id}: attributes of <${m[2]}>`).toMatch(m[1] ? /^$/ : ATTRS);
        }
        // Outside the tags, text only: no stray angle bracket could open an element.
        expect(math.replace(/<\/?[a-zA-Z][\w-]*[^>]*>/g, ''), id).not.toMatch(/[<>]/);
      }
    }
    expect(formulas).toBeGreaterThan(5);
  });

  it("the bug lab's highlight rule refuses any metric key that could leave its <style>", () => {
    const source = readFileSync(join(ROOT, 'src/ui/components/BugLabHighlight.svelte'), 'utf8');
    const guard = /if \(!id \|\| !(\/\^\[\\w\.\/-\]\+\$\/)\.test\(id\)\) return '';/.exec(source);
    expect(guard, 'the key guard before the rule is built').not.toBeNull();
    const allowed = /^[\w./-]+$/;
    for (const hostile of ['</style><script>alert(1)</script>', '"];x{}', 'a b', "a'b", 'a\\b', 'a<b', '*{}', 'a]{}'])
      expect(allowed.test(hostile), hostile).toBe(false);
    expect(allowed.test('losses/approx_kl')).toBe(true);
  });
});
