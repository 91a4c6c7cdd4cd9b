// Publishing, against the production build served by a plain static server under /deep/sub/path/:
// the build loads and trains there with no request outside its origin; three autoplay embeds on one
// page train only the one in view; an embed fits 640×480 with no scrollbar and follows the host's
// colour scheme; the Embed dialog's snippet is as tall as the embed; a chart's CSV has TensorBoard's
// columns and a row per point; the hand-off dialog shows the CleanRL command.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { counter, waitForStopped, waitForUpdates } from './page-helpers.ts';
import { serveStatic, type StaticSite } from './static-server.ts';

let browser: Browser;
let site: StaticSite;

beforeAll(async () => {
  browser = await launchChromium();
  site = await serveStatic('/deep/sub/path/');
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const PPO = '#env=CartPole-v1&agent=ppo&seed=1&backend=cpu';

/** Every request a context makes (pages, frames and workers), for the same-origin check. */
function recordRequests(context: import('playwright-core').BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

function foreign(urls: readonly string[], origin: string): string[] {
  return urls.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
}

async function embedFrame(page: Page, id: string): Promise<Frame> {
  const handle = await page.waitForSelector(`#${id}`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame for #${id}`);
  await frame.waitForSelector('[data-testid="embed"]');
  return frame;
}

const stepsOf = (f: Frame): Promise<number> => f.evaluate(() => Number((document.querySelector('[data-testid="env-steps"]')?.textContent ?? '').replace(/[^0-9]/g, '')));
const playingOf = (f: Frame): Promise<string | null> => f.evaluate(() => document.querySelector('[data-testid="embed"]')?.getAttribute('data-playing') ?? null);

describe('deploy', () => {
  it('the build served from /deep/sub/path/ by a plain static server loads, trains, and requests nothing outside its origin', async () => {
    const { context, page, problems } = await openPage(browser);
    const urls = recordRequests(context);
    await page.goto(`${site.url}${PPO.replace('backend=cpu', 'backend=wasm')}`);
    await waitForUpdates(page, 2);
    expect(urls.some((u) => u.includes('/deep/sub/path/assets/'))).toBe(true);
    expect(foreign(urls, site.origin)).toEqual([]);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

describe('embeds in a post', () => {
  it('three autoplay embeds: only the one in view trains; scrolling hands training over', async () => {
    const { context, page, problems } = await openPage(browser, { width: 900, height: 700 });
    const urls = recordRequests(context);
    await page.goto(`${site.url}embeds.html`);
    const [e1, e2, e3] = [await embedFrame(page, 'e1'), await embedFrame(page, 'e2'), await embedFrame(page, 'e3')];
    await expect.poll(() => stepsOf(e1), { timeout: 120_000, interval: 200 }).toBeGreaterThan(0);
    expect(await playingOf(e1)).toBe('true');
    for (const f of [e2, e3]) {
      expect(await playingOf(f)).toBe('false');
      expect(await stepsOf(f)).toBe(0);
    }
    // Scroll the third into view: it starts, the first pauses, the second never trained.
    await page.locator('#e3').scrollIntoViewIfNeeded();
    await expect.poll(() => playingOf(e1), { timeout: 30_000 }).toBe('false');
    await expect.poll(() => stepsOf(e3), { timeout: 120_000, interval: 200 }).toBeGreaterThan(0);
    expect(await playingOf(e3)).toBe('true');
    expect(await stepsOf(e2)).toBe(0);
    expect(foreign(urls, site.origin)).toEqual([]);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  for (const width of [320, 640, 800]) {
    it(`an embed ${width} px wide shows everything without a scrollbar at 480 px high and follows the host's dark scheme`, async () => {
      const { context, page, problems } = await openPage(browser, { width, height: 480, colorScheme: 'dark' });
      await page.goto(`${site.url}${PPO}&view=embed&charts=charts/episodic_return,losses/entropy`);
      await page.getByTestId('embed').waitFor();
      await page.locator('[data-metric="losses/entropy"]').waitFor({ timeout: 90_000 });
      const box = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth, sh: document.documentElement.scrollHeight, ch: document.documentElement.clientHeight }));
      expect(box.sw).toBeLessThanOrEqual(box.cw);
      if (width === 640) expect(box.sh).toBeLessThanOrEqual(box.ch);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(problems.errors).toEqual([]);
      await context.close();
    });
  }

  it("the Embed dialog's snippet is as tall as the embed: pasted at 420 px wide it needs no scrollbar", async () => {
    const { context, page, problems } = await openPage(browser, { width: 1280, height: 900 });
    await page.goto(`${site.url}${PPO}`);
    await waitForUpdates(page, 1);
    await page.getByRole('button', { name: 'Embed', exact: true }).click();
    const dialog = page.getByTestId('embed-dialog');
    await dialog.getByTestId('embed-width').selectOption('420');
    const preview = await (await dialog.getByTestId('embed-preview').elementHandle())!.contentFrame();
    await preview!.waitForSelector('[data-metric="losses/entropy"]', { timeout: 90_000 });
    // The dialog follows the preview's height; read the snippet once the two agree.
    const snippetHeight = async (): Promise<number> => Number(/height="(\d+)"/.exec(await dialog.getByTestId('embed-snippet').inputValue())?.[1] ?? 0);
    await expect.poll(async () => (await snippetHeight()) === (await preview!.evaluate(() => document.body.scrollHeight)), { timeout: 30_000 }).toBe(true);
    const snippet = await dialog.getByTestId('embed-snippet').inputValue();
    expect(snippet).toMatch(/width="420"/);
    expect(snippet).toMatch(/autoplay=1/);
    // Paste it into a host page on the same site and look inside.
    const host = await context.newPage();
    await host.goto(`${site.url}embeds.html`);
    await host.evaluate((html) => (document.body.innerHTML = html), snippet);
    const frame = await (await host.waitForSelector('iframe'))!.contentFrame();
    await frame!.waitForSelector('[data-metric="losses/entropy"]', { timeout: 90_000 });
    const fits = await frame!.evaluate(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight && document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(fits).toBe(true);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

describe('chart downloads and the hand-off', () => {
  it("a chart's CSV has TensorBoard's columns and a row per point", async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${site.url}${PPO}`);
    await waitForUpdates(page, 3);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await waitForStopped(page);
    // PPO logs losses/entropy once per update; the return chart has a point per finished episode.
    for (const [metric, count] of [
      ['losses/entropy', 'update-count'],
      ['charts/episodic_return', 'episode-count'],
    ] as const) {
      const chart = page.locator(`[data-metric="${metric}"]`);
      let lines: string[] = [];
      let download: import('playwright-core').Download | undefined;
      // A row per point: as many rows as the counter says (the counter and the chart's points come in the same
      // batch; the poll only waits for the page to draw the last one).
      const rowsOverCount = async (): Promise<number> => {
        await chart.getByLabel('Download', { exact: true }).first().click();
        [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download CSV' }).click()]);
        lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
        return lines.length - 1 - (await counter(page, count));
      };
      await expect.poll(rowsOverCount, { timeout: 30_000 }).toBe(0);
      expect(lines[0]).toBe('wall_time,step,value');
      for (const line of lines.slice(1)) expect(line).toMatch(/^[\d.e+-]+,\d+,([-\d.e+]+|nan|inf|-inf)$/);
      expect(download!.suggestedFilename()).toBe(`${metric.replace('/', '_')}.csv`);
    }
    // PNG and SVG of the chart as drawn.
    const chart = page.locator('[data-metric="losses/entropy"]');
    await chart.getByLabel('Download', { exact: true }).first().click();
    const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download SVG' }).click()]);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toMatch(/<path d="M[\d.]+,[\d.]+L/);
    await chart.getByLabel('Download', { exact: true }).first().click();
    const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('"Run this at scale" shows the CleanRL command for the run', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${site.url}#env=CartPole-v1&agent=ppo&preset=cleanrl&seed=5&steps=100000&backend=cpu`);
    await page.getByRole('button', { name: 'Run this at scale' }).click();
    const command = await page.getByTestId('cleanrl-command').textContent();
    expect(command).toMatch(/^python cleanrl\/ppo\.py --env-id CartPole-v1 --seed 5 --total-timesteps 100000/);
    expect(await page.getByTestId('zoo-yaml').textContent()).toMatch(/^CartPole-v1:\n {2}policy: "MlpPolicy"/);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
