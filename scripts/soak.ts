// Soak: train in headless Chromium for N minutes at max speed with the env canvas and every chart on,
// and sample memory: the page's and the training worker's JS heap and ArrayBuffer backing stores (after a
// forced GC, over the Chrome DevTools Protocol) and tfjs's live tensor count (the memory/num_tensors chart). Prints one JSON object:
// the samples, the least-squares slope of each heap from minute 1 on (MB/min), the growth between the
// first sample after minute 1 and the last, and the tensor counts. A measure, not a test: nothing asserts.
//
// Each sample pauses the run, waits until the history has written it, reads, and plays on at max speed
// (--no-settle: sample while it trains; a sample then catches a history write in flight at random).
//
// --compare switches on lr_too_high and presses "Compare with healthy": two workers train at once, and each
// sample also counts the main thread's animation frames over 2 s (fps) and both runs' env steps.
//
// --snapshots 2,10 also takes a heap snapshot of the page at those minutes and prints the largest growth
// between the first and the last by constructor and by retainer ("Owner.field": what holds the arrays).
//
// The build goes to a folder of its own under the OS's temp dir (removed at the end), so that other
// rebuilds of dist/, or another soak, cannot swap the files a long run loads lazily; --no-build serves dist/.
//
//   npx tsx scripts/soak.ts [--minutes 10] [--sample-seconds 30] [--no-settle] [--hash '#env=CartPole-v1&agent=ppo…'] [--compare] [--no-build] [--snapshots 2,10]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/browser/browser.ts';
import { waitForHistoryWritten, waitForStopped } from '../tests/browser/page-helpers.ts';
import { diffSummaries, takeSummary, type HeapSummary } from './heap-snapshot.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const minutes = Number(arg('minutes', '10'));
const sampleSeconds = Number(arg('sample-seconds', '30'));
const compare = args.includes('--compare');
/** Sample paused, after the history's write (single run only; --no-settle samples while it trains). */
const settled = !compare && !args.includes('--no-settle');
const snapshotAt = arg('snapshots', '').split(',').filter(Boolean).map(Number).sort((a, b) => a - b);
const outDir = args.includes('--no-build') ? `${root}/dist` : mkdtempSync(join(tmpdir(), 'rl-soak-'));
const hash = arg('hash', `#env=CartPole-v1&agent=ppo&seed=1&backend=wasm&layout=all${compare ? '&bugs=lr_too_high' : ''}`);
const log = (s: string): void => void process.stderr.write(`[soak] ${s}\n`);

interface Sample {
  t_s: number;
  page_heap_mb: number;
  /** ArrayBuffer backing stores (typed arrays: the charts' columns), outside the JS heap; null where Chromium does not say. */
  page_buffers_mb: number | null;
  worker_heap_mb: number | null;
  worker_buffers_mb: number | null;
  num_tensors: number | null;
  env_steps: number;
  updates: number;
  /** Animation frames per second on the main thread, counted over 2 s. */
  fps: number;
  /** --compare: each run's env steps as the compare panel shows them. */
  arm_steps?: string[];
}

/** Runtime.getHeapUsage after a full GC, in MB, through a CDP session (page) or a message channel (worker). */
type Send = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

async function heapMb(send: Send): Promise<{ heap: number; buffers: number | null }> {
  await send('HeapProfiler.collectGarbage');
  const { usedSize, backingStorageSize } = (await send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return { heap: usedSize / 2 ** 20, buffers: backingStorageSize === undefined ? null : backingStorageSize / 2 ** 20 };
}

/** A way to send CDP commands to the page's first dedicated worker (non-flat target sessions), or null. */
async function workerChannel(cdp: CDPSession): Promise<Send | null> {
  const attached = new Promise<string | null>((resolve) => {
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    });
    setTimeout(() => resolve(null), 10_000);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await attached;
  if (sessionId === null) return null;
  let next = 1;
  const pending = new Map<number, (r: Record<string, unknown>) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown>; error?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result ?? { error: msg.error });
  });
  return (method, params = {}) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
}

