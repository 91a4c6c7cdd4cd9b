// Every registry with visible text has its 简体中文: a missing bug, lesson, explainer or metric title fails here.

import { describe, expect, it } from 'vitest';
import { BUGS, type Bug } from '../../../src/bugs/catalog.ts';
import { BUG_TEXT_ZH } from '../../../src/bugs/catalog-zh.ts';
import { LESSONS } from '../../../src/bugs/lessons.ts';
import { LESSON_TEXT_ZH } from '../../../src/bugs/lessons-zh.ts';
import { METRIC_CATALOGUE } from '../../../src/diagnostics/metric-keys.ts';
import { METRIC_TEXT_ZH, REFERENCE_LABEL_ZH } from '../../../src/diagnostics/metric-text-zh.ts';
import { CHART_EXPLAINERS } from '../../../src/ui/explain/chart-explainers.ts';
import { CHART_EXPLAINERS_ZH } from '../../../src/ui/explain/chart-explainers-zh.ts';

const hasHan = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);

describe('zh tables', () => {
  it('every bug: title, explanation, fix, one line per watched chart and per requirement', () => {
    expect(Object.keys(BUG_TEXT_ZH).sort()).toEqual(BUGS.map((b) => b.id).sort());
    for (const bug of BUGS as readonly Bug[]) {
      const zh = BUG_TEXT_ZH[bug.id as keyof typeof BUG_TEXT_ZH];
      for (const s of [zh.title, zh.explanation, zh.fix, ...zh.watch]) expect(hasHan(s), `${bug.id}: ${s}`).toBe(true);
      expect(zh.watch.length, bug.id).toBe(bug.watch.length);
      expect((zh.why ?? []).length, bug.id).toBe((bug.requires ?? []).length);
    }
  });
  it('every lesson, with a helps-first note exactly where the English has one', () => {
    expect(Object.keys(LESSON_TEXT_ZH).sort()).toEqual(LESSONS.map((l) => l.id).sort());
    for (const l of LESSONS) {
      const zh = LESSON_TEXT_ZH[l.id];
      for (const s of [zh.title, zh.question, zh.takeaway]) expect(hasHan(s), l.id).toBe(true);
      expect(zh.helpsFirst === undefined, l.id).toBe(l.helpsFirst === undefined);
    }
  });
  it('every chart explainer, with a formula and detail exactly where the English has them', () => {
    expect(Object.keys(CHART_EXPLAINERS_ZH).sort()).toEqual(Object.keys(CHART_EXPLAINERS).sort());
    const ctx = { env: 'CartPole-v1', agent: 'ppo', numActions: 2, rewardThreshold: 475, maxEpisodeSteps: 500, continuous: false } as const;
    for (const [id, en] of Object.entries(CHART_EXPLAINERS)) {
      const zh = CHART_EXPLAINERS_ZH[id];
      expect(hasHan(zh.measures) && hasHan(zh.healthy(ctx)), id).toBe(true);
      expect(zh.formula === undefined, id).toBe(en.formula === undefined);
      expect(zh.detail === undefined, id).toBe(en.detail === undefined);
      if (zh.formula) {
        expect(hasHan(zh.formula.words), id).toBe(true);
        expect(zh.formula.math.split('<math').length, id).toBe(en.formula!.math.split('<math').length);
        expect(zh.formula.math.split('</math>').length, id).toBe(en.formula!.math.split('</math>').length);
      }
    }
  });
  it('every metric title, description and reference label', () => {
    for (const m of METRIC_CATALOGUE) {
      expect(METRIC_TEXT_ZH[m.key], m.key).toBeDefined();
      expect(hasHan(METRIC_TEXT_ZH[m.key].title + METRIC_TEXT_ZH[m.key].description), m.key).toBe(true);
      if (m.reference) expect(REFERENCE_LABEL_ZH[m.reference.label], m.reference.label).toBeDefined();
    }
  });
});
