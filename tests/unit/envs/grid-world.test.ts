import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID_LAYOUT, GridWorld } from '../../../src/envs/grid-world.ts';
import { makeEnv } from '../../../src/envs/make-env.ts';

const UP = 0, RIGHT = 1, DOWN = 2, LEFT = 3;
/** Open ground around the start (2, 2); the goal is out of reach of one move. */
const OPEN = ['G....', '.....', '..S..', '.....', '.....'];

function grid(layout: string[], slip = 0) {
  const env = makeEnv('GridWorld', { layout, slip });
  env.reset({ seed: 0 });
  return env;
}

describe('GridWorld', () => {
  it('starts at S with a one-hot observation of the cell', () => {
    const env = makeEnv('GridWorld', { layout: ['..', 'SG'] });
    const { obs } = env.reset({ seed: 0 });
    expect(env.state).toEqual([1, 0]);
    expect(Array.from(obs)).toEqual([0, 0, 1, 0]);
    expect(env.observationSpace.shape).toEqual([4]);
    expect(env.actionSpace).toEqual({ kind: 'discrete', n: 4 });
  });

  it('moves up/right/down/left with a step cost; walls and the border block', () => {
    const env = grid(['S.#', '...', '..G']);
    let r = env.step(UP); // border
    expect(env.state).toEqual([0, 0]);
    expect(r.reward).toBe(-0.01);
    expect(r.terminated).toBe(false);
    env.step(RIGHT);
    expect(env.state).toEqual([0, 1]);
    r = env.step(RIGHT); // wall
    expect(env.state).toEqual([0, 1]);
    expect(Array.from(r.obs)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0]);
    env.step(DOWN);
    expect(env.state).toEqual([1, 1]);
    env.step(LEFT);
    expect(env.state).toEqual([1, 0]);
    env.step(LEFT); // border
    expect(env.state).toEqual([1, 0]);
  });

  it('the goal gives +1 and terminates; a pit gives −1 and terminates (P or X)', () => {
    let env = grid(['SG']);
    let r = env.step(RIGHT);
    expect([r.reward, r.terminated, r.truncated]).toEqual([1, true, false]);
    for (const pit of ['P', 'X']) {
      env = grid([`S${pit}G`]);
      r = env.step(RIGHT);
      expect([r.reward, r.terminated]).toEqual([-1, true]);
    }
    expect(() => env.step(RIGHT)).toThrow(/reset/);
  });

  it('the default 5×5 layout is solved in 8 steps for a return of 0.93', () => {
    const env = makeEnv('GridWorld');
    env.reset({ seed: 0 });
    expect(DEFAULT_GRID_LAYOUT).toHaveLength(5);
    let ret = 0;
    let last;
    for (const a of [DOWN, DOWN, RIGHT, RIGHT, DOWN, RIGHT, RIGHT, DOWN]) {
      last = env.step(a);
      ret += last.reward;
    }
    expect(last!.terminated).toBe(true);
    expect(ret).toBeCloseTo(0.93, 12);
    expect(env.state).toEqual([4, 4]);
  });

  it('slip sends the move to a perpendicular direction with the given probability, from the seeded RNG', () => {
    const env = makeEnv('GridWorld', { layout: OPEN, slip: 0.3, maxEpisodeSteps: null });
    const counts = { intended: 0, left: 0, right: 0, back: 0 };
    env.reset({ seed: 42 });
    const n = 6000;
    for (let i = 0; i < n; i++) {
      env.state = [2, 2];
      env.step(UP);
      const [r, c] = env.state;
      if (r === 1) counts.intended++;
      else if (c === 1) counts.left++;
      else if (c === 3) counts.right++;
      else counts.back++;
    }
    expect(counts.back).toBe(0);
    expect(Math.abs(counts.intended / n - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(counts.left / n - 0.15)).toBeLessThan(0.02);
    expect(Math.abs(counts.right / n - 0.15)).toBeLessThan(0.02);

    const trace = (seed: number) => {
      const e = makeEnv('GridWorld', { layout: OPEN, slip: 0.3, maxEpisodeSteps: null });
      e.reset({ seed });
      return Array.from({ length: 50 }, () => {
        e.state = [2, 2];
        e.step(RIGHT);
        return e.state.join();
      });
    };
    expect(trace(1)).toEqual(trace(1));
    expect(trace(1)).not.toEqual(trace(2));
  });

  it('slip = 1 never moves in the intended direction', () => {
    const env = grid(OPEN, 1);
    for (let i = 0; i < 50; i++) {
      env.state = [2, 2];
      env.step(DOWN);
      expect(env.state[0]).toBe(2);
      expect(env.state[1]).not.toBe(2);
    }
  });

  it('refuses malformed layouts and options', () => {
    expect(() => new GridWorld({ layout: ['S.', '.'] })).toThrow(/same non-zero length/);
    expect(() => new GridWorld({ layout: ['..G'] })).toThrow(/no start/);
    expect(() => new GridWorld({ layout: ['S.S', '..G'] })).toThrow(/more than one start/);
    expect(() => new GridWorld({ layout: ['S..'] })).toThrow(/no goal/);
    expect(() => new GridWorld({ layout: ['S?G'] })).toThrow(/unknown cell '\?'/);
    expect(() => new GridWorld({ slip: 1.5 })).toThrow(/slip/);
    const env = grid(['S.G']);
    expect(() => {
      env.state = [0, 5];
    }).toThrow(/not a cell/);
  });

  it('exposes the cell index (the Q-table row) and the layout', () => {
    const env = new GridWorld({ layout: ['S..', '..G'] });
    env.reset({ seed: 0 });
    env.state = [1, 2];
    expect(env.cellIndex).toBe(5);
    expect(env.cellAt(1, 2)).toBe('goal');
    expect(env.rows * env.cols).toBe(env.obsDim);
  });
});
