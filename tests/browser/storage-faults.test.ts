// Storage faults (issue 15): where the page cannot store runs (no IndexedDB, as in some private windows)
// it still trains, and the History panel says that runs are not being kept, in the page's language.

import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { counter, waitForUpdates } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

for (const [lang, words] of [
  ['en', 'Runs are not being kept'],
  ['zh', '运行不会被保存'],
] as const) {
  it(`${lang}: without IndexedDB the page trains on and says that runs are not being kept`, async () => {
    const { page, problems, context } = await openPage(browser, { width: 1400, height: 1000 });
    // The page's own window only (the training worker has its own global).
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }));
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm&lang=${lang}`);
    const notice = page.getByTestId('history-unavailable');
    await notice.waitFor({ timeout: 120_000 });
    expect(await notice.textContent()).toContain(words);
    await waitForUpdates(page, 3, 150_000);
    const before = await counter(page, 'update-count');
    await waitForUpdates(page, before + 2, 150_000);
    expect(await page.getByTestId('history-item').count()).toBe(0);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 300_000);
}
