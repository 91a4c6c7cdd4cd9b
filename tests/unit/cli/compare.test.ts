// scripts/train.ts in the bug lab: --compare runs the config without and with its bugs on one seed, every line
// tagged with its run; health alerts come out as lines of their own; a bug id the agent lacks exits 2.

import { describe, expect, it } from 'vitest';
import { main } from '../../../scripts/train.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const lines = (text: string): Record<string, unknown>[] => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

/** A tiny PPO: 2 envs × 16 steps = 32 env steps and 2 minibatch steps per update. */
const TINY = ['--env', 'CartPole-v1', '--agent', 'ppo', '--seed', '3', '--backend', 'cpu', '--quiet'];
for (const kv of ['numEnvs=2', 'numSteps=16', 'numMinibatches=2', 'updateEpochs=1', 'hiddenSizes=8', 'histogramEvery=0']) TINY.push('--set', kv);

describe('train CLI --compare and alerts', () => {
  it('runs healthy then broken on the same seed, every line (summaries included) tagged with its run', async () => {
    const r = await run([...TINY, '--total-steps', '96', '--bug', 'stale_rollout', '--compare']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const all = lines(r.stdout);
    expect(all.every((l) => l.run === 'healthy' || l.run === 'broken')).toBe(true);
    // All healthy lines, then all broken lines; one summary each, last in its run.
    const order = all.map((l) => l.run);
    expect(order.indexOf('broken')).toBe(order.lastIndexOf('healthy') + 1);
    const summaries = all.filter((l) => 'summary' in l);
    expect(summaries.map((l) => l.run)).toEqual(['healthy', 'broken']);
    expect(all[order.lastIndexOf('healthy')]).toHaveProperty('summary');
    const [h, b] = summaries.map((l) => l.summary as Record<string, unknown>);
    expect(h).toMatchObject({ bugs: [], seed: 3, env_steps: 96, updates: 3 });
    expect(b).toMatchObject({ bugs: ['stale_rollout'], seed: 3, env_steps: 96, updates: 3 });
    // Point lines keep their shape after the tag.
    const point = all.find((l) => l.key === 'losses/first_ratio_dev' && l.run === 'broken')!;
    expect(Object.keys(point)).toEqual(['run', 'key', 'step', 'wall_s', 'value']);
    // The bug shows: the ratio is exactly 1 on the first minibatch in the healthy run only.
    const dev = (run: string): number[] => all.filter((l) => l.run === run && l.key === 'losses/first_ratio_dev').map((l) => l.value as number);
    expect(dev('healthy')).toEqual([0, 0, 0]);
    expect(dev('broken')[2]).toBeGreaterThan(0);
    // Same seed: the first rollout (before any update) is the same in both runs.
    const firstEpisode = (run: string): unknown => all.find((l) => l.run === run && l.key === 'charts/episodic_return')?.value;
    expect(firstEpisode('broken')).toBe(firstEpisode('healthy'));
  });

  it('writes an alert line when a bug run trips a health check (tensor_leak: num_tensors rising for 20 updates)', async () => {
    // The leak is a tfjs tensor: the catalogue requires compute = tfjs (PPO's default, auto, runs the js kernels).
    const r = await run([...TINY, '--total-steps', String(24 * 32), '--bug', 'tensor_leak', '--set', 'compute=tfjs', '--compare']);
    expect(r.code).toBe(0);
    const all = lines(r.stdout);
    const alerts = all.filter((l) => 'alert' in l);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].run).toBe('broken');
    expect(Object.keys(alerts[0])).toEqual(['run', 'alert']);
    const alert = alerts[0].alert as Record<string, unknown>;
    expect(Object.keys(alert)).toEqual(['id', 'step', 'key', 'message']);
    expect(alert).toMatchObject({ id: 'tensor_leak', key: 'memory/num_tensors', step: 21 * 32 });
    expect(alert.message).toMatch(/num_tensors has risen at 20 consecutive updates/);
    const summaries = all.filter((l) => 'summary' in l).map((l) => (l.summary as { alerts: string[] }).alerts);
    expect(summaries).toEqual([[], ['tensor_leak']]);
  });

  it('writes alert lines untagged without --compare', async () => {
    const r = await run([...TINY, '--total-steps', String(22 * 32), '--bug', 'tensor_leak', '--set', 'compute=tfjs']);
    expect(r.code).toBe(0);
    const alerts = lines(r.stdout).filter((l) => 'alert' in l);
    expect(alerts.map((l) => Object.keys(l))).toEqual([['alert']]);
  });

  it('exits 2 on a bug the agent does not implement, listing the valid ids', async () => {
    const r = await run(['--env', 'CartPole-v1', '--agent', 'ppo', '--bug', 'target_aliases_online', '--compare']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown bug 'target_aliases_online' for ppo \(valid ids: /);
    for (const id of bugsOf('ppo')) expect(r.stderr).toContain(id);
    const dqn = await run(['--env', 'CartPole-v1', '--agent', 'dqn', '--bug', 'stale_rollout']);
    expect(dqn.code).toBe(2);
    expect(dqn.stderr).toMatch(/unknown bug 'stale_rollout' for dqn \(valid ids: .*target_aliases_online/);
  });

  it("accepts DIAGNOSTICS.md's other name no_target_network for target_aliases_online, and refuses a skip bug without frame skip", async () => {
    const tiny = ['--env', 'CartPole-v1', '--agent', 'dqn', '--seed', '1', '--backend', 'cpu', '--quiet', '--total-steps', '64', '--set', 'hiddenSizes=8', '--set', 'learningStarts=32', '--set', 'logEvery=32'];
    const r = await run([...tiny, '--bug', 'no_target_network']);
    expect(r.code).toBe(0);
    expect((lines(r.stdout).at(-1)!.summary as { bugs: string[] }).bugs).toEqual(['target_aliases_online']);
    const skip = await run([...tiny, '--bug', 'reward_not_summed_over_skip']);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/needs frameSkip ≥ 2.*set frameSkip=4/);
    expect((await run([...tiny, '--bug', 'reward_not_summed_over_skip', '--set', 'frameSkip=4'])).code).toBe(0);
  });

  it('exits 2 on --compare without a bug', async () => {
    const r = await run(['--env', 'CartPole-v1', '--compare']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--compare needs at least one --bug/);
  });
});
