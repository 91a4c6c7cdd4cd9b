// Setting up a run from the page and from links, against the production build: hyperparameters from
// the agent's schema (invalid values refused inline, live ones applied, restart ones pending), bad
// URL values falling back with a message, the URL round trip, embed mode, keyboard shortcuts, and a
// crashed worker restarted without losing the charts.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { chartHasPoints, counter, hashParams, waitForCounter, waitForStopped, waitForUpdates } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const PPO = '#env=CartPole-v1&agent=ppo&seed=1&backend=wasm';

async function open(hash: string, opts: { width?: number } = {}) {
  const { page, problems, context } = await openPage(browser, { width: opts.width ?? 1280, height: 900 });
  await page.goto(`${inject('baseUrl')}${hash}`);
  return { page, problems, context };
}

/** The hyperparameter row of `key` (the panel opened first). */
async function field(page: Page, key: string) {
  const panel = page.getByRole('button', { name: /Hyperparameters/ });
  if ((await panel.getAttribute('aria-expanded')) !== 'true') await panel.click();
  return page.locator(`[data-key="${key}"]`);
}

describe('hyperparameter panel', () => {
  it('refuses an invalid learning rate with a message next to the field and never applies it', async () => {
    const { page, problems, context } = await open(PPO);
    await waitForUpdates(page, 1);
    const lr = await field(page, 'learningRate');
    const input = lr.getByRole('textbox');
    const before = await input.inputValue();

    for (const [bad, message] of [
      ['abc', /number/i],
      ['-1', /\[0, 1\]/],
    ] as const) {
      await input.fill(bad);
      await expect.poll(() => lr.getByTestId('field-error').textContent()).toMatch(message);
      await input.press('Enter');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect((await hashParams(page)).has('set.learningRate')).toBe(false);
      expect(await page.getByTestId('pending').count()).toBe(0);
    }
    // Escape gives the field back its value.
    await input.press('Escape');
    expect(await input.inputValue()).toBe(before);
    expect(await lr.getByTestId('field-error').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('applies a live value at once and holds a restart value until "Restart to apply"', async () => {
    const { page, problems, context } = await open(PPO);
    await waitForUpdates(page, 1);
    const lr = await field(page, 'learningRate');
    await lr.getByRole('textbox').fill('0.001');
    await lr.getByRole('textbox').press('Enter');
    await expect.poll(async () => (await hashParams(page)).get('set.learningRate')).toBe('0.001');
    await expect.poll(() => lr.locator('.mode').textContent()).toMatch(/live/);
    expect(await page.getByTestId('pending').count()).toBe(0);

    const envs = await field(page, 'numEnvs');
    await envs.getByRole('textbox').fill('6');
    await envs.getByRole('textbox').press('Enter');
    await expect.poll(() => page.getByTestId('pending').textContent()).toContain('numEnvs');
    expect(await page.getByTestId('watch-env').locator('option').count()).toBe(4);
    await page.getByRole('button', { name: 'Restart to apply' }).click();
    await expect.poll(() => page.getByTestId('watch-env').locator('option').count(), { timeout: 60_000 }).toBe(6);
    expect(await page.getByTestId('pending').count()).toBe(0);
    const hash = await hashParams(page);
    expect([hash.get('set.numEnvs'), hash.get('set.learningRate')]).toEqual(['6', '0.001']);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

describe('links', () => {
  it('falls back from bad values with a visible, dismissible message', async () => {
    const { page, context } = await open('#env=Nope-v9&agent=ppo&seed=-4&backend=gpu&steps=abc&set.learningRate=abc&set.bogus=1&backend=wasm');
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    for (const part of ['Nope-v9', 'Seed', 'gpu', 'steps', 'learningRate', 'bogus']) expect(text).toContain(part);
    expect(await page.getByTestId('env-picker').inputValue()).toBe('CartPole-v1');
    expect(await page.getByTestId('agent-picker').inputValue()).toBe('ppo');
    expect(await page.getByTestId('seed-input').inputValue()).toBe('1');
    // The page trains with what it fell back to, and the URL now says so.
    await waitForUpdates(page, 1);
    const hash = await hashParams(page);
    expect(hash.get('env')).toBe('CartPole-v1');
    expect(hash.has('set.learningRate') || hash.has('set.bogus') || hash.has('steps')).toBe(false);
    await notice.getByRole('button', { name: /Dismiss/ }).click();
    expect(await page.getByTestId('url-notice').count()).toBe(0);
    await context.close();
  });

  it('round-trips every run-defining field through the hash, and runs to the step budget', async () => {
    const hash = '#env=CartPole-v1&agent=ppo&preset=cleanrl&seed=7&backend=wasm&steps=1024&set.entCoef=0.02&hide=watch';
    const { page, problems, context } = await open(hash);
    expect(await page.getByTestId('preset-picker').inputValue()).toBe('cleanrl');
    expect(await page.getByTestId('seed-input').inputValue()).toBe('7');
    expect(await page.getByTestId('backend-picker').inputValue()).toBe('wasm');
    expect(await page.getByTestId('budget-input').inputValue()).toBe('1024');
    expect(await (await field(page, 'entCoef')).getByRole('textbox').inputValue()).toBe('0.02');
    expect(await page.getByTestId('watch-env').count()).toBe(0);
    await page.getByTestId('progress').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="run-stats"]')?.getAttribute('data-done') === 'true', null, { timeout: 120_000 });
    expect(await counter(page, 'env-steps')).toBeGreaterThanOrEqual(1024);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Play', exact: true }).isDisabled()).toBe(true);
    const back = await hashParams(page);
    for (const [k, v] of new URLSearchParams(hash.slice(1))) expect(back.get(k), k).toBe(v);

    // A link pasted into this tab (a hash change) loads that run.
    await page.evaluate(() => {
      location.hash = '#env=Acrobot-v1&agent=ppo&seed=3&backend=wasm';
    });
    await expect.poll(() => page.getByTestId('env-picker').inputValue()).toBe('Acrobot-v1');
    expect(await page.getByTestId('seed-input').inputValue()).toBe('3');
    expect(await page.getByTestId('budget-input').inputValue()).toBe('');
    await page.getByTestId('env-canvas').and(page.locator('[data-env-id="Acrobot-v1"]')).waitFor();

    // A seed typed in the header is checked, and a valid one starts a fresh run and goes to the URL.
    await page.getByTestId('seed-input').fill('x1');
    await expect.poll(() => page.locator('.seed .field-error').count()).toBe(1);
    await page.getByTestId('seed-input').fill('42');
    await page.getByTestId('seed-input').press('Enter');
    await expect.poll(async () => (await hashParams(page)).get('seed')).toBe('42');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('embed mode: one compact column with the play row and only the listed charts', async () => {
    const { page, problems, context } = await open(`${PPO}&view=embed&charts=charts/episodic_return,losses/entropy`, { width: 420 });
    await page.getByTestId('embed').waitFor();
    expect(await page.locator('header h1').count()).toBe(0);
    await page.getByTestId('env-canvas').waitFor();
    // An embed waits for a click before it trains.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => page.locator('[data-metric]').evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')).sort()), { timeout: 60_000 }).toEqual([
      'charts/episodic_return',
      'losses/entropy',
    ]);
    await expect.poll(() => chartHasPoints(page, 'losses/entropy'), { timeout: 60_000 }).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(420);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

describe('keyboard and faults', () => {
  it('Space plays and pauses, N steps, R resets; not while typing in a field', async () => {
    const { page, problems, context } = await open(`${PPO}`);
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    await waitForUpdates(page, 1);
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await waitForStopped(page);
    const updates = await counter(page, 'update-count');
    await page.keyboard.press('n');
    await waitForCounter(page, 'update-count', { equals: updates + 1 });
    await waitForStopped(page);
    // Typing an "r" into the seed field is typing, not a reset.
    await page.getByTestId('seed-input').press('r');
    await page.getByTestId('seed-input').press('Escape');
    expect(await counter(page, 'update-count')).toBe(updates + 1);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('r');
    await waitForCounter(page, 'update-count', { equals: 0 });
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await waitForUpdates(page, 1);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('a worker that throws shows the error and a restart that keeps the points already drawn', async () => {
    const { page, context } = await open(PPO);
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    await expect.poll(() => chartHasPoints(page, 'losses/entropy'), { timeout: 60_000 }).toBe(true);
    const worker = page.workers()[0];
    await worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated worker fault');
      });
    });
    const error = page.getByTestId('run-error');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toContain('simulated worker fault');
    expect(await chartHasPoints(page, 'losses/entropy')).toBe(true);
    await error.getByRole('button', { name: 'Restart', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-error').count()).toBe(0);
    await waitForUpdates(page, 1);
    // Both runs are on the charts now: the one before the fault and the fresh one.
    await expect.poll(() => page.locator('[data-metric="losses/entropy"]').textContent(), { timeout: 30_000 }).toContain('before the restart');
    await context.close();
  });
});
