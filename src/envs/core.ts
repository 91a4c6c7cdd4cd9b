// Plumbing shared by every env: spaces, action validation, seeding, episode bookkeeping,
// and the allocation-free step path that TimeLimit and VectorEnv use.

import { makeFastRng, makeRng, type Pcg64 } from './rng.ts';
import type {
  Action,
  BoxSpace,
  DiscreteSpace,
  Env,
  EnvId,
  ResetOptions,
  ResetResult,
  StepResult,
} from './types.ts';

export function boxSpace(low: readonly number[], high: readonly number[]): BoxSpace {
  if (low.length !== high.length) throw new Error('boxSpace: low and high differ in length');
  return { kind: 'box', shape: [low.length], low: Float32Array.from(low), high: Float32Array.from(high) };
}

export function discreteSpace(n: number): DiscreteSpace {
  return { kind: 'discrete', n };
}

/**
 * An env that can step without allocating: it writes its observation into a caller's buffer.
 * Every env in this folder implements it; `step`/`reset` are thin allocating wrappers.
 */
export interface FastEnv extends Env {
  /** Length of one observation. */
  readonly obsDim: number;
  /** Length of one continuous action; 1 for discrete envs (one integer). */
  readonly actDim: number;
  /** reset() that writes the observation into out[offset, offset + obsDim). */
  resetInto(opts: ResetOptions | undefined, out: Float32Array, offset: number): void;
  /** step() that writes the observation into out[offset, offset + obsDim) and returns the reward. */
  stepInto(action: Action, out: Float32Array, offset: number): number;
  /** Flags of the last step. */
  readonly lastTerminated: boolean;
  readonly lastTruncated: boolean;
  /** The innermost env (no wrappers). */
  readonly unwrapped: FastEnv;
  /** Frames of the innermost env the last step took, where a wrapper repeats actions (FrameSkip); else 1. */
  readonly lastFrames?: number;
  /** The observation of the current state (e.g. after assigning `state`), freshly allocated. */
  observe(): Float32Array;
}

/** Seeds for envs reset without ever being given one: deterministic per process, distinct per draw. */
const defaultSeeds = makeFastRng(0x5eed);

export function nextDefaultSeed(): number {
  return defaultSeeds.nextUint32();
}

const EMPTY_RESET_OPTIONS: ResetOptions = {};

/**
 * Base of the concrete envs: validates actions, owns the seeded numpy-compatible RNG
 * (`this.rng`, replaced on reset({seed}) as Gymnasium's `super().reset(seed=seed)` does) and
 * refuses to step before reset or after the episode ended.
 */
export abstract class BaseEnv implements FastEnv {
  abstract readonly id: EnvId;
  abstract readonly observationSpace: BoxSpace;
  abstract readonly actionSpace: DiscreteSpace | BoxSpace;
  abstract readonly obsDim: number;
  abstract state: number[];

  lastTerminated = false;
  lastTruncated = false;
  protected rng: Pcg64 | null = null;
  /** True before the first reset and after a terminated step. */
  private needsReset = true;
  private endedBy = 'env has not been reset yet';

  get actDim(): number {
    return this.actionSpace.kind === 'box' ? this.actionSpace.shape[0] : 1;
  }

  get unwrapped(): FastEnv {
    return this;
  }

  /** Draws the initial state from this.rng. */
  protected abstract resetState(options: Record<string, unknown> | undefined): void;
  /**
   * Advances the state by one step and returns the reward; sets lastTerminated.
   * `action` is the validated integer (discrete) or the float32 value of the 1-D action (continuous).
   */
  protected abstract advance(action: number): number;
  protected abstract writeObs(out: Float32Array, offset: number): void;

  resetInto(opts: ResetOptions | undefined, out: Float32Array, offset: number): void {
    const { seed, options } = opts ?? EMPTY_RESET_OPTIONS;
    if (seed !== undefined) this.rng = makeRng(seed);
    else if (this.rng === null) this.rng = makeRng(nextDefaultSeed());
    this.resetState(options);
    this.needsReset = false;
    this.lastTerminated = false;
    this.lastTruncated = false;
    this.writeObs(out, offset);
  }

  stepInto(action: Action, out: Float32Array, offset: number): number {
    if (this.needsReset) {
      throw new Error(`${this.id}: step() called but the ${this.endedBy}; call reset() first`);
    }
    const a =
      this.actionSpace.kind === 'discrete'
        ? checkDiscreteAction(this.id, action, this.actionSpace.n)
        : readContinuousAction(this.id, action, this.actionSpace);
    const reward = this.advance(a);
    if (this.lastTerminated) {
      this.needsReset = true;
      this.endedBy = 'episode terminated';
    }
    this.writeObs(out, offset);
    return reward;
  }

