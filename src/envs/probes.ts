// Probe environments from Andy Jones, "Debugging RL, Without the Agonizing Pain"
// (DIAGNOSTICS.md §2): each isolates one part of an agent, has a one-number observation and
// known optimal values, and must be learned in seconds.
//
// | env    | obs            | actions | episode | reward                               | learned values       |
// | Probe1 | [0]            | 1       | 1 step  | +1                                   | V = 1                |
// | Probe2 | [±1] at random | 1       | 1 step  | = obs                                | V(±1) = ±1           |
// | Probe3 | [0] then [1]   | 1       | 2 steps | 0 then +1                            | V(0) = γ, V(1) = 1   |
// | Probe4 | [0]            | 2       | 1 step  | +1 for action 0, −1 for action 1     | π(0) → 1, V → 1      |
// | Probe5 | [±1] at random | 2       | 1 step  | +1 if action matches sign (0 ↔ −1, 1 ↔ +1), else −1 | V → 1 |

import { BaseEnv, boxSpace, checkState, discreteSpace } from './core.ts';
import { PROBE_IDS, PROBE_TARGETS, type ProbeId } from './probe-targets.ts';

export { PROBE_IDS, PROBE_TARGETS, type ProbeId, type ProbeTarget } from './probe-targets.ts';

export class ProbeEnv extends BaseEnv {
  readonly id: ProbeId;
  readonly observationSpace = boxSpace([-1], [1]);
  readonly actionSpace: ReturnType<typeof discreteSpace>;
  readonly obsDim = 1;

  private obs = 0;
  /** Steps taken in this episode (Probe3 has two). */
  private t = 0;

  constructor(id: ProbeId) {
    super();
    if (!PROBE_IDS.includes(id)) throw new Error(`Unknown probe env '${id}'; valid: ${PROBE_IDS.join(', ')}`);
    this.id = id;
    this.actionSpace = discreteSpace(PROBE_TARGETS[id].numActions);
  }

  /** [obs, t]: the observation and the step count within the episode. */
  get state(): number[] {
    return [this.obs, this.t];
  }

  set state(values: number[]) {
    [this.obs, this.t] = checkState(this.id, values, 2);
  }

  protected resetState(): void {
    this.t = 0;
    this.obs = this.id === 'Probe2' || this.id === 'Probe5' ? (this.rng!.integers(2) === 0 ? -1 : 1) : 0;
  }

  protected advance(action: number): number {
    const obs = this.obs;
    this.t++;
    let reward: number;
    switch (this.id) {
      case 'Probe1':
        reward = 1;
        break;
      case 'Probe2':
        reward = obs;
        break;
      case 'Probe3':
        if (this.t === 1) {
          this.obs = 1;
          this.lastTerminated = false;
          return 0;
        }
        reward = 1;
        break;
      case 'Probe4':
        reward = action === 0 ? 1 : -1;
        break;
      case 'Probe5':
        reward = action === (obs > 0 ? 1 : 0) ? 1 : -1;
        break;
    }
    this.lastTerminated = true;
    return reward;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    out[offset] = this.obs;
  }
}
