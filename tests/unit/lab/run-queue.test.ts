import { describe, expect, it } from 'vitest';
import { MAX_SEEDS, RunQueue, maxConcurrentRuns, needsBudget, seedList } from '../../../src/ui/lab/run-queue.ts';

describe('seed scheduling', () => {
  it('runs one worker per core less one, never fewer than 2 nor more than 16', () => {
    expect(maxConcurrentRuns(undefined)).toBe(2);
    expect(maxConcurrentRuns(1)).toBe(2);
    expect(maxConcurrentRuns(2)).toBe(2);
    expect(maxConcurrentRuns(8)).toBe(7);
    expect(maxConcurrentRuns(64)).toBe(16);
    expect(maxConcurrentRuns(NaN)).toBe(2);
  });

  it('lists consecutive seeds, capped at MAX_SEEDS, wrapping below 2^31 − 1', () => {
    expect(seedList(5, 3)).toEqual([5, 6, 7]);
    expect(seedList(1, 100)).toHaveLength(MAX_SEEDS);
    expect(seedList(2 ** 31 - 1, 2)).toEqual([2 ** 31 - 1, 0]);
    expect(seedList(1, 0)).toEqual([1]);
  });

  it('needs a budget only when runs must queue', () => {
    expect(needsBudget(2, 2)).toBe(false);
    expect(needsBudget(3, 2)).toBe(true);
  });

  it('starts up to the limit in order, counting runs that already have a worker, and refills as runs finish', () => {
    const q = new RunQueue(['run', 'a', 'b', 'c', 'd'], 3, ['run']);
    expect(q.fill()).toEqual(['a', 'b']);
    expect(q.fill()).toEqual([]);
    expect(q.state('c')).toBe('queued');
    expect(q.finish('a')).toEqual(['c']);
    expect(q.finish('a')).toEqual([]); // already done
    expect(q.finish('c')).toEqual(['d']);
    expect(q.finish('run')).toEqual([]);
    expect([q.count('running'), q.count('done'), q.count('queued')]).toEqual([2, 3, 0]);
  });

  it('restart puts every run back in the queue', () => {
    const q = new RunQueue(['run', 'a', 'b'], 2, ['run']);
    q.fill();
    q.finish('a');
    expect(q.restart(['run'])).toEqual(['a']);
    expect(q.state('b')).toBe('queued');
  });
});
