// What a learner reads beside the charts, in 简体中文: the per-phase timing legend, histogram explainer titles,
// the bug directions, and the bug lab's note, each said in the locale shown (English unchanged).
import { afterEach, describe, expect, it } from 'vitest';
import { METRIC, PHASES } from '../../../src/diagnostics/metric-keys.ts';
import { HISTOGRAM } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { DIRECTION_ARROW, directionWords } from '../../../src/ui/explain/directions.ts';
import { localizedSpec } from '../../../src/ui/i18n/chart-text.ts';
import { chartTitle } from '../../../src/ui/i18n/content.ts';
import { setLocale, tIn } from '../../../src/ui/i18n/i18n.svelte.ts';
import { noticeText } from '../../../src/ui/i18n/notice-text.ts';
import type { Direction } from '../../../src/bugs/catalog.ts';

const CJK = /[\u4e00-\u9fff]/;
afterEach(() => setLocale('en'));

describe('learner words in the locale', () => {
  it('the time-per-phase legend names each phase (and the whole) in Chinese; English keeps the phase ids', async () => {
    const keys = [METRIC.phaseMs, ...PHASES.map((p) => `${METRIC.phaseMs}/${p}`)];
    const spec = buildChartSpecs(keys).find((s) => s.keys.includes(`${METRIC.phaseMs}/env`))!;
    const labels = (l: (typeof spec.layers)[number]) => ('labels' in l ? l.labels : []);
    expect(spec.layers.flatMap(labels)).toEqual(['global', ...PHASES]);
    await setLocale('zh');
    const zh = localizedSpec(spec).layers.flatMap(labels);
    expect(zh).toHaveLength(PHASES.length + 1);
    for (const l of zh) expect(l, l).toMatch(CJK);
  });

  it('a histogram chart is titled in Chinese (its explainer says the same title)', async () => {
    await setLocale('zh');
    expect(chartTitle({ id: HISTOGRAM.ratio, title: 'Probability ratio' })).toBe('概率比');
    expect(chartTitle({ id: `${HISTOGRAM.weights}/actor/0`, title: 'Weights · actor/0' })).toBe('权重 · actor/0');
    await setLocale('en');
    expect(chartTitle({ id: HISTOGRAM.ratio, title: 'Probability ratio' })).toBe('Probability ratio');
  });

  it('every direction a bug moves a chart has an arrow and words in both languages', async () => {
    const dirs = Object.keys(DIRECTION_ARROW) as Direction[];
    const en = dirs.map(directionWords);
    for (const w of en) expect(w).toMatch(/^[a-z ]+$/);
    await setLocale('zh');
    for (const d of dirs) expect(directionWords(d), d).toMatch(CJK);
  });

  it("the bug lab's note is kept as a key and said in the language shown, even after a switch", async () => {
    const note = { key: 'compare.note.budget', params: { runs: 4, workers: 2, steps: '50,000' } } as const;
    expect(noticeText(note)).toBe('4 runs share 2 workers, so each gets a budget of 50,000 steps and the rest wait their turn.');
    await setLocale('zh');
    expect(noticeText(note)).toMatch(/^4 个运行共用 2 个 worker/);
  });

  it('the "moved first" tag, written into a style rule, holds nothing that could end its CSS string or the <style>', async () => {
    await setLocale('zh');
    for (const lang of ['en', 'zh'] as const) expect(tIn(lang, 'learner.result.movedFirst')).toMatch(/^[^"'\\<>]+$/);
    expect(tIn('zh', 'learner.result.movedFirst')).toMatch(CJK);
  });
});
