// Issue 14's measures, in Node, with CleanRL beside them in the same invocation when it is installed.
// Each run is its own process (a fresh tfjs / Python), seeds interleaved ours, CleanRL's, ours, …; every
// measure reports its median, min and max over the seeds. JSON on stdout (scripts/bench.ts writes it to
// bench/results/latest.json). Never a test: nothing here asserts.
//
//   npx tsx scripts/bench-speed.ts [--only ppo_sps,ppo_solve,ppo_solve_browser,dqn_sps,dqn_solve] [--seeds 1,2,3,4,5]
//       [--solve-presets fast,cleanrl] [--dqn-solve-presets zoo,cleanrl] [--dqn-computes auto,tfjs] [--compare-cleanrl]
//
//   ppo_sps    PPO at CleanRL's CartPole config (preset cleanrl: 4 envs × 128 steps, 4 epochs × 4
//              minibatches), Node wasm, SPS = env steps / wall seconds over 51,200 steps, per compute path;
//              also steps per CPU second of the run's process (steps_per_cpu_second: steadier under load)
//   ppo_solve  PPO time to solve CartPole-v1 (mean of the last 20 episodic returns ≥ 475), seconds from
//              process spawn (interpreter, library load and training; the same clock for CleanRL), per preset,
//              compute=auto (the wasm SIMD kernels at these sizes; compute is not a hyperparameter of the preset)
//   ppo_solve_browser  the same in Chromium's training worker on the production build (dist/: `npm run bench`
//              builds it), render off, max speed, seconds from pressing Play (scripts/bench/browser-solve.ts);
//              presets from --browser-presets (default fast)
//   dqn_sps    DQN at CleanRL's dqn.py config (preset cleanrl), SPS over the first 30,000 steps (10,000 before
//              learning starts), at the default compute (auto: the wasm SIMD kernels) and on tfjs (--dqn-computes)
//   dqn_solve  DQN time to solve CartPole-v1 (the same criterion and clock as ppo_solve), per preset
//              (--dqn-solve-presets zoo,cleanrl; caps: zoo 100,000 steps = twice its n_timesteps, cleanrl
//              500,000 = dqn.py's total_timesteps), compute auto; CleanRL's dqn.py beside the cleanrl preset
//
// CleanRL: CLEANRL_DIR = a checkout of vwxyzjn/cleanrl (the reference is commit fe8d8a0), CLEANRL_PYTHON = a
// Python with torch and gymnasium 0.29.1 (default python3). tyro and tensorboard, which Debian does not
// package, are stood in by bench/cleanrl-shim when missing (argument parsing; a writer that records nothing).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAgent, rewardThreshold, setupNodeBackendFor } from '../src/agents/index.ts';
import { agentConfigSpec } from '../src/config/presets.ts';
import { makeRunConfig } from '../src/config/resolve.ts';
import type { AgentId, HyperValue } from '../src/config/run-config.ts';
import { parseField } from '../src/config/schema.ts';
import type { EpisodeStats } from '../src/envs/types.ts';
import { createRun, type MonitoredSink } from '../src/workers/create-run.ts';
import { browserSolve } from './bench/browser-solve.ts';
import { measure, summarise, type Measure } from './bench-stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const log = (s: string): void => void process.stderr.write(`[bench-speed] ${s}\n`);

const PPO_SPS_STEPS = 51_200;
const DQN_SPS_STEPS = 30_000;
const SOLVE_CAP = 500_000;
/** Where a preset's schedules reach 0 before SOLVE_CAP, nothing changes after them: the fast preset anneals over 1e5 steps. */
const SOLVE_CAPS: Record<string, number> = { fast: 100_000 };
/** DQN: the zoo preset's schedule ends at its n_timesteps (5e4), capped at twice that; cleanrl at dqn.py's total_timesteps. */
const DQN_SOLVE_CAPS: Record<string, number> = { zoo: 100_000, cleanrl: 500_000 };

// ─── child: one run in this process, one JSON line on stdout ──────────────────────────────────────

interface ChildArgs {
  agent: AgentId;
  preset: string;
  seed: number;
  steps: number;
  stopWhenSolved: boolean;
  overrides: Record<string, HyperValue>;
}

class SolveSink implements MonitoredSink {
  monitor = null;
  step = 0;
  readonly returns: number[] = [];
  solvedAt: number | null = null;
  constructor(private readonly threshold: number) {}
  at(steps: number): void {
    this.step = steps;
  }
  scalar(): void {}
  histogram(): void {}
  episode(ep: EpisodeStats): void {
    this.returns.push(ep.return);
    const n = this.returns.length;
    if (this.solvedAt === null && n >= 20 && this.returns.slice(n - 20).reduce((a, b) => a + b, 0) / 20 >= this.threshold) {
      this.solvedAt = this.step;
      // The parent timestamps this line: time to solve on the same clock as CleanRL's.
      process.stdout.write(`${JSON.stringify({ solved: this.step })}\n`);
    }
  }
}

