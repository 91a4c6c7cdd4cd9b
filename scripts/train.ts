// Train one agent from the command line and write its metric stream as JSON lines.
//
//   npm run train -- --env CartPole-v1 --agent ppo --seed 1 --total-steps 200000 \
//       [--preset name] [--set key=value]... [--bug id]... [--compare] [--backend cpu|wasm|auto] [--out run.jsonl]
//
// One line per scalar point: {"key":"charts/episodic_return","step":1234,"wall_s":1.23,"value":42}
// (non-finite values are written as null), one line per health alert (the worker's checks, same context):
// {"alert":{"id":"kl_spike","step":2048,"key":"losses/approx_kl","message":"…"}}, then a final
// {"summary":{...}} line. --compare runs the config without its bugs ("healthy") and then with them
// ("broken") on the same seed; every line of each run then starts with "run":"healthy" or "run":"broken".
// Exit code 2 on bad usage, 1 on a failed run.

import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createAgent, rewardThreshold, setupNodeBackendFor } from '../src/agents/index.ts';
import { bugsOf, canonicalBugId } from '../src/bugs/catalog.ts';
import { agentConfigSpec } from '../src/config/presets.ts';
import { validateRunConfig } from '../src/config/resolve.ts';
import { AGENT_IDS, type AgentId, type BackendChoice, type HyperValue, type RunConfig } from '../src/config/run-config.ts';
import { describeField, parseField } from '../src/config/schema.ts';
import type { HealthMonitor } from '../src/diagnostics/health.ts';
import type { MetricSink } from '../src/diagnostics/sink.ts';
import { METRIC } from '../src/diagnostics/metric-keys.ts';
import { ENV_IDS, isEnvId } from '../src/envs/registry.ts';
import type { EpisodeStats } from '../src/envs/types.ts';
import { createRun } from '../src/workers/create-run.ts';

const NODE_BACKENDS = ['cpu', 'wasm', 'auto'] as const;

export const USAGE = `usage: npm run train -- --env <id> [options]

  --env <id>             ${ENV_IDS.join(', ')}
  --agent <id>           ${AGENT_IDS.join(', ')} (default ppo)
  --seed <n>             non-negative integer (default 1)
  --total-steps <n>      env steps to run (default 100000)
  --preset <name>        hyperparameter preset (default playground; also cleanrl, zoo, fast)
  --set <key>=<value>    override one agent setting (repeatable); see --help for the keys
  --bug <id>             switch on a catalogued bug (repeatable)
  --compare              run without the bugs ("healthy"), then with them ("broken"), same seed;
                         every line is tagged "run":"healthy" or "run":"broken"
  --backend <name>       cpu | wasm | auto (default: wasm if it initialises, else cpu)
  --out <file>           write the JSON lines there instead of stdout
  --eval-episodes <n>    after training, run n greedy episodes (agents that offer it: DQN) and report
                         eval_return_mean in the summary, as SB3's evaluate_policy(deterministic=True)
  --quiet                no progress lines on stderr
  --help                 this text and the agent's settings`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface Args {
  run: RunConfig;
  backend: BackendChoice | 'default';
  out: string | null;
  quiet: boolean;
  totalSteps: number;
  compare: boolean;
  /** Greedy evaluation episodes after training (0: none). */
  evalEpisodes: number;
}

/** In --compare mode, which of the two runs a line belongs to. */
type RunTag = 'healthy' | 'broken';

/** Bad command-line usage: main() prints the message and USAGE and exits with code 2. */
export class UsageError extends Error {}

