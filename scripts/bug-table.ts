// The bug lab's measured table: for every implemented bug of every agent, `scripts/train.ts --compare` on seed 1
// (CartPole, or Pendulum where the bug needs a continuous env or time-limit cuts) and the signature metric of
// each run, healthy against broken, plus the health alerts each run raised.
//
//   npx tsx scripts/bug-table.ts > /tmp/bug-table.md            all rows (tens of minutes, one run at a time)
//   npx tsx scripts/bug-table.ts --only ppo --only dqn:ignore_done   some rows
//
// Progress goes to stderr; the markdown table to stdout.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bugsOf, findBug, unmetRequirements } from '../src/bugs/catalog.ts';
import { makeRunConfig, resolveConfig } from '../src/config/resolve.ts';
import type { AgentId } from '../src/config/run-config.ts';
import type { EnvId } from '../src/envs/types.ts';

/** How a run's series becomes the one number of the table. */
type Aggregate =
  | 'median'
  | 'max'
  | 'min'
  /** mean of the last quarter of the points */
  | 'late'
  /** last value − first value */
  | 'rise'
  /** median of |value| */
  | 'abs_median';

interface Row {
  agent: AgentId;
  bug: string;
  env: EnvId;
  steps: number;
  /** A series key, or two keys whose point-by-point ratio is taken (same steps). */
  metric: string | [string, string];
  aggregate: Aggregate;
  /** --set overrides both runs share (a bug that needs a setting, e.g. frame skip). */
  set?: string[];
}

const CP: EnvId = 'CartPole-v1';
const PD: EnvId = 'Pendulum-v1';
const CPC: EnvId = 'CartPoleContinuous-v0';
const VALUE_OVER_RETURN: [string, string] = ['diagnostics/value_mean', 'diagnostics/return_mean'];

