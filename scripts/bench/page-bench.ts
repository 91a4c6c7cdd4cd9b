// Issue 14 goal 5, the page's half: main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) while
// PPO trains CartPole at max speed with the env rendered and every chart on (layout=all, "All
// diagnostics"), over a window that starts once the first update has been drawn (warm-up: worker, wasm,
// first chart layout). Also the frame rate and the worker's SPS meanwhile. Nothing here asserts.
// Optionally (--page-profile FILE) a CPU profile of the main thread over the window (Chrome DevTools format).

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { openPage } from '../../tests/browser/browser.ts';
import { measureFrames, observeLongTasks } from './page-measure.ts';

export interface PageResult {
  page: string;
  seconds: number;
  long_tasks: number;
  long_task_max_ms: number;
  /** Σ (duration − 50 ms) over the long tasks: Lighthouse's total blocking time, over the window. */
  total_blocking_ms: number;
  long_task_ms: number[];
  /**
   * From a Chromium trace of the same window: the main thread's tasks over 50 ms of wall time, and of
   * thread (CPU) time. On a loaded machine a task's wall time includes time the thread waited for a core;
   * its thread time is the work the page itself did.
   */
  trace: { tasks: number; over_50ms_wall: number; over_50ms_cpu: number; max_wall_ms: number; max_cpu_ms: number; cpu_ms: number };
  fps: number;
  frame_ms_p99: number;
  frame_ms_max: number;
  worker_sps: number;
  load_average: number[];
}

export async function pageBench(browser: Browser, url: string, seconds: number, profileFile?: string): Promise<PageResult> {
  const hash = 'env=CartPole-v1&agent=ppo&seed=1&backend=wasm&layout=all';
  const { page, context } = await openPage(browser, { width: 1400, height: 900 });
  try {
    await observeLongTasks(page);
    await page.goto(`${url}#${hash}`);
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    if (!(await pause.isVisible())) await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0) >= 2, null, { timeout: 120_000 });
    const stepsOf = (): Promise<number> => page.evaluate(() => Number(document.querySelector('[data-testid="env-steps"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0));
    const cdp = profileFile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    const steps0 = await stepsOf();
    const f = await measureFrames(page, seconds);
    const r = { elapsed: f.seconds, long: f.long_task_ms, fps: f.fps, p99: f.frame_ms_p99, max: f.frame_ms_max };
    const steps1 = await stepsOf();
    const trace = mainThreadTasks(await browser.stopTracing());
    if (cdp && profileFile) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(profileFile, JSON.stringify(profile));
    }
    return {
      page: `${hash}, speed max, render on`,
      seconds: Number(r.elapsed.toFixed(1)),
      long_tasks: r.long.length,
      long_task_max_ms: r.long.reduce((m, d) => Math.max(m, d), 0),
      total_blocking_ms: r.long.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      long_task_ms: r.long,
      trace,
      fps: Number(r.fps.toFixed(1)),
      frame_ms_p99: Math.round(r.p99),
      frame_ms_max: Math.round(r.max),
      worker_sps: Math.round((steps1 - steps0) / r.elapsed),
      load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
    };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } };
}

/**
 * A task at the top of the main thread: a scheduled task, or the continuation of a `scheduler.yield()`, which
 * Chromium's trace shows as a microtask checkpoint of its own, outside any RunTask (the page's start-up uses it).
 */
const TOP_LEVEL = new Set(['ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);

/**
 * The renderer main thread's top-level tasks in a trace: counts over 50 ms, wall and CPU. `origin`: only a main
 * thread that loaded or ran something from there (a trace can hold another page's renderer, busy or closing).
 */
export function mainThreadTasks(buffer: Buffer, origin?: string): PageResult['trace'] {
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const renderers = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const fromOrigin = (e: TraceEvent): boolean => origin !== undefined && (e.args?.data?.url ?? e.args?.beginData?.url ?? '').startsWith(origin);
  const pages = new Set(events.filter((e) => renderers.has(`${e.pid}:${e.tid}`) && fromOrigin(e)).map((e) => `${e.pid}:${e.tid}`));
  const mains = origin !== undefined && pages.size > 0 ? pages : renderers;
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !TOP_LEVEL.has(e.name) || !mains.has(key)) continue;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  // The page's renderer: the main thread that ran the most tasks; of its events, those inside no other.
  const tasks = outermost([...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? []);
  const ms = (us: number | undefined): number => (us ?? 0) / 1000;
  return {
    tasks: tasks.length,
    over_50ms_wall: tasks.filter((t) => ms(t.dur) > 50).length,
    over_50ms_cpu: tasks.filter((t) => ms(t.tdur) > 50).length,
    max_wall_ms: Math.round(tasks.reduce((m, t) => Math.max(m, ms(t.dur)), 0)),
    max_cpu_ms: Math.round(tasks.reduce((m, t) => Math.max(m, ms(t.tdur)), 0)),
    cpu_ms: Math.round(tasks.reduce((sum, t) => sum + ms(t.tdur), 0)),
  };
}

/** The events not nested in another of the list (a checkpoint at the end of a RunTask belongs to that task). */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of sorted) {
    if (e.ts < end) continue;
    out.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  return out;
}
