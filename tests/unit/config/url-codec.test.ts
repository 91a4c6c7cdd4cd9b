import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN, DEFAULT_VIEW, formatHash, parseHash, type UrlState } from '../../../src/config/url-codec.ts';

describe('URL codec', () => {
  it('round-trips a full state', () => {
    const state: UrlState = {
      config: {
        env: 'Pendulum-v1',
        agent: 'ppo',
        preset: 'cleanrl',
        seed: 42,
        backend: 'wasm',
        overrides: { learningRate: 0.001, normalizeReturns: false, activation: 'relu' },
        bugs: ['lr_too_high', 'tensor_leak'],
        totalSteps: 200000,
      },
      view: { view: 'embed', charts: ['charts/episodic_return', 'losses/entropy'], hidden: ['bugs'], lesson: 'np-empty' },
    };
    const { state: back, errors } = parseHash(formatHash(state));
    expect(errors).toEqual([]);
    expect(back).toEqual(state);
  });

  it('gives defaults for an empty hash', () => {
    expect(parseHash('')).toEqual({ state: { config: DEFAULT_RUN, view: DEFAULT_VIEW }, errors: [] });
  });

  it('reads a bug by its other catalogue name (no_target_network is target_aliases_online)', () => {
    expect(parseHash('#agent=dqn&bugs=no_target_network', ['target_aliases_online']).state.config.bugs).toEqual(['target_aliases_online']);
  });

  it('rejects bad input field by field with a message, keeping the good fields', () => {
    const { state, errors } = parseHash('#env=Pong&agent=ppo&seed=-3&backend=tpu&steps=abc&bugs=nope,lr_too_high&view=x', [
      'lr_too_high',
    ]);
    expect(state.config.env).toBe(DEFAULT_RUN.env);
    expect(state.config.agent).toBe('ppo');
    expect(state.config.seed).toBe(DEFAULT_RUN.seed);
    expect(state.config.backend).toBe('auto');
    expect(state.config.totalSteps).toBeNull();
    expect(state.config.bugs).toEqual(['lr_too_high']);
    expect(state.view.view).toBe('app');
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/Unknown env "Pong".*CartPole-v1/);
  });

  it('does not accept non-integer or huge seeds', () => {
    expect(parseHash('#seed=1.5').errors).toHaveLength(1);
    expect(parseHash('#seed=99999999999').errors).toHaveLength(1);
  });
});
