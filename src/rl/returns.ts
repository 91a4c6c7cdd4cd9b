// Advantages and returns over a rollout of T steps × N sub-envs stored time-major:
// element (t, e) lives at index t·N + e.
//
// Flag convention (Gymnasium's step output, stored at the step that produced it):
//   terminated[t·N+e] / truncated[t·N+e] say whether the transition from s_t (taking a_t) ended
//   the episode. So r_t is the last reward of that episode, and s_{t+1} in the buffer (values[(t+1)·N+e])
//   is the first state of the next episode after autoreset.
//   terminated → the next state has value 0.
//   truncated  → the next state still has value: bootstrap from V(final_obs), which the caller
//                passes in `truncationValues[t·N+e]` (only read where truncated && !terminated).
// This differs from CleanRL's storage, where `dones[t]` is the done flag of the *previous* step;
// the `cleanrl` variant below maps one onto the other (nextnonterminal_t = 1 − (terminated_t || truncated_t)).

/** Per-step booleans: a Uint8Array / number array (non-zero = set) or a boolean array. */
export type Flags = ArrayLike<number> | ArrayLike<boolean>;

/** An output buffer: float32 for tensors, float64 for exactness. */
export type FloatArray = Float32Array | Float64Array;

/** A rollout of `numSteps` (T) steps of `numEnvs` (N) sub-envs, time-major. */
export interface RolloutLayout {
  numSteps: number;
  numEnvs: number;
}

/** A rollout's rewards, value predictions and episode ends: what every bootstrapped return reads. All [T × N] arrays are time-major. */
export interface BootstrapInput extends RolloutLayout {
  /** r_t, [T × N]. */
  rewards: ArrayLike<number>;
  /** V(s_t) as predicted during the rollout, [T × N]. */
  values: ArrayLike<number>;
  /** V(s_T) for the observation after the last step of each sub-env, [N] (CleanRL's next_value). */
  nextValues: ArrayLike<number>;
  /** Episode ended in a true terminal state at step t, [T × N]. */
  terminated: Flags;
  /** Episode was cut (time limit) at step t, [T × N]. */
  truncated: Flags;
  /**
   * V(final_obs) at the steps where an episode was truncated, [T × N]; other entries are ignored.
   * Required (GAE's `bootstrap` variant, n-step returns) whenever a truncation occurs where it is read.
   */
  truncationValues?: ArrayLike<number>;
  /** Discount γ. */
  gamma: number;
}

/** Everything GAE needs. */
export interface GaeInput extends BootstrapInput {
  /** GAE λ (0: one-step TD; 1: Monte-Carlo return minus value). */
  lambda: number;
  /**
   * `bootstrap` (default): correct handling, terminated → next value 0, truncated → V(final_obs).
   * `cleanrl`: exactly cleanrl/ppo.py, next_done = terminated OR truncated and no bootstrap on truncation.
   */
  variant?: 'bootstrap' | 'cleanrl';
}

/** Advantages and returns (= advantages + values), [T × N] each. */
export interface AdvantagesAndReturns<A extends FloatArray = FloatArray> {
  advantages: A;
  returns: A;
}

function checkLayout(l: RolloutLayout, arrays: Record<string, ArrayLike<unknown> | undefined>, perEnv: Record<string, ArrayLike<unknown> | undefined> = {}): number {
  const { numSteps: T, numEnvs: N } = l;
  if (!Number.isInteger(T) || !Number.isInteger(N) || T < 0 || N < 1) throw new Error(`bad rollout layout ${T}×${N}`);
  const size = T * N;
  for (const [name, a] of Object.entries(arrays)) {
    if (a !== undefined && a.length < size) throw new Error(`${name} has ${a.length} entries, expected ${T}×${N} = ${size}`);
  }
  for (const [name, a] of Object.entries(perEnv)) {
    if (a !== undefined && a.length < N) throw new Error(`${name} has ${a.length} entries, expected ${N}`);
  }
  return size;
}

function outBuffer(out: FloatArray | undefined, size: number): FloatArray {
  if (out === undefined) return new Float64Array(size);
  if (out.length < size) throw new Error(`output buffer has ${out.length} entries, expected ${size}`);
  return out;
}

function missingTruncationValue(i: number, N: number): never {
  throw new Error(`truncated at step ${Math.floor(i / N)} of env ${i % N} but no truncationValues were given (pass V(final_obs))`);
}

/**
 * Generalised advantage estimation (Schulman et al. 2016), per sub-env, backwards in time:
 *   δ_t = r_t + γ·V_next·(1 − terminal_t) − V(s_t)
 *   A_t = δ_t + γ·λ·(1 − episode_end_t)·A_{t+1},   A_T = 0
 *   returns_t = A_t + V(s_t)
 * `bootstrap` variant: V_next = V(final_obs) on truncation, 0 on termination, else V(s_{t+1})
 * (nextValues at t = T−1); the trace A_{t+1} never flows across an episode boundary.
 * `cleanrl` variant (cleanrl/ppo.py, "bootstrap value if not done"): nextnonterminal = 1 − (terminated OR truncated),
 * nextvalues = V(s_{t+1}) (next_value at t = T−1), δ and A as above with that single flag.
 * Pass `out` buffers to avoid allocation (Float32Array is fine; arithmetic is float64).
 */
