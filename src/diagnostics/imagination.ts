// What the model-based agent imagined, shaped for the imagination view beside the env canvas: of the
// last planning step, a subsample of each CEM generation's candidate trajectories (one state component
// over the horizon) with their predicted returns and which were elites, and the chosen plan; the
// model's open-loop prediction of the actions really executed over the last steps next to what the env
// did; and the one-step errors of the last training's fresh transitions sorted along the same
// component (where in the state space is the model wrong?). Pure arithmetic on typed arrays: the agent
// fills it from its real rollouts, the UI draws it (src/ui/render/imagination.ts).

/** One planning step's imagination, small enough to send with every env frame (≈ 64 × 16 × 5 floats). */
export interface ImaginationFrame {
  /** Index of the drawn state component in the planner's state (PlanningSpec.shownComponent). */
  component: number;
  /** Planning horizon H: every path has H + 1 points, the current state first. */
  horizon: number;
  /** Generations recorded (CEM iterations; random shooting: 1). */
  generations: number;
  /** Candidates kept per generation. */
  candidates: number;
  /** [generations × candidates × (H + 1)]: the component along each kept candidate's imagined trajectory. */
  paths: Float32Array;
  /** [generations × candidates]: each kept candidate's predicted return (what the optimiser ranked by). */
  returns: Float32Array;
  /** [generations × candidates]: 1 where the candidate is one of its generation's elites. */
  elite: Uint8Array;
  /** [H + 1]: the chosen plan imagined through the ensemble (members' mean). */
  plan: Float32Array;
  /** [W + 1], W ≤ H: the model's open-loop prediction of the last W executed actions from the state W steps ago… */
  predicted: Float32Array;
  /** …and the states the env really went through (same length). */
  actual: Float32Array;
  /** Sorted one-step errors of the last training's fresh transitions: the component's value, ascending… */
  errorAt: Float32Array;
  /** …and the squared one-step error there (units of the state's std, averaged over components). */
  error: Float32Array;
}

/**
 * Which of n candidates to keep, at most `keep`: the elites first (best first, at most half the
 * budget), then non-elites evenly spread over the population's order (which is random for sampled
 * populations), so the drawing shows both what won and what the search tried.
 */
export function selectCandidates(values: ArrayLike<number>, n: number, elites: number, keep: number): { index: Int32Array; elite: Uint8Array } {
  const k = Math.min(keep, n);
  const ranked = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank(values[b]) - rank(values[a]) || a - b);
  const E = Math.min(elites, n);
  const fromElites = Math.min(E, Math.max(1, Math.floor(k / 2)), k);
  const chosen = ranked.slice(0, fromElites);
  const rest = ranked.slice(E).sort((a, b) => a - b);
  const need = k - fromElites;
  for (let j = 0; j < need && rest.length > 0; j++) chosen.push(rest[Math.floor((j * rest.length) / need)]);
  // Not enough non-elites (tiny populations): fill with the remaining elites.
  for (let j = fromElites; chosen.length < k && j < E; j++) chosen.push(ranked[j]);
  const isElite = new Set(ranked.slice(0, E));
  return { index: Int32Array.from(chosen), elite: Uint8Array.from(chosen, (i) => (isElite.has(i) ? 1 : 0)) };
}

/** NaN ranks last (an imagined trajectory that blew up). */
function rank(v: number): number {
  return Number.isNaN(v) ? -Infinity : v;
}

/**
 * Builds one ImaginationFrame over a planning step: `generation()` once per CEM iteration with every
 * candidate's path, then `finish()` with the plan and the executed-vs-predicted window.
 */
export class ImaginationRecorder {
  private paths: Float32Array[] = [];
  private returns: Float32Array[] = [];
  private elite: Uint8Array[] = [];
  private horizon = 0;
  private component = 0;

  constructor(readonly keep: number) {}

  begin(horizon: number, component: number): void {
    this.paths = [];
    this.returns = [];
    this.elite = [];
    this.horizon = horizon;
    this.component = component;
  }

  /** One generation: paths [n × (H + 1)] of the component, values [n] the predicted returns, the first `elites` best are its elites. */
  generation(paths: ArrayLike<number>, values: ArrayLike<number>, n: number, elites: number): void {
    const L = this.horizon + 1;
    const { index, elite } = selectCandidates(values, n, elites, this.keep);
    const p = new Float32Array(index.length * L);
    const r = new Float32Array(index.length);
    index.forEach((c, j) => {
      for (let t = 0; t < L; t++) p[j * L + t] = paths[c * L + t];
      r[j] = values[c];
    });
    this.paths.push(p);
    this.returns.push(r);
    this.elite.push(elite);
  }

  get generations(): number {
    return this.paths.length;
  }

  finish(plan: ArrayLike<number>, predicted: ArrayLike<number>, actual: ArrayLike<number>, errors: SortedErrors): ImaginationFrame {
    const G = this.paths.length;
    const C = G > 0 ? this.returns[0].length : 0;
    const L = this.horizon + 1;
    const paths = new Float32Array(G * C * L);
    const returns = new Float32Array(G * C);
    const elite = new Uint8Array(G * C);
    for (let g = 0; g < G; g++) {
      paths.set(this.paths[g].subarray(0, C * L), g * C * L);
      returns.set(this.returns[g].subarray(0, C), g * C);
      elite.set(this.elite[g].subarray(0, C), g * C);
    }
    return {
      component: this.component,
      horizon: this.horizon,
      generations: G,
      candidates: C,
      paths,
      returns,
      elite,
      plan: Float32Array.from(plan),
      predicted: Float32Array.from(predicted),
      actual: Float32Array.from(actual),
      errorAt: errors.at,
      error: errors.error,
    };
  }
}

export interface SortedErrors {
  at: Float32Array;
  error: Float32Array;
}

export const NO_ERRORS: SortedErrors = { at: new Float32Array(0), error: new Float32Array(0) };

/**
 * Errors `error[i]` measured at component values `at[i]`, sorted by the component and thinned to at
 * most `max` points: the sorted order is cut into `max` equal runs and each run keeps its largest
 * error (a spike must survive the thinning) at its median position.
 */
export function sortErrors(at: ArrayLike<number>, error: ArrayLike<number>, max: number): SortedErrors {
  const n = Math.min(at.length, error.length);
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => Number.isFinite(at[i]) && Number.isFinite(error[i]))
    .sort((a, b) => at[a] - at[b] || a - b);
  const m = order.length;
  if (m <= max) return { at: Float32Array.from(order, (i) => at[i]), error: Float32Array.from(order, (i) => error[i]) };
  const outAt = new Float32Array(max);
  const outErr = new Float32Array(max);
  for (let b = 0; b < max; b++) {
    const lo = Math.floor((b * m) / max);
    const hi = Math.floor(((b + 1) * m) / max);
    let worst = -Infinity;
    for (let j = lo; j < hi; j++) worst = Math.max(worst, error[order[j]]);
    outAt[b] = at[order[(lo + hi - 1) >> 1]];
    outErr[b] = worst;
  }
  return { at: outAt, error: outErr };
}
