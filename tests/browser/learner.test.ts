// A learner's first minutes, against the production build: the default page trains PPO on CartPole
// at once and draws the env before the backend is chosen (reduced motion: a Play prompt instead);
// the Essentials charts each open an explainer by keyboard and by tap; an empty chart says why;
// layout and theme round-trip through the URL; "?" lists the keyboard shortcuts; Start here opens a lesson.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { hashParams, waitForUpdates } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const ESSENTIAL_TITLES = ['Episode return', 'Policy entropy', 'Policy change per update (KL, clip fraction)', 'Predicted value vs observed return', 'Explained variance', 'Gradient norm'];

/** Distinct colours on the env canvas (a blank canvas has one). */
const canvasColours = (page: Page): Promise<number> =>
  page.getByTestId('env-canvas').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });

/** A phone: touch, 390 × 844. */
async function openPhone(colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = { errors: [] as string[] };
  page.on('console', (m) => m.type() === 'error' && problems.errors.push(m.text()));
  page.on('pageerror', (e) => problems.errors.push(e.message));
  return { context, page, problems };
}

describe('landing', () => {
  it('the default page trains PPO on CartPole-v1 at once, and draws the env before the backend is chosen', async () => {
    const { page, problems, context } = await openPage(browser);
    // Record, as they happen, when the canvas first shows something and when the backend is first named.
    await page.addInitScript(() => {
      const w = window as unknown as { order: string[] };
      w.order = [];
      new MutationObserver(() => {
        const drawn = document.querySelector('[data-testid="env-canvas"]')?.getAttribute('data-drawn');
        if (drawn && !w.order.includes('frame')) w.order.push('frame');
        if (document.querySelector('[data-testid="backend"]') && !w.order.includes('backend')) w.order.push('backend');
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('env-canvas').and(page.locator('[data-env-id="CartPole-v1"]')).waitFor();
    expect(await canvasColours(page)).toBeGreaterThan(2);
    expect(await page.getByTestId('agent-picker').inputValue()).toBe('ppo');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await waitForUpdates(page, 1, 150_000);
    await expect.poll(() => page.getByTestId('env-canvas').getAttribute('data-drawn'), { timeout: 30_000 }).toBe('live');
    // The first frame came first: `auto` timing the backends did not hold it back.
    expect(await page.evaluate(() => (window as unknown as { order: string[] }).order)).toEqual(['frame', 'backend']);
    expect((await hashParams(page)).get('agent')).toBe('ppo');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('with reduced motion, waits for a clear Play prompt instead of training', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}#backend=wasm`);
    const prompt = page.getByRole('button', { name: 'Play: train PPO on CartPole-v1' });
    await prompt.waitFor();
    await page.getByTestId('env-canvas').and(page.locator('[data-env-id="CartPole-v1"]')).waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    // Nothing trains until asked; the empty charts say so.
    await expect.poll(() => page.locator('[data-metric="charts/episodic_return"] [data-testid="chart-waiting"]').textContent(), { timeout: 60_000 }).toMatch(/^Paused: press Play/);
    expect(await page.getByTestId('env-steps').textContent()).toBe('0');
    await prompt.click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('play-prompt').count()).toBe(0);
    await waitForUpdates(page, 1);
    await context.close();
  });

  it('Start here opens the first lesson', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#backend=wasm`);
    const start = page.getByTestId('start-here');
    await start.getByRole('heading', { name: 'Start here' }).waitFor();
    await start.getByRole('button', { name: /^Start the first lesson/ }).click();
    await page.getByTestId('lesson-card').waitFor();
    await expect.poll(async () => (await hashParams(page)).get('lesson')).toMatch(/^[a-z0-9-]+$/);
    expect(await start.count()).toBe(0);
    await context.close();
  });

  it("Start here on the model-based agent's page opens one of its lessons", async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#agent=mbrl&env=Pendulum-v1&backend=wasm`);
    const start = page.getByTestId('start-here');
    await start.getByRole('button', { name: /^Start the first lesson/ }).click();
    await page.getByTestId('lesson-card').waitFor();
    await expect.poll(async () => (await hashParams(page)).get('lesson')).toMatch(/^mbrl-/);
    await context.close();
  });
});

describe('Essentials and their explainers', () => {
  /** The explainer dialog shows the chart's title, its sections and a formula. */
  async function expectExplainer(page: Page, title: string): Promise<Locator> {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    for (const section of ['What it measures', 'Formula', 'What healthy looks like here', 'Bugs that move it', 'Metric keys']) {
      await dialog.getByRole('heading', { name: section }).waitFor();
    }
    expect(await dialog.locator('math').count()).toBeGreaterThan(0);
    expect(await dialog.locator('code').first().textContent()).toMatch(/^[a-z]+\/[\w/]+$/);
    return dialog;
  }

  it('shows six charts with plain titles (no metric keys), each with an explainer reachable by keyboard', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#backend=wasm`);
    const essentials = page.getByTestId('essentials');
    await expect.poll(() => essentials.locator('figure h4').allTextContents(), { timeout: 90_000 }).toEqual(ESSENTIAL_TITLES);
    // Raw metric keys only in the explainer, never on the cards themselves.
    expect(await essentials.locator('figure').allInnerTexts()).not.toContainEqual(expect.stringMatching(/\b(charts|losses|diagnostics|time|memory)\//));
    expect(await page.getByRole('radio', { name: 'Essentials' }).isChecked()).toBe(true);

    // Tab from one ⓘ to the next; Enter opens the explainer, Escape closes it and gives focus back.
    await essentials.getByRole('button', { name: `About ${ESSENTIAL_TITLES[0]}` }).focus();
    for (const [i, title] of ESSENTIAL_TITLES.entries()) {
      if (i > 0) {
        for (let presses = 0; presses < 8; presses++) {
          if ((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) === `About ${title}`) break;
          await page.keyboard.press('Tab');
        }
      }
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`About ${title}`);
      await page.keyboard.press('Enter');
      const dialog = await expectExplainer(page, title);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`About ${title}`);
    }

    // A bug named in an explainer opens its card.
    await essentials.getByRole('button', { name: `About ${ESSENTIAL_TITLES[2]}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Open the bug card: Learning rate too high' }).click();
    await page.locator('[data-testid="bug-card"][data-bug="lr_too_high"]').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Everything else is one click away.
    await page.getByTestId('show-all-diagnostics').click();
    await expect.poll(async () => (await hashParams(page)).get('layout')).toBe('all');
    await expect.poll(() => page.locator('[data-metric="losses/clipfrac"]').count()).toBe(1);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('opens each explainer by tap on a phone, with the env and the Essentials above the panels', async () => {
    const { page, problems, context } = await openPhone();
    await page.goto(`${inject('baseUrl')}#backend=wasm`);
    const essentials = page.getByTestId('essentials');
    await expect.poll(() => essentials.locator('figure h4').allTextContents(), { timeout: 90_000 }).toEqual(ESSENTIAL_TITLES);
    const top = async (l: Locator): Promise<number> => (await l.boundingBox())!.y;
    expect(await top(page.getByTestId('env-canvas'))).toBeLessThan(await top(essentials));
    expect(await top(essentials)).toBeLessThan(await top(page.getByRole('button', { name: /Hyperparameters/ })));
    expect(await top(essentials)).toBeLessThan(await top(page.getByTestId('bugs-panel')));
    for (const title of ESSENTIAL_TITLES) {
      // The ⓘ sits inside its chart's element.
      const chart = essentials.locator('figure[data-metric]').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
      const about = chart.getByRole('button', { name: `About ${title}` });
      const box = (await about.boundingBox())!;
      expect(Math.min(box.width, box.height), title).toBeGreaterThanOrEqual(40);
      await about.tap();
      const dialog = await expectExplainer(page, title);
      await dialog.getByRole('button', { name: 'Close' }).tap();
      await dialog.waitFor({ state: 'hidden' });
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('says why a chart is empty and about when it fills: MountainCar episodes end at the time limit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}#env=MountainCar-v0&backend=wasm`);
    const waiting = page.locator('[data-metric="charts/episodic_return"] [data-testid="chart-waiting"]');
    await expect.poll(() => waiting.textContent(), { timeout: 90_000 }).toMatch(/MountainCar-v0 episodes end after 200 steps × \d+ envs stepping side by side = [\d,]+ env steps/);
    await expect.poll(() => page.locator('[data-metric="losses/entropy"] [data-testid="chart-waiting"]').textContent()).toMatch(/first update: PPO learns after each rollout of \d+ envs × \d+ steps/);
    await context.close();
  });
});

describe('view settings in the URL', () => {
  it('layout and theme round-trip through the link, and follow the controls', async () => {
    const { page, problems, context } = await openPage(browser, { colorScheme: 'light' });
    await page.goto(`${inject('baseUrl')}#backend=wasm&layout=all&theme=dark`);
    const root = page.locator('html');
    await expect.poll(() => root.getAttribute('data-theme')).toBe('dark');
    expect(await page.getByTestId('theme-picker').inputValue()).toBe('dark');
    expect(await page.getByRole('radio', { name: 'All diagnostics' }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('[data-metric="losses/clipfrac"]').count(), { timeout: 90_000 }).toBe(1);
    expect(await page.getByTestId('essentials').count()).toBe(0);
    // Dark colours really apply (not only the attribute).
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');

    await page.getByTestId('theme-picker').selectOption('light');
    await expect.poll(async () => (await hashParams(page)).get('theme')).toBe('light');
    expect(await root.getAttribute('data-theme')).toBe('light');
    await page.getByRole('radio', { name: 'Essentials' }).check();
    await expect.poll(async () => (await hashParams(page)).has('layout')).toBe(false);
    await page.getByTestId('essentials').waitFor();

    // The link reopens as it was left.
    await page.reload();
    await page.getByTestId('essentials').waitFor();
    expect(await root.getAttribute('data-theme')).toBe('light');
    expect(await page.getByTestId('theme-picker').inputValue()).toBe('light');

    // 'system' follows the colour scheme and is left out of links.
    await page.getByTestId('theme-picker').selectOption('system');
    await expect.poll(async () => (await hashParams(page)).has('theme')).toBe(false);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => root.getAttribute('data-theme')).toBe('dark');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('"?" lists the keyboard shortcuts, from the button and from the keyboard', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#backend=wasm`);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['Space', 'N', 'R', '?']));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await dialog.waitFor();
    // While the list is open, R does not reset the run.
    const steps = await page.getByTestId('env-steps').textContent();
    await page.keyboard.press('r');
    await page.keyboard.press('?');
    await dialog.waitFor({ state: 'hidden' });
    expect(Number((await page.getByTestId('env-steps').textContent())!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(Number(steps!.replace(/\D/g, '')));
    await context.close();
  });
});
