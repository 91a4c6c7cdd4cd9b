// diagnostics/value_mean vs diagnostics/return_mean on the same states (DIAGNOSTICS.md §1).
//
// The discounted return "actually observed" from a state is only known once its episode ends, which
// can be several rollouts later. So each sub-env keeps its current episode's rewards and the values
// predicted when each state was visited; when the episode ends, the returns-to-go are computed
// backwards (G_t = r_t + γ·G_{t+1}) and both means are accumulated over all its states. An update
// reports the means over the states of the episodes that ended during its rollout (none: no point).
// A truncated episode's tail is the bootstrap the critic is trained toward (γ·V(final_obs) when
// truncations are bootstrapped, else 0), so a healthy critic's curve meets the return curve.

export class EpisodeReturnTracker {
  private readonly rewards: number[][];
  private readonly values: number[][];
  private returnSum = 0;
  private valueSum = 0;
  private count = 0;

  constructor(
    numEnvs: number,
    readonly gamma: number,
  ) {
    this.rewards = Array.from({ length: numEnvs }, () => []);
    this.values = Array.from({ length: numEnvs }, () => []);
  }

  /** One step of sub-env e: the raw reward, the value predicted for the state (return units), whether the episode ended, V(final_obs) tail. */
  record(e: number, reward: number, value: number, done: boolean, tail: number): void {
    const rs = this.rewards[e];
    const vs = this.values[e];
    rs.push(reward);
    vs.push(value);
    if (!done) return;
    let g = tail;
    for (let t = rs.length - 1; t >= 0; t--) {
      g = rs[t] + this.gamma * g;
      this.returnSum += g;
      this.valueSum += vs[t];
    }
    this.count += rs.length;
    rs.length = 0;
    vs.length = 0;
  }

  /** Means since the last call over the states of finished episodes (null if none finished), then reset. */
  takeMeans(): { valueMean: number; returnMean: number; states: number } | null {
    if (this.count === 0) return null;
    const out = { valueMean: this.valueSum / this.count, returnMean: this.returnSum / this.count, states: this.count };
    this.returnSum = 0;
    this.valueSum = 0;
    this.count = 0;
    return out;
  }
}
