// The rest of the UI in 简体中文 and the header on a 375 px phone, against the production build:
// with `lang=zh` the play controls, run counters, chart controls, compare panel, hyperparameter panel
// and the "?" overlay show no English; at 375 px wide the header (Share, Embed, theme, Language, ?)
// wraps inside the screen in both languages. Screenshots of desktop and phone in both languages go
// to test-results/screenshots/ (`npm run screenshots`: docs/screenshots/; looked at by people, not compared).

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { chartHasPoints, waitForStopped, waitForUpdates, frames, screenshotDir } from './page-helpers.ts';

const out = screenshotDir();

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});


/** A page in `lang` that trained a few updates of PPO on CartPole-v1 and paused (by test id: the names are translated). */
async function trained(lang: 'en' | 'zh', width: number, height: number) {
  const phone = width < 640;
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: phone, isMobile: phone, deviceScaleFactor: phone ? 2 : 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${inject('baseUrl')}#backend=wasm&lang=${lang}`);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang === 'zh' ? 'zh-CN' : 'en');
  await waitForUpdates(page, 3, 150_000);
  await page.getByTestId('play').click();
  await waitForStopped(page);
  await expect.poll(() => chartHasPoints(page, 'charts/episodic_return'), { timeout: 60_000 }).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await frames(page);
  return { page, context, errors };
}

/** Latin words (3+ letters) in the visible text of `selector`, less names kept as written and the settings' own identifiers. */
function englishIn(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).first().evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    // A <select> of setting names (learningRate…) lists identifiers, not prose.
    for (const s of copy.querySelectorAll('select, option, kbd')) s.remove();
    const words = (copy.textContent ?? '').match(/[A-Za-z]{3,}/g) ?? [];
    return words.filter((w) => !/^(PPO|DQN|VPG|CartPole|Space|Esc|ReLU|NaN|bug|bugs|rollout)$/.test(w) && !/^[a-z]+[A-Z]/.test(w));
  });
}

describe('简体中文 beyond the header', () => {
  it('lang=zh: play controls, counters, chart controls, compare, hyperparameters and the shortcut list have no English left', async () => {
    const { page, context, errors } = await trained('zh', 1280, 800);
    for (const id of ['play', 'step', 'reset', 'run-stats', 'dashboard-controls', 'layout-switch', 'compare-panel', 'hyper-panel', 'alerts-panel']) {
      expect(await englishIn(page, `[data-testid="${id}"]`), id).toEqual([]);
    }
    expect(await page.getByTestId('play').textContent()).toContain('开始');
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    expect(await englishIn(page, '[data-testid="shortcut-help"]')).toEqual([]);
    expect(await page.getByTestId('shortcut-help').textContent()).toContain('键盘快捷键');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('header on a phone', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`375 px wide, ${lang}: the header wraps inside the screen (no sideways scroll), every control in view`, async () => {
      const { page, context, errors } = await trained(lang, 375, 812);
      const fit = await page.evaluate(() => {
        const header = document.querySelector('[data-testid="app-header"]')!;
        const outside = [...header.querySelectorAll('button, select, input, a')]
          .filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => ({ what: e.getAttribute('data-testid') ?? e.textContent?.trim() ?? e.tagName, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.left < 0 || r.right > window.innerWidth)
          .map(({ what }) => what);
        return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, outside };
      });
      expect(fit.outside).toEqual([]);
      expect(fit.scrollWidth).toBeLessThanOrEqual(fit.width);
      await page.screenshot({ path: `${out}controls-phone-${lang}.png` });
      await page.setViewportSize({ width: 320, height: 812 });
      await frames(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  for (const lang of ['en', 'zh'] as const) {
    it(`desktop 1280 × 800, ${lang}: screenshot`, async () => {
      const { page, context, errors } = await trained(lang, 1280, 800);
      await page.screenshot({ path: `${out}controls-desktop-${lang}.png` });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
