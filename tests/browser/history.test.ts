// The run history against the production build: a short run is kept in IndexedDB as it trains, is
// listed in History and survives a reload; "Export run" then "Import run" gives back the very same
// series; a malformed file is refused with a visible message and leaves the history as it was.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openPage, type PageProblems } from './browser.ts';

let browser: Browser;
let page: Page;
let problems: PageProblems;

const items = (p: Page): Locator => p.getByTestId('history-item');
const runIds = (p: Page): Promise<string[]> => items(p).evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id') ?? ''));
const item = (p: Page, id: string): Locator => p.locator(`[data-testid="history-item"][data-run-id="${id}"]`);

/** Click an item's "Export run" and read the downloaded file. */
async function exportRun(p: Page, id: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([p.waitForEvent('download'), item(p, id).getByRole('button', { name: 'Export run', exact: true }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path!, 'utf8') };
}

/** The page's run has used its step budget (2048) and stopped. */
async function runFinished(p: Page): Promise<void> {
  await p.waitForFunction(() => document.querySelector('[data-testid="run-stats"]')?.getAttribute('data-running') === 'false' && /2[,.]?048/.test(document.querySelector('[data-testid="env-steps"]')?.textContent ?? ''), null, { timeout: 120_000, polling: 250 });
}

/** The history panel's message (a failed write, an import's outcome). */
async function messageContains(p: Page, text: string): Promise<void> {
  await expect.poll(() => p.getByTestId('history-message').textContent(), { timeout: 15_000 }).toContain(text);
}

async function importText(p: Page, name: string, text: string): Promise<void> {
  await p.getByTestId('import-run').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, { width: 1400, height: 1000 }));
  // A short run (a budget of 2048 steps) with the wasm backend (no `auto` timing on SwiftShader).
  await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=3&backend=wasm&steps=2048`);
});

afterAll(async () => {
  await browser?.close();
});

describe('run history', () => {
  let runId = '';

  it('a short run appears in History with its final return, and survives a reload', async () => {
    await page.getByRole('button', { name: 'Import run', exact: true }).waitFor();
    // The run is written as it trains; once it has finished episodes the item shows a final return.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="history-item"] [data-testid="history-final"]')].some((e) => /final return/.test(e.textContent ?? '')), null, { timeout: 120_000, polling: 250 });
    [runId] = await runIds(page);
    expect(runId).toMatch(/^[a-z0-9]+-[0-9a-f]{16}$/);
    await expect.poll(() => item(page, runId).getByTestId('history-name').textContent()).toContain('PPO');
    // Wait for the run to end (budget used) and its last points to be written.
    await runFinished(page);
    await expect.poll(() => item(page, runId).textContent(), { timeout: 20_000 }).toMatch(/2[,.]?048 steps/);

    await page.reload();
    await item(page, runId).waitFor({ timeout: 30_000 });
    expect(await item(page, runId).textContent()).toMatch(/2[,.]?048 steps/);
  });

  it('Export run → Import run reproduces the series exactly', async () => {
    const original = await exportRun(page, runId);
    expect(original.name).toMatch(/\.rlrun\.json$/);
    const file = JSON.parse(original.text);
    expect(file).toMatchObject({ format: 'rl-playground-run', version: 1 });
    expect(file.run.scalars.length).toBeGreaterThan(5);
    expect(file.run.episodes.return.length).toBeGreaterThan(0);

    const before = await runIds(page);
    await importText(page, 'my-run.json', original.text);
    // The imported run is the new item that is not the page's own run (listed, marked current, once its first points are written).
    const added = (): Promise<string[]> =>
      items(page).evaluateAll((els, old) => els.filter((e) => !old.includes(e.getAttribute('data-run-id') ?? '') && !e.querySelector('.now')).map((e) => e.getAttribute('data-run-id') ?? ''), before);
    await expect.poll(added, { timeout: 10_000 }).toHaveLength(1);
    const [importedId] = await added();
    await messageContains(page, 'Imported');

    const again = JSON.parse((await exportRun(page, importedId)).text);
    expect(again.run.scalars).toEqual(file.run.scalars);
    expect(again.run.episodes).toEqual(file.run.episodes);
    expect(again.run.histograms).toEqual(file.run.histograms);
    expect(again.run.config).toEqual(file.run.config);
    expect(again.run.notes).toEqual(file.run.notes);

    // Open it: its charts come back read-only, without training.
    await item(page, importedId).getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('history-viewing').waitFor();
    await page.getByRole('button', { name: 'Back to the live run', exact: true }).click();
    await page.getByTestId('history-viewing').waitFor({ state: 'detached' });

    // Rename: the name is shown as text, never as markup.
    await item(page, importedId).getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByTestId('history-rename-input').fill('<b>imported</b> copy');
    await item(page, importedId).getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => item(page, importedId).getByTestId('history-name').textContent()).toBe('<b>imported</b> copy');
    expect(await item(page, importedId).locator('b').count()).toBe(0);

    // Overlay the two runs on the charts, as compare mode draws two runs.
    for (const id of [runId, importedId]) await item(page, id).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Overlay 2 selected', exact: true }).click();
    await expect.poll(() => page.getByTestId('history-viewing').textContent()).toContain('2 stored runs');
    await page.getByRole('button', { name: 'Back to the live run', exact: true }).click();
    await page.getByTestId('history-viewing').waitFor({ state: 'detached' });
  });

  it('a malformed or truncated file is refused with a message and the history is unchanged', async () => {
    // The page's run (a fresh one since the reload; "Back to the live run" resumed it) finishes and is stored first.
    await runFinished(page);
    await expect.poll(async () => (await runIds(page)).length, { timeout: 20_000 }).toBe(3);
    const before = await runIds(page);
    const good = (await exportRun(page, runId)).text;
    await importText(page, 'truncated.json', good.slice(0, Math.floor(good.length / 2)));
    await messageContains(page, 'not valid JSON');
    await messageContains(page, 'truncated.json');
    expect(await runIds(page)).toEqual(before);

    const future = JSON.stringify({ ...JSON.parse(good), version: 99 });
    await importText(page, 'future.json', future);
    await messageContains(page, 'newer version');
    const markup = JSON.parse(good);
    markup.run.scalars[0].value[0] = '<img src=x onerror="window.pwned=1">';
    await importText(page, 'markup.json', JSON.stringify(markup));
    await messageContains(page, 'must be a finite number');
    expect(await runIds(page)).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(problems.errors).toEqual([]);
  });

  it('saves the trained networks with the run, downloads them as model.json + weights.bin, and watches a saved agent without training', async () => {
    const save = page.getByRole('button', { name: 'Save model', exact: true });
    await expect.poll(() => save.isEnabled(), { timeout: 20_000 }).toBe(true);
    await save.click();
    await messageContains(page, 'Saved the trained networks');
    const watch = page.getByTestId('history-item').getByRole('button', { name: 'Watch', exact: true });
    await watch.first().waitFor();

    const downloads: { name: string; bytes: Buffer }[] = [];
    page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) }));
    await page.getByRole('button', { name: 'Download model', exact: true }).click();
    await expect.poll(() => downloads.map((d) => d.name).sort(), { timeout: 15_000 }).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(downloads.find((d) => d.name === 'model.json')!.bytes.toString('utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const floats = modelJson.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(downloads.find((d) => d.name === 'weights.bin')!.bytes.length).toBe(floats * 4);

    // Watch the agent saved with the run: episodes go on, updates stay at zero.
    await watch.first().click();
    await page.getByTestId('watching').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Number((document.querySelector('[data-testid="episode-count"]')?.textContent ?? '').replace(/[^0-9]/g, '')) > 2, null, { timeout: 60_000, polling: 250 });
    expect(Number(((await page.getByTestId('update-count').textContent()) ?? '').replace(/[^0-9]/g, ''))).toBe(0);

    // And the downloaded pair, picked as files.
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByTestId('watching').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('load-model').setInputFiles(downloads.map((d) => ({ name: d.name, mimeType: 'application/octet-stream', buffer: d.bytes })));
    await page.getByTestId('watching').waitFor({ timeout: 60_000 });
    expect(problems.errors).toEqual([]);
  });
});

