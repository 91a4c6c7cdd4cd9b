import { describe, expect, it } from 'vitest';
import { FrameScheduler } from '../../../src/ui/charts/frame-scheduler.ts';

describe('FrameScheduler', () => {
  it('draws each owner at most once per frame, with one frame request', () => {
    const frames: (() => void)[] = [];
    const s = new FrameScheduler((cb) => frames.push(cb));
    const a = {};
    const b = {};
    const drawn: string[] = [];
    for (let i = 0; i < 30; i++) s.schedule(a, () => drawn.push(`a${i}`));
    s.schedule(b, () => drawn.push('b'));
    expect(frames).toHaveLength(1);
    expect(drawn).toEqual([]);
    frames[0]();
    expect(drawn).toEqual(['a29', 'b']); // the latest request wins, once
    s.schedule(a, () => drawn.push('again'));
    expect(frames).toHaveLength(2);
  });

  it('forgets cancelled owners', () => {
    const frames: (() => void)[] = [];
    const s = new FrameScheduler((cb) => frames.push(cb));
    const a = {};
    let n = 0;
    s.schedule(a, () => n++);
    s.cancel(a);
    frames[0]();
    expect(n).toBe(0);
    expect(s.size).toBe(0);
  });
});
