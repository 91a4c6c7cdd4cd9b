// The hand-off to CleanRL and the SB3 zoo: the generated command, read back over CleanRL's own
// defaults (transcribed here from cleanrl/ppo.py, ppo_continuous_action.py and dqn.py, independently
// of src/config/handoff.ts), must reproduce every value of the cleanrl preset, field by field.

import { describe, expect, it } from 'vitest';
import { CLEANRL_DQN, CLEANRL_PPO, cleanrlDqn, cleanrlPpo, type ArgValue } from '../../../src/config/handoff.ts';
import { yamlNumber, zooDqn, zooPpo } from '../../../src/config/handoff-zoo.ts';
import { HANDOFF_TEXT, handoffNoteEn, handoffNoteIn, type HandoffNote } from '../../../src/config/handoff-text.ts';
import { HANDOFF_TEXT_ZH } from '../../../src/config/handoff-text-zh.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';

/** CleanRL's Args (vwxyzjn/cleanrl master), algorithm arguments only. */
const CLEANRL_PPO_PY = { env_id: 'CartPole-v1', total_timesteps: 500000, learning_rate: 2.5e-4, num_envs: 4, num_steps: 128, anneal_lr: true, gamma: 0.99, gae_lambda: 0.95, num_minibatches: 4, update_epochs: 4, norm_adv: true, clip_coef: 0.2, clip_vloss: true, ent_coef: 0.01, vf_coef: 0.5, max_grad_norm: 0.5, target_kl: null, seed: 1 };
const CLEANRL_PPO_CONTINUOUS_PY = { ...CLEANRL_PPO_PY, env_id: 'HalfCheetah-v4', total_timesteps: 1000000, learning_rate: 3e-4, num_envs: 1, num_steps: 2048, num_minibatches: 32, update_epochs: 10, ent_coef: 0.0 };
const CLEANRL_DQN_PY = { env_id: 'CartPole-v1', total_timesteps: 500000, learning_rate: 2.5e-4, num_envs: 1, buffer_size: 10000, gamma: 0.99, tau: 1.0, target_network_frequency: 500, batch_size: 128, start_e: 1, end_e: 0.05, exploration_fraction: 0.5, learning_starts: 10000, train_frequency: 10, seed: 1 };

/** The notes in English. */
const en = (notes: HandoffNote[]): string[] => notes.map(handoffNoteEn);

/** Parse `python script --a-b 1 --flag --no-flag …` as tyro would, over `defaults`; unknown flags throw. */
function runThrough(command: string, defaults: Record<string, ArgValue>): { script: string; args: Record<string, ArgValue> } {
  const tokens = command.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
  expect(tokens[0]).toBe('python');
  const args: Record<string, ArgValue> = { ...defaults };
  for (let i = 2; i < tokens.length; i++) {
    const tok = tokens[i];
    expect(tok.startsWith('--'), tok).toBe(true);
    let name = tok.slice(2).replace(/-/g, '_');
    let value: ArgValue = true;
    if (name.startsWith('no_') && !(name in defaults)) {
      name = name.slice(3);
      value = false;
    } else if (i + 1 < tokens.length && !tokens[i + 1].startsWith('--')) {
      const raw = tokens[++i];
      value = raw === 'None' ? null : /^-?[\d.]+(e-?\d+)?$/i.test(raw) ? Number(raw) : raw;
    }
    if (!(name in defaults)) throw new Error(`${tok} is not an argument of ${tokens[1]}`);
    args[name] = value;
  }
  return { script: tokens[1], args };
}

function cleanrlRun<A extends 'ppo' | 'dqn'>(env: RunConfig['env'], agent: A, totalSteps: number | null): RunConfig & { agent: A } {
  return makeRunConfig(env, agent, { preset: 'cleanrl', seed: 7, totalSteps });
}

