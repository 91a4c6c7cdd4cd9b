// One load of a page, timed phase by phase from navigation (the page's performance.now() is 0 there):
// the `rlp:*` marks the page (src/ui/state/startup-marks.ts) and the training worker
// (src/workers/startup-marks.ts, src/agents/backend.ts) set, the worker's put on the page's clock
// through performance.timeOrigin, plus when the DOM showed the first env frame (env-canvas data-drawn)
// and the first trained update (update-count ≥ 1), and the main thread's long tasks until then.

import type { Browser, Worker } from 'playwright-core';
import { openPage } from '../../tests/browser/browser.ts';
import { mainThreadTasks, type PageResult } from './page-bench.ts';

export interface StartupLoad {
  /** ms after navigation: the DOM showed the first env frame, and an update count ≥ 1. */
  first_frame_ms: number;
  first_update_ms: number;
  /** Every mark, page and worker, ms after navigation (name without the `rlp:` prefix; worker marks start with `worker:`). */
  marks: Record<string, number>;
  /** Main-thread long tasks (> 50 ms) from navigation to the first update drawn. */
  long_tasks: number;
  long_task_max_ms: number;
  /**
   * From a Chromium trace of the same load (navigation to just after the first update drawn): the main thread's
   * tasks in wall and in thread (CPU) time. On a loaded machine a task's wall time includes waiting for a core.
   */
  trace: PageResult['trace'];
}

type Marks = { origin: number; marks: { name: string; startTime: number }[] };

const readMarks = (): Marks => ({
  origin: performance.timeOrigin,
  marks: performance
    .getEntriesByType('mark')
    .filter((m) => m.name.startsWith('rlp:'))
    .map((m) => ({ name: m.name, startTime: m.startTime })),
});

/** Load `url` in a fresh context, wait for the first update drawn and read every phase's time. */
export async function profileStartup(browser: Browser, url: string, timeoutMs = 180_000): Promise<StartupLoad> {
  const { page, context } = await openPage(browser, { width: 1400, height: 900 });
  try {
    let trainer: Worker | null = null;
    page.on('worker', (w) => {
      if (/trainer/.test(w.url())) trainer ??= w;
    });
    // tsx compiles with keepNames: functions handed to page.evaluate call a `__name` helper the page lacks.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.addInitScript(() => {
      const w = window as unknown as { dom: Record<string, number>; longTasks: number[] };
      w.dom = {};
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (w.dom.update === undefined) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        if (w.dom.frame === undefined && document.querySelector('[data-testid="env-canvas"]')?.getAttribute('data-drawn')) w.dom.frame = performance.now();
        const updates = Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0);
        if (w.dom.update === undefined && updates >= 1) w.dom.update = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { dom: Record<string, number> }).dom.update !== undefined, null, { timeout: timeoutMs });
    const trace = mainThreadTasks(await browser.stopTracing(), new URL(url).origin);
    const pageSide = await page.evaluate(() => {
      const w = window as unknown as { dom: Record<string, number>; longTasks: number[] };
      return { dom: w.dom, longTasks: w.longTasks, origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, startTime: m.startTime })) };
    });
    const marks: Record<string, number> = {};
    for (const m of pageSide.marks) if (m.name.startsWith('rlp:')) marks[m.name.slice(4)] = Math.round(m.startTime);
    const worker = trainer as Worker | null;
    if (worker) {
      const w = await worker.evaluate(readMarks);
      for (const m of w.marks) {
        const name = `worker:${m.name.slice(4)}`;
        // A name set twice (a backend timed again) keeps its first time.
        marks[name] ??= Math.round(w.origin + m.startTime - pageSide.origin);
      }
      marks['worker:origin'] = Math.round(w.origin - pageSide.origin);
    }
    return {
      first_frame_ms: Math.round(pageSide.dom.frame ?? NaN),
      first_update_ms: Math.round(pageSide.dom.update),
      marks: Object.fromEntries(Object.entries(marks).sort((a, b) => a[1] - b[1])),
      long_tasks: pageSide.longTasks.length,
      long_task_max_ms: Math.round(pageSide.longTasks.reduce((m, d) => Math.max(m, d), 0)),
      trace,
    };
  } finally {
    await context.close();
  }
}