/** Echo user text in a message without letting a huge or multi-line value through. */
function clip(text: string): string {
  const one = JSON.stringify(text).slice(1, -1);
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

function parseIntArg(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} expects an integer ≥ ${min}, got '${clip(text)}'`);
  return n;
}

function settingsHelp(agent: AgentId): string {
  const spec = agentConfigSpec(agent);
  if (!spec) return `(agent ${agent} has no settings yet)`;
  return `${agent} settings (--set key=value):\n${spec.fields.map((f) => `  ${describeField(f)}\n      ${f.doc}`).join('\n')}`;
}

/** Parse argv (without node and script). Throws UsageError with a message for anything wrong. */
export function parseArgs(argv: readonly string[]): Args | 'help' {
  const flags: Record<string, string[]> = {};
  const withValue = new Set(['--env', '--agent', '--seed', '--total-steps', '--preset', '--set', '--bug', '--backend', '--out', '--eval-episodes']);
  const repeatable = new Set(['--set', '--bug']);
  let quiet = false;
  let compare = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--quiet') {
      quiet = true;
      continue;
    }
    if (arg === '--compare') {
      compare = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!withValue.has(name)) throw new UsageError(`unknown ${arg.startsWith('-') ? 'flag' : 'argument'} '${clip(arg)}'`);
    let value: string;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`${name} needs a value`);
      value = argv[++i];
    }
    if (flags[name] && !repeatable.has(name)) throw new UsageError(`${name} given twice`);
    (flags[name] ??= []).push(value);
  }
  const one = (f: string): string | undefined => flags[f]?.[0];

  const env = one('--env');
  if (env === undefined) throw new UsageError('--env is required');
  if (!isEnvId(env)) throw new UsageError(`unknown env '${clip(env)}' (known: ${ENV_IDS.join(', ')})`);
  const agent = (one('--agent') ?? 'ppo') as AgentId;
  if (!AGENT_IDS.includes(agent)) throw new UsageError(`unknown agent '${clip(agent)}' (known: ${AGENT_IDS.join(', ')})`);
  const spec = agentConfigSpec(agent);
  if (!spec) throw new UsageError(`agent '${agent}' is not implemented yet`);
  const backend = one('--backend') ?? 'default';
  if (backend !== 'default' && !(NODE_BACKENDS as readonly string[]).includes(backend))
    throw new UsageError(`--backend must be one of ${NODE_BACKENDS.join(', ')} in Node, got '${clip(backend)}'`);

  const overrides: Record<string, HyperValue> = {};
  for (const kv of flags['--set'] ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got '${clip(kv)}'`);
    const key = kv.slice(0, eq);
    const field = spec.fields.find((f) => f.key === key);
    if (!field) throw new UsageError(`unknown ${agent} setting '${clip(key)}' (known: ${spec.fields.map((f) => f.key).join(', ')})`);
    const parsed = parseField(field, kv.slice(eq + 1));
    if ('error' in parsed) throw new UsageError(`--set ${clip(kv)}: ${parsed.error}`);
    overrides[key] = parsed.value;
  }
  const bugs = (flags['--bug'] ?? []).map(canonicalBugId);
  const validBugs = bugsOf(agent);
  for (const b of bugs)
    if (!validBugs.includes(b)) throw new UsageError(`unknown bug '${clip(b)}' for ${agent} (valid ids: ${validBugs.length > 0 ? validBugs.join(', ') : 'none yet'})`);

  const totalSteps = parseIntArg('--total-steps', one('--total-steps') ?? '100000', 1);
  const preset = one('--preset') ?? 'playground';
  if (!/^[\w.-]{1,60}$/.test(preset)) throw new UsageError(`malformed --preset '${clip(preset)}' (letters, digits, '-', '_' and '.')`);
  const run: RunConfig = {
    env,
    agent,
    preset,
    seed: parseIntArg('--seed', one('--seed') ?? '1', 0),
    backend: backend === 'default' ? 'auto' : (backend as BackendChoice),
    overrides,
    bugs,
    totalSteps,
  };
  if (compare && bugs.length === 0) throw new UsageError('--compare needs at least one --bug (it runs the config without and with its bugs)');
  const errors = validateRunConfig(run);
  if (errors.length > 0) throw new UsageError(errors.join('\n'));
  const evalEpisodes = parseIntArg('--eval-episodes', one('--eval-episodes') ?? '0', 0);
  return { run, backend: backend as Args['backend'], out: one('--out') ?? null, quiet, totalSteps, compare, evalEpisodes };
}

/** Writes scalar points, and the health alerts they fire, as JSON lines; keeps what the summary needs. */
class JsonlSink implements MetricSink {
  step = 0;
  readonly returns: number[] = [];
  /** Ids of the health checks that fired, in firing order. */
  readonly alertIds: string[] = [];
  stepsToSolve: number | null = null;
  private readonly start = performance.now();
  /** `"run":"…",` for --compare lines, else empty. */
  private readonly prefix: string;
  /** Health checks fed with every scalar point (null: none). */
  monitor: HealthMonitor | null = null;

  constructor(
    private readonly write: (line: string) => void,
    private readonly threshold: number,
    tag: RunTag | null,
  ) {
    this.prefix = tag === null ? '' : `"run":${JSON.stringify(tag)},`;
  }

  /** A JSON line with this run's tag first (in --compare mode). */
  line(body: Record<string, unknown>): string {
    return `{${this.prefix}${JSON.stringify(body).slice(1)}\n`;
  }

  wallS(): number {
    return (performance.now() - this.start) / 1000;
  }

  at(envSteps: number): void {
    this.step = envSteps;
  }

