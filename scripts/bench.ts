// Every benchmark, one JSON object on stdout (progress on stderr). Benchmarks measure; nothing here asserts.
//
//   npm run bench [-- --only envs,train,charts,fps,load,startup,page,speed,swarm,mbrl] [-- --fps-seconds 10] [-- --compare-cleanrl]
//       [-- --seeds 1,2,3,4,5] [-- --only-speed ppo_sps,ppo_solve,dqn_sps,dqn_solve] [-- --solve-presets fast,cleanrl]
//       [-- --dqn-solve-presets zoo,cleanrl] [-- --dqn-computes auto,tfjs]
//
//   envs    scripts/bench-envs.ts: steps/s per env, single and VectorEnv(16)
//   train   scripts/bench-train.ts: PPO SPS at CleanRL's CartPole config per Node backend, with phases
//   charts  chart redraw in Chromium on real canvases: 20 series × 10^5 points (scripts/bench/charts-bench.ts)
//   worker  PPO SPS in the browser's training worker at CleanRL's CartPole config (preset cleanrl), render off,
//           max speed, per backend (--worker-backends wasm,cpu; webgl/webgpu run on SwiftShader here: not a speed reference)
//   fps     main-thread frames per second and long tasks on the production build while PPO trains on
//           CartPole at max speed with rendering on, plus the SPS the worker reaches meanwhile
//   startup first env frame and first trained update after navigation to the default page, with each phase's time
//           (scripts/bench/startup-profile.ts; --startup-loads 5)
//   page    long tasks on the main thread during max-speed PPO training with rendering and every chart on
//           (layout=all), by PerformanceObserver and by a trace's thread time (scripts/bench/page-bench.ts; --page-seconds 10)
//   load    the same with 2 and with 8 concurrent runs (lr_too_high vs healthy, 1 and 4 seeds each, All
//           diagnostics): fps, long tasks, and whether every run kept progressing (scripts/bench/page-load.ts)
//   speed   scripts/bench-speed.ts: PPO SPS at CleanRL's config (tfjs and js compute), PPO time to solve at the
//           fast and cleanrl presets, DQN SPS at CleanRL's config (auto and tfjs compute), DQN time to solve at the
//           zoo and cleanrl presets, each over seeds (median, min, max); with
//           --compare-cleanrl also CleanRL's ppo.py / dqn.py in the same run (CLEANRL_DIR, CLEANRL_PYTHON)
//   swarm   scripts/bench-swarm.ts: wall time of 8 seeds of PPO at CleanRL's CartPole config as one seed swarm
//           (compute js and tfjs) vs one seed of ppo.ts on each compute path, in rotating order, median over
//           repeats (--swarm-seeds 8 --swarm-repeats 3)
//   mbrl    the model-based agent's planning time per step (its own time/plan_ms) in the browser worker on the
//           production build, Pendulum-v1 playground preset, wasm, rendering on, and the env frames the worker
//           sent meanwhile (scripts/bench/browser-plan.ts; --mbrl-episodes 4, --mbrl-screenshot FILE)
//
// Writes bench/results/latest.json: the machine, its load, every measure (value, unit, spread, backend,
// CleanRL's figure, date) and the raw sections; measures and sections this run did not take are kept from the last file.
//
// `npm run bench` builds first (the fps bench runs against dist/, as the browser tests do).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer, preview } from 'vite';
import { launchChromium, openPage } from '../tests/browser/browser.ts';
import os from 'node:os';
import { machineInfo, measure, summarise, type Measure } from './bench-stats.ts';
import { pageBench } from './bench/page-bench.ts';
import { profileStartup, type StartupLoad } from './bench/startup-profile.ts';
import { loadBench } from './bench/page-load.ts';
import { measureFrames, observeLongTasks } from './bench/page-measure.ts';
import { browserPlan } from './bench/browser-plan.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = (arg('only') ?? 'envs,train,charts,worker,fps,load,startup,page,speed,swarm,mbrl').split(',');
const workerBackends = (arg('worker-backends') ?? 'wasm,cpu').split(',');
const workerSeconds = Number(arg('worker-seconds') ?? '15');
const fpsSeconds = Number(arg('fps-seconds') ?? '10');
const pageSeconds = Number(arg('page-seconds') ?? '10');
/** Measures this run took outside the Node benches (startup, page), merged into latest.json by id. */
const ownMeasures: Measure[] = [];
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
 * Each load also gives every phase's time (scripts/bench/startup-profile.ts: worker start, tfjs loaded,
 * backend ready, first iteration, first update, its flush) and the long tasks until the first update.
 */
async function startupBench(loads: number): Promise<{ section: unknown; measures: Measure[] }> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  const runs: StartupLoad[] = [];
  try {
    for (let i = 0; i < loads; i++) runs.push(await profileStartup(browser, url!));
  } finally {
    await browser.close();
    await server.close();
  }
  const firstFrame = runs.map((r) => r.first_frame_ms);
  const firstUpdate = runs.map((r) => r.first_update_ms);
  // Each phase's median over the loads (ms after navigation), in the order they happen.
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.marks)))];
  const phases = Object.fromEntries(names.map((n): [string, number] => [n, summarise(runs.flatMap((r) => (n in r.marks ? [r.marks[n]] : []))).median]).sort((a, b) => a[1] - b[1]));
  const section = {
    page: 'default (PPO, CartPole-v1, auto backend)',
    loads,
    first_frame_ms: firstFrame,
    first_update_ms: firstUpdate,
    first_frame_ms_median: summarise(firstFrame).median,
    first_update_ms_median: summarise(firstUpdate).median,
    phases_ms_median: phases,
    long_tasks_until_first_update: runs.map((r) => r.long_tasks),
    long_task_max_ms_until_first_update: runs.map((r) => r.long_task_max_ms),
    // The same loads' main-thread tasks from a trace (to just after the first update): the longest in wall and in
    // thread (CPU) time; under load the wall time includes waiting for a core, the CPU time is the page's own work.
    task_max_wall_ms_until_first_update: runs.map((r) => r.trace.max_wall_ms),
    task_max_cpu_ms_until_first_update: runs.map((r) => r.trace.max_cpu_ms),
    load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  const what = 'default page (PPO CartPole-v1, auto backend), ms after navigation, over page loads';
  return {
    section,
    measures: [
      measure('startup_first_frame_ms', `first env frame drawn: ${what}`, 'ms', firstFrame, 'auto', null, 'no CleanRL counterpart', false),
      measure('startup_first_update_ms', `first trained update drawn: ${what}`, 'ms', firstUpdate, 'auto', null, 'no CleanRL counterpart', false),
    ],
  };
}