describe('CleanRL command for the cleanrl preset', () => {
  for (const totalSteps of [500000, 200000, null]) {
    it(`ppo.py on CartPole-v1 reproduces every value (budget ${totalSteps})`, () => {
      const run = cleanrlRun('CartPole-v1', 'ppo', totalSteps);
      const c = resolveConfig(run);
      const h = cleanrlPpo(run, c);
      const { script, args } = runThrough(h.command, CLEANRL_PPO_PY);
      expect(script).toBe('cleanrl/ppo.py');
      expect(args.env_id).toBe('CartPole-v1');
      expect(args.seed).toBe(7);
      expect(args.total_timesteps).toBe(totalSteps ?? 500000);
      expect(args.num_envs).toBe(c.numEnvs);
      expect(args.num_steps).toBe(c.numSteps);
      expect(args.learning_rate).toBe(c.learningRate);
      expect(args.anneal_lr).toBe(c.annealLr);
      expect(args.gamma).toBe(c.gamma);
      expect(args.gae_lambda).toBe(c.gaeLambda);
      expect(args.num_minibatches).toBe(c.numMinibatches);
      expect(args.update_epochs).toBe(c.updateEpochs);
      expect(args.norm_adv).toBe(c.normAdv);
      expect(args.clip_coef).toBe(c.clipCoef);
      expect(args.clip_vloss).toBe(c.clipVloss);
      expect(args.ent_coef).toBe(c.entCoef);
      expect(args.vf_coef).toBe(c.vfCoef);
      expect(args.max_grad_norm).toBe(c.maxGradNorm);
      expect(args.target_kl).toBe(c.targetKl);
      // What ppo.py hard-codes, the preset matches: nothing to note but the missing budget.
      expect(c).toMatchObject({ adamEps: 1e-5, hiddenSizes: [64, 64], activation: 'tanh', orthoInit: true, annealClipCoef: false, bootstrapTruncated: false, normalizeReturns: false, normalizeObs: false });
      expect(en(h.notes).filter((n) => !/step budget/.test(n))).toEqual([]);
    });
  }

  it('ppo_continuous_action.py on Pendulum-v1 reproduces every value', () => {
    const run = cleanrlRun('Pendulum-v1', 'ppo', 1000000);
    const c = resolveConfig(run);
    const h = cleanrlPpo(run, c);
    const { script, args } = runThrough(h.command, CLEANRL_PPO_CONTINUOUS_PY);
    expect(script).toBe('cleanrl/ppo_continuous_action.py');
    expect(args.env_id).toBe('Pendulum-v1');
    expect(args.total_timesteps).toBe(1000000);
    expect([args.num_envs, args.num_steps, args.learning_rate, args.num_minibatches, args.update_epochs, args.ent_coef]).toEqual([c.numEnvs, c.numSteps, c.learningRate, c.numMinibatches, c.updateEpochs, c.entCoef]);
    expect([args.anneal_lr, args.gamma, args.gae_lambda, args.norm_adv, args.clip_coef, args.clip_vloss, args.vf_coef, args.max_grad_norm, args.target_kl]).toEqual([c.annealLr, c.gamma, c.gaeLambda, c.normAdv, c.clipCoef, c.clipVloss, c.vfCoef, c.maxGradNorm, c.targetKl]);
    expect(c).toMatchObject({ normalizeObs: true, obsClip: 10, normalizeReturns: true, rewardClip: 10, logStdInit: 0 });
    expect(h.notes).toEqual([]);
  });

  for (const totalSteps of [500000, 100000, null]) {
    it(`dqn.py on CartPole-v1 reproduces every value (budget ${totalSteps})`, () => {
      const run = cleanrlRun('CartPole-v1', 'dqn', totalSteps);
      const c = resolveConfig(run);
      const h = cleanrlDqn(run, c);
      const { script, args } = runThrough(h.command, CLEANRL_DQN_PY);
      expect(script).toBe('cleanrl/dqn.py');
      expect(args.env_id).toBe('CartPole-v1');
      expect(args.seed).toBe(7);
      const total = totalSteps ?? 500000;
      expect(args.total_timesteps).toBe(total);
      expect(args.learning_rate).toBe(c.learningRate);
      expect(args.num_envs).toBe(c.numEnvs);
      expect(args.buffer_size).toBe(c.bufferSize);
      expect(args.gamma).toBe(c.gamma);
      expect(args.tau).toBe(c.tau);
      expect(args.target_network_frequency).toBe(c.targetNetworkFrequency);
      expect(args.batch_size).toBe(c.batchSize);
      expect(args.start_e).toBe(c.startE);
      expect(args.end_e).toBe(c.endE);
      expect(args.learning_starts).toBe(c.learningStarts);
      expect(args.train_frequency).toBe(c.trainFreq);
      // ε reaches end_e at the same env step in both: exploration_fraction × total_timesteps.
      expect((args.exploration_fraction as number) * total).toBeCloseTo(c.explorationFraction * (c.scheduleSteps ?? total), 6);
      expect(c).toMatchObject({ loss: 'mse', maxGradNorm: null, doubleDqn: false, gradientSteps: 1, hiddenSizes: [120, 84], activation: 'relu', adamEps: 1e-8, uniformWarmup: false, frameSkip: 1 });
      expect(en(h.notes).filter((n) => !/step budget/.test(n))).toEqual([]);
    });
  }

  it('every flag is one of the script arguments; every schema field has a role', () => {
    expect(Object.keys(CLEANRL_PPO.defaults).every((k) => k in CLEANRL_PPO_PY)).toBe(true);
    expect(Object.keys(CLEANRL_DQN.defaults).every((k) => k in CLEANRL_DQN_PY)).toBe(true);
    for (const role of Object.values(CLEANRL_PPO.roles)) if ('flag' in role) expect(CLEANRL_PPO_PY).toHaveProperty(role.flag);
    for (const role of Object.values(CLEANRL_DQN.roles)) if ('flag' in role) expect(CLEANRL_DQN_PY).toHaveProperty(role.flag);
  });
});

