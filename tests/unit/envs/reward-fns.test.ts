// The closed-form reward(state, action, nextState) and terminated(nextState) beside each continuous
// env's step (what a model-based planner scores imagined transitions with) equal what step() returns,
// on random transitions from random states, out-of-range actions and goal-reaching ones included.

import { describe, expect, it } from 'vitest';
import * as cartpoleContinuous from '../../../src/envs/cartpole-continuous.ts';
import * as mountainCarContinuous from '../../../src/envs/mountain-car-continuous.ts';
import * as pendulum from '../../../src/envs/pendulum.ts';
import { makeEnv } from '../../../src/envs/make-env.ts';
import { makeRng, type Rng } from '../../../src/envs/rng.ts';
import type { EnvId } from '../../../src/envs/types.ts';

interface Case {
  id: EnvId;
  fns: { reward: typeof pendulum.reward; terminated: typeof pendulum.terminated };
  /** A random state to start a transition from. */
  state(rng: Rng): number[];
  /** A random action, sometimes beyond the action space. */
  action(rng: Rng): number;
}

const CASES: Case[] = [
  { id: 'Pendulum-v1', fns: pendulum, state: (r) => [r.uniform(-20, 20), r.uniform(-8, 8)], action: (r) => r.uniform(-3, 3) },
  {
    id: 'MountainCarContinuous-v0',
    fns: mountainCarContinuous,
    // A third of the starts just below the flag, moving right: the +100 goal reward is exercised.
    state: (r) => (r.random() < 0.33 ? [r.uniform(0.38, 0.45), r.uniform(0.0, 0.07)] : [r.uniform(-1.2, 0.6), r.uniform(-0.07, 0.07)]),
    action: (r) => r.uniform(-2, 2),
  },
  {
    id: 'CartPoleContinuous-v0',
    fns: cartpoleContinuous,
    state: (r) => [r.uniform(-2.5, 2.5), r.uniform(-2, 2), r.uniform(-0.22, 0.22), r.uniform(-3, 3)],
    action: (r) => r.uniform(-1.5, 1.5),
  },
];

describe.each(CASES.map((c) => [c.id, c] as const))('%s reward()', (id, c) => {
  it('equals step()\'s reward and terminated flag on 2000 random transitions', () => {
    const env = makeEnv(id);
    const rng = makeRng(42);
    let terminations = 0;
    for (let i = 0; i < 2000; i++) {
      env.reset({ seed: i });
      const state = c.state(rng);
      env.state = state;
      const before = env.state;
      const action = [c.action(rng)];
      const r = env.step(action);
      const after = env.state;
      expect(c.fns.reward(before, action, after), `transition ${i} from [${before}] with ${action[0]}`).toBe(r.reward);
      expect(c.fns.terminated(after), `transition ${i}`).toBe(r.terminated);
      if (r.terminated) terminations++;
    }
    if (id !== 'Pendulum-v1') expect(terminations).toBeGreaterThan(20);
  });
});
