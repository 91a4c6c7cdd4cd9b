// The model-based agent's planning time in the browser's training worker: the production build (dist/, so
// `npm run build` first; `npm run bench` does) with mbrl on Pendulum-v1, `playground` preset, wasm backend,
// rendering on, max speed. Reads the agent's own `time/plan_ms` (wall ms per planning step, the mean over
// each episode's planned steps, src/agents/mbrl.ts) from the batches the worker sends the page (sniffed on
// the main thread's MessagePorts, as browser-solve.ts does), and counts the env frames the worker sent and
// the page's animation frames meanwhile: the env animates while the agent plans when both keep coming.
// `screenshot`: a PNG of the page once planning has started, and another (…-later.png) after the counting window.

import { preview } from 'vite';
import { launchChromium, openPage } from '../../tests/browser/browser.ts';
import { measureFrames, observeLongTasks, type FrameStats } from './page-measure.ts';

export interface BrowserPlan {
  page: string;
  /** time/plan_ms per planned episode, in order (ms per planning step, the worker's clock). */
  plan_ms: number[];
  /** Env steps at each plan_ms point. */
  plan_ms_steps: number[];
  /** While planning (after the first plan_ms point): env frames the worker sent per second, env steps per second. */
  env_frames_per_s: number;
  env_steps_per_s: number;
  /** The page's frames and long tasks over the same window. */
  page_frames: FrameStats;
}

interface Sniffed {
  plan: { step: number; value: number }[];
  frames: number;
  steps: number;
}

/** Installed before the page's scripts: wraps every MessagePort 'message' listener to watch TrainerBatches. */
function sniff(): void {
  const w = window as unknown as { __plan: Sniffed };
  w.__plan = { plan: [], frames: 0, steps: 0 };
  const onBatch = (b: { scalars: { key: string; step: ArrayLike<number>; value: ArrayLike<number> }[]; frames: unknown[]; status: { envSteps: number } }): void => {
    const s = w.__plan;
    s.frames += b.frames.length;
    s.steps = b.status.envSteps;
    for (const c of b.scalars) if (c.key === 'time/plan_ms') for (let i = 0; i < c.value.length; i++) s.plan.push({ step: c.step[i], value: c.value[i] });
  };
  type Add = (this: MessagePort, type: string, listener: unknown, options?: unknown) => void;
  const proto = MessagePort.prototype as unknown as { addEventListener: Add };
  const add = proto.addEventListener;
  proto.addEventListener = function (this: MessagePort, type: string, listener: unknown, options?: unknown): void {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const wrapped = (ev: MessageEvent): void => {
      const args = ev.data?.argumentList;
      if (Array.isArray(args))
        for (const a of args) {
          const v = a?.value;
          if (v && Array.isArray(v.scalars) && Array.isArray(v.frames) && v.status) onBatch(v);
        }
      (listener as (ev: MessageEvent) => void).call(this, ev);
    };
    add.call(this, type, wrapped, options);
  };
}

/** `episodes`: planned episodes to wait for (one plan_ms point each); `windowS`: seconds of frame counting. */
export async function browserPlan(root: string, episodes = 4, windowS = 10, screenshot?: string, limitS = 300): Promise<BrowserPlan> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  const hash = 'env=Pendulum-v1&agent=mbrl&preset=playground&seed=1&backend=wasm';
  try {
    const { page } = await openPage(browser, { width: 1400, height: 900 });
    await observeLongTasks(page);
    await page.addInitScript(sniff);
    await page.goto(`${url}#${hash}`);
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    if (!(await pause.isVisible())) await page.getByRole('button', { name: 'Play', exact: true }).click();
    const read = (): Promise<Sniffed> => page.evaluate(() => (window as unknown as { __plan: Sniffed }).__plan);
    // Planning has started once the first planned episode has reported its planning time.
    await page.waitForFunction(() => (window as unknown as { __plan: Sniffed }).__plan.plan.length >= 1, null, { timeout: limitS * 1000, polling: 250 });
    if (screenshot) await page.screenshot({ path: screenshot });
    const a = { ...(await read()), t: Date.now() };
    const pageFrames = await measureFrames(page, windowS);
    const b = { ...(await read()), t: Date.now() };
    if (screenshot) await page.screenshot({ path: screenshot.replace(/\.png$/, '') + '-later.png' });
    await page.waitForFunction((n) => (window as unknown as { __plan: Sniffed }).__plan.plan.length >= n, episodes, { timeout: limitS * 1000, polling: 250 });
    const s = await read();
    const secs = (b.t - a.t) / 1000;
    return {
      page: `#${hash}, rendering on, max speed`,
      plan_ms: s.plan.map((p) => Number(p.value.toFixed(1))),
      plan_ms_steps: s.plan.map((p) => p.step),
      env_frames_per_s: Number(((b.frames - a.frames) / secs).toFixed(1)),
      env_steps_per_s: Number(((b.steps - a.steps) / secs).toFixed(1)),
      page_frames: pageFrames,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
