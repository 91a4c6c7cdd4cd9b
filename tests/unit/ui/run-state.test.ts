// RunState: editing what the run is. Pickers restart at once, live hyperparameters go to the running
// agent, the rest wait in `pending` until "Restart to apply" (or Undo).
import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { FieldSchema } from '../../../src/config/schema.ts';
import { fieldsOf } from '../../../src/ui/state/config-edit.ts';
import { RunState } from '../../../src/ui/state/run.svelte.ts';
import type { Notice } from '../../../src/ui/i18n/notice-text.ts';
import { fakeWorkers, settle } from './fake-trainer.ts';

const field = (key: string): FieldSchema => fieldsOf('ppo').find((f) => f.key === key)!;

async function connected(notices: Notice[] = []) {
  const workers = fakeWorkers();
  const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn, notices });
  run.session.connect();
  await settle();
  return { run, workers, trainer: workers.trainers[0] };
}

describe('RunState hyperparameters', () => {
  it('keeps a restart-only change pending until applyPending() restarts from it', async () => {
    const { run, trainer } = await connected();
    expect(run.pending).toEqual([]);
    expect(run.setHyper(field('gamma'), 0.9)).toBeNull();
    expect(run.config.overrides).toEqual({ gamma: 0.9 });
    expect(run.pending).toEqual(['gamma']);
    expect(trainer.calls.some((c) => c.startsWith('hyper'))).toBe(false);
    run.applyPending();
    await settle();
    expect(trainer.inits).toHaveLength(2);
    expect(trainer.inits[1].overrides).toEqual({ gamma: 0.9 });
    expect(run.pending).toEqual([]);
    expect(run.session.playing).toBe(true);
  });

  it('sends a live key to the running agent and counts it as applied once it took it', async () => {
    const { run, trainer } = await connected();
    expect(run.liveKeys).toEqual(['entCoef']);
    run.setHyper(field('entCoef'), 0.05);
    await settle();
    expect(trainer.calls).toContain('hyper {"entCoef":0.05}');
    expect(run.session.applied?.overrides).toEqual({ entCoef: 0.05 });
    expect(run.pending).toEqual([]);
    expect(trainer.inits).toHaveLength(1);
    run.resetHypers();
    await settle();
    expect(trainer.calls.at(-1)).toBe('hyper {"entCoef":0.01}');
    expect(run.session.applied?.overrides).toEqual({});
  });

  it('refuses an invalid value and leaves the config as it was', async () => {
    const { run } = await connected();
    const why = run.setHyper(field('gamma'), 5);
    expect(why).toMatch(/gamma/);
    expect(run.config.overrides).toEqual({});
    expect(run.pending).toEqual([]);
  });

  it('revertPending() goes back to what runs', async () => {
    const { run } = await connected();
    run.setHyper(field('gamma'), 0.9);
    run.setBudget(10_000);
    expect(run.pending).toEqual(['steps', 'gamma']);
    run.revertPending();
    expect(run.pending).toEqual([]);
    expect(run.config).toEqual(makeRunConfig('CartPole-v1', 'ppo'));
  });
});

describe('RunState pickers', () => {
  it('restarts at once on a new env or seed, not when the value is the same', async () => {
    const { run, trainer } = await connected();
    run.setSeed(1);
    run.setEnv('CartPole-v1');
    await settle();
    expect(trainer.inits).toHaveLength(1);
    run.setEnv('Acrobot-v1');
    run.setSeed(7);
    await settle();
    expect(trainer.inits.map((c) => [c.env, c.seed])).toEqual([
      ['CartPole-v1', 1],
      ['Acrobot-v1', 1],
      ['Acrobot-v1', 7],
    ]);
    expect(run.session.applied?.seed).toBe(7);
  });

  it('drops the overrides of the old agent on an agent switch', async () => {
    const { run, trainer } = await connected();
    run.setHyper(field('entCoef'), 0.05);
    run.setAgent('dqn');
    await settle();
    expect(trainer.inits.at(-1)).toMatchObject({ agent: 'dqn', overrides: {} });
  });

  it('loads a config from a link only when it differs, and shows its notes', async () => {
    const bad: Notice = { key: 'link.unknownKey', params: { key: 'foo' } };
    const note: Notice = { key: 'notice.presetReset' };
    const { run, trainer } = await connected([bad]);
    run.load(makeRunConfig('CartPole-v1', 'ppo'), [note]);
    await settle();
    expect(trainer.inits).toHaveLength(1);
    expect(run.notices).toEqual([bad, note]);
    run.load(makeRunConfig('CartPole-v1', 'ppo', { seed: 3 }), []);
    await settle();
    expect(trainer.inits.at(-1)?.seed).toBe(3);
    run.dismissNotices();
    expect(run.notices).toEqual([]);
  });
});