/** Step budgets chosen so that each compare (two runs) stays around a minute here and the signature shows. */
const ROWS: Row[] = [
  { agent: 'ppo', bug: 'lr_too_high', env: CP, steps: 20_000, metric: 'losses/approx_kl', aggregate: 'median' },
  { agent: 'ppo', bug: 'no_return_normalization', env: CP, steps: 20_000, metric: 'losses/value_loss', aggregate: 'median' },
  { agent: 'ppo', bug: 'uninitialized_buffer', env: CP, steps: 10_000, metric: 'diagnostics/value_target_min', aggregate: 'median' },
  { agent: 'ppo', bug: 'sum_instead_of_mean_loss', env: CP, steps: 10_000, metric: 'diagnostics/grad_norm', aggregate: 'median' },
  { agent: 'ppo', bug: 'ignore_done', env: CP, steps: 30_000, metric: VALUE_OVER_RETURN, aggregate: 'late' },
  { agent: 'ppo', bug: 'truncation_as_termination', env: PD, steps: 16_384, metric: 'losses/explained_variance', aggregate: 'late' },
  { agent: 'ppo', bug: 'entropy_coef_too_high', env: CP, steps: 30_000, metric: 'losses/entropy', aggregate: 'late' },
  { agent: 'ppo', bug: 'no_advantage_normalization', env: CP, steps: 20_000, metric: 'losses/policy_loss', aggregate: 'abs_median' },
  // On raw returns, where the catalogue says the clip binds hard (with normalised returns the runs differ by seed noise).
  { agent: 'ppo', bug: 'no_grad_clipping', env: CP, steps: 20_000, metric: 'losses/approx_kl', aggregate: 'median', set: ['normalizeReturns=false'] },
  { agent: 'ppo', bug: 'no_obs_normalization', env: PD, steps: 8192, metric: 'diagnostics/activation_std/actor/0', aggregate: 'median' },
  { agent: 'ppo', bug: 'too_many_epochs', env: CP, steps: 10_000, metric: 'losses/approx_kl', aggregate: 'median' },
  { agent: 'ppo', bug: 'stale_rollout', env: CP, steps: 20_000, metric: 'losses/first_ratio_dev', aggregate: 'median' },
  { agent: 'ppo', bug: 'dead_relu_init', env: CP, steps: 5000, metric: 'diagnostics/dead_relu_frac/actor/0', aggregate: 'median' },
  { agent: 'ppo', bug: 'tensor_leak', env: CP, steps: 12_000, metric: 'memory/num_tensors', aggregate: 'rise' },

  { agent: 'dqn', bug: 'lr_too_high', env: CP, steps: 15_000, metric: 'diagnostics/dead_relu_frac/q_network/0', aggregate: 'late' },
  { agent: 'dqn', bug: 'uninitialized_buffer', env: CP, steps: 15_000, metric: 'losses/q_values_max', aggregate: 'max' },
  { agent: 'dqn', bug: 'target_aliases_online', env: CP, steps: 15_000, metric: 'losses/q_values_max', aggregate: 'max' },
  { agent: 'dqn', bug: 'sum_instead_of_mean_loss', env: CP, steps: 15_000, metric: 'diagnostics/grad_norm', aggregate: 'median' },
  { agent: 'dqn', bug: 'mse_instead_of_huber', env: CP, steps: 15_000, metric: 'diagnostics/grad_norm', aggregate: 'max' },
  { agent: 'dqn', bug: 'ignore_done', env: CP, steps: 15_000, metric: 'losses/q_values', aggregate: 'late' },
  { agent: 'dqn', bug: 'truncation_as_termination', env: 'MountainCar-v0', steps: 20_000, metric: 'losses/td_loss', aggregate: 'median' },
  { agent: 'dqn', bug: 'epsilon_decay_too_fast', env: CP, steps: 15_000, metric: 'losses/entropy', aggregate: 'median' },
  { agent: 'dqn', bug: 'dead_relu_init', env: CP, steps: 15_000, metric: 'diagnostics/dead_relu_frac/q_network/0', aggregate: 'median' },
  { agent: 'dqn', bug: 'tensor_leak', env: CP, steps: 15_000, metric: 'memory/num_tensors', aggregate: 'rise' },
  { agent: 'dqn', bug: 'reward_not_summed_over_skip', env: CP, steps: 15_000, metric: 'losses/q_values', aggregate: 'late', set: ['frameSkip=4'] },

  { agent: 'vpg', bug: 'lr_too_high', env: CP, steps: 20_000, metric: 'losses/approx_kl', aggregate: 'median' },
  { agent: 'vpg', bug: 'no_return_normalization', env: CP, steps: 20_000, metric: 'losses/value_loss', aggregate: 'median' },
  { agent: 'vpg', bug: 'uninitialized_buffer', env: CP, steps: 20_000, metric: 'diagnostics/value_target_min', aggregate: 'median' },
  { agent: 'vpg', bug: 'sum_instead_of_mean_loss', env: CP, steps: 20_000, metric: 'diagnostics/grad_norm', aggregate: 'median' },
  { agent: 'vpg', bug: 'ignore_done', env: CP, steps: 20_000, metric: VALUE_OVER_RETURN, aggregate: 'late' },
  { agent: 'vpg', bug: 'no_obs_normalization', env: PD, steps: 20_000, metric: 'diagnostics/activation_std/actor/0', aggregate: 'median' },
  { agent: 'vpg', bug: 'dead_relu_init', env: CP, steps: 20_000, metric: 'diagnostics/activation_std/actor/0', aggregate: 'median' },
  { agent: 'vpg', bug: 'tensor_leak', env: CP, steps: 20_000, metric: 'memory/num_tensors', aggregate: 'rise' },

  { agent: 'a2c', bug: 'lr_too_high', env: CP, steps: 20_000, metric: 'losses/approx_kl', aggregate: 'median' },
  { agent: 'a2c', bug: 'no_return_normalization', env: CP, steps: 20_000, metric: 'losses/value_loss', aggregate: 'median' },
  { agent: 'a2c', bug: 'sum_instead_of_mean_loss', env: CP, steps: 20_000, metric: 'diagnostics/grad_norm', aggregate: 'median' },
  { agent: 'a2c', bug: 'ignore_done', env: CP, steps: 20_000, metric: VALUE_OVER_RETURN, aggregate: 'late' },
  { agent: 'a2c', bug: 'entropy_coef_too_high', env: CP, steps: 20_000, metric: 'losses/entropy', aggregate: 'late' },
  { agent: 'a2c', bug: 'no_grad_clipping', env: CP, steps: 20_000, metric: 'losses/approx_kl', aggregate: 'median', set: ['normalizeReturns=false'] },
  { agent: 'a2c', bug: 'no_obs_normalization', env: PD, steps: 20_000, metric: 'diagnostics/activation_std/actor/0', aggregate: 'median' },
  { agent: 'a2c', bug: 'dead_relu_init', env: CP, steps: 20_000, metric: 'diagnostics/activation_std/actor/0', aggregate: 'median' },
  { agent: 'a2c', bug: 'tensor_leak', env: CP, steps: 20_000, metric: 'memory/num_tensors', aggregate: 'rise' },
  // The model-based agent (playground preset): 1,200 steps = 6 Pendulum episodes (1 random, 5 planned), minutes per run here.
  // k = 2: the first imagined step fed back (at Pendulum's 30-step horizon both runs' open-loop error is large).
  { agent: 'mbrl', bug: 'no_renormalize_in_rollout', env: PD, steps: 1200, metric: 'model/multistep_error/k2', aggregate: 'median' },
  { agent: 'mbrl', bug: 'angle_not_wrapped', env: PD, steps: 1200, metric: 'model/one_step_error', aggregate: 'median' },
  { agent: 'mbrl', bug: 'predict_state_not_delta', env: PD, steps: 1200, metric: 'model/val_loss', aggregate: 'median' },
  { agent: 'mbrl', bug: 'horizon_too_short', env: CPC, steps: 1200, metric: 'planner/candidate_return_std', aggregate: 'median' },
  { agent: 'mbrl', bug: 'horizon_too_long', env: PD, steps: 1200, metric: 'model/multistep_error', aggregate: 'median' },
  { agent: 'mbrl', bug: 'no_model_ensemble', env: PD, steps: 1200, metric: 'model/ensemble_disagreement', aggregate: 'median' },
];

