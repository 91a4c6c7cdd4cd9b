// The rest of the UI in 简体中文: the empty-chart reasons and the hyperparameter panel's schema text
// follow the locale (English stays the reference, unchanged), with no English words left over.
import { afterEach, describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { PPO_FIELDS, PPO_PRESETS } from '../../../src/config/ppo-config.ts';
import { AGENT_IDS } from '../../../src/config/run-config.ts';
import { METRIC, metricsForAgent } from '../../../src/diagnostics/metric-keys.ts';
import { alertTitle, histogramTitle, localizedSpec, runLabel } from '../../../src/ui/i18n/chart-text.ts';
import { HEALTH_CHECKS } from '../../../src/diagnostics/health-checks.ts';
import { HISTOGRAM } from '../../../src/diagnostics/metric-keys.ts';
import { histogramSummary } from '../../../src/ui/charts/histogram-view.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { waitFacts, waitingReason } from '../../../src/ui/explain/waiting.ts';
import { fieldDoc, fieldGroup, presetText } from '../../../src/ui/i18n/config-text.ts';
import { setLocale } from '../../../src/ui/i18n/i18n.svelte.ts';

const specs = buildChartSpecs([METRIC.episodicReturn, METRIC.approxKl]);
const spec = (key: string) => specs.find((s) => s.id === key || s.keys.includes(key))!;

/** Latin words of three or more letters, less names that stay as written (env ids, agents, libraries). */
const english = (s: string): string[] =>
  (s.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !/^(MountainCar|CartPole|Pendulum|Acrobot|PPO|DQN|VPG|rollout)$/.test(w));

const cases = [
  [makeRunConfig('MountainCar-v0', 'ppo'), METRIC.episodicReturn, { envSteps: 300, wallS: 2, phase: 'running' }],
  [makeRunConfig('CartPole-v1', 'ppo'), METRIC.approxKl, { envSteps: 0, wallS: 0, phase: 'paused' }],
  [makeRunConfig('CartPole-v1', 'dqn'), METRIC.approxKl, { envSteps: 100, wallS: 1, phase: 'running' }],
  [makeRunConfig('Pendulum-v1', 'ppo'), METRIC.episodicReturn, { envSteps: 10, wallS: 0, phase: 'setup' }],
] as const;

afterEach(() => setLocale('en'));

describe('empty-chart reasons', () => {
  it('are in Chinese with the zh pack, and in English again after switching back', async () => {
    await setLocale('zh');
    for (const [config, key, progress] of cases) {
      const why = waitingReason(spec(key), waitFacts(config, progress));
      expect(why, why).toMatch(/[\u4e00-\u9fff]/);
      expect(english(why), why).toEqual([]);
    }
    await setLocale('en');
    const [config, key, progress] = cases[0];
    expect(waitingReason(spec(key), waitFacts(config, progress))).toMatch(/^Waiting for the first episode to end: a fresh policy rarely reaches the flag/);
  });
});

describe('hyperparameter panel text', () => {
  it('follows the locale: field docs, groups and presets', async () => {
    const lr = PPO_FIELDS.find((f) => f.key === 'learningRate')!;
    const preset = PPO_PRESETS.find((p) => p.id === 'playground')!;
    expect(fieldDoc('ppo', lr)).toBe(lr.doc);
    expect(presetText('ppo', preset)).toEqual({ label: preset.label, doc: preset.doc });
    await setLocale('zh');
    expect(fieldDoc('ppo', lr)).toMatch(/学习率.*learning_rate 2\.5e-4/);
    expect(fieldGroup(lr.group)).toBe('优化器');
    expect(presetText('ppo', preset).label).toMatch(/健康基线/);
  });
});

describe('chart words', () => {
  it('every chart of every agent: title, series and reference labels in Chinese; English unchanged', async () => {
    const keys = [...new Set(AGENT_IDS.flatMap((a) => metricsForAgent(a).map((m) => m.key)))];
    const all = buildChartSpecs(keys, { rewardThreshold: 475, numActions: 2 });
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) expect(localizedSpec(s)).toBe(s);
    await setLocale('zh');
    const cjk = /[\u4e00-\u9fff]/;
    for (const s of all.map(localizedSpec)) {
      expect(s.title, s.id).toMatch(cjk);
      for (const l of s.layers) if (l.kind === 'line' || l.kind === 'range') expect(l.label, `${s.id} ${l.label}`).toMatch(cjk);
      for (const r of s.refs) expect(r.label, `${s.id} ${r.label}`).toMatch(cjk);
    }
  });
});

describe('run labels', () => {
  it('the lab’s labels read in Chinese (names of bugs and settings kept), English ones unchanged', async () => {
    const labels = ['healthy', 'broken: lr_too_high', 'A: as set up', 'B: learningRate = 0.01', 'healthy · seed 2', 'broken: lr_too_high (median of 3 seeds)', 'this config'];
    for (const l of labels) expect(runLabel(l)).toBe(l);
    await setLocale('zh');
    expect(labels.map(runLabel)).toEqual(['健康', '故障：lr_too_high', 'A：当前设置', 'B：learningRate = 0.01', '健康 · 种子 2', '故障：lr_too_high（3 个种子的中位数）', '当前配置']);
  });
});

describe('histogram and alert titles', () => {
  it('every histogram base and health check has a Chinese title; per-layer keys keep their layer', async () => {
    expect(histogramTitle('histograms/weights/actor/0', 'Weights · actor/0')).toBe('Weights · actor/0');
    await setLocale('zh');
    for (const key of Object.values(HISTOGRAM)) expect(histogramTitle(key, key), key).toMatch(/[\u4e00-\u9fff]/);
    expect(histogramTitle('histograms/weights/actor/0', 'Weights · actor/0')).toBe('权重 · actor/0');
    for (const c of HEALTH_CHECKS) expect(alertTitle(c.id, c.title), c.id).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('screen-reader summaries', () => {
  it('a histogram’s summary follows the locale', async () => {
    const snap = { step: 512, min: -1, max: 1, counts: [1, 2, 1] } as unknown as Parameters<typeof histogramSummary>[1][number];
    expect(histogramSummary('Weights', [])).toBe('Weights: no data yet.');
    expect(histogramSummary('Weights', [snap])).toMatch(/^Weights: at step 512, values from/);
    await setLocale('zh');
    expect(histogramSummary('权重', [])).toBe('权重：还没有数据。');
    expect(histogramSummary('权重', [snap])).toMatch(/^权重：第 512 步时，取值从 −?1 到 1/);
  });
});
