// Issue 15's load measure: 8 concurrent runs (the bug lab comparing a broken config with its healthy twin over
// 4 seeds each) at max speed with rendering on: does the page keep painting, and does every run keep progressing?

import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchChromium, openPage } from '../../tests/browser/browser.ts';
import { mainThreadTasks } from './page-bench.ts';
import { measureFrames, observeLongTasks } from './page-measure.ts';

/** Each compare arm's slowest run (the low end of its "steps lo–hi" line) and how many of its runs are running. */
function armProgress(page: Page): Promise<{ label: string; minSteps: number; running: number }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="compare-arm"]')].map((li) => {
      const label = li.querySelector('.label')?.textContent?.trim() ?? '';
      const state = li.querySelector('.state')?.textContent ?? '';
      const steps = state.split('·')[0].replace(/[^0-9–]/g, '').split('–')[0];
      const running = /(\d+)\s*running/.exec(state)?.[1];
      return { label, minSteps: Number(steps), running: Number(running ?? 0) };
    }),
  );
}

/**
 * 8 concurrent runs: PPO on CartPole with lr_too_high, compared with its healthy twin, 4 seeds each, max speed,
 * rendering and every chart on. navigator.hardwareConcurrency is reported as 9 so the lab gives each run its own
 * worker (it runs one worker per core less one), as on an 8+-core laptop; here they share the machine's cores.
 */
export interface LoadResult {
  runs: number;
  fps: number;
  every_run_progressed: boolean;
  main_thread_trace: { max_cpu_ms: number; cpu_ms: number };
}

export async function loadBench(url: string, seconds: number, seedsPerArm = 4, backend = 'wasm'): Promise<LoadResult & Record<string, unknown>> {
  const browser = await launchChromium();
  try {
    const { page } = await openPage(browser, { width: 1400, height: 900 });
    await observeLongTasks(page);
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 9 }));
    await page.goto(`${url}#env=CartPole-v1&agent=ppo&seed=1&backend=${backend}&bugs=lr_too_high&compare=healthy&seeds=${seedsPerArm}&layout=all`);
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    if (!(await pause.isVisible())) await page.getByRole('button', { name: 'Play', exact: true }).click();
    // Every run started and past its first steps.
    await page.waitForFunction(
      (n) => {
        const arms = [...document.querySelectorAll('[data-testid="compare-arm"] .state')].map((e) => e.textContent ?? '');
        const running = (s: string): boolean => (n === 1 ? true : new RegExp(`${n}\\s*running`).test(s));
        return arms.length === 2 && arms.every((s) => running(s) && Number(s.split('·')[0].replace(/[^0-9–]/g, '').split('–')[0]) > 0);
      },
      seedsPerArm,
      { timeout: 300_000, polling: 500 },
    );
    const before = await armProgress(page);
    // A trace of the same window tells the page's own work (thread time) from waiting for a core (wall time).
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    const frames = await measureFrames(page, seconds);
    const trace = mainThreadTasks(await browser.stopTracing());
    const after = await armProgress(page);
    const arms = before.map((b, i) => ({ label: b.label, running: after[i]?.running ?? 0, min_steps_before: b.minSteps, min_steps_after: after[i]?.minSteps ?? 0 }));
    return {
      runs: 2 * seedsPerArm,
      setup: `PPO CartPole-v1, lr_too_high vs healthy, ${seedsPerArm} seed(s) each, max speed, rendering on, All diagnostics`,
      backend,
      ...frames,
      main_thread_trace: trace,
      load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
      arms,
      every_run_progressed: arms.every((a) => a.min_steps_after > a.min_steps_before && (seedsPerArm === 1 || a.running === seedsPerArm)),
    };
  } finally {
    await browser.close();
  }
}
