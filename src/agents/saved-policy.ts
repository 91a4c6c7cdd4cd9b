// SavablePolicy for each network family: the on-policy actor-critic (PPO, A2C, VPG: the actor, the critic
// if any, log σ, and the observation normaliser's running statistics) and DQN's Q-network. Greedy acting
// goes through the same plain-JS forward the rollouts use.

import type * as tf from '@tensorflow/tfjs';
import { greedyAction, jsMirror } from './dqn-policy.ts';
import type { Mlp, JsMlp } from './nets.ts';
import * as on from './on-policy.ts';
import type { SavablePolicy } from './types.ts';

const OBS_MEAN = 'obs_rms/mean';
const OBS_VAR = 'obs_rms/var';
const OBS_COUNT = 'obs_rms/count';

function copyInto(dst: Float64Array, src: readonly number[] | undefined, what: string): void {
  if (!src || src.length !== dst.length || !src.every(Number.isFinite)) throw new Error(`saved ${what} does not fit this agent (${src?.length ?? 0} values, need ${dst.length})`);
  dst.set(src);
}

/** PPO, A2C, VPG: the parameters in the optimiser's order; the rollout's normaliser travels as state. */
export function actorCriticPolicy(a: on.Acting, nets: on.ActorCritic): SavablePolicy {
  return {
    variables: on.parameters(nets),
    state(): Record<string, number[]> {
      const rms = a.obsNormalizer?.rms;
      return rms ? { [OBS_MEAN]: [...rms.mean], [OBS_VAR]: [...rms.var], [OBS_COUNT]: [rms.count] } : {};
    },
    restore(state) {
      const rms = a.obsNormalizer?.rms;
      if (rms) {
        copyInto(rms.mean, state[OBS_MEAN], 'observation mean');
        copyInto(rms.var, state[OBS_VAR], 'observation variance');
        rms.count = state[OBS_COUNT]?.[0] ?? rms.count;
      }
      on.syncJsWeights(nets);
    },
    act(obs, out) {
      const { policy } = on.predict(a, nets, obs, 1);
      const { size, discrete, low, high } = a.space;
      if (discrete) {
        out[0] = greedyAction(policy, 0, size);
        return;
      }
      for (let k = 0; k < size; k++) out[k] = Math.min(high![k], Math.max(low![k], policy[k]));
    },
  };
}

/** DQN: argmax_a Q(s, a) of the online network. */
export function qNetworkPolicy(net: Mlp, numActions: number): SavablePolicy {
  let js: JsMlp | null = null;
  const q = new Float64Array(numActions);
  return {
    variables: net.variables as tf.Variable[],
    state: () => ({}),
    restore() {
      js = jsMirror(net);
    },
    act(obs, out) {
      js ??= jsMirror(net);
      js.forward(obs, 1, q);
      out[0] = greedyAction(q, 0, numActions);
    },
  };
}