describe('notes where CleanRL has no equivalent', () => {
  it('lists bug toggles and the safeguards ppo.py lacks', () => {
    const run = makeRunConfig('CartPole-v1', 'ppo', { bugs: ['lr_too_high'], totalSteps: 100000 });
    const h = cleanrlPpo(run, resolveConfig(run));
    expect(en(h.notes).some((n) => n.includes('lr_too_high'))).toBe(true);
    expect(en(h.notes).some((n) => n.startsWith('bootstrapTruncated'))).toBe(true);
    expect(en(h.notes).some((n) => n.startsWith('normalizeReturns'))).toBe(true);
    expect(en(h.notes).some((n) => /jsInference|histogramEvery/.test(n))).toBe(false);
  });
  it('names a playground-only env', () => {
    const run = makeRunConfig('GridWorld', 'dqn', { totalSteps: 1000 });
    expect(en(cleanrlDqn(run, resolveConfig(run)).notes)[0]).toMatch(/GridWorld/);
  });
  it('a changed hard-coded setting (Huber loss, 64-64 net) is noted', () => {
    const run = makeRunConfig('CartPole-v1', 'dqn', { preset: 'cleanrl', overrides: { loss: 'huber', hiddenSizes: '64,64' }, totalSteps: 1000 });
    const notes = en(cleanrlDqn(run, resolveConfig(run)).notes);
    expect(notes.some((n) => n.startsWith('loss'))).toBe(true);
    expect(notes.some((n) => n.startsWith('hiddenSizes'))).toBe(true);
  });
  it('the playground DQN schedule is rescaled onto the run length', () => {
    const run = makeRunConfig('CartPole-v1', 'dqn', { totalSteps: 50000 });
    const { args } = runThrough(cleanrlDqn(run, resolveConfig(run)).command, CLEANRL_DQN_PY);
    expect(args.exploration_fraction).toBeCloseTo(0.2, 12); // ε over 10k of 50k steps
  });
});

describe('rl-baselines3-zoo YAML', () => {
  it('the zoo preset writes back hyperparams/ppo.yml CartPole-v1', () => {
    const run = makeRunConfig('CartPole-v1', 'ppo', { preset: 'zoo', totalSteps: 100000 });
    const z = zooPpo(run, resolveConfig(run));
    for (const line of ['CartPole-v1:', 'n_envs: 8', 'n_steps: 32', 'batch_size: 256', 'gae_lambda: 0.8', 'gamma: 0.98', 'n_epochs: 20', 'ent_coef: 0', 'learning_rate: lin_0.001', 'clip_range: lin_0.2', 'n_timesteps: 100000']) {
      expect(z.yaml).toContain(line);
    }
    expect(z.yaml).not.toContain('clip_range_vf');
    expect(z.command).toBe('python train.py --algo ppo --env CartPole-v1 --seed 1 --conf-file ppo-CartPole-v1.yml');
  });
  it('the zoo preset writes back hyperparams/dqn.yml CartPole-v1', () => {
    const run = makeRunConfig('CartPole-v1', 'dqn', { preset: 'zoo' });
    const z = zooDqn(run, resolveConfig(run));
    for (const line of ['n_timesteps: 50000', 'learning_rate: 0.0023', 'batch_size: 64', 'buffer_size: 100000', 'learning_starts: 1000', 'target_update_interval: 10', 'train_freq: 256', 'gradient_steps: 128', 'exploration_fraction: 0.16', 'exploration_final_eps: 0.04', 'net_arch=[256, 256]']) {
      expect(z.yaml).toContain(line);
    }
    expect(z.notes).toEqual([]);
  });
  it('PyYAML needs !!float for exponents; the cleanrl preset notes what SB3 does differently', () => {
    const run = makeRunConfig('CartPole-v1', 'ppo', { preset: 'cleanrl', totalSteps: 500000 });
    const z = zooPpo(run, resolveConfig(run));
    expect(z.yaml).toContain('learning_rate: lin_0.00025');
    expect(z.yaml).toContain('clip_range_vf: 0.2');
    expect(z.yaml).toContain('batch_size: 128');
    expect(en(z.notes).some((n) => n.startsWith('bootstrapTruncated'))).toBe(true);
    const dqn = makeRunConfig('CartPole-v1', 'dqn', { preset: 'cleanrl', totalSteps: 500000 });
    expect(zooDqn(dqn, resolveConfig(dqn)).yaml).toContain('max_grad_norm: 10000000000  # no clipping');
    expect(yamlNumber(1e-10)).toBe('!!float 1e-10');
    expect(en(zooDqn(dqn, resolveConfig(dqn)).notes).some((n) => n.startsWith('loss = mse'))).toBe(true);
  });
});

