// The production build under its own Content-Security-Policy (index.html's meta tag, issue 15): on
// every backend this machine has (wasm, cpu, webgl on SwiftShader, webgpu on SwiftShader's fallback
// adapter) the page trains a few updates, every collapsible panel and a chart explainer are opened,
// and not one `securitypolicyviolation` event, CSP console message or request to another origin occurs.
//
// The same runs check each backend in the training worker for correctness, not speed: a forced backend
// must be the one running (tf.setBackend can fail silently and stay on another), the agent must complete
// updates on it (a dataSync on WebGPU once destroyed the device here), and every metric must stay finite.
// A tiny PPO on Probe4 (one step, two actions) keeps each update short.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { chartHasPoints, waitForUpdates } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const TINY_PPO = 'env=Probe4&agent=ppo&seed=1&set.numEnvs=2&set.numSteps=16&set.numMinibatches=1&set.updateEpochs=2&set.hiddenSizes=16,16';

/** Open every collapsed panel of the page once (not inside dialogs), then a chart's explainer. */
async function openPanels(page: Page): Promise<number> {
  let opened = 0;
  for (let round = 0; round < 3; round++) {
    const closed = page.locator('main button[aria-expanded="false"]:visible, header button[aria-expanded="false"]:visible');
    const n = await closed.count();
    if (n === 0) break;
    for (let i = n - 1; i >= 0; i--) {
      const b = closed.nth(i);
      if (await b.isVisible()) {
        await b.click();
        opened++;
      }
    }
  }
  // A chart's ⓘ (the explainer dialog, with its MathML formula).
  const about = page.locator('button.about[aria-haspopup="dialog"]:visible').first();
  if ((await about.count()) > 0) {
    const dialog = page.getByTestId('chart-explainer');
    // A chart re-created by a layout change can swallow one click: click until the dialog shows.
    await expect
      .poll(async () => {
        if (!(await dialog.isVisible())) await about.click();
        return dialog.isVisible();
      }, { timeout: 60_000 })
      .toBe(true);
    await page.keyboard.press('Escape');
    opened++;
  }
  return opened;
}

describe('Content-Security-Policy of the production build', () => {
  for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu'] as const) {
    it(`${backend}: the forced backend trains with finite metrics and every panel opens, with zero CSP violations and no third-party request`, async () => {
      const { page, problems, context } = await openPage(browser, { width: 1400, height: 900 });
      await context.addInitScript(() => {
        const w = window as unknown as { __cspViolations: string[] };
        w.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      const origin = new URL(inject('baseUrl')).origin;
      const foreign: string[] = [];
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
      });
      const cspConsole: string[] = [];
      const onConsole = (text: string): void => void (/Content.Security.Policy|Refused to/i.test(text) && cspConsole.push(text));
      page.on('console', (m) => onConsole(m.text()));
      page.on('worker', (w) => w.on('console', (m) => onConsole(m.text())));

      await page.goto(`${inject('baseUrl')}#${TINY_PPO}&backend=${backend}&layout=all`);
      // The policy is really in force on this page.
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
      await waitForUpdates(page, 2, 150_000);
      expect(await page.getByTestId('backend').textContent()).toBe(backend);
      expect(await openPanels(page)).toBeGreaterThan(0);
      await waitForUpdates(page, 3, 150_000);
      // No non-finite stop and no worker error: the run is still going, and the loss charts have points
      // (the value loss is not among the Essentials: layout=all).
      expect(await page.getByTestId('non-finite').count()).toBe(0);
      expect(await page.getByTestId('run-error').count()).toBe(0);
      await expect.poll(() => chartHasPoints(page, 'losses/approx_kl'), { timeout: 30_000 }).toBe(true);
      await expect.poll(() => chartHasPoints(page, 'losses/value_loss'), { timeout: 30_000 }).toBe(true);

      expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
      expect(cspConsole).toEqual([]);
      expect(foreign).toEqual([]);
      expect(problems.errors).toEqual([]);
      await context.close();
    });
  }

  it('the policy would catch a violation (an inline script injected into the page is refused and reported)', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=random`);
    const result = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      const w = window as unknown as { __ran?: boolean };
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 0));
      for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => requestAnimationFrame(r));
      return { ran: w.__ran === true, seen };
    });
    expect(result.ran).toBe(false);
    expect(result.seen[0]).toMatch(/^script-src/);
    await context.close();
  });
});
