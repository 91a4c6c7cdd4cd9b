// Issue 14 goal 1 in the browser: PPO CartPole-v1 time to solve in the training worker of the production build
// (dist/, so run `npm run build` first; `npm run bench` does), render off, max speed. One fresh page per seed.
// Solved: the first moment the mean of the last 20 episodic returns is ≥ 475, read from the episode ends the
// worker sends the page (Comlink's batches, sniffed on the main thread's MessagePorts: the page exposes no
// return history). Seconds in the page's clock, from pressing Play (or, where the page is already training
// when it has loaded, from the first batch with env steps; `from` says which).

import { preview } from 'vite';
import { launchChromium, openPage } from '../../tests/browser/browser.ts';

export interface BrowserSolve {
  seed: number;
  /** Seconds from `from` to solved; null: not solved within the time limit. */
  seconds: number | null;
  steps: number | null;
  from: 'play' | 'first_steps';
  /** Seconds from navigation to `from`. */
  start_s: number;
}

interface Sniffed {
  returns: number[];
  firstStepsAt: number | null;
  solvedAt: number | null;
  solvedStep: number | null;
}

/** Installed before the page's scripts: wraps every MessagePort 'message' listener to watch TrainerBatch episodes. */
function sniff(): void {
  const w = window as unknown as { __solve: Sniffed };
  w.__solve = { returns: [], firstStepsAt: null, solvedAt: null, solvedStep: null };
  const onBatch = (b: { episodes: { return: number; step: number }[]; status: { envSteps: number } }): void => {
    const s = w.__solve;
    if (s.firstStepsAt === null && b.status.envSteps > 0) s.firstStepsAt = performance.now();
    for (const e of b.episodes) {
      s.returns.push(e.return);
      const n = s.returns.length;
      if (s.solvedAt === null && n >= 20 && s.returns.slice(n - 20).reduce((a, r) => a + r, 0) / 20 >= 475) {
        s.solvedAt = performance.now();
        s.solvedStep = e.step;
      }
    }
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
          if (v && Array.isArray(v.episodes) && v.status) onBatch(v);
        }
      (listener as (ev: MessageEvent) => void).call(this, ev);
    };
    add.call(this, type, wrapped, options);
  };
}

export async function browserSolve(root: string, preset: string, seeds: readonly number[], limitS = 300, log: (s: string) => void = () => {}): Promise<BrowserSolve[]> {
  const server = await preview({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
  const url = server.resolvedUrls?.local[0];
  const browser = await launchChromium();
  const out: BrowserSolve[] = [];
  try {
    for (const seed of seeds) {
      const { page, context } = await openPage(browser, { width: 1400, height: 900 });
      // tsx compiles with keepNames: functions handed to the page call a `__name` helper the page lacks.
      await page.addInitScript('globalThis.__name = (f) => f;');
      await page.addInitScript(sniff);
      await page.goto(`${url}#env=CartPole-v1&agent=ppo&preset=${preset}&seed=${seed}`);
      await page.getByTestId('render-switch').uncheck();
      await page.getByRole('button', { name: 'Max', exact: true }).click();
      const pause = page.getByRole('button', { name: 'Pause', exact: true });
      let from: BrowserSolve['from'] = 'first_steps';
      let t0 = 0;
      if (!(await pause.isVisible())) {
        from = 'play';
        t0 = await page.evaluate(() => performance.now());
        await page.getByRole('button', { name: 'Play', exact: true }).click();
      }
      const done = await page
        .waitForFunction(() => (window as unknown as { __solve: Sniffed }).__solve.solvedAt !== null, null, { timeout: limitS * 1000, polling: 250 })
        .then(() => true)
        .catch(() => false);
      const s = await page.evaluate(() => (window as unknown as { __solve: Sniffed }).__solve);
      if (from === 'first_steps') t0 = s.firstStepsAt ?? 0;
      const r: BrowserSolve = { seed, seconds: done && s.solvedAt !== null ? Number(((s.solvedAt - t0) / 1000).toFixed(2)) : null, steps: s.solvedStep, from, start_s: Number((t0 / 1000).toFixed(2)) };
      log(`  browser ${preset} seed ${seed}: ${r.seconds === null ? 'unsolved' : `${r.seconds} s, ${r.steps} steps`} (from ${from} at ${r.start_s} s)`);
      out.push(r);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
