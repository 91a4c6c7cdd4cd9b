// The health checks (DIAGNOSTICS.md §4) on real training, fed point by point with the context the worker and
// the CLI build (src/config/health-context.ts): silent on short healthy playground runs of every agent, and each
// check fires on at least one run with a catalogued bug (whichever agent shows it fastest). Runs use the wasm
// backend, ~3× faster than cpu here, as the agents' bug tests do.

import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { createRun } from '../../../src/workers/create-run.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { AgentId, HyperValue } from '../../../src/config/run-config.ts';
import { HEALTH_CHECKS, HealthMonitor, type HealthAlert, type HealthCheckId } from '../../../src/diagnostics/health.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { RecordingSink } from '../agents/helpers.ts';

/** Records every point and feeds it to the health checks, as the worker's sink does. */
class MonitoredSink extends RecordingSink {
  monitor: HealthMonitor | null = null;
  override scalar(key: string, value: number): void {
    super.scalar(key, value);
    this.monitor?.push(key, this.step, value);
  }
}

interface Trained {
  alerts: readonly HealthAlert[];
  sink: MonitoredSink;
}

/** The playground preset of `agent` on `env`, seed 1, for `steps` env steps (the run's budget, as the UI and CLI set it). */
async function train(agent: AgentId, env: EnvId, steps: number, bugs: string[] = [], overrides: Record<string, HyperValue> = {}): Promise<Trained> {
  const config = makeRunConfig(env, agent, { seed: 1, bugs, totalSteps: steps, overrides: { histogramEvery: 0, ...overrides } });
  const sink = new MonitoredSink();
  const { agent: a } = await createRun(config, sink, { createAgent });
  try {
    while (a.envSteps < steps) await a.iterate();
  } finally {
    a.dispose();
  }
  return { alerts: sink.monitor!.alerts, sink };
}

const ids = (t: Trained): HealthCheckId[] => [...new Set(t.alerts.map((a) => a.id))];

beforeAll(async () => {
  await useBackend('wasm');
});

afterAll(async () => {
  await useBackend('cpu');
});

describe('healthy playground runs raise no alert', () => {
  const runs: [AgentId, EnvId, number][] = [
    ['ppo', 'CartPole-v1', 12_000],
    ['ppo', 'Pendulum-v1', 8192],
    ['dqn', 'CartPole-v1', 8000],
    ['vpg', 'CartPole-v1', 10_000],
    ['a2c', 'CartPole-v1', 20_000],
    ['a2c', 'Pendulum-v1', 10_000],
  ];
  for (const [agent, env, steps] of runs) {
    it(`${agent} on ${env}, ${steps} steps`, async () => {
      const t = await train(agent, env, steps);
      expect(t.alerts.map((a) => `${a.id} @${a.step}: ${a.message}`)).toEqual([]);
      expect(t.sink.series('charts/episodic_return').length).toBeGreaterThan(0);
    });
  }
});

describe('every check fires on a bug run', () => {
  const fired = new Set<HealthCheckId>();
  const expectAlert = (t: Trained, id: HealthCheckId, key?: string | RegExp): HealthAlert => {
    const alert = t.alerts.find((a) => a.id === id);
    expect(alert, `${id} among ${ids(t).join(', ') || 'none'}`).toBeDefined();
    if (key !== undefined) expect(alert!.key).toMatch(key);
    expect(alert!.causes.length).toBeGreaterThan(0);
    fired.add(id);
    return alert!;
  };

  it('tensor_leak: PPO tensor_leak, num_tensors rising for 20 updates', async () => {
    // The leak is a tfjs tensor: the catalogue requires compute = tfjs (PPO's default, auto, runs the js kernels).
    const t = await train('ppo', 'CartPole-v1', 12_000, ['tensor_leak'], { compute: 'tfjs' });
    expect(expectAlert(t, 'tensor_leak', 'memory/num_tensors').causes).toContain('tensor_leak');
  });

  it('dead_relu: PPO dead_relu_init on ReLU nets (the catalogue requires them), every hidden unit dead', async () => {
    const t = await train('ppo', 'CartPole-v1', 6000, ['dead_relu_init'], { activation: 'relu' });
    expect(expectAlert(t, 'dead_relu', /^diagnostics\/dead_relu_frac\/(actor|critic)\/[01]$/).causes[0]).toBe('dead_relu_init');
  });

  it('explained_variance_negative and value_return_mismatch: PPO ignore_done, the critic bootstraps through falls', async () => {
    const t = await train('ppo', 'CartPole-v1', 30_000, ['ignore_done']);
    expectAlert(t, 'explained_variance_negative', 'losses/explained_variance');
    expect(expectAlert(t, 'value_return_mismatch', 'diagnostics/value_mean').causes).toContain('ignore_done');
  });

  it('kl_spike, entropy_collapse and value_out_of_bounds: A2C lr_too_high, the policy jumps to a deterministic one and the critic predicts a negative value where every reward is +1', async () => {
    const t = await train('a2c', 'CartPole-v1', 20_000, ['lr_too_high']);
    expect(expectAlert(t, 'kl_spike', 'losses/approx_kl').causes[0]).toBe('lr_too_high');
    expectAlert(t, 'entropy_collapse', 'losses/entropy');
    expect(expectAlert(t, 'value_out_of_bounds', 'diagnostics/value_mean').causes).toContain('lr_too_high');
  });

  it('q_out_of_bounds: DQN target_aliases_online, Q chases its own moving target past 1/(1 − γ)', async () => {
    const t = await train('dqn', 'CartPole-v1', 8000, ['target_aliases_online']);
    expectAlert(t, 'q_out_of_bounds', /^losses\/q_values/);
  });

  it('non_finite: PPO entropy_coef_too_high with a huge learning rate (1) on Pendulum: log σ overflows within one update', async () => {
    // On the js path (the default at these sizes) σ = exp(log σ) overflows in the second update and the loss turns NaN.
    // The tfjs path's loss (ppo-loss.ts) takes log-probabilities from log σ directly, so σ = ∞ leaves it finite there.
    const t = await train('ppo', 'Pendulum-v1', 4096, ['entropy_coef_too_high'], { learningRate: 1, compute: 'js' });
    const alert = expectAlert(t, 'non_finite');
    expect(alert.message).toMatch(/became NaN/);
    expect(t.sink.series('losses/approx_kl').some(Number.isNaN)).toBe(true);
  });

  it('grad_norm_spike: DQN uninitialized_buffer + mse_instead_of_huber, a leftover reward squared in the TD loss (grad_norm reported per gradient step)', async () => {
    // logEvery 4 = trainFreq: one report per gradient step, so one exploding step is not averaged away.
    const t = await train('dqn', 'CartPole-v1', 2000, ['uninitialized_buffer', 'mse_instead_of_huber'], { logEvery: 4 });
    expect(expectAlert(t, 'grad_norm_spike', 'diagnostics/grad_norm').causes).toContain('mse_instead_of_huber');
  });

  it('covers every check of the catalogue', () => {
    expect([...fired].sort()).toEqual(HEALTH_CHECKS.map((c) => c.id).sort());
  });
});
