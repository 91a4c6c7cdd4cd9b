// The live page against the production build: loads cleanly, trains PPO at once, animates the env
// canvas, and redraws it for every env in the picker (with the random agent: no backend to time per env).

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, waitForEpisodesAbove, episodeCount, type PageProblems } from './browser.ts';

let browser: Browser;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser));
  await page.goto(inject('baseUrl'));
});

afterAll(async () => {
  await browser?.close();
});

const canvasEnv = (p: Page): Promise<string | null> => p.getByTestId('env-canvas').getAttribute('data-env-id');

describe('live page', () => {
  it('loads with no console errors and runs episodes of PPO on CartPole-v1', async () => {
    await expect.poll(() => page.getByTestId('env-picker').inputValue()).toBe('CartPole-v1');
    await expect.poll(() => page.getByTestId('agent-picker').inputValue()).toBe('ppo');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await waitForEpisodesAbove(page, 1, 150_000);
    await expect.poll(() => page.getByTestId('last-return').textContent()).toMatch(/^\d/);
    expect(problems.errors).toEqual([]);
  });

  it('animates the env canvas while playing', async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid="env-canvas"]')?.getAttribute('data-env-id') === 'CartPole-v1');
    const canvas = page.getByTestId('env-canvas');
    const before = await canvas.screenshot();
    await expect.poll(async () => (await canvas.screenshot()).equals(before), { timeout: 20_000, interval: 200 }).toBe(false);
  });

  it('pauses and resumes from the play button', async () => {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const n = await episodeCount(page);
    await waitForEpisodesAbove(page, n);
  });

  it('switches to every env in the picker and redraws the canvas from the worker', async () => {
    await page.goto(`${inject('baseUrl')}#agent=random`);
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const ids = await page.getByTestId('env-picker').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids).toContain('CartPole-v1');
    expect(ids.length).toBeGreaterThanOrEqual(11);
    const canvas = page.getByTestId('env-canvas');
    let previous = await canvas.screenshot();
    // Start from another env so CartPole-v1 is switched to as well.
    for (const id of [...ids.filter((i) => i !== 'CartPole-v1'), 'CartPole-v1']) {
      await page.getByTestId('env-picker').selectOption(id);
      await expect.poll(() => canvasEnv(page), { timeout: 60_000 }).toBe(id);
      // Drawn from the worker's frames, not only the first state drawn before the run starts.
      await expect.poll(() => page.getByTestId('env-canvas').getAttribute('data-drawn'), { timeout: 60_000 }).toBe('live');
      await expect.poll(() => page.evaluate(() => location.hash)).toContain(`env=${id}`);
      const shot = await canvas.screenshot();
      expect(shot.equals(previous), `canvas unchanged after switching to ${id}`).toBe(false);
      previous = shot;
    }
    expect(problems.errors).toEqual([]);
  });
});
