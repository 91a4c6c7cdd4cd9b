// A stored run opened the moment the page can take it, before the page's own run has set up (its worker
// picks a backend and builds the networks): the live run's set-up must not close the view, wipe the stored
// run from the charts or swap its alerts for the live run's. A learner can import a file within a second
// of opening the page. Both languages, since the alerts are translated when shown.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { frames, waitForUpdates } from './page-helpers.ts';
import { runToFile } from '../../src/history/run-file.ts';
import { sampleRun } from '../unit/history/fixtures.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const RUN_ID = 'opened-early';
const run = {
  ...sampleRun(RUN_ID),
  alerts: [
    { id: 'kl_spike', step: 1024, key: 'losses/approx_kl', message: 'approx_kl 0.3 > 0.15: one update moved the policy far from the one that collected the data.', text: { key: 'health.msg.klSingle' as const, params: { value: 0.3, limit: 0.15 } } },
    { id: 'explained_variance_negative', step: 1536, key: 'losses/explained_variance', message: 'Stored with the run' },
  ],
};

const TEXT = {
  en: { open: 'Open', back: 'Back to the live run', kl: 'approx_kl 0.3 > 0.15: one update moved the policy far from the one that collected the data.' },
  zh: { open: '打开', back: '回到当前训练', kl: 'approx_kl 0.3 > 0.15：一次更新就让策略远离了收集这批数据的那个策略。' },
} as const;

/**
 * What the page shows: whether the history says a stored run is on the charts; the approx_kl chart's runs
 * with points (scrolled into view: a chart draws when seen) and whether its last value is the stored run's
 * (∞: no live run ends on that); and every alert's message.
 */
async function shown(page: Page): Promise<{ viewing: boolean; runs: number; storedLast: boolean; alerts: string[] }> {
  return page.evaluate(() => {
    const fig = document.querySelector('[data-metric="losses/approx_kl"]');
    fig?.scrollIntoView({ block: 'nearest' });
    const plot = fig?.querySelector('.plot');
    const alerts = [...document.querySelectorAll('[data-testid="alerts-panel"] [data-testid="alert-message"]')].map((e) => e.textContent ?? '');
    return {
      viewing: document.querySelector('[data-testid="history-viewing"]') !== null,
      runs: Number(plot?.getAttribute('data-runs') ?? 0),
      storedLast: (fig?.querySelector('[id$="-summary"]')?.textContent ?? '').includes('∞'),
      alerts,
    };
  });
}

/**
 * From now on, check every frame the page paints (until the test reads the record): note each one that does not say a stored run is on the
 * charts, or lacks one of `alerts` (what a learner would see; the DOM in between frames is never on screen).
 */
async function watchView(page: Page, alerts: readonly string[]): Promise<void> {
  await page.evaluate((want) => {
    const watch = { lost: [] as string[], on: true };
    const lost = watch.lost;
    (window as unknown as { viewWatch: typeof watch }).viewWatch = watch;
    const check = (): void => {
      if (!watch.on) return;
      if (!document.querySelector('[data-testid="history-viewing"]')) lost.push('view closed');
      const shown = [...document.querySelectorAll('[data-testid="alerts-panel"] [data-testid="alert-message"]')].map((e) => e.textContent ?? '');
      const missing = want.filter((a) => !shown.includes(a));
      if (missing.length > 0) lost.push(`alerts missing: ${missing.join(' | ')}`);
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, alerts);
}

describe('a stored run opened before the live run has set up', () => {
  // `held`: the trainer's worker script is held back until the view is open, so the live run sets up after it
  // every time; otherwise the page loads as it would, and the view opens as early as the page lets it.
  for (const [lang, held] of [['en', false], ['zh', false], ['en', true], ['zh', true]] as const) {
    it(`keeps the stored run on the charts and its alerts in the panel (${lang}${held ? ', trainer held back' : ''})`, async () => {
      const text = TEXT[lang];
      const stored = { viewing: true, runs: 1, storedLast: true, alerts: ['Stored with the run', text.kl] };
      const { page, context, problems } = await openPage(browser, { width: 1400, height: 1000 });
      let release = (): void => {};
      if (held) {
        const released = new Promise<void>((resolve) => (release = resolve));
        await page.route('**/trainer.worker-*.js', async (route) => {
          await released;
          await route.continue();
        });
      }
      // Whether the view opened before the live run had set up (no backend named yet): shown, not asserted.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.querySelector('[data-testid="history-viewing"]')) return;
          (window as unknown as { openedBeforeSetUp: boolean }).openedBeforeSetUp = document.querySelector('[data-testid="backend"]') === null;
          observer.disconnect();
        }).observe(document, { subtree: true, childList: true });
      });
      await page.goto(`${inject('baseUrl')}#lang=${lang}&backend=wasm`);
      // As soon as the history panel is there: no wait for the live run.
      await page.getByTestId('import-run').setInputFiles({ name: 'run.rlrun.json', mimeType: 'application/json', buffer: Buffer.from(runToFile(run)) });
      await page.locator(`[data-testid="history-item"][data-run-id="${RUN_ID}"]`).getByRole('button', { name: text.open, exact: true }).click();
      await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(stored);
      await watchView(page, stored.alerts);
      if (held) {
        expect(await page.getByTestId('backend').count()).toBe(0);
        release();
      }
      // The live run has set up (its backend is named) and laid out its charts: the view is still the stored
      // run, and never stopped being it meanwhile.
      await page.getByTestId('backend').waitFor({ timeout: 120_000 });
      await frames(page);
      await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(stored);
      const lost = await page.evaluate(() => {
        const watch = (window as unknown as { viewWatch: { lost: string[]; on: boolean } }).viewWatch;
        watch.on = false;
        return watch.lost.slice(0, 3);
      });
      expect(lost).toEqual([]);
      // Back to the live run: it trains, and the stored run has left the charts and the alerts.
      await page.getByRole('button', { name: text.back, exact: true }).click();
      await waitForUpdates(page, 3, 180_000);
      await expect.poll(async () => (await shown(page)).viewing).toBe(false);
      expect((await shown(page)).alerts).not.toContain('Stored with the run');
      // Opened again while the live run trains: the stored run and its alerts once more.
      await page.locator(`[data-testid="history-item"][data-run-id="${RUN_ID}"]`).getByRole('button', { name: text.open, exact: true }).click();
      await expect.poll(() => shown(page), { timeout: 20_000 }).toEqual(stored);
      expect(problems.errors).toEqual([]);
      const before = await page.evaluate(() => (window as unknown as { openedBeforeSetUp?: boolean }).openedBeforeSetUp);
      console.log(`[history-open-early ${lang}] the view opened ${before ? 'before' : 'after'} the live run's set-up finished`);
      await context.close();
    }, 300_000);
  }
});
