// Every benchmark, one JSON object on stdout (progress on stderr). Benchmarks measure; nothing here asserts.
//
//   npm run bench [-- --only envs,train,charts,fps,load,startup,speed] [-- --fps-seconds 10] [-- --compare-cleanrl]
//       [-- --seeds 1,2,3,4,5] [-- --only-speed ppo_sps,ppo_solve,dqn_sps] [-- --solve-presets fast,cleanrl]
//
//   envs    scripts/bench-envs.ts: steps/s per env, single and VectorEnv(16)
//   train   scripts/bench-train.ts: PPO SPS at CleanRL's CartPole config per Node backend, with phases
//   charts  chart redraw in Chromium on real canvases: 20 series × 10^5 points (scripts/bench/charts-bench.ts)
//   worker  PPO SPS in the browser's training worker at CleanRL's CartPole config (preset cleanrl), render off,
//           max speed, per backend (--worker-backends wasm,cpu; webgl/webgpu run on SwiftShader here: not a speed reference)
//   fps     main-thread frames per second and long tasks on the production build while PPO trains on
//           CartPole at max speed with rendering on, plus the SPS the worker reaches meanwhile
//   load    the same with 2 and with 8 concurrent runs (lr_too_high vs healthy, 1 and 4 seeds each, All
//           diagnostics): fps, long tasks, and whether every run kept progressing (scripts/bench/page-load.ts)
//   speed   scripts/bench-speed.ts: PPO SPS at CleanRL's config (tfjs and js compute), PPO time to solve at the
//           fast and cleanrl presets, DQN SPS at CleanRL's config, each over seeds (median, min, max); with
//           --compare-cleanrl also CleanRL's ppo.py / dqn.py in the same run (CLEANRL_DIR, CLEANRL_PYTHON)
//
// Writes bench/results/latest.json: the machine, its load, every measure (value, unit, spread, backend,
// CleanRL's figure, date) and the raw sections; measures this run did not take are kept from the last file.
//
// `npm run bench` builds first (the fps bench runs against dist/, as the browser tests do).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer, preview } from 'vite';
import { launchChromium, openPage } from '../tests/browser/browser.ts';
import { machineInfo } from './bench-stats.ts';
import { loadBench, measureFrames, observeLongTasks } from './bench/page-load.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = (arg('only') ?? 'envs,train,charts,worker,fps,load,startup,speed').split(',');
const workerBackends = (arg('worker-backends') ?? 'wasm,cpu').split(',');
const workerSeconds = Number(arg('worker-seconds') ?? '15');
const fpsSeconds = Number(arg('fps-seconds') ?? '10');
const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

/** Run one of the Node bench scripts and parse its JSON stdout. */
function nodeBench(script: string, extra: string[] = []): unknown {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}/scripts/${script}`, ...extra], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${script} exited with ${r.status}`);
  return JSON.parse(r.stdout);
}

async function chartsBench(): Promise<unknown> {
  const server = await createViteServer({ root, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 }, optimizeDeps: { noDiscovery: true } });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  try {
    const { page } = await openPage(browser, { width: 1600, height: 1200, deviceScaleFactor: 2 });
    await page.goto(`${url}scripts/bench/charts.html`);
    await page.waitForFunction(() => 'window' in globalThis && (window as unknown as { __bench?: unknown }).__bench !== undefined);
    return await page.evaluate(() => (window as unknown as { __bench: Promise<unknown> }).__bench);
  } finally {
    await browser.close();
    await server.close();
  }
}

const digits = (text: string | null | undefined): number => Number(text?.replace(/[^0-9]/g, '') ?? 0);