async function fps(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    const t0 = performance.now();
    const tick = (t) => (t - t0 < 2000 ? (frames++, requestAnimationFrame(tick)) : resolve((frames * 1000) / (t - t0)));
    requestAnimationFrame(tick);
  })`);
}

async function armSteps(page: Page): Promise<string[]> {
  return page.locator('[data-testid="compare-arm"] .state').allTextContents();
}

async function readPage(page: Page): Promise<{ tensors: number | null; envSteps: number; updates: number }> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  return page.evaluate(`(() => {
    const text = (id) => (document.querySelector('[data-testid="' + id + '"]')?.textContent ?? '').replace(/[^0-9]/g, '');
    const summary = document.querySelector('[data-metric="memory/num_tensors"] [id$="-summary"]')?.textContent ?? '';
    const m = /: ([\\d.]+)(k?) at step/.exec(summary);
    return { tensors: m ? Number(m[1]) * (m[2] ? 1000 : 1) : null, envSteps: Number(text('env-steps')), updates: Number(text('update-count')) };
  })()`);
}

/**
 * Pause the run and wait until the worker has stopped and the history has written it (the live run's item
 * shows the env steps): no batch in flight, no pending or folding history write holding the newest points.
 * Without it a sample lands at a random moment of a write every 2 s and swings by ±0.3 MB or more.
 */
async function settle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForStopped(page, 180_000);
  await waitForHistoryWritten(page, 180_000);
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function trend(samples: Sample[], pick: (s: Sample) => number | null): { slope_mb_per_min: number; first_mb: number; last_mb: number; growth_pct: number } | null {
  const after = samples.filter((s) => s.t_s >= 60 && pick(s) !== null);
  if (after.length < 2) return null;
  const ys = after.map((s) => pick(s)!);
  const first = ys[0];
  const last = ys[ys.length - 1];
  return {
    slope_mb_per_min: Number(slope(after.map((s) => s.t_s / 60), ys).toFixed(4)),
    first_mb: Number(first.toFixed(2)),
    last_mb: Number(last.toFixed(2)),
    growth_pct: Number((((last - first) / first) * 100).toFixed(2)),
  };
}

async function main(): Promise<void> {
  if (!args.includes('--no-build')) {
    log('building');
    const r = spawnSync(process.execPath, [`${root}/node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const worker = workerChannel(cdp);
    await page.goto(`${url}${hash}`);
    if (compare) {
      await page.getByRole('button', { name: 'Compare with healthy', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-arm"]').length === 2, null, { timeout: 180_000 });
    }
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    await page.waitForFunction(() => Number((document.querySelector('[data-testid="update-count"]')?.textContent ?? '').replace(/[^0-9]/g, '')) >= 1, null, { timeout: 180_000 });
    const workerSend = await worker;
    if (workerSend === null) log('no CDP channel to the worker: worker heap not sampled');
    const pageSend: Send = (m, p) => cdp.send(m as never, p as never) as Promise<Record<string, unknown>>;
    const t0 = Date.now();
    const samples: Sample[] = [];
    const snapshots: HeapSummary[] = [];
    for (;;) {
      const t = (Date.now() - t0) / 1000;
      if (snapshotAt.length > snapshots.length && t >= snapshotAt[snapshots.length] * 60) {
        snapshots.push(await takeSummary(cdp));
        log(`heap snapshot ${snapshots.length} at ${Math.round(t)} s: ${(snapshots[snapshots.length - 1].totalBytes / 2 ** 20).toFixed(2)} MB`);
      }
      if (settled) await settle(page);
      const read = await readPage(page);
      const pageMem = await heapMb(pageSend);
      const workerMem = workerSend ? await heapMb(workerSend) : null;
      if (settled) {
        await page.getByRole('button', { name: 'Play', exact: true }).click();
        await page.getByRole('button', { name: 'Max', exact: true }).click();
      }
      const mb = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Number(x.toFixed(2)));
      const s: Sample = {
        t_s: Math.round(t),
        page_heap_mb: mb(pageMem.heap)!,
        page_buffers_mb: mb(pageMem.buffers),
        worker_heap_mb: mb(workerMem?.heap),
        worker_buffers_mb: mb(workerMem?.buffers),
        num_tensors: read.tensors,
        env_steps: read.envSteps,
        updates: read.updates,
        fps: Number((await fps(page)).toFixed(1)),
        ...(compare ? { arm_steps: (await armSteps(page)).map((t) => t.trim()) } : {}),
      };
      samples.push(s);
      log(JSON.stringify(s));
      if (t >= minutes * 60) break;
      const nextSnapshot = snapshotAt.length > snapshots.length ? snapshotAt[snapshots.length] * 60_000 - (Date.now() - t0) : Infinity;
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(sampleSeconds * 1000, nextSnapshot, Math.max(0, minutes * 60_000 - (Date.now() - t0)) + 10))));
    }
    const tensors = samples.map((s) => s.num_tensors).filter((n): n is number => n !== null);
    const out = {
      hash,
      compare,
      settled,
      minutes,
      fps: { min: Math.min(...samples.map((s) => s.fps)), median: samples.map((s) => s.fps).sort((a, b) => a - b)[Math.floor(samples.length / 2)] },
      chromium: browser.version(),
      page_heap: trend(samples, (s) => s.page_heap_mb),
      worker_heap: trend(samples, (s) => s.worker_heap_mb),
      page_buffers: trend(samples, (s) => s.page_buffers_mb),
      worker_buffers: trend(samples, (s) => s.worker_buffers_mb),
      num_tensors: { first: tensors[0] ?? null, last: tensors[tensors.length - 1] ?? null, min: Math.min(...tensors), max: Math.max(...tensors) },
      env_steps: samples[samples.length - 1].env_steps,
      updates: samples[samples.length - 1].updates,
      ...(snapshots.length >= 2 ? { heap_snapshot_growth: diffSummaries(snapshots[0], snapshots[snapshots.length - 1]) } : {}),
      samples,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    if (!args.includes('--no-build')) rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