/** A bug a helper added without a row here still gets one: the return curve. */
function fallbackRow(agent: AgentId, bug: string): Row {
  return { agent, bug, env: CP, steps: 20_000, metric: 'charts/episodic_return', aggregate: 'late' };
}

interface RunResult {
  series: Map<string, { step: number; value: number | null }[]>;
  alerts: string[];
  wallS: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `train.ts --compare` for one row; the two runs' series, alerts and wall time. */
function compare(row: Row): { healthy: RunResult; broken: RunResult } {
  const dir = mkdtempSync(join(tmpdir(), 'bug-table-'));
  const out = join(dir, 'run.jsonl');
  try {
    const args = ['--import', 'tsx', 'scripts/train.ts', '--env', row.env, '--agent', row.agent, '--bug', row.bug, '--compare'];
    args.push('--seed', '1', '--total-steps', String(row.steps), '--quiet', '--out', out);
    for (const kv of row.set ?? []) args.push('--set', kv);
    // The settings the bug needs on the playground preset (the CLI refuses the bug without them), for both runs.
    const values = resolveConfig(makeRunConfig(row.env, row.agent)) as Record<string, unknown>;
    for (const need of unmetRequirements(findBug(row.bug)!, values))
      if (!(row.set ?? []).some((kv) => kv.startsWith(`${need.field}=`))) args.push('--set', `${need.field}=${String(need.set)}`);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`train.ts ${args.slice(2).join(' ')} exited ${r.status}: ${r.stderr}`);
    const runs: Record<string, RunResult> = {};
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (line === '') continue;
      const d = JSON.parse(line) as { run: string; key?: string; step?: number; value?: number | null; summary?: { alerts: string[]; wall_s: number } };
      const run = (runs[d.run] ??= { series: new Map(), alerts: [], wallS: 0 });
      if (d.key !== undefined) {
        let s = run.series.get(d.key);
        if (s === undefined) run.series.set(d.key, (s = []));
        s.push({ step: d.step!, value: d.value ?? null });
      } else if (d.summary !== undefined) {
        run.alerts = d.summary.alerts;
        run.wallS = d.summary.wall_s;
      }
    }
    return { healthy: runs.healthy, broken: runs.broken };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The row's metric of one run as numbers (non-finite points dropped); null when the run does not report it. */
function values(run: RunResult, metric: Row['metric']): number[] | null {
  if (typeof metric === 'string') {
    const s = run.series.get(metric);
    return s === undefined ? null : s.flatMap((p) => (p.value === null ? [] : [p.value]));
  }
  const [a, b] = metric.map((k) => run.series.get(k));
  if (a === undefined || b === undefined) return null;
  const byStep = new Map(b.map((p) => [p.step, p.value]));
  return a.flatMap((p) => {
    const d = byStep.get(p.step);
    return p.value === null || d === undefined || d === null || d === 0 ? [] : [p.value / d];
  });
}

function aggregate(xs: number[], how: Aggregate): number {
  if (xs.length === 0) return NaN;
  const sorted = (ys: number[]): number[] => [...ys].sort((p, q) => p - q);
  const med = (ys: number[]): number => {
    const s = sorted(ys);
    return s.length % 2 ? s[s.length >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  };
  switch (how) {
    case 'median':
      return med(xs);
    case 'abs_median':
      return med(xs.map(Math.abs));
    case 'max':
      return Math.max(...xs);
    case 'min':
      return Math.min(...xs);
    case 'rise':
      return xs[xs.length - 1] - xs[0];
    case 'late': {
      const tail = xs.slice(-Math.max(1, Math.floor(xs.length / 4)));
      return tail.reduce((p, q) => p + q, 0) / tail.length;
    }
  }
}

const AGGREGATE_LABEL: Record<Aggregate, string> = {
  median: 'median',
  abs_median: 'median of abs',
  max: 'max',
  min: 'min',
  rise: 'last − first',
  late: 'mean of last ¼',
};

function fmt(v: number | null): string {
  if (v === null) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(3)).toString();
}

function main(argv: string[]): void {
  const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
  const wanted = (agent: string, bug: string): boolean => only.length === 0 || only.some((o) => o === agent || o === `${agent}:${bug}`);
  const rows: Row[] = [];
  for (const agent of ['ppo', 'dqn', 'vpg', 'a2c', 'mbrl'] as AgentId[]) {
    for (const bug of bugsOf(agent)) {
      if (wanted(agent, bug)) rows.push(ROWS.find((r) => r.agent === agent && r.bug === bug) ?? fallbackRow(agent, bug));
    }
  }
  const lines = [
    '| bug | agent | env | steps | signature metric | healthy | broken | alerts healthy | alerts broken |',
    '|---|---|---|---:|---|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const t0 = performance.now();
    process.stderr.write(`${row.agent} ${row.bug} on ${row.env}, ${row.steps} steps … `);
    const { healthy, broken } = compare(row);
    const h = values(healthy, row.metric);
    const b = values(broken, row.metric);
    const metric = typeof row.metric === 'string' ? `\`${row.metric}\`` : `\`${row.metric[0]}\` / \`${row.metric[1]}\``;
    const alerts = (r: RunResult): string => (r.alerts.length === 0 ? '—' : [...new Set(r.alerts)].join(', '));
    lines.push(
      `| ${row.bug} | ${row.agent} | ${row.env}${row.set ? ` (${row.set.join(', ')})` : ''} | ${row.steps} | ${metric} (${AGGREGATE_LABEL[row.aggregate]}) | ${fmt(h && aggregate(h, row.aggregate))} | ${fmt(b && aggregate(b, row.aggregate))} | ${alerts(healthy)} | ${alerts(broken)} |`,
    );
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0)} s (runs ${healthy.wallS.toFixed(0)} + ${broken.wallS.toFixed(0)} s)\n`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2));