describe('the notes in the reader\'s language', () => {
  const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('each Chinese template keeps the English placeholders', () => {
    for (const key of Object.keys(HANDOFF_TEXT) as (keyof typeof HANDOFF_TEXT)[]) expect(placeholders(HANDOFF_TEXT_ZH[key]), key).toEqual(placeholders(HANDOFF_TEXT[key]));
  });

  it('every note of every preset and env fills all its placeholders, in English and in Chinese', async () => {
    const { presetsFor } = await import('../../../src/config/presets.ts');
    const { ENV_IDS } = await import('../../../src/envs/registry.ts');
    let seen = 0;
    for (const env of ENV_IDS) {
      for (const agent of ['ppo', 'dqn'] as const) {
        for (const preset of presetsFor(agent, env)) {
          for (const totalSteps of [null, 100_000]) {
            const run = makeRunConfig(env, agent, { preset, totalSteps, bugs: ['lr_too_high'] });
            let c;
            try {
              c = resolveConfig(run);
            } catch {
              continue; // an agent that cannot run this env has no hand-off
            }
            const h = agent === 'ppo' ? cleanrlPpo(run, c as never) : cleanrlDqn(run, c as never);
            const z = agent === 'ppo' ? zooPpo(run, c as never) : zooDqn(run, c as never);
            for (const n of [...h.notes, ...z.notes]) {
              seen++;
              expect(handoffNoteEn(n)).not.toMatch(/\{\w+\}/);
              const zh = handoffNoteIn(HANDOFF_TEXT_ZH, n);
              expect(zh).not.toMatch(/\{\w+\}/);
              expect(zh).toMatch(/[\u4e00-\u9fff]/);
            }
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
  });

  it('a hard-coded setting is said with its field, value, script and what the script does', () => {
    const run = makeRunConfig('CartPole-v1', 'dqn', { preset: 'cleanrl', overrides: { hiddenSizes: '64,64' }, totalSteps: 1000 });
    const n = cleanrlDqn(run, resolveConfig(run)).notes.find((x) => x.params?.field === 'hiddenSizes')!;
    expect(handoffNoteEn(n)).toBe('hiddenSizes = [64,64]: cleanrl/dqn.py builds 120-84 hidden layers; edit the script to match.');
    expect(handoffNoteIn(HANDOFF_TEXT_ZH, n)).toBe('hiddenSizes = [64,64]：cleanrl/dqn.py 构建 120-84 的隐藏层；请修改脚本以保持一致。');
  });

  it('the playground-only settings are listed from the roles, each once', () => {
    for (const script of [CLEANRL_PPO, CLEANRL_DQN]) {
      const run = makeRunConfig('CartPole-v1', script === CLEANRL_PPO ? 'ppo' : 'dqn', { totalSteps: 1000 });
      const h = script === CLEANRL_PPO ? cleanrlPpo(run, resolveConfig(run) as never) : cleanrlDqn(run, resolveConfig(run) as never);
      const listed = h.playgroundOnly.flatMap((g) => g.fields).sort();
      const expected = Object.entries(script.roles).filter(([, r]) => 'playgroundOnly' in (r as object)).map(([f]) => f).sort();
      expect(listed).toEqual(expected);
      expect(listed).toContain('compute');
    }
  });
});
