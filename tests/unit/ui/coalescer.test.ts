import { describe, expect, it } from 'vitest';
import { Coalescer, type Timers } from '../../../src/ui/state/coalescer.ts';

/** Timers driven by hand. */
function manualTimers() {
  let now = 0;
  let pending: { at: number; cb: () => void; id: number }[] = [];
  let next = 1;
  const timers: Timers = {
    setTimeout: (cb, ms) => {
      const id = next++;
      pending.push({ at: now + ms, cb, id });
      return id;
    },
    clearTimeout: (id) => {
      pending = pending.filter((p) => p.id !== id);
    },
    now: () => now,
  };
  const advance = (ms: number): void => {
    now += ms;
    const due = pending.filter((p) => p.at <= now);
    pending = pending.filter((p) => p.at > now);
    for (const p of due) p.cb();
  };
  return { timers, advance };
}

describe('Coalescer', () => {
  it('delivers the first item at once and later ones together at the end of the interval', () => {
    const { timers, advance } = manualTimers();
    const got: number[][] = [];
    const c = new Coalescer<number>((items) => got.push(items), 200, timers);
    c.push(1);
    expect(got).toEqual([[1]]);
    c.push(2);
    c.push(3);
    advance(100);
    expect(got).toEqual([[1]]);
    advance(100);
    expect(got).toEqual([[1], [2, 3]]);
    advance(1000);
    c.push(4);
    expect(got).toEqual([[1], [2, 3], [4]]);
  });

  it('flush delivers now; cancel drops what waits', () => {
    const { timers, advance } = manualTimers();
    const got: number[][] = [];
    const c = new Coalescer<number>((items) => got.push(items), 200, timers);
    c.push(1);
    c.push(2);
    c.flush();
    expect(got).toEqual([[1], [2]]);
    c.push(3);
    c.cancel();
    advance(500);
    expect(got).toEqual([[1], [2]]);
  });
});