async function workerBench(): Promise<unknown> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  const out: Record<string, unknown> = {};
  try {
    for (const backend of workerBackends) {
      const { page, context } = await openPage(browser, { width: 1400, height: 900 });
      await page.goto(`${url}#env=CartPole-v1&agent=ppo&preset=cleanrl&seed=1&backend=${backend}`);
      await page.getByTestId('render-switch').uncheck();
      await page.getByRole('button', { name: 'Max', exact: true }).click();
      const pause = page.getByRole('button', { name: 'Pause', exact: true });
      if (!(await pause.isVisible())) await page.getByRole('button', { name: 'Play', exact: true }).click();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0) >= 3, null, { timeout: 180_000 });
      const read = async (): Promise<{ steps: number; t: number }> => ({ steps: digits(await page.getByTestId('env-steps').textContent()), t: performance.now() });
      const a = await read();
      await page.waitForTimeout(workerSeconds * 1000);
      const b = await read();
      out[backend] = { sps: Math.round((b.steps - a.steps) / ((b.t - a.t) / 1000)), active: (await page.getByTestId('backend').textContent().catch(() => null))?.trim() ?? null };
      await context.close();
    }
    return { env: 'CartPole-v1', agent: 'ppo', preset: 'cleanrl', render: false, speed: 'max', seconds: workerSeconds, backends: out };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function fpsBench(): Promise<unknown> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  try {
    const { page } = await openPage(browser, { width: 1400, height: 900 });
    await observeLongTasks(page);
    await page.goto(`${url}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    if (!(await pause.isVisible())) await page.getByRole('button', { name: 'Play', exact: true }).click();
    // Warm up until the first update has landed (worker started, wasm compiled).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0) >= 2, null, { timeout: 120_000 });
    const stepsOf = (): Promise<number> => page.evaluate(() => Number(document.querySelector('[data-testid="env-steps"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0));
    const steps0 = await stepsOf();
    const result = await measureFrames(page, fpsSeconds);
    const steps1 = await stepsOf();
    return { ...result, env: 'CartPole-v1', agent: 'ppo', preset: 'playground', backend: 'wasm', render: true, speed: 'max', worker_sps: (steps1 - steps0) / result.seconds };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Issue 11's start-up targets: from navigation to the default page (PPO on CartPole, auto backend, trains at
 * once) to the first env frame on the canvas (data-drawn set) and to the first trained update drawn
 * (update-count ≥ 1), in the page's own clock (performance.now() is 0 at navigation). Fresh context per load.
 */
async function startupBench(loads: number): Promise<unknown> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  const firstFrame: number[] = [];
  const firstUpdate: number[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const { page, context } = await openPage(browser, { width: 1400, height: 900 });
      await page.addInitScript('globalThis.__name = (f) => f;');
      await page.addInitScript(() => {
        const w = window as unknown as { marks: Record<string, number> };
        w.marks = {};
        new MutationObserver(() => {
          if (w.marks.frame === undefined && document.querySelector('[data-testid="env-canvas"]')?.getAttribute('data-drawn')) w.marks.frame = performance.now();
          const updates = Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0);
          if (w.marks.update === undefined && updates >= 1) w.marks.update = performance.now();
        }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      await page.goto(url!);
      await page.waitForFunction(() => (window as unknown as { marks: Record<string, number> }).marks.update !== undefined, null, { timeout: 180_000 });
      const marks = await page.evaluate(() => (window as unknown as { marks: Record<string, number> }).marks);
      firstFrame.push(Math.round(marks.frame));
      firstUpdate.push(Math.round(marks.update));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { page: 'default (PPO, CartPole-v1, auto backend)', loads, first_frame_ms: firstFrame, first_update_ms: firstUpdate, first_frame_ms_median: median(firstFrame), first_update_ms_median: median(firstUpdate) };
}

const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
if (only.includes('startup')) {
  log('startup (first env frame and first update after navigation, 5 loads) …');
  out.startup = await startupBench(Number(arg('startup-loads') ?? '5'));
}
if (only.includes('envs')) {
  log('envs …');
  out.envs = nodeBench('bench-envs.ts');
}
if (only.includes('train')) {
  log('train …');
  out.train = nodeBench('bench-train.ts');
}
if (only.includes('charts')) {
  log('charts …');
  out.charts = await chartsBench();
}
if (only.includes('worker')) {
  log(`worker (${workerBackends.join(', ')}, ${workerSeconds} s each) …`);
  out.worker = await workerBench();
}
if (only.includes('fps')) {
  log(`fps (${fpsSeconds} s of max-speed PPO training with rendering on) …`);
  out.fps = await fpsBench();
}
if (only.includes('load')) {
  log(`load (2, then 8 concurrent runs, ${fpsSeconds} s each) …`);
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  try {
    // The same page with 2 runs first, as the baseline the 8 are read against (same machine, same load).
    out.load = { two_runs: await loadBench(server.resolvedUrls!.local[0], fpsSeconds, 1), eight_runs: await loadBench(server.resolvedUrls!.local[0], fpsSeconds, 4) };
  } finally {
    await server.close();
  }
}
if (only.includes('speed')) {
  log('speed (issue 14 measures; minutes) …');
  const pass: string[] = [];
  for (const flag of ['seeds', 'only-speed', 'solve-presets']) if (arg(flag) !== undefined) pass.push(`--${flag === 'only-speed' ? 'only' : flag}`, arg(flag)!);
  if (args.includes('--compare-cleanrl')) pass.push('--compare-cleanrl');
  out.speed = nodeBench('bench-speed.ts', pass);
}
// A run that measured only some measures replaces those (by id) and keeps the others, each with its own date and load.
const latest = `${root}/bench/results/latest.json`;
const previous = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as { measures?: { id: string }[] }).measures ?? [] : [];
const fresh = (out.speed as { measures?: { id: string }[] } | undefined)?.measures ?? [];
const measures = [...previous.filter((m) => !fresh.some((f) => f.id === m.id)), ...fresh];
mkdirSync(`${root}/bench/results`, { recursive: true });
writeFileSync(latest, `${JSON.stringify({ date: out.date, machine: machineInfo(), measures, sections: out }, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