  observe(): Float32Array {
    const obs = new Float32Array(this.obsDim);
    this.writeObs(obs, 0);
    return obs;
  }

  reset(opts?: ResetOptions): ResetResult {
    return resetFresh(this, opts);
  }

  step(action: Action): StepResult {
    return stepFresh(this, action);
  }
}

/** An env whose whole state is one float64 vector `s` (Acrobot, CartPoleContinuous). */
export abstract class VectorStateEnv extends BaseEnv {
  protected abstract readonly s: Float64Array;

  get state(): number[] {
    return Array.from(this.s);
  }

  set state(values: number[]) {
    this.s.set(checkState(this.id, values, this.s.length));
  }

  /** Every state variable drawn uniformly from the reset bounds (np_random.uniform(low, high, size)), each passed through `round`. */
  protected resetUniform(options: Record<string, unknown> | undefined, low: number, high: number, round: (v: number) => number = (v) => v): void {
    const [lo, hi] = resetBounds(this.id, options, low, high);
    const rng = this.rng!;
    for (let i = 0; i < this.s.length; i++) this.s[i] = round(rng.uniform(lo, hi));
  }
}

/** Env.reset through resetInto: the observation in a fresh array. */
export function resetFresh(env: FastEnv, opts?: ResetOptions): ResetResult {
  const obs = new Float32Array(env.obsDim);
  env.resetInto(opts, obs, 0);
  return { obs, info: {} };
}

/** Env.step through stepInto: the observation in a fresh array, the step's flags and `info()` read after it. */
export function stepFresh(env: FastEnv, action: Action, info: () => Record<string, unknown> = () => ({})): StepResult {
  const obs = new Float32Array(env.obsDim);
  const reward = env.stepInto(action, obs, 0);
  return { obs, reward, terminated: env.lastTerminated, truncated: env.lastTruncated, info: info() };
}

/** The integer of a discrete action, or a clear error. */
export function checkDiscreteAction(envId: EnvId, action: Action, n: number): number {
  if (typeof action === 'number' && Number.isInteger(action) && action >= 0 && action < n) return action;
  throw new Error(
    `${envId}: invalid action ${describe(action)}; expected an integer in {0, …, ${n - 1}} (Discrete(${n}))`,
  );
}

/**
 * The float32 value of a 1-D continuous action (the action space is float32, as the reference
 * trajectories pass it); NaN and ±Infinity are refused. Clipping is left to each env, because
 * Gymnasium's envs differ in what they do with an out-of-range action.
 */
export function readContinuousAction(envId: EnvId, action: Action, space: BoxSpace): number {
  const dim = space.shape[0];
  let value: number;
  if (typeof action === 'number' && dim === 1) value = action;
  else if (typeof action === 'object' && action !== null && action.length === dim) value = action[0];
  else {
    throw new Error(
      `${envId}: invalid action ${describe(action)}; expected ${dim} number(s) (Box shape [${dim}], ` +
        `bounds [${Array.from(space.low)}, ${Array.from(space.high)}])`,
    );
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${envId}: invalid action ${describe(action)}; every component must be a finite number`);
  }
  return Math.fround(value);
}

function describe(action: unknown): string {
  if (typeof action === 'number') return String(action);
  if (action !== null && typeof action === 'object' && 'length' in action) {
    return `[${Array.from(action as ArrayLike<unknown>).map(String).join(', ')}] (array)`;
  }
  return `${String(action)} (${typeof action})`;
}

/** gymnasium.envs.classic_control.utils.maybe_parse_reset_bounds */
export function resetBounds(
  envId: EnvId,
  options: Record<string, unknown> | undefined,
  defaultLow: number,
  defaultHigh: number,
): [number, number] {
  if (options === undefined) return [defaultLow, defaultHigh];
  const low = 'low' in options ? toNumber(envId, 'low', options.low) : defaultLow;
  const high = 'high' in options ? toNumber(envId, 'high', options.high) : defaultHigh;
  if (low > high) throw new Error(`${envId}: lower bound (${low}) must be lower than higher bound (${high})`);
  return [low, high];
}

export function toNumber(envId: EnvId, name: string, x: unknown): number {
  const v = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
  if (Number.isNaN(v)) throw new Error(`${envId}: option ${name} (${String(x)}) could not be converted to a number`);
  return v;
}

/** Copies `values` into a new array after checking its length and that every entry is a number. */
export function checkState(envId: EnvId, values: readonly number[], length: number): number[] {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new Error(`${envId}: state must be an array of ${length} numbers`);
  }
  const copy = Array.from(values);
  if (copy.length !== length || copy.some((v) => typeof v !== 'number')) {
    throw new Error(`${envId}: state must be ${length} numbers; got [${copy.join(', ')}]`);
  }
  return copy;
}
