import { describe, expect, it } from 'vitest';
import { BUGS } from '../../../src/bugs/catalog.ts';
import { HISTOGRAM, METRIC, metricsForAgent } from '../../../src/diagnostics/metric-keys.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { essentialCharts } from '../../../src/ui/charts/essentials.ts';
import { CHART_EXPLAINERS, explainerFor, type ExplainContext } from '../../../src/ui/explain/chart-explainers.ts';
import { bugsMoving, chartSubtitle, explain } from '../../../src/ui/explain/explain.ts';
import { waitFacts, waitingReason } from '../../../src/ui/explain/waiting.ts';

const cartpole: ExplainContext = { env: 'CartPole-v1', agent: 'ppo', numActions: 2, rewardThreshold: 475, maxEpisodeSteps: 500, continuous: false };
const ppoSpecs = buildChartSpecs(metricsForAgent('ppo').map((m) => m.key), { rewardThreshold: 475, numActions: 2 });
const spec = (id: string) => ppoSpecs.find((s) => s.id === id)!;

describe('chart explainers', () => {
  it('explain every Essentials chart: what, formula in symbols and words, healthy here', () => {
    for (const s of essentialCharts(ppoSpecs)) {
      const e = explain(s, cartpole);
      expect(e.measures.length, s.id).toBeGreaterThan(40);
      expect(e.formula?.math, s.id).toMatch(/^(<math display="block">.*?<\/math>)+$/);
      expect(e.formula?.words.length, s.id).toBeGreaterThan(20);
      expect(e.healthy, s.id).toMatch(/healthy/i);
      expect(e.subtitle, s.id).not.toMatch(/\//); // a sentence, not metric keys
    }
  });

  it('writes the healthy line against the env: ln N on the entropy chart, the solved line on the return chart', () => {
    expect(chartSubtitle(spec(METRIC.entropy), cartpole)).toContain('ln 2 = 0.693');
    expect(chartSubtitle(spec(METRIC.entropy), { ...cartpole, env: 'Acrobot-v1', numActions: 3 })).toContain('ln 3 = 1.1');
    expect(chartSubtitle(spec(METRIC.episodicReturn), cartpole)).toContain('475');
    expect(explain(spec(METRIC.episodicReturn), { ...cartpole, env: 'MountainCar-v0', rewardThreshold: -110 }).healthy).toMatch(/−200.*flag/);
  });

  it('explains a per-layer histogram by its base', () => {
    expect(explainerFor(`${HISTOGRAM.weights}/actor/0`)).toBe(CHART_EXPLAINERS[HISTOGRAM.weights]);
  });

  it('falls back to the catalogue definition for charts without an entry', () => {
    const s = buildChartSpecs([METRIC.numBytes, 'custom/metric']).find((x) => x.id === 'custom/metric')!;
    expect(explainerFor(s.id)).toBeUndefined();
    expect(chartSubtitle(s, cartpole)).toBe('');
    const layers = buildChartSpecs([METRIC.learningRate]).map((x) => ({ ...x, id: 'other/learning_rate' }))[0];
    expect(chartSubtitle(layers, cartpole)).toBe('Current learning rate after annealing.');
  });

  it('has no entry for a chart id the dashboard never shows', () => {
    const ids = new Set(buildChartSpecs([...metricsForAgent('ppo'), ...metricsForAgent('dqn')].map((m) => m.key)).map((s) => s.id));
    const histograms: string[] = Object.values(HISTOGRAM);
    for (const id of Object.keys(CHART_EXPLAINERS)) expect(ids.has(id) || histograms.includes(id) || id === METRIC.clipfrac || id === METRIC.advantageMean || id === METRIC.valueTargetMin, id).toBe(true);
  });
});

describe('bugs that move a chart (from the catalogue watch lists)', () => {
  it('lists the bugs watching a key of the chart, those available here first, with their direction', () => {
    const kl = essentialCharts(ppoSpecs)[2];
    const links = bugsMoving(kl, 'ppo', false);
    const expected = BUGS.filter((b) => b.watch.some((w) => w.key === METRIC.approxKl || w.key === METRIC.clipfrac)).map((b) => b.id);
    expect(links.map((l) => l.id).sort()).toEqual([...expected].sort());
    expect(links.find((l) => l.id === 'lr_too_high')).toMatchObject({ unavailable: null, direction: 'spikes' });
    const firstOther = links.findIndex((l) => l.unavailable !== null);
    if (firstOther >= 0) expect(links.slice(firstOther).every((l) => l.unavailable !== null)).toBe(true);
  });

  it('says why a bug cannot be switched on here: another agent, or continuous envs only', () => {
    const value = bugsMoving(spec(METRIC.valueMean), 'ppo', false);
    expect(value.find((l) => l.id === 'no_return_normalization')?.unavailable).toBeNull();
    const onDqn = bugsMoving(spec(METRIC.valueMean), 'dqn', false).find((l) => l.id === 'no_return_normalization');
    expect(onDqn?.unavailable).toMatch(/DQN/);
    // no_obs_normalization exists for continuous-action envs only; it watches the return.
    const ret = spec(METRIC.episodicReturn);
    expect(bugsMoving(ret, 'ppo', false).find((l) => l.id === 'no_obs_normalization')?.unavailable).toMatch(/continuous/);
    expect(bugsMoving(ret, 'ppo', true).find((l) => l.id === 'no_obs_normalization')?.unavailable).toBeNull();
  });
});

describe('empty chart reasons', () => {
  const returnSpec = spec(METRIC.episodicReturn);
  const klSpec = spec(METRIC.approxKl);

  it('says MountainCar episodes end after 200 steps × 4 envs', () => {
    const f = waitFacts(makeRunConfig('MountainCar-v0', 'ppo'), { envSteps: 300, wallS: 2, phase: 'running' });
    expect(f.numEnvs).toBeGreaterThan(1);
    const why = waitingReason(returnSpec, f);
    expect(why).toContain(`200 steps × ${f.numEnvs} envs`);
    expect(why).toContain(`${(200 * f.numEnvs).toLocaleString('en-US')} env steps`);
    expect(why).toMatch(/300 so far, about \d+ s to go/);
  });

  it('says when the first PPO update comes, from numEnvs × numSteps of the preset', () => {
    const f = waitFacts(makeRunConfig('CartPole-v1', 'ppo'), { envSteps: 0, wallS: 0, phase: 'running' });
    expect(waitingReason(klSpec, f)).toBe(`Waiting for the first update: PPO learns after each rollout of ${f.numEnvs} envs × ${f.numSteps} steps = ${(f.numEnvs * f.numSteps!).toLocaleString('en-US')} env steps (0 so far).`);
  });

  it("says DQN fills its replay buffer first, and follows a changed setting", () => {
    const f = waitFacts(makeRunConfig('CartPole-v1', 'dqn', { overrides: { learningStarts: 2500 } }), { envSteps: 100, wallS: 1, phase: 'running' });
    expect(waitingReason(klSpec, f)).toMatch(/replay buffer.*2,500 env steps/);
  });

  it('says setting up, or paused with how to start', () => {
    const f = waitFacts(makeRunConfig('CartPole-v1', 'ppo'), { envSteps: 0, wallS: 0, phase: 'setup' });
    expect(waitingReason(returnSpec, f)).toMatch(/^Setting up/);
    expect(waitingReason(returnSpec, { ...f, phase: 'paused' })).toMatch(/^Paused: press Play/);
  });

  it('knows probe episodes have no time limit', () => {
    const f = waitFacts(makeRunConfig('Probe1', 'ppo'), { envSteps: 0, wallS: 0, phase: 'running' });
    expect(waitingReason(returnSpec, f)).toMatch(/one or two steps/);
  });
});
