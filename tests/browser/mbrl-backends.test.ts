// The model-based agent on the GPU backends of the browser (webgl on SwiftShader, webgpu on SwiftShader's
// fallback adapter here: correctness, never speed). On webgl and webgpu `forward: auto` plans through a
// plain-JS copy of the ensemble (no readback per member per imagined step) while the model trains in tfjs
// on the GPU backend; `forward: tfjs` plans through tfjs on webgl, with a synchronous read per member call.
// Each case trains the model, plans a whole episode and reports finite model and planner metrics.
// `forward: tfjs` on webgpu is refused with its reason (src/agents/mbrl-forward.ts TFJS_FORWARD_ON_WEBGPU):
// tfjs's synchronous WebGPU reads ran the worker out of memory within seconds here.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { chartHasPoints } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The playground preset with a short random warm-up and two epochs per training. */
const SMALL_MBRL = 'env=CartPoleContinuous-v0&agent=mbrl&seed=1&set.warmupSteps=60&set.epochs=2';

/**
 * The last values a chart's text summary gives, one per drawn key ("Title: train_loss 0.12, train_loss/m0
 * 0.1 at step 456"; − for minus, NaN and ∞ as the chart writes them); empty before the first point.
 */
async function lastValues(page: Page, metric: string): Promise<number[]> {
  const summary = await page.locator(`[data-metric="${metric}"] [id$="-summary"]`).textContent();
  const m = /: ([^:]*) at step [\d.]+[kMB]?\.?$/.exec((summary ?? '').trim());
  if (!m) return [];
  return m[1].split(', ').map((part) => {
    const v = part.split(' ').at(-1)!.replace('−', '-');
    return v === '∞' ? Infinity : v === '-∞' ? -Infinity : Number(v);
  });
}

describe('mbrl trains its model and plans on the GPU backends', () => {
  for (const [backend, forward] of [
    ['webgl', 'auto'],
    ['webgl', 'tfjs'],
    ['webgpu', 'auto'],
  ] as const) {
    it(`${backend}, forward ${forward}: model losses, one-step error and a planned episode's predicted return, all finite`, async () => {
      const { page, problems, context } = await openPage(browser, { width: 1400, height: 1000 });
      await page.goto(`${inject('baseUrl')}#${SMALL_MBRL}&set.forward=${forward}&backend=${backend}&layout=all`);
      await page.getByRole('button', { name: 'Max', exact: true }).click();
      await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 150_000 }).toBe(backend);
      for (const metric of ['model/train_loss', 'model/val_loss', 'model/one_step_error', 'planner/predicted_return', 'time/plan_ms']) {
        await page.locator(`[data-metric="${metric}"]`).scrollIntoViewIfNeeded();
        await expect.poll(() => chartHasPoints(page, metric), { timeout: 240_000, interval: 500 }).toBe(true);
        const values = await lastValues(page, metric);
        expect(values.length, metric).toBeGreaterThan(0);
        expect(values.every(Number.isFinite), `${metric}: ${values}`).toBe(true);
      }
      const faults = [...(await page.getByTestId('non-finite').allTextContents()), ...(await page.getByTestId('run-error').allTextContents())];
      expect(faults).toEqual([]);
      expect(problems.errors).toEqual([]);
      await context.close();
    }, 420_000);
  }

  it("webgpu, forward tfjs: refused at once with the reason and what to choose instead, not a crash seconds later", async () => {
    const { page, problems, context } = await openPage(browser, { width: 1400, height: 1000 });
    await page.goto(`${inject('baseUrl')}#${SMALL_MBRL}&set.forward=tfjs&backend=webgpu`);
    const error = page.getByTestId('run-error');
    await error.waitFor({ timeout: 150_000 });
    expect(await error.textContent()).toContain("forward 'tfjs' cannot plan on the webgpu backend");
    expect(await error.textContent()).toContain("Choose forward 'auto' or 'js'");
    expect(problems.errors).toEqual([]);
    await context.close();
  }, 300_000);
});
