// The DQN replay buffer: ring order and wraparound, sampling only filled rows, gather.

import { describe, expect, it } from 'vitest';
import { allocateBatch, ReplayBuffer } from '../../../src/agents/replay-buffer.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';

/** Transition k: obs [k, −k], next_obs [k + 0.5, −k − 0.5], action k mod 3, reward 10k, terminated every 4th. */
function addTransition(buffer: ReplayBuffer, k: number): void {
  buffer.add([k, -k], 0, [99, k + 0.5, -k - 0.5], 1, k % 3, 10 * k, k % 4 === 3);
}

describe('ReplayBuffer', () => {
  it('stores transitions in order and overwrites the oldest once full (wraparound)', () => {
    const buffer = new ReplayBuffer(5, 2);
    for (let k = 0; k < 3; k++) addTransition(buffer, k);
    expect(buffer.size).toBe(3);
    expect(buffer.position).toBe(3);
    for (let k = 3; k < 12; k++) addTransition(buffer, k);
    // 12 transitions into 5 rows: rows hold 10, 11, 7, 8, 9; the next write goes to row 2.
    expect(buffer.size).toBe(5);
    expect(buffer.position).toBe(2);
    expect(Array.from(buffer.rewards)).toEqual([100, 110, 70, 80, 90]);
    expect(Array.from(buffer.observations)).toEqual([10, -10, 11, -11, 7, -7, 8, -8, 9, -9]);
    expect(Array.from(buffer.nextObservations)).toEqual([10.5, -10.5, 11.5, -11.5, 7.5, -7.5, 8.5, -8.5, 9.5, -9.5]);
    expect(Array.from(buffer.actions)).toEqual([1, 2, 1, 2, 0]);
    expect(Array.from(buffer.terminated)).toEqual([0, 1, 1, 0, 0]);
  });

  it('samples only rows that were written, uniformly', () => {
    const buffer = new ReplayBuffer(1000, 2);
    for (let k = 0; k < 7; k++) addTransition(buffer, k);
    const rng = makeFastRng(3);
    const counts = new Array<number>(1000).fill(0);
    const idx = new Int32Array(256);
    for (let r = 0; r < 100; r++) for (const i of buffer.sampleIndices(256, rng, idx)) counts[i]++;
    expect(counts.slice(7).every((c) => c === 0)).toBe(true);
    // 25600 draws over 7 rows: each within 10% of 1/7.
    for (let i = 0; i < 7; i++) expect(Math.abs(counts[i] / 25600 - 1 / 7)).toBeLessThan(0.1 / 7);
    // Once full, every row can be drawn.
    const small = new ReplayBuffer(4, 2);
    for (let k = 0; k < 6; k++) addTransition(small, k);
    const seen = new Set(small.sampleIndices(200, rng));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('refuses to sample from an empty buffer and to be built with no rows', () => {
    expect(() => new ReplayBuffer(0, 2)).toThrow(/capacity/);
    expect(() => new ReplayBuffer(3, 2).sampleIndices(1, makeFastRng(1))).toThrow(/empty/);
  });

  it('gathers the rows of a sample into a minibatch', () => {
    const buffer = new ReplayBuffer(8, 2);
    for (let k = 0; k < 8; k++) addTransition(buffer, k);
    const batch = allocateBatch(3, 2);
    buffer.gather([7, 0, 3], batch);
    expect(Array.from(batch.obs)).toEqual([7, -7, 0, -0, 3, -3]);
    expect(Array.from(batch.nextObs)).toEqual([7.5, -7.5, 0.5, -0.5, 3.5, -3.5]);
    expect(Array.from(batch.actions)).toEqual([1, 0, 0]);
    expect(Array.from(batch.rewards)).toEqual([70, 0, 30]);
    expect(Array.from(batch.terminated)).toEqual([1, 0, 1]);
  });
});