/** The page measure (scripts/bench/page-bench.ts) on the production build; --page-profile FILE adds a main-thread CPU profile. */
async function pageRun(): Promise<unknown> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const browser = await launchChromium();
  try {
    const r = await pageBench(browser, server.resolvedUrls!.local[0], pageSeconds, arg('page-profile'));
    ownMeasures.push(
      measure('page_long_task_max_ms', `longest main-thread task (wall, PerformanceObserver) in ${r.seconds} s of ${r.page}`, 'ms', [r.long_task_max_ms], 'wasm', null, 'no CleanRL counterpart', false),
      measure('page_task_cpu_max_ms', 'longest main-thread task in thread (CPU) time, from a trace of the same window', 'ms', [r.trace.max_cpu_ms], 'wasm', null, 'no CleanRL counterpart', false),
    );
    return r;
  } finally {
    await browser.close();
    await server.close();
  }
}

const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
if (only.includes('startup')) {
  log('startup (first env frame and first update after navigation, 5 loads) …');
  const startup = await startupBench(Number(arg('startup-loads') ?? '5'));
  out.startup = startup.section;
  ownMeasures.push(...startup.measures);
}
if (only.includes('page')) {
  log(`page (long tasks over ${pageSeconds} s of max-speed PPO training, rendering and every chart on) …`);
  out.page = await pageRun();
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
    const two = await loadBench(server.resolvedUrls!.local[0], fpsSeconds, 1);
    const eight = await loadBench(server.resolvedUrls!.local[0], fpsSeconds, 4);
    out.load = { two_runs: two, eight_runs: eight };
    for (const r of [two, eight]) {
      const what = `${r.runs} concurrent runs (lr_too_high vs healthy), max speed, rendering and every chart on, ${fpsSeconds} s`;
      ownMeasures.push(
        measure(`load_${r.runs}_runs_fps`, `main-thread frames per second with ${what}; every run progressed: ${r.every_run_progressed}`, 'fps', [r.fps], 'wasm', null, 'no CleanRL counterpart', true),
        measure(`load_${r.runs}_runs_task_cpu_max_ms`, `longest main-thread task in thread (CPU) time with ${what}`, 'ms', [r.main_thread_trace.max_cpu_ms], 'wasm', null, 'no CleanRL counterpart', false),
      );
    }
  } finally {
    await server.close();
  }
}
if (only.includes('speed')) {
  log('speed (issue 14 measures; minutes) …');
  const pass: string[] = [];
  for (const flag of ['seeds', 'only-speed', 'solve-presets', 'dqn-solve-presets', 'dqn-computes']) if (arg(flag) !== undefined) pass.push(`--${flag === 'only-speed' ? 'only' : flag}`, arg(flag)!);
  if (args.includes('--compare-cleanrl')) pass.push('--compare-cleanrl');
  out.speed = nodeBench('bench-speed.ts', pass);
}
if (only.includes('swarm')) {
  log('swarm (8 seeds batched vs one seed; minutes) …');
  out.swarm = nodeBench('bench-swarm.ts', ['--seeds', arg('swarm-seeds') ?? '8', '--repeats', arg('swarm-repeats') ?? '3', '--steps', arg('swarm-steps') ?? '51200']);
}
if (only.includes('mbrl')) {
  log('mbrl (planning time per step in the browser worker, Pendulum-v1 playground) …');
  const r = await browserPlan(root, Number(arg('mbrl-episodes') ?? '4'), 10, arg('mbrl-screenshot'));
  out.mbrl = { ...r, load_average: os.loadavg().map((l) => Number(l.toFixed(2))) };
  const what = `model-based agent's time/plan_ms in the browser worker (one value per planned 200-step episode), ${r.page}; env frames sent meanwhile ${r.env_frames_per_s}/s`;
  ownMeasures.push(measure('mbrl_browser_plan_ms', what, 'ms', r.plan_ms, 'wasm', null, 'no CleanRL counterpart', false));
}
// A run that measured only some measures replaces those (by id) and keeps the others, each with its own date and load.
const latest = `${root}/bench/results/latest.json`;
const last = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as { measures?: { id: string }[]; sections?: Record<string, unknown> }) : {};
const previous = last.measures ?? [];
const fresh = [...[out.speed, out.swarm].flatMap((section) => (section as { measures?: { id: string }[] } | undefined)?.measures ?? []), ...ownMeasures];
const measures = [...previous.filter((m) => !fresh.some((f) => f.id === m.id)), ...fresh];
mkdirSync(`${root}/bench/results`, { recursive: true });
// Likewise the raw sections: a section this run did not produce stays as the last run wrote it.
writeFileSync(latest, `${JSON.stringify({ date: out.date, machine: machineInfo(), measures, sections: { ...last.sections, ...out } }, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