  scalar(key: string, value: number): void {
    const v = Number.isFinite(value) ? value : null;
    this.write(`{${this.prefix}"key":${JSON.stringify(key)},"step":${this.step},"wall_s":${this.wallS().toFixed(3)},"value":${v}}\n`);
    for (const { id, step, key: alertKey, message } of this.monitor?.push(key, this.step, value) ?? []) {
      this.alertIds.push(id);
      this.write(this.line({ alert: { id, step, key: alertKey, message } }));
    }
  }

  histogram(): void {}

  episode(ep: EpisodeStats): void {
    this.scalar(METRIC.episodicReturn, ep.return);
    this.scalar(METRIC.episodicLength, ep.length);
    this.returns.push(ep.return);
    if (this.stepsToSolve === null && this.returns.length >= 20 && mean20(this.returns) >= this.threshold) this.stepsToSolve = this.step;
  }
}

function mean20(returns: number[]): number {
  const last = returns.slice(-20);
  return last.reduce((a, b) => a + b, 0) / last.length;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    const agentIdx = argv.indexOf('--agent');
    const agent = (agentIdx >= 0 ? argv[agentIdx + 1] : 'ppo') as AgentId;
    io.stdout(`${USAGE}\n\n${settingsHelp(AGENT_IDS.includes(agent) ? agent : 'ppo')}\n`);
    return 0;
  }
  const { run, out } = args;
  let fd: number | null = null;
  // Written synchronously, line by line: a killed or crashed run keeps everything up to its last point,
  // and `tail -f` follows it live (an async stream would hold every line until training yields to I/O).
  const write = out === null ? io.stdout : (line: string): void => void writeSync(fd!, line);
  if (out !== null) {
    try {
      fd = openSync(out, 'w');
    } catch (e) {
      io.stderr(`error: cannot write --out ${out}: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
      return 2;
    }
  }
  try {
    const backend = await setupNodeBackendFor(run, args.backend);
    // --compare: the same config and seed without its bugs, then with them.
    const runs: [RunConfig, RunTag | null][] = args.compare ? [[{ ...run, bugs: [] }, 'healthy'], [run, 'broken']] : [[run, null]];
    for (const [config, tag] of runs) await trainOne(config, tag, args, backend, write, io);
    return 0;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Train one run to the step budget, writing its points, alerts and summary (tagged in --compare mode). */
async function trainOne(
  run: RunConfig,
  tag: RunTag | null,
  args: Args,
  backend: { backend: string; reason: string },
  write: (line: string) => void,
  io: Io,
): Promise<void> {
  const { quiet, totalSteps } = args;
  const label = tag === null ? '' : `[${tag}] `;
  const sink = new JsonlSink(write, rewardThreshold(run), tag);
  // The worker's run assembly: agent, random baseline and health checks (src/workers/create-run.ts).
  const { agent } = await createRun(run, sink, { createAgent });
  let lastProgress = performance.now();
  let evalReturn: number | null = null;
  try {
    while (agent.envSteps < totalSteps) {
      await agent.iterate();
      if (!quiet && performance.now() - lastProgress > 5000) {
        lastProgress = performance.now();
        const r = sink.returns.length > 0 ? mean20(sink.returns).toFixed(1) : '-';
        io.stderr(`${label}step ${agent.envSteps}  mean20 return ${r}  ${Math.round(agent.envSteps / sink.wallS())} SPS\n`);
      }
    }
    if (args.evalEpisodes > 0 && agent.evaluate) evalReturn = await agent.evaluate(args.evalEpisodes, run.seed + 10_000);
  } finally {
    agent.dispose();
  }
  const wallS = sink.wallS();
  const summary = {
    env: run.env,
    agent: run.agent,
    preset: run.preset,
    seed: run.seed,
    overrides: run.overrides,
    bugs: run.bugs,
    total_steps: totalSteps,
    env_steps: agent.envSteps,
    updates: agent.updates,
    episodes: sink.returns.length,
    final_return_mean20: sink.returns.length > 0 ? mean20(sink.returns) : null,
    reward_threshold: rewardThreshold(run),
    steps_to_solve: sink.stepsToSolve,
    ...(args.evalEpisodes > 0 ? { eval_episodes: args.evalEpisodes, eval_return_mean: evalReturn } : {}),
    alerts: sink.alertIds,
    wall_s: Number(wallS.toFixed(3)),
    sps: Math.round(agent.envSteps / wallS),
    backend: backend.backend,
    backend_reason: backend.reason,
  };
  write(sink.line({ summary }));
  if (!quiet) io.stderr(`${label}done: ${JSON.stringify(summary)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main(process.argv.slice(2), {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  });
  process.exitCode = code;
}
