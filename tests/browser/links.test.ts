// Links keep the whole experiment, against the production build: a page comparing two configs
// (learning rate ×40) with two seeds each, a smoothing and an x axis of its own, copied from the
// address bar and opened in a fresh page, reopens as the same comparison with the same settings;
// a "Compare with healthy" link reopens as healthy vs broken, in a new page or pasted into the same tab.

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

/** The compare panel's configurations, once both have their chip. */
async function arms(page: Page): Promise<string[]> {
  await expect.poll(() => page.getByTestId('compare-arm').count(), { timeout: 90_000, interval: 250 }).toBe(2);
  return page.getByTestId('compare-arm').locator('.label').allTextContents();
}

/** What the chart controls show: smoothing and the checked x axis. */
async function chartSettings(page: Page): Promise<{ smoothing: string; xAxis: string }> {
  const controls = page.getByTestId('dashboard-controls');
  return {
    smoothing: await controls.getByRole('slider', { name: 'Smoothing' }).inputValue(),
    xAxis: await controls.getByRole('radiogroup', { name: 'x axis' }).locator('input:checked').inputValue(),
  };
}

describe('links', () => {
  it('a link copied in compare mode reopens the same comparison, seeds, smoothing and x axis', async () => {
    const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
    const variant = page.getByTestId('compare-variant');
    await variant.getByLabel('Setting to change').selectOption('learningRate');
    await variant.getByLabel('Value in the second config').fill('1e-2');
    await variant.getByRole('button', { name: 'Compare' }).click();
    const shown = await arms(page);
    expect(shown[1]).toContain('learningRate');
    await page.getByTestId('seeds').selectOption('2');
    await page.getByTestId('dashboard-controls').getByRole('slider', { name: 'Smoothing' }).fill('0.85');
    await page.getByTestId('dashboard-controls').getByRole('radio', { name: 'updates' }).check();

    // The address bar (what Share copies) says all of it.
    await expect.poll(async () => Object.fromEntries(await hashParams(page))).toMatchObject({
      compare: 'variant',
      variant: 'learningRate:0.01',
      seeds: '2',
      smoothing: '0.85',
      x: 'update',
    });
    const link = await page.evaluate(() => location.href);
    await page.context().close();

    const { page: again, problems: againProblems } = await openPage(browser, { width: 1400, height: 900 });
    await again.goto(link);
    expect(await arms(again)).toEqual(shown);
    expect(await again.getByTestId('seeds').inputValue()).toBe('2');
    expect(await chartSettings(again)).toEqual({ smoothing: '0.85', xAxis: 'update' });
    // Both configs run as two seeds each: one chip per config above the charts, the median of its seeds.
    const chips = again.getByRole('list', { name: 'Runs' }).getByRole('button');
    await expect.poll(async () => (await chips.allTextContents()).filter((t) => t.includes('median of 2 seeds')).length, { timeout: 90_000, interval: 250 }).toBe(2);
    // The reopened page writes the same link back.
    expect(await again.evaluate(() => location.href)).toBe(link);
    expect([...problems.errors, ...againProblems.errors]).toEqual([]);
    await again.context().close();
  });

  it('a "Compare with healthy" link reopens as healthy vs broken, in a new page and pasted into the same tab', async () => {
    const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm&bugs=lr_too_high`);
    await page.getByRole('button', { name: 'Compare with healthy', exact: true }).click();
    const shown = await arms(page);
    expect(shown).toEqual([expect.stringContaining('broken: lr_too_high'), 'healthy']);
    await expect.poll(async () => (await hashParams(page)).get('compare')).toBe('healthy');
    const link = await page.evaluate(() => location.href);
    await page.context().close();

    const { page: again, problems: againProblems } = await openPage(browser, { width: 1400, height: 900 });
    await again.goto(link);
    expect(await arms(again)).toEqual(shown);
    // Stopping the comparison takes it out of the link.
    await again.getByRole('button', { name: 'Stop comparing' }).click();
    await expect.poll(async () => (await hashParams(again)).get('compare')).toBeNull();
    await expect.poll(() => again.getByTestId('compare-arm').count()).toBe(0);
    // Pasting the link into the same tab (a hash change, same run) brings the comparison back.
    await again.evaluate((hash) => (location.hash = hash), new URL(link).hash);
    expect(await arms(again)).toEqual(shown);
    expect([...problems.errors, ...againProblems.errors]).toEqual([]);
    await again.context().close();
  });
});
