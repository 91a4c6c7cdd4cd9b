// Screenshots of the bug lab for review (test-results/bug-lab/, not committed): the bugs panel with
// a lesson card open, the alerts, a guided lesson's prediction step and answer, and a healthy-vs-broken compare run, each at
// desktop (1400 px) and phone (360 px) width in light and dark. One training run serves all of them:
// the viewport and colour scheme change on the same page.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';

const out = fileURLToPath(new URL('../../test-results/bug-lab/', import.meta.url));
const VIEWS = [
  { name: 'desktop', width: 1400, height: 900 },
  { name: 'phone', width: 360, height: 780 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(out, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Every width × scheme: lay out, then `shoot(name)`. */
async function eachView(page: Page, shoot: (suffix: string) => Promise<void>): Promise<void> {
  for (const v of VIEWS) {
    for (const scheme of SCHEMES) {
      await page.setViewportSize({ width: v.width, height: v.height });
      await page.emulateMedia({ colorScheme: scheme });
      // Charts redraw on resize and scheme change in the next animation frame.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
      await shoot(`${v.name}-${scheme}`);
    }
  }
}

it('bugs panel, lesson card, a compare run and a multi-seed run, desktop and phone, light and dark', async () => {
  const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
  await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
  const bug = await page.locator('[data-testid="bugs-panel"] input[data-bug]:not([disabled])').first().getAttribute('data-bug');
  expect(bug).not.toBeNull();
  await page.locator(`[data-testid="bugs-panel"] input[data-bug="${bug}"]`).check();
  await page.getByRole('button', { name: 'Compare with healthy', exact: true }).click();
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-metric="charts/episodic_return"] [data-runs]')?.getAttribute('data-runs') === '2', null, {
    timeout: 150_000,
    polling: 500,
  });
  // Enough updates that the curves have a shape.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '')) >= 25, null, {
    timeout: 150_000,
    polling: 500,
  });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await eachView(page, async (s) => {
    await page.getByTestId('bugs-panel').screenshot({ path: `${out}bugs-panel-${s}.png` });
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: `${out}compare-${s}.png` });
    await page.getByTestId('compare-panel').screenshot({ path: `${out}compare-panel-${s}.png` });
    await page.getByTestId('alerts-panel').screenshot({ path: `${out}alerts-panel-${s}.png` });
  });
  expect(problems.errors).toEqual([]);
  await page.context().close();

  // A lesson: its prediction step, then (run at full speed) its answer with the chart that moved first.
  const lesson = await openPage(browser, { width: 1400, height: 900 });
  await lesson.page.goto(`${inject('baseUrl')}#backend=wasm&lesson=lr-too-high`);
  const card = lesson.page.getByTestId('lesson-card');
  await card.waitFor();
  await eachView(lesson.page, async (s) => {
    await card.screenshot({ path: `${out}lesson-card-${s}.png` });
  });
  await lesson.page.setViewportSize({ width: 1400, height: 900 });
  await lesson.page.getByTestId('lesson-predict').getByRole('radio').first().check();
  await lesson.page.getByTestId('lesson-predict').getByRole('radio', { name: /goes up/ }).check();
  await lesson.page.getByRole('button', { name: 'Run healthy vs broken' }).click();
  await lesson.page.getByRole('button', { name: 'Max', exact: true }).click();
  await lesson.page.waitForFunction(() => document.querySelector('[data-testid="lesson-card"]')?.getAttribute('data-phase') === 'revealed', null, {
    timeout: 150_000,
    polling: 500,
  });
  await lesson.page.getByRole('button', { name: 'Pause', exact: true }).click();
  await eachView(lesson.page, async (s) => {
    await card.screenshot({ path: `${out}lesson-result-${s}.png` });
    await lesson.page.evaluate(() => scrollTo(0, 0));
    await lesson.page.screenshot({ path: `${out}lesson-page-${s}.png` });
  });
  expect(lesson.problems.errors).toEqual([]);
  await lesson.page.context().close();

  // Three seeds of one config: the median with the min–max spread across seeds.
  const seeds = await openPage(browser, { width: 1400, height: 900 });
  await seeds.page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
  await seeds.page.getByTestId('seeds').selectOption('3');
  await seeds.page.getByRole('button', { name: 'Max', exact: true }).click();
  await seeds.page.getByRole('list', { name: 'Runs' }).getByRole('button', { name: /median of 3 seeds/ }).waitFor({ timeout: 150_000 });
  await seeds.page.waitForFunction(() => Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '')) >= 20, null, {
    timeout: 150_000,
    polling: 500,
  });
  await seeds.page.getByRole('button', { name: 'Pause', exact: true }).click();
  await eachView(seeds.page, async (s) => {
    await seeds.page.evaluate(() => scrollTo(0, 0));
    await seeds.page.screenshot({ path: `${out}seeds-${s}.png` });
  });
  expect(seeds.problems.errors).toEqual([]);
  await seeds.page.context().close();
});
