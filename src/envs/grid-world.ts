// GridWorld: a small grid for tabular lessons (value iteration, Q-learning, SARSA), and for
// neural agents through a one-hot observation of the agent's cell.
//
// Layout rows of characters: 'S' start, '.' free, '#' wall, 'P' (or 'X') pit, 'G' goal.
// Actions 0 up, 1 right, 2 down, 3 left. With probability `slip` the move goes to one of the two
// perpendicular directions instead (each with probability slip/2), drawn from the env's seeded RNG.
// Walls and the border block a move (the agent stays). Entering a goal gives +1 and entering a
// pit −1, both terminal; any other step costs −0.01.

import { BaseEnv, boxSpace, checkState, discreteSpace } from './core.ts';
import { DEFAULT_GRID_LAYOUT } from './grid-layout.ts';

export const GRID_ACTIONS = ['up', 'right', 'down', 'left'] as const;
/** Row and column change of each action. */
const DR = [-1, 0, 1, 0];
const DC = [0, 1, 0, -1];

export const GOAL_REWARD = 1;
export const PIT_REWARD = -1;
export const STEP_REWARD = -0.01;

export { DEFAULT_GRID_LAYOUT } from './grid-layout.ts';

export interface GridWorldOptions {
  /** Rows of the grid, all the same length; exactly one 'S', at least one 'G'. */
  layout?: readonly string[];
  /** Probability in [0, 1] that a move slips to a perpendicular direction. */
  slip?: number;
}

type Cell = 'free' | 'wall' | 'pit' | 'goal';

export class GridWorld extends BaseEnv {
  readonly id = 'GridWorld' as const;
  readonly observationSpace: ReturnType<typeof boxSpace>;
  readonly actionSpace = discreteSpace(4);
  readonly obsDim: number;
  readonly layout: readonly string[];
  readonly slip: number;
  readonly rows: number;
  readonly cols: number;
  readonly start: readonly [number, number];

  private readonly cells: Cell[];
  private row = 0;
  private col = 0;

  constructor(options: GridWorldOptions = {}) {
    super();
    const layout = options.layout ?? DEFAULT_GRID_LAYOUT;
    const slip = options.slip ?? 0;
    if (!Array.isArray(layout) || layout.length === 0 || layout.some((r) => typeof r !== 'string')) {
      throw new Error('GridWorld: layout must be a non-empty array of strings');
    }
    if (typeof slip !== 'number' || !(slip >= 0 && slip <= 1)) {
      throw new Error(`GridWorld: slip must be a probability in [0, 1]; got ${String(slip)}`);
    }
    const cols = layout[0].length;
    if (cols === 0 || layout.some((r) => r.length !== cols)) {
      throw new Error(`GridWorld: every layout row must have the same non-zero length; got [${layout.join(', ')}]`);
    }
    const cells: Cell[] = [];
    let start: [number, number] | null = null;
    let goals = 0;
    for (let r = 0; r < layout.length; r++) {
      for (let c = 0; c < cols; c++) {
        const ch = layout[r][c];
        if (ch === 'S') {
          if (start) throw new Error('GridWorld: layout has more than one start cell S');
          start = [r, c];
          cells.push('free');
        } else if (ch === '.') cells.push('free');
        else if (ch === '#') cells.push('wall');
        else if (ch === 'P' || ch === 'X') cells.push('pit');
        else if (ch === 'G') {
          goals++;
          cells.push('goal');
        } else {
          throw new Error(`GridWorld: unknown cell '${ch}' at row ${r}, column ${c}; use S . # P G`);
        }
      }
    }
    if (!start) throw new Error('GridWorld: layout has no start cell S');
    if (goals === 0) throw new Error('GridWorld: layout has no goal cell G');
    this.layout = [...layout];
    this.slip = slip;
    this.rows = layout.length;
    this.cols = cols;
    this.cells = cells;
    this.start = start;
    this.obsDim = this.rows * cols;
    this.observationSpace = boxSpace(new Array(this.obsDim).fill(0), new Array(this.obsDim).fill(1));
  }

  /** [row, col] of the agent. */
  get state(): number[] {
    return [this.row, this.col];
  }

  set state(values: number[]) {
    const [row, col] = checkState(this.id, values, 2);
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || row >= this.rows || col < 0 || col >= this.cols) {
      throw new Error(`GridWorld: state [${row}, ${col}] is not a cell of the ${this.rows}×${this.cols} grid`);
    }
    this.row = row;
    this.col = col;
  }

  /** Index of the agent's cell (row-major): the hot index of the observation, the row of a Q-table. */
  get cellIndex(): number {
    return this.row * this.cols + this.col;
  }

  /** What the layout holds at a cell. */
  cellAt(row: number, col: number): Cell {
    return this.cells[row * this.cols + col];
  }

  protected resetState(): void {
    [this.row, this.col] = this.start;
  }

  protected advance(action: number): number {
    let direction = action;
    if (this.slip > 0 && this.rng!.random() < this.slip) {
      // One of the two perpendicular directions, with equal probability.
      direction = (action + (this.rng!.integers(2) === 0 ? 1 : 3)) % 4;
    }
    const r = this.row + DR[direction];
    const c = this.col + DC[direction];
    if (r >= 0 && r < this.rows && c >= 0 && c < this.cols && this.cells[r * this.cols + c] !== 'wall') {
      this.row = r;
      this.col = c;
    }
    const cell = this.cells[this.row * this.cols + this.col];
    this.lastTerminated = cell === 'goal' || cell === 'pit';
    return cell === 'goal' ? GOAL_REWARD : cell === 'pit' ? PIT_REWARD : STEP_REWARD;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    out.fill(0, offset, offset + this.obsDim);
    out[offset + this.row * this.cols + this.col] = 1;
  }
}
