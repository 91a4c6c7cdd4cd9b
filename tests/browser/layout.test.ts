// The layout at desktop (1400 px) and phone (360 px) widths in the light and dark themes: nothing
// overflows sideways, touch targets are at least 40 px on the phone, the keyboard focus ring shows.
// Writes test-results/screenshots/{desktop,phone}-{light,dark}{,-top}.png (whole page, first screen) to look at.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { chartHasPoints, waitForStopped, waitForUpdates, frames } from './page-helpers.ts';

const out = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(out, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});


async function trainedPage(width: number, colorScheme: 'light' | 'dark') {
  const phone = width < 640;
  const opened = phone ? await openPhone(colorScheme) : await openPage(browser, { width, height: 900, colorScheme });
  const { page } = opened;
  await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  await waitForUpdates(page, 4);
  await expect.poll(() => chartHasPoints(page, 'charts/episodic_return'), { timeout: 60_000 }).toBe(true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForStopped(page);
  return opened;
}

/** A touch screen (pointer: coarse) 360 px wide, recording console errors like openPage. */
async function openPhone(colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, colorScheme, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = { errors: [] as string[] };
  page.on('console', (m) => m.type() === 'error' && problems.errors.push(m.text()));
  page.on('pageerror', (e) => problems.errors.push(e.message));
  return { context, page, problems };
}

/** Grow the viewport to the whole page, so every chart is on screen and draws, then capture it. */
async function capture(page: Page, width: number, name: string): Promise<void> {
  await page.screenshot({ path: `${out}${name}-top.png` });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height: Math.min(height, 4000) });
  await frames(page);
  await frames(page);
  await page.screenshot({ path: `${out}${name}.png` });
  await page.setViewportSize({ width, height: 900 });
}

describe('layout', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`desktop 1400 px, ${scheme}: one row of controls beside the charts, a visible focus ring`, async () => {
      const { page, problems, context } = await trainedPage(1400, scheme);
      await page.getByRole('button', { name: /Hyperparameters/ }).click();
      const live = await page.locator('section.live').boundingBox();
      const charts = await page.locator('[data-slot="dashboard"]').boundingBox();
      expect(live && charts && live.x + live.width <= charts.x).toBe(true);
      // Keyboard focus shows a ring.
      await page.getByTestId('step').focus();
      await page.keyboard.press('Shift+Tab');
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return { testid: el.dataset.testid, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      expect(ring).toMatchObject({ testid: 'play', style: 'solid' });
      expect(ring.width).toBeGreaterThanOrEqual(2);
      await capture(page, 1400, `desktop-${scheme}`);
      expect(problems.errors).toEqual([]);
      await context.close();
    });

    it(`phone 360 px (touch), ${scheme}: one column, no sideways scrolling, touch targets ≥ 40 px`, async () => {
      const { page, problems, context } = await trainedPage(360, scheme);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const small = await page.evaluate(() => {
        // Every control on the page (range sliders only in the live panel: the charts' smoothing slider sits in a 40 px row).
        const controls = document.querySelectorAll<HTMLElement>('button, select, input[type="text"], section.live input[type="range"], [role="switch"]');
        return [...controls]
          .filter((el) => el.offsetParent !== null && getComputedStyle(el).opacity !== '0')
          .map((el) => ({ what: el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent?.trim(), h: el.getBoundingClientRect().height }))
          .filter((c) => c.h < 40);
      });
      expect(small).toEqual([]);
      const canvas = await page.getByTestId('env-canvas').boundingBox();
      expect(canvas!.width).toBeGreaterThan(300);
      await capture(page, 360, `phone-${scheme}`);
      expect(problems.errors).toEqual([]);
      await context.close();
    });
  }
});
