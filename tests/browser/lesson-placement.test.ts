// A lesson link's card is the first thing in view, against the production build: on a 1280 × 800 desktop
// (the card heads the charts' column) and on a 390 × 844 phone (the card heads the page), in English and
// 简体中文, the card's top, its question, every prediction choice and its Run button are inside the first
// viewport without scrolling; the env canvas and the charts are still on the page, a scroll away.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const SCREENS = [
  { name: 'desktop 1280 × 800', viewport: { width: 1280, height: 800 }, phone: false },
  { name: 'phone 390 × 844', viewport: { width: 390, height: 844 }, phone: true },
] as const;

// lr-too-high carries the longest card (its "helps before it hurts" note); np-empty is a VPG lesson.
const LESSONS = ['lr-too-high', 'np-empty'] as const;

describe('a lesson link shows its card first', () => {
  for (const screen of SCREENS) {
    for (const lang of ['en', 'zh'] as const) {
      it(`${screen.name}, ${lang}: the card and its choices are in the first view; the env and charts stay reachable`, async () => {
        const context = await browser.newContext({ viewport: screen.viewport, isMobile: screen.phone, hasTouch: screen.phone, deviceScaleFactor: screen.phone ? 2 : 1 });
        const errors: string[] = [];
        for (const lesson of LESSONS) {
          const page = await context.newPage();
          page.on('pageerror', (e) => errors.push(e.message));
          await page.goto(`${inject('baseUrl')}#lesson=${lesson}&lang=${lang}`);
          await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang === 'zh' ? 'zh-CN' : 'en');
          const card = page.locator(`[data-testid="lesson-card"][data-lesson="${lesson}"]`);
          await card.getByTestId('lesson-predict').waitFor();
          const view = await card.evaluate((el) => {
            const box = (e: Element) => e.getBoundingClientRect();
            const predict = el.querySelector('[data-testid="lesson-predict"]')!;
            const choices = [...predict.querySelectorAll('input[type="radio"], button[type="submit"]')];
            return {
              height: innerHeight,
              scrollY,
              cardTop: box(el).top,
              question: box(el.querySelector('h2')!).bottom,
              choices: choices.length,
              lowest: Math.max(...choices.map((c) => box(c).bottom)),
            };
          });
          expect(view.scrollY, lesson).toBe(0);
          expect(view.cardTop, lesson).toBeGreaterThanOrEqual(0);
          expect(view.cardTop, lesson).toBeLessThan(view.height / 2);
          expect(view.question, lesson).toBeLessThanOrEqual(view.height);
          expect(view.choices, lesson).toBeGreaterThanOrEqual(4);
          expect(view.lowest, `${lesson}: the lowest choice or the Run button`).toBeLessThanOrEqual(view.height);
          // The env canvas and the charts are on the page, a scroll away at most.
          for (const target of [page.getByTestId('env-canvas'), page.locator('[data-slot="dashboard"]')]) {
            await target.scrollIntoViewIfNeeded();
            expect(await target.isVisible()).toBe(true);
          }
          await page.close();
        }
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }
});

describe('without a lesson', () => {
  it('desktop 1280 × 800: the charts column starts level with the env, on a plain page and after the lesson is closed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const columnTops = () =>
      page.evaluate(() => ['main > .live-slot', 'main > .dash'].map((s) => Math.round(document.querySelector(s)!.getBoundingClientRect().top)));
    await page.goto(`${inject('baseUrl')}#backend=wasm`);
    await page.getByTestId('env-canvas').waitFor();
    const [live, dash] = await columnTops();
    expect(dash).toBe(live);
    await page.goto(`${inject('baseUrl')}#lesson=lr-too-high&backend=wasm`);
    await page.reload();
    const card = page.getByTestId('lesson-card');
    await card.waitFor();
    const [, withCard] = await columnTops();
    expect(withCard).toBeGreaterThan(live);
    await card.getByRole('button', { name: 'Close the lesson' }).click();
    await card.waitFor({ state: 'detached' });
    await expect.poll(columnTops).toEqual([live, live]);
    await context.close();
  });
});