async function child(a: ChildArgs): Promise<void> {
  const run = makeRunConfig('CartPole-v1', a.agent, { preset: a.preset, seed: a.seed, totalSteps: a.stopWhenSolved ? SOLVE_CAP : a.steps, overrides: a.overrides });
  const backend = await setupNodeBackendFor(run, 'default');
  const sink = new SolveSink(rewardThreshold(run));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { agent } = await createRun(run, sink, { createAgent });
  while (agent.envSteps < a.steps && !(a.stopWhenSolved && sink.solvedAt !== null)) await agent.iterate();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU seconds of this process over the same span: under load, wall SPS follows the machine's other jobs,
  // steps per CPU second much less so (before/after comparisons on a busy machine).
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  agent.dispose();
  process.stdout.write(`${JSON.stringify({ steps: agent.envSteps, seconds, sps: agent.envSteps / seconds, cpu_seconds: cpuSeconds, sps_cpu: agent.envSteps / cpuSeconds, solved: sink.solvedAt, backend: backend.backend })}\n`);
}

// ─── parent: spawn runs, timestamp their lines ────────────────────────────────────────────────────

interface Spawned {
  lines: { t: number; text: string }[];
  code: number | null;
  seconds: number;
}

/** Run a command; `stopOn(line)` true ends it early (SIGTERM). Each stdout line is kept with its time since spawn. */
function runTimed(cmd: string, args: string[], env: NodeJS.ProcessEnv, stopOn: (line: string) => boolean = () => false): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Spawned['lines'] = [];
    let buf = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push({ t: (performance.now() - t0) / 1000, text });
        if (stopOn(text)) p.kill('SIGTERM');
      }
    });
    p.stderr.on('data', (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0 && code !== null) log(`${cmd} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
      resolve({ lines, code, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

function ours(a: Omit<ChildArgs, 'overrides'> & { overrides?: Record<string, HyperValue> }): Promise<Spawned> {
  const flags = ['--import', 'tsx', `${root}/scripts/bench-speed.ts`, '--child', a.agent, '--preset', a.preset, '--seed', String(a.seed), '--steps', String(a.steps)];
  if (a.stopWhenSolved) flags.push('--stop-when-solved');
  for (const [k, v] of Object.entries(a.overrides ?? {})) flags.push('--set', `${k}=${String(v)}`);
  return runTimed(process.execPath, flags, process.env, (line) => a.stopWhenSolved && line.startsWith('{"solved"'));
}

const lastJson = (s: Spawned): Record<string, number | string | null> => JSON.parse(s.lines.filter((l) => l.text.startsWith('{"steps"')).at(-1)?.text ?? '{}');

// CleanRL.
const CLEANRL_DIR = process.env.CLEANRL_DIR;
const CLEANRL_PYTHON = process.env.CLEANRL_PYTHON ?? 'python3';
const SHIM = `${root}/bench/cleanrl-shim`;
const SETUP = `CleanRL column skipped. To run it: a checkout of https://github.com/vwxyzjn/cleanrl (reference commit fe8d8a0) in CLEANRL_DIR,
and a Python with torch and gymnasium 0.29.1 in CLEANRL_PYTHON (default python3), e.g. on Debian 12:
  apt-get install -y python3-torch python3-numpy python3-cloudpickle python3-typing-extensions
  pip install gymnasium==0.29.1     # or put Gymnasium v0.29.1's gymnasium/ folder on CLEANRL_PYTHONPATH
  CLEANRL_DIR=~/cleanrl CLEANRL_PYTHON=/usr/bin/python3 npm run bench -- --only speed --compare-cleanrl
(tyro and tensorboard are optional: bench/cleanrl-shim stands in for them.)`;

function cleanrlEnv(): NodeJS.ProcessEnv {
  const path = [SHIM, CLEANRL_DIR, process.env.CLEANRL_PYTHONPATH, process.env.PYTHONPATH].filter(Boolean).join(':');
  return { ...process.env, PYTHONPATH: path, PYTHONUNBUFFERED: '1' };
}

async function cleanrlAvailable(): Promise<{ ok: true; torch: string } | { ok: false; why: string }> {
  if (!CLEANRL_DIR || !existsSync(`${CLEANRL_DIR}/cleanrl/ppo.py`)) return { ok: false, why: `CLEANRL_DIR ${CLEANRL_DIR ? `(${CLEANRL_DIR}) has no cleanrl/ppo.py` : 'is not set'}` };
  const probe = await runTimed(CLEANRL_PYTHON, ['-c', 'import torch, gymnasium; print(torch.__version__, gymnasium.__version__)'], cleanrlEnv()).catch(() => null);
  const line = probe?.lines[0]?.text;
  if (!line) return { ok: false, why: `${CLEANRL_PYTHON} cannot import torch and gymnasium` };
  return { ok: true, torch: line };
}

function cleanrl(script: 'ppo.py' | 'dqn.py', seed: number, steps: number, stopWhenSolved: boolean): Promise<Spawned> {
  const returns: number[] = [];
  // CleanRL prints "global_step=…, episodic_return=[r]" for each finished episode.
  const stop = (line: string): boolean => {
    const m = /episodic_return=\[?([-\d.e]+)/.exec(line);
    if (!m) return false;
    returns.push(Number(m[1]));
    const n = returns.length;
    return stopWhenSolved && n >= 20 && returns.slice(n - 20).reduce((a, b) => a + b, 0) / 20 >= 475;
  };
  const args = [`${CLEANRL_DIR}/cleanrl/${script}`, '--seed', String(seed), '--total-timesteps', String(steps), '--env-id', 'CartPole-v1', '--no-cuda'];
  return runTimed(CLEANRL_PYTHON, args, cleanrlEnv(), stop);
}

/** Time since spawn of the first moment the mean of the last 20 returns reached 475, from CleanRL's episode lines. */
function cleanrlSolve(s: Spawned): { seconds: number; steps: number } | null {
  const returns: number[] = [];
  for (const l of s.lines) {
    const m = /global_step=(\d+), episodic_return=\[?([-\d.e]+)/.exec(l.text);
    if (!m) continue;
    returns.push(Number(m[2]));
    const n = returns.length;
    if (n >= 20 && returns.slice(n - 20).reduce((a, b) => a + b, 0) / 20 >= 475) return { seconds: l.t, steps: Number(m[1]) };
  }
  return null;
}

const cleanrlSps = (s: Spawned): number | null => {
  const sps = s.lines.map((l) => /^SPS: (\d+)/.exec(l.text)).filter((m) => m !== null);
  return sps.length > 0 ? Number(sps.at(-1)![1]) : null;
};

async function parent(): Promise<void> {
  const only = (arg('only') ?? 'ppo_sps,ppo_solve,dqn_sps,dqn_solve').split(',');
  const seeds = (arg('seeds') ?? '1,2,3,4,5').split(',').map(Number);
  const solvePresets = (arg('solve-presets') ?? 'fast,cleanrl').split(',');
  const computes = (arg('computes') ?? 'tfjs,js').split(',');
  let crl: Awaited<ReturnType<typeof cleanrlAvailable>> | null = null;
  if (argv.includes('--compare-cleanrl')) {
    crl = await cleanrlAvailable();
    if (!crl.ok) log(`${crl.why}.\n${SETUP}`);
  }
  const withCleanrl = crl?.ok === true;
  const cleanrlSkipped = crl === null ? 'not requested (--compare-cleanrl)' : crl.ok ? null : crl.why;
  const measures: Measure[] = [];

  if (only.includes('ppo_sps')) {
    const ourRuns: Record<string, number[]> = Object.fromEntries(computes.map((c) => [c, []]));
    const ourCpu: Record<string, number[]> = Object.fromEntries(computes.map((c) => [c, []]));
    const theirs: number[] = [];
    for (const seed of seeds) {
      for (const compute of computes) {
        log(`ppo_sps seed ${seed} compute ${compute} …`);
        const r = lastJson(await ours({ agent: 'ppo', preset: 'cleanrl', seed, steps: PPO_SPS_STEPS, stopWhenSolved: false, overrides: { compute } }));
        ourRuns[compute].push(Number(r.sps));
        ourCpu[compute].push(Number(r.sps_cpu));
        log(`  → ${ourRuns[compute].at(-1)?.toFixed(0)} SPS (${ourCpu[compute].at(-1)?.toFixed(0)} per CPU second)`);
      }
      if (withCleanrl) {
        log(`ppo_sps seed ${seed} CleanRL ppo.py …`);
        const sps = cleanrlSps(await cleanrl('ppo.py', seed, PPO_SPS_STEPS, false));
        if (sps !== null) theirs.push(sps);
        log(`  → CleanRL ${sps} SPS`);
      }
    }
    for (const compute of computes) {
      const m = measure(`ppo_sps_cleanrl_config_${compute}`, `PPO SPS at CleanRL's CartPole config, ${PPO_SPS_STEPS} steps, Node wasm, compute=${compute}`, 'env steps/s', ourRuns[compute], `wasm (Node), compute=${compute}`, withCleanrl ? summarise(theirs) : null, cleanrlSkipped, true);
      measures.push({ ...m, steps_per_cpu_second: summarise(ourCpu[compute]) });
    }
  }

  if (only.includes('ppo_solve')) {
    const theirs: number[] = [];
    const theirSteps: number[] = [];
    const ourRuns: Record<string, { s: number[]; steps: number[] }> = Object.fromEntries(solvePresets.map((p) => [p, { s: [], steps: [] }]));
    for (const seed of seeds) {
      for (const preset of solvePresets) {
        log(`ppo_solve seed ${seed} preset ${preset} …`);
        const r = await ours({ agent: 'ppo', preset, seed, steps: SOLVE_CAPS[preset] ?? SOLVE_CAP, stopWhenSolved: true, overrides: { compute: 'auto' } });
        const solved = r.lines.find((l) => l.text.startsWith('{"solved"'));
        ourRuns[preset].s.push(solved ? solved.t : Infinity);
        ourRuns[preset].steps.push(solved ? JSON.parse(solved.text).solved : Infinity);
        log(`  → ${solved ? `${solved.t.toFixed(1)} s, ${JSON.parse(solved.text).solved} steps` : 'unsolved'}`);
      }
      if (withCleanrl) {
        log(`ppo_solve seed ${seed} CleanRL ppo.py …`);
        const r = cleanrlSolve(await cleanrl('ppo.py', seed, SOLVE_CAP, true));
        theirs.push(r?.seconds ?? Infinity);
        theirSteps.push(r?.steps ?? Infinity);
        log(`  → CleanRL ${r ? `${r.seconds.toFixed(1)} s, ${r.steps} steps` : 'unsolved'}`);
      }
    }
    for (const preset of solvePresets) {
      const m = measure(`ppo_time_to_solve_${preset}`, `PPO CartPole-v1 time to solve (mean of 20 returns ≥ 475), seconds from process spawn, preset ${preset}, compute=auto, cap ${SOLVE_CAPS[preset] ?? SOLVE_CAP} steps (∞: unsolved)`, 's', ourRuns[preset].s, 'wasm (Node), compute=auto', withCleanrl ? summarise(theirs) : null, cleanrlSkipped, false);
      measures.push({ ...m, steps_to_solve: summarise(ourRuns[preset].steps), ...(withCleanrl ? { cleanrl_steps_to_solve: summarise(theirSteps) } : {}) });
    }
  }

  if (only.includes('ppo_solve_browser')) {
    for (const preset of (arg('browser-presets') ?? 'fast').split(',')) {
      log(`ppo_solve_browser preset ${preset}, seeds ${seeds.join(',')} …`);
      const runs = await browserSolve(root, preset, seeds, 300, log);
      const m = measure(`ppo_time_to_solve_browser_${preset}`, `PPO CartPole-v1 time to solve (mean of 20 returns ≥ 475) in Chromium's training worker, production build, render off, max speed, seconds from pressing Play, preset ${preset} (∞: unsolved in 300 s)`, 's', runs.map((r) => r.seconds ?? Infinity), 'browser worker (Chromium), backend auto', null, 'no CleanRL in the browser', false);
      measures.push({ ...m, steps_to_solve: summarise(runs.map((r) => r.steps ?? Infinity)), runs });
    }
  }

  if (only.includes('dqn_sps')) {
    // auto is the schema default (the kernels here); its measure keeps the id the bench has always used.
    const dqnComputes = (arg('dqn-computes') ?? 'auto,tfjs').split(',');
    const mine: Record<string, number[]> = Object.fromEntries(dqnComputes.map((c) => [c, []]));
    const mineCpu: Record<string, number[]> = Object.fromEntries(dqnComputes.map((c) => [c, []]));
    const theirs: number[] = [];
    for (const seed of seeds) {
      for (const compute of dqnComputes) {
        log(`dqn_sps seed ${seed} compute ${compute} …`);
        const r = lastJson(await ours({ agent: 'dqn', preset: 'cleanrl', seed, steps: DQN_SPS_STEPS, stopWhenSolved: false, overrides: { compute } }));
        mine[compute].push(Number(r.sps));
        mineCpu[compute].push(Number(r.sps_cpu));
        log(`  → ${mine[compute].at(-1)?.toFixed(0)} SPS (${mineCpu[compute].at(-1)?.toFixed(0)} per CPU second)`);
      }
      if (withCleanrl) {
        log(`dqn_sps seed ${seed} CleanRL dqn.py …`);
        const sps = cleanrlSps(await cleanrl('dqn.py', seed, DQN_SPS_STEPS, false));
        if (sps !== null) theirs.push(sps);
        log(`  → CleanRL ${sps} SPS`);
      }
    }
    for (const compute of dqnComputes) {
      const m = measure(compute === 'auto' ? 'dqn_sps_cleanrl_config' : `dqn_sps_cleanrl_config_${compute}`, `DQN SPS at CleanRL's dqn.py CartPole config, first ${DQN_SPS_STEPS} steps (10,000 before learning starts), compute=${compute}`, 'env steps/s', mine[compute], `wasm (Node), compute=${compute}`, withCleanrl ? summarise(theirs) : null, cleanrlSkipped, true);
      measures.push({ ...m, steps_per_cpu_second: summarise(mineCpu[compute]) });
    }
  }

  if (only.includes('dqn_solve')) {
    const presets = (arg('dqn-solve-presets') ?? 'zoo,cleanrl').split(',');
    const ourRuns: Record<string, { s: number[]; steps: number[] }> = Object.fromEntries(presets.map((p) => [p, { s: [], steps: [] }]));
    const theirs: number[] = [];
    const theirSteps: number[] = [];
    const withTheirs = withCleanrl && presets.includes('cleanrl');
    for (const seed of seeds) {
      for (const preset of presets) {
        const cap = DQN_SOLVE_CAPS[preset] ?? SOLVE_CAP;
        log(`dqn_solve seed ${seed} preset ${preset} (cap ${cap}) …`);
        const r = await ours({ agent: 'dqn', preset, seed, steps: cap, stopWhenSolved: true, overrides: { compute: 'auto' } });
        const solved = r.lines.find((l) => l.text.startsWith('{"solved"'));
        ourRuns[preset].s.push(solved ? solved.t : Infinity);
        ourRuns[preset].steps.push(solved ? JSON.parse(solved.text).solved : Infinity);
        log(`  → ${solved ? `${solved.t.toFixed(1)} s, ${JSON.parse(solved.text).solved} steps` : 'unsolved'}`);
      }
      if (withTheirs) {
        log(`dqn_solve seed ${seed} CleanRL dqn.py …`);
        const r = cleanrlSolve(await cleanrl('dqn.py', seed, DQN_SOLVE_CAPS.cleanrl, true));
        theirs.push(r?.seconds ?? Infinity);
        theirSteps.push(r?.steps ?? Infinity);
        log(`  → CleanRL ${r ? `${r.seconds.toFixed(1)} s, ${r.steps} steps` : 'unsolved'}`);
      }
    }
    for (const preset of presets) {
      // CleanRL's column only where the preset is CleanRL's (dqn.py at the same total_timesteps, so the same ε schedule).
      const crlHere = preset === 'cleanrl' && withTheirs;
      const skipped = preset === 'cleanrl' ? cleanrlSkipped : `the ${preset} preset is not CleanRL's dqn.py config`;
      const cap = DQN_SOLVE_CAPS[preset] ?? SOLVE_CAP;
      const m = measure(`dqn_time_to_solve_${preset}`, `DQN CartPole-v1 time to solve (mean of 20 returns ≥ 475), seconds from process spawn, preset ${preset}, compute=auto, cap ${cap} steps (∞: unsolved)`, 's', ourRuns[preset].s, 'wasm (Node), compute=auto', crlHere ? summarise(theirs) : null, crlHere ? null : skipped, false);
      measures.push({ ...m, steps_to_solve: summarise(ourRuns[preset].steps), ...(crlHere ? { cleanrl_steps_to_solve: summarise(theirSteps) } : {}) });
    }
  }
  process.stdout.write(`${JSON.stringify({ seeds, cleanrl: crl, measures }, null, 2)}\n`);
}

if (argv.includes('--child')) {
  const overrides: Record<string, HyperValue> = {};
  const fields = agentConfigSpec(arg('child') as AgentId)?.fields ?? [];
  argv.forEach((a, i) => {
    if (a !== '--set') return;
    const [k, v] = argv[i + 1].split('=');
    const field = fields.find((f) => f.key === k);
    const parsed = field ? parseField(field, v) : { error: `unknown setting ${k}` };
    if ('error' in parsed) throw new Error(parsed.error);
    overrides[k] = parsed.value;
  });
  await child({ agent: arg('child') as AgentId, preset: arg('preset')!, seed: Number(arg('seed')), steps: Number(arg('steps')), stopWhenSolved: argv.includes('--stop-when-solved'), overrides });
} else {
  await parent();
}