export function computeGae<A extends FloatArray = Float64Array>(
  input: GaeInput,
  out?: Partial<AdvantagesAndReturns<A>>,
): AdvantagesAndReturns<A> {
  const { rewards, values, nextValues, terminated, truncated, truncationValues, gamma, lambda } = input;
  const size = checkLayout(input, { rewards, values, terminated, truncated, truncationValues }, { nextValues });
  const T = input.numSteps;
  const N = input.numEnvs;
  const advantages = outBuffer(out?.advantages, size);
  const returns = outBuffer(out?.returns, size);
  const cleanrl = input.variant === 'cleanrl';
  for (let e = 0; e < N; e++) {
    let lastGaeLam = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      const followingValue = t === T - 1 ? nextValues[e] : values[i + N];
      let nextValue: number;
      let traceContinues: number;
      if (cleanrl) {
        // cleanrl/ppo.py: nextnonterminal = 1.0 - next_done (or dones[t + 1]); done = terminated | truncated.
        const nextNonTerminal = terminated[i] || truncated[i] ? 0 : 1;
        nextValue = followingValue * nextNonTerminal;
        traceContinues = nextNonTerminal;
      } else if (terminated[i]) {
        nextValue = 0;
        traceContinues = 0;
      } else if (truncated[i]) {
        if (truncationValues === undefined) missingTruncationValue(i, N);
        nextValue = truncationValues[i];
        traceContinues = 0;
      } else {
        nextValue = followingValue;
        traceContinues = 1;
      }
      const delta = rewards[i] + gamma * nextValue - values[i];
      lastGaeLam = delta + gamma * lambda * traceContinues * lastGaeLam;
      advantages[i] = lastGaeLam;
      returns[i] = lastGaeLam + values[i];
    }
  }
  return { advantages: advantages as A, returns: returns as A };
}

/** Inputs for Monte-Carlo returns; bootstraps are optional (a VPG without a critic has none). */
export interface ReturnsInput extends RolloutLayout {
  rewards: ArrayLike<number>;
  terminated: Flags;
  truncated: Flags;
  gamma: number;
  /** V(final_obs) at truncated steps, [T × N]; when omitted a truncated episode's tail counts as 0. */
  truncationValues?: ArrayLike<number>;
  /** V(s_T) after the rollout's last step, [N]; when omitted an episode cut by the rollout end has tail 0. */
  nextValues?: ArrayLike<number>;
  /**
   * true (default): G_t = Σ_{k≥t} γ^{k−t} r_k within the episode ("reward-to-go").
   * false: every step of an episode segment gets the segment's whole discounted return G from its
   * first step in this rollout (original REINFORCE).
   */
  rewardToGo?: boolean;
}

/**
 * Discounted Monte-Carlo returns, per sub-env, backwards: G_t = r_t + γ·G_{t+1}, with G_{t+1} replaced by
 * 0 after a termination, by V(final_obs) after a truncation (0 when not given), and by nextValues at the
 * rollout's end (0 when not given). Equals GAE's returns with λ = 1 when the same bootstraps are given.
 */
export function discountedReturns<A extends FloatArray = Float64Array>(input: ReturnsInput, out?: A): A {
  const { rewards, terminated, truncated, truncationValues, nextValues, gamma } = input;
  const size = checkLayout(input, { rewards, terminated, truncated, truncationValues }, { nextValues });
  const T = input.numSteps;
  const N = input.numEnvs;
  const returns = outBuffer(out, size);
  for (let e = 0; e < N; e++) {
    let g = nextValues === undefined ? 0 : nextValues[e];
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      if (terminated[i]) g = 0;
      else if (truncated[i]) g = truncationValues === undefined ? 0 : truncationValues[i];
      g = rewards[i] + gamma * g;
      returns[i] = g;
    }
    if (input.rewardToGo === false) {
      // Forward pass: each episode segment takes the return of its first step.
      let segmentReturn = 0;
      let startOfSegment = true;
      for (let t = 0; t < T; t++) {
        const i = t * N + e;
        if (startOfSegment) segmentReturn = returns[i];
        returns[i] = segmentReturn;
        startOfSegment = !!(terminated[i] || truncated[i]);
      }
    }
  }
  return returns as A;
}

/** Inputs for n-step returns (A2C): the bootstrap V(s_{t+n}) is read from `values` inside the rollout. */
export interface NStepInput extends BootstrapInput {
  /** Steps before bootstrapping, ≥ 1. n ≥ T gives classic A2C's "bootstrap at the rollout end". */
  n: number;
}

/**
 * n-step returns: G_t = Σ_{k<m} γ^k r_{t+k} + γ^m·V(s_{t+m}), where m = min(n, steps to the episode's end,
 * steps to the rollout's end). A termination inside the window ends the sum with no bootstrap; a truncation
 * bootstraps from V(final_obs); the rollout's end bootstraps from nextValues. n = 1 is the one-step TD target.
 * O(T·N·min(n, T)).
 */
export function nStepReturns<A extends FloatArray = Float64Array>(input: NStepInput, out?: A): A {
  const { rewards, values, nextValues, terminated, truncated, truncationValues, gamma, n } = input;
  const size = checkLayout(input, { rewards, values, terminated, truncated, truncationValues }, { nextValues });
  if (!Number.isInteger(n) || n < 1) throw new Error(`n-step returns need an integer n ≥ 1, got ${n}`);
  const T = input.numSteps;
  const N = input.numEnvs;
  const returns = outBuffer(out, size);
  for (let e = 0; e < N; e++) {
    for (let t = 0; t < T; t++) {
      let g = 0;
      let discount = 1;
      for (let k = 0; ; k++) {
        const s = t + k;
        if (s === T) {
          g += discount * nextValues[e];
          break;
        }
        if (k === n) {
          g += discount * values[s * N + e];
          break;
        }
        const i = s * N + e;
        g += discount * rewards[i];
        discount *= gamma;
        if (terminated[i]) break;
        if (truncated[i]) {
          if (truncationValues === undefined) missingTruncationValue(i, N);
          g += discount * truncationValues[i];
          break;
        }
      }
      returns[t * N + e] = g;
    }
  }
  return returns as A;
}
