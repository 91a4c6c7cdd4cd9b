// The main thread's frames and long tasks over a window, shared by the browser benches (scripts/bench.ts fps,
// scripts/bench/page-bench.ts, scripts/bench/page-load.ts).

import type { Page } from 'playwright-core';

export interface FrameStats {
  seconds: number;
  fps: number;
  frame_ms_p50: number;
  frame_ms_p99: number;
  frame_ms_max: number;
  long_tasks: number;
  long_task_max_ms: number;
  /** Each long task's duration (ms), in order. */
  long_task_ms: number[];
}

/** Before navigation: record long tasks into window.longTasks (and define tsx's __name helper the page lacks). */
export async function observeLongTasks(page: Page): Promise<void> {
  // tsx compiles with keepNames: functions handed to page.evaluate call a `__name` helper the page lacks.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** requestAnimationFrame intervals and long tasks over the next `seconds` (observeLongTasks must have run). */
export function measureFrames(page: Page, seconds: number): Promise<FrameStats> {
  return page.evaluate(async (secs) => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    const start = performance.now();
    const frameMs: number[] = [];
    let last = start;
    await new Promise<void>((resolve) => {
      const tick = (t: number): void => {
        frameMs.push(t - last);
        last = t;
        if (t - start < secs * 1000) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const elapsed = (last - start) / 1000;
    const long = w.longTasks.filter((l) => l.start >= start && l.start < last);
    const sorted = [...frameMs].sort((a, b) => a - b);
    return {
      seconds: elapsed,
      fps: frameMs.length / elapsed,
      frame_ms_p50: sorted[Math.floor(sorted.length * 0.5)],
      frame_ms_p99: sorted[Math.floor(sorted.length * 0.99)],
      frame_ms_max: sorted[sorted.length - 1],
      long_tasks: long.length,
      long_task_max_ms: long.reduce((m, l) => Math.max(m, l.duration), 0),
      long_task_ms: long.map((l) => Math.round(l.duration)),
    };
  }, seconds);
}
