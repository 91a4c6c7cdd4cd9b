import { describe, expect, it } from 'vitest';
import { EpisodeReturnTracker } from '../../../src/agents/return-tracker.ts';

describe('EpisodeReturnTracker (value_mean vs return_mean)', () => {
  it('averages discounted returns-to-go and predicted values over the states of finished episodes', () => {
    const t = new EpisodeReturnTracker(2, 0.5);
    // env 0: rewards 1, 1, 1 then terminated: G = 1.75, 1.5, 1.
    t.record(0, 1, 10, false, 0);
    t.record(0, 1, 20, false, 0);
    // env 1 keeps running: not counted yet.
    t.record(1, 5, 100, false, 0);
    t.record(0, 1, 30, true, 0);
    expect(t.takeMeans()).toEqual({ valueMean: 20, returnMean: (1.75 + 1.5 + 1) / 3, states: 3 });
    expect(t.takeMeans()).toBeNull();
    // env 1 truncated with a bootstrap tail of 4: G = 5 + 0.5·(1 + 0.5·4) = 6.5, then 1 + 2 = 3.
    t.record(1, 1, 50, true, 4);
    expect(t.takeMeans()).toEqual({ valueMean: 75, returnMean: (6.5 + 3) / 2, states: 2 });
  });
});
