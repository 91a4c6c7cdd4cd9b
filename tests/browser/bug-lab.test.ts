// The bug lab against the production build. A bug that the agent really implements (read from the
// page, which reads the catalogue at run time) is switched on, "Compare with healthy" starts its
// healthy twin, and the return chart draws both runs; a lesson link opens the lesson's prediction step.
// Every wait polls a condition: no fixed sleeps.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { hashParams } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Learning agents in the order we would rather test with. */
const AGENTS = ['ppo', 'a2c', 'vpg', 'dqn'];

/** Bug ids whose switch is enabled in the bugs panel (the agent implements them). */
async function switchableBugs(page: Page): Promise<string[]> {
  await page.getByTestId('bugs-panel').waitFor();
  return page.locator('[data-testid="bugs-panel"] input[data-bug]:not([disabled])').evaluateAll((els) => els.map((e) => e.getAttribute('data-bug') ?? ''));
}

/** Runs in the last frame the chart of `metric` drew (its data-runs attribute; -1 before it exists). */
async function runsDrawn(page: Page, metric: string): Promise<number> {
  return page.evaluate((key) => Number(document.querySelector(`[data-metric="${key}"] [data-runs]`)?.getAttribute('data-runs') ?? -1), metric);
}

describe('bug lab', () => {
  it('switching on a bug and comparing with healthy draws two runs on the return chart', async () => {
    const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
    // wasm is forced so the runs skip `auto`'s timing of four backends (seconds on SwiftShader).
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
    let agent = '';
    let bugs: string[] = [];
    for (const a of AGENTS) {
      if (a !== 'ppo') await page.getByTestId('agent-picker').selectOption(a);
      await expect.poll(async () => (await hashParams(page)).get('agent')).toBe(a);
      bugs = await switchableBugs(page);
      if (bugs.length > 0) {
        agent = a;
        break;
      }
    }
    expect(bugs.length, 'no agent implements any bug').toBeGreaterThan(0);
    const bug = bugs.includes('lr_too_high') ? 'lr_too_high' : bugs[0];

    await page.locator(`[data-testid="bugs-panel"] input[data-bug="${bug}"]`).check();
    // Its lesson card opens, the URL records it, and the panel says it needs a restart.
    await page.locator(`[data-testid="bug-card"][data-bug="${bug}"]`).waitFor();
    await expect.poll(async () => (await hashParams(page)).get('bugs')).toBe(bug);
    await page.getByTestId('bugs-restart').waitFor();

    await page.getByRole('button', { name: 'Compare with healthy', exact: true }).click();
    await expect.poll(() => page.getByTestId('compare-arm').count(), { timeout: 90_000, interval: 250 }).toBe(2);
    await expect(page.getByTestId('compare-arm').allTextContents()).resolves.toEqual([expect.stringContaining(`broken: ${bug}`), expect.stringContaining('healthy')]);
    // Both runs finish episodes: the return chart draws two series (charts draw only while on screen).
    await page.locator('[data-metric="charts/episodic_return"]').scrollIntoViewIfNeeded();
    await expect.poll(() => runsDrawn(page, 'charts/episodic_return'), { timeout: 150_000, interval: 500 }).toBe(2);
    expect(await page.getByTestId('bugs-restart').count()).toBe(0);
    expect((await hashParams(page)).get('agent')).toBe(agent);

    // The run chips above the charts hide a run from every chart and show it again; the compare panel follows.
    const healthyChip = page.getByRole('list', { name: 'Runs' }).getByRole('button', { name: 'healthy', exact: true });
    await healthyChip.click();
    await page.locator('[data-metric="charts/episodic_return"]').scrollIntoViewIfNeeded();
    await expect.poll(() => runsDrawn(page, 'charts/episodic_return'), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('compare-arm').filter({ hasText: 'healthy' }).getByRole('button').getAttribute('aria-pressed')).toBe('false');
    await healthyChip.click();
    await page.locator('[data-metric="charts/episodic_return"]').scrollIntoViewIfNeeded();
    await expect.poll(() => runsDrawn(page, 'charts/episodic_return'), { timeout: 10_000 }).toBe(2);
    expect(problems.errors).toEqual([]);
    await page.context().close();
  });

  it('compares two configs (learning rate ×40) and runs two seeds as a median with its spread', async () => {
    const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
    const variant = page.getByTestId('compare-variant');
    await variant.getByLabel('Setting to change').selectOption('learningRate');
    await variant.getByLabel('Value in the second config').fill('1e-2');
    await variant.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('compare-arm').count(), { timeout: 90_000, interval: 250 }).toBe(2);
    await expect(page.getByTestId('compare-arm').allTextContents()).resolves.toEqual([expect.any(String), expect.stringContaining('learningRate')]);
    await page.locator('[data-metric="losses/approx_kl"]').scrollIntoViewIfNeeded();
    await expect.poll(() => runsDrawn(page, 'losses/approx_kl'), { timeout: 150_000, interval: 500 }).toBe(2);

    // Two seeds of each config: each config is drawn once, as the median of its seeds.
    await page.getByTestId('seeds').selectOption('2');
    const chips = page.getByRole('list', { name: 'Runs' }).getByRole('button');
    await expect.poll(async () => (await chips.allTextContents()).filter((t) => t.includes('median of 2 seeds')).length, { timeout: 90_000, interval: 250 }).toBe(2);
    await page.locator('[data-metric="losses/approx_kl"]').scrollIntoViewIfNeeded();
    await expect.poll(() => runsDrawn(page, 'losses/approx_kl'), { timeout: 150_000, interval: 500 }).toBe(2);
    expect(problems.errors).toEqual([]);
    await page.context().close();
  });

  it('a lesson link opens the lesson at its prediction step', async () => {
    const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=random&seed=1`);
    await page.getByTestId('lesson-list').getByRole('button', { name: /^Lessons/ }).click();
    const ready = await page.locator('[data-testid="lesson-list"] button[data-lesson]:not([disabled])').evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson') ?? ''));
    await page.context().close();

    const { page: lessonPage, problems: lessonProblems } = await openPage(browser, { width: 1400, height: 900 });
    const id = ready[0] ?? 'lr-too-high';
    await lessonPage.goto(`${inject('baseUrl')}#lesson=${id}`);
    const card = lessonPage.locator(`[data-testid="lesson-card"][data-lesson="${id}"]`);
    await card.waitFor();
    expect((await hashParams(lessonPage)).get('lesson')).toBe(id);
    if (ready.length === 0) {
      await expect(card.textContent()).resolves.toMatch(/coming/);
    } else {
      expect(await card.getAttribute('data-phase')).toBe('predict');
      const run = lessonPage.getByRole('button', { name: 'Run healthy vs broken' });
      expect(await run.isDisabled()).toBe(true);
      await lessonPage.getByTestId('lesson-predict').getByRole('radio').first().check();
      await lessonPage.getByTestId('lesson-predict').getByRole('radio', { name: /goes up/ }).check();
      expect(await run.isEnabled()).toBe(true);
    }
    expect([...problems.errors, ...lessonProblems.errors]).toEqual([]);
    await lessonPage.context().close();
  });
});
