// A link's experiment (compare=, variant=, seeds=) restored into the bug lab against fake workers:
// the page's first start lays out the same runs as the page that made the link, with the budget
// queued seeds need; a second config that does not fit is refused with a note.
import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { parseHash } from '../../../src/config/url-codec.ts';
import { noticeText } from '../../../src/ui/i18n/notice-text.ts';
import { DEFAULT_LAB_STEPS } from '../../../src/ui/state/lab-experiment.svelte.ts';
import { LabState } from '../../../src/ui/state/lab.svelte.ts';
import { MetricStore } from '../../../src/ui/state/metrics.svelte.ts';
import { RunState } from '../../../src/ui/state/run.svelte.ts';
import { fakeWorkers, settle } from './fake-trainer.ts';

/** As App.svelte does on load: parse the link, restore its experiment into the run's config, then connect. */
async function open(hash: string, hardwareConcurrency = 4) {
  const workers = fakeWorkers();
  const url = parseHash(hash);
  const run = new RunState(url.state.config, { spawn: workers.spawn });
  const lab = new LabState(run, new MetricStore(), { hardwareConcurrency, spawn: workers.spawn });
  run.config = lab.experiment.restore(url.state.view, url.state.config).config;
  run.session.connect();
  lab.experiment.connect();
  await settle();
  return { run, experiment: lab.experiment, workers };
}

describe('restoring a link’s experiment', () => {
  it('compare=variant: the page’s run and B with the one setting changed start together', async () => {
    const { experiment, workers } = await open('#env=CartPole-v1&agent=ppo&seed=3&compare=variant&variant=entCoef:0.05');
    expect(experiment.kind).toBe('variant');
    expect(experiment.arms.map((a) => a.label)).toEqual(['A: as set up', 'B: entCoef = 0.05']);
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[1].inits[0]).toMatchObject({ overrides: { entCoef: 0.05 }, seed: 3 });
  });

  it('compare=healthy with seeds=3 on two workers: six runs, each with the lab’s step budget', async () => {
    const { run, experiment } = await open('#env=CartPole-v1&agent=ppo&bugs=lr_too_high&compare=healthy&seeds=3', 2);
    expect(experiment.kind).toBe('healthy');
    expect(experiment.seeds).toBe(3);
    expect(run.config.totalSteps).toBe(DEFAULT_LAB_STEPS);
    expect(experiment.note && noticeText(experiment.note)).toMatch(/6 runs share 2 workers/);
    expect(experiment.slots).toHaveLength(6);
    expect(experiment.arms.map((a) => a.label)).toEqual(['broken: lr_too_high', 'healthy']);
  });

  it('a second config that does not fit this one is refused with a note; the run goes on alone', async () => {
    const { experiment, workers } = await open('#env=CartPole-v1&agent=ppo');
    const config = makeRunConfig('CartPole-v1', 'ppo');
    const r = experiment.restore({ compare: 'variant', variant: { key: 'learningRate', value: 1e9 }, seeds: 1 }, config);
    expect(experiment.kind).toBeNull();
    expect(experiment.note && noticeText(experiment.note)).toMatch(/does not fit/);
    expect(r.changed).toBe(false);
    expect(workers.trainers).toHaveLength(1);
  });

  it('says whether the experiment changed (the page restarts only then when the run is the same)', async () => {
    const { experiment } = await open('#env=CartPole-v1&agent=ppo');
    const config = makeRunConfig('CartPole-v1', 'ppo');
    const link = { compare: 'variant' as const, variant: { key: 'entCoef', value: 0.05 }, seeds: 2 };
    expect(experiment.restore(link, config).changed).toBe(true);
    expect(experiment.restore(link, config).changed).toBe(false);
    expect(experiment.restore({ ...link, seeds: 1 }, config).changed).toBe(true);
    expect(experiment.restore({ compare: null, variant: null, seeds: 1 }, config).changed).toBe(true);
  });
});
