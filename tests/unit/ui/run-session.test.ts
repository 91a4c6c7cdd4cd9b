// RunSession against a fake worker: what it sends the trainer, and how the trainer's reports become
// the counters, frames, errors and listener calls the page shows.
import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import type { ControlCommand, RunStart } from '../../../src/ui/state/run-events.ts';
import { RunSession } from '../../../src/ui/state/run-session.svelte.ts';
import { batch, fakeWorkers, frame, settle } from './fake-trainer.ts';

function started(config: RunConfig = makeRunConfig('CartPole-v1', 'ppo'), playing = true) {
  const workers = fakeWorkers();
  let source = config;
  const session = new RunSession(() => source, { playing, spawn: workers.spawn });
  const starts: RunStart[] = [];
  session.onStart((s) => starts.push(s));
  session.connect();
  return { session, workers, starts, setSource: (c: RunConfig) => (source = c) };
}

describe('RunSession start', () => {
  it('sets the speed, inits the agent, streams frames and plays, then takes what init answered', async () => {
    const { session, workers, starts } = started();
    expect(session.initializing).toBe(true);
    await settle();
    expect(workers.trainers).toHaveLength(1);
    expect(workers.trainers[0].calls).toEqual(['speed watchable', 'init', 'render true 0', 'start']);
    expect(session.initializing).toBe(false);
    expect(session.applied).toEqual(makeRunConfig('CartPole-v1', 'ppo'));
    expect(session.liveKeys).toEqual(['entCoef']);
    expect(session.numEnvs).toBe(2);
    expect(session.status?.envSteps).toBe(0);
    expect(starts.map((s) => [s.runId, s.keep])).toEqual([['run', false]]);
  });

  it('starts paused when asked, and reset() inits again from the current source without playing', async () => {
    const { session, workers, setSource } = started(makeRunConfig('CartPole-v1', 'ppo'), false);
    await settle();
    expect(workers.trainers[0].calls).not.toContain('start');
    setSource(makeRunConfig('Acrobot-v1', 'ppo'));
    session.reset();
    await settle();
    expect(workers.trainers).toHaveLength(1);
    expect(workers.trainers[0].inits.map((c) => c.env)).toEqual(['CartPole-v1', 'Acrobot-v1']);
    expect(session.applied?.env).toBe('Acrobot-v1');
    expect(workers.trainers[0].calls.filter((c) => c === 'start')).toHaveLength(0);
  });
});

describe('RunSession controls', () => {
  it('sends play, pause, step and speed to the worker and to the control listeners', async () => {
    const { session, workers } = started();
    await settle();
    const commands: ControlCommand[] = [];
    session.onControl((c) => commands.push(c));
    session.pause();
    expect(session.playing).toBe(false);
    session.step(3);
    session.setSpeed('max');
    session.toggle();
    expect(session.playing).toBe(true);
    await settle();
    expect(workers.trainers[0].calls.slice(4)).toEqual(['pause', 'step 3', 'speed max', 'start']);
    expect(commands).toEqual([{ kind: 'pause' }, { kind: 'step', n: 3 }, { kind: 'speed', speed: 'max' }, { kind: 'play' }]);
  });

  it('clamps the watched sub-env to the vector env and tells the worker', async () => {
    const { session, workers } = started();
    await settle();
    session.setWatch(7);
    expect(session.watchIndex).toBe(1);
    session.setRenderOn(false);
    await settle();
    expect(workers.trainers[0].calls.slice(4)).toEqual(['render true 1', 'render false 1']);
  });
});

describe('RunSession reports', () => {
  it('turns a batch into counters, the watched frame and the charts feed', async () => {
    const { session, workers } = started();
    await settle();
    const fed: [number, string][] = [];
    session.onBatches((batches, runId) => fed.push([batches.length, runId]));
    let frames = 0;
    session.onFrame(() => frames++);
    const before = session.frameVersion;
    const episodes = [{ step: 30, envIndex: 1, return: 21, length: 21, terminated: true, truncated: false, solved: false }];
    workers.trainers[0].emit(batch(64, { frames: [frame(1, 3), frame(0, 5)], episodes, status: { episodes: 1 } }));
    expect(frames).toBe(1);
    expect(session.frameVersion).toBe(before + 1);
    expect(session.frame?.episodeReturn).toBe(5);
    expect(session.status?.envSteps).toBe(64);
    expect(session.lastEpisode).toEqual({ return: 21, length: 21 });
    expect(session.currentReturn).toBe(5);
    expect(fed).toEqual([[1, 'run']]);
  });

  it('pauses on a non-finite metric without calling it a crash; an agent error is one', async () => {
    const { session, workers } = started();
    await settle();
    const nonFinite = { message: 'NaN', nonFinite: { key: 'losses/value_loss', update: 3, step: 96 } };
    workers.trainers[0].emit(batch(96, { errors: [nonFinite], status: { running: false } }));
    expect(session.playing).toBe(false);
    expect(session.crashed).toBe(false);
    expect(session.errors).toEqual([nonFinite]);
    session.dismissErrors();
    workers.trainers[0].emit(batch(128, { errors: [{ message: 'shape mismatch' }], status: { running: false } }));
    expect(session.crashed).toBe(true);
  });

  it('marks the run done and stops playing when the budget is used', async () => {
    const { session, workers } = started();
    await settle();
    workers.trainers[0].emit(batch(500, { status: { done: true, running: false } }));
    expect(session.playing).toBe(false);
    session.play();
    expect(session.playing).toBe(false);
  });

  it('shows a failed init as an error and stops playing', async () => {
    const workers = fakeWorkers();
    const session = new RunSession(() => makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
    session.connect();
    workers.trainers[0].initError = new Error('no backend');
    await settle();
    expect(session.errors.map((e) => e.message)).toEqual(['no backend']);
    expect(session.playing).toBe(false);
    expect(session.initializing).toBe(false);
  });
});

describe('RunSession after the worker died', () => {
  it('ends the worker, offers a restart, and recover() starts a new worker into a new run id', async () => {
    const { session, workers, starts } = started();
    await settle();
    workers.trainers[0].failed('out of memory');
    expect(session.errors.map((e) => e.message)).toEqual(['The training worker failed: out of memory']);
    expect(session.crashed).toBe(true);
    expect(session.playing).toBe(false);
    expect(session.connected).toBe(false);
    expect(workers.trainers[0].ended).toBe(true);
    // Batches of the dead worker are ignored.
    workers.trainers[0].emit(batch(999));
    expect(session.status?.envSteps).toBe(0);
    session.recover();
    await settle();
    expect(workers.trainers).toHaveLength(2);
    expect(session.crashed).toBe(false);
    expect(session.errors).toEqual([]);
    expect(starts.map((s) => [s.runId, s.keep])).toEqual([
      ['run', false],
      ['run-1', true],
    ]);
    expect(workers.trainers[1].calls).toContain('start');
  });
});
