// Put runs of the `cleanrl` preset beside CleanRL's own PPO curves on CartPole-v1
// (shared/reference/cleanrl-ppo-cartpole.json, seeds 1–3): the median of each loss key per step range,
// and when each run's mean of 20 episodic returns first reaches 475. Markdown on stdout.
//
//   for s in 1 2 3; do npm run train -- --env CartPole-v1 --agent ppo --preset cleanrl --seed $s \
//       --total-steps 500000 --quiet --out /tmp/cleanrl-s$s.jsonl; done
//   npx tsx scripts/compare-cleanrl.ts /tmp/cleanrl-s1.jsonl /tmp/cleanrl-s2.jsonl /tmp/cleanrl-s3.jsonl

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Points = [number, number][];
const REFERENCE = fileURLToPath(new URL('../../shared/reference/cleanrl-ppo-cartpole.json', import.meta.url));
const KEYS = ['losses/approx_kl', 'losses/clipfrac', 'losses/entropy', 'losses/explained_variance', 'losses/value_loss', 'losses/policy_loss'];
const RANGES: [number, number][] = [
  [0, 100_000],
  [100_000, 250_000],
  [250_000, 500_001],
];

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx scripts/compare-cleanrl.ts run1.jsonl [run2.jsonl …]\n');
  process.exit(2);
}

const reference = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { seeds: Record<string, Record<string, Points>> }).seeds;
const ours: Record<string, Points>[] = files.map((f) => {
  const series: Record<string, Points> = {};
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.startsWith('{"key"')) continue;
    const p = JSON.parse(line) as { key: string; step: number; value: number | null };
    if (p.value !== null) (series[p.key] ??= []).push([p.step, p.value]);
  }
  return series;
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const inRange = (runs: Record<string, Points>[], key: string, [a, b]: [number, number]): number[] => runs.flatMap((r) => (r[key] ?? []).filter(([x]) => x >= a && x < b).map(([, v]) => v));
function stepsToSolve(returns: Points): number | null {
  for (let i = 19; i < returns.length; i++) {
    let sum = 0;
    for (let j = i - 19; j <= i; j++) sum += returns[j][1];
    if (sum / 20 >= 475) return returns[i][0];
  }
  return null;
}
const fmt = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : '–');

const refRuns = Object.values(reference);
const out: string[] = ['| key | env steps | CleanRL ppo.py (median, seeds 1–3) | this playground (median) |', '|---|---|---|---|'];
for (const key of KEYS) {
  for (const r of RANGES) out.push(`| ${key} | ${r[0] / 1000}k–${Math.round(r[1] / 1000)}k | ${fmt(median(inRange(refRuns, key, r)))} | ${fmt(median(inRange(ours, key, r)))} |`);
}
out.push('', `steps to a mean-of-20 return ≥ 475: CleanRL ${refRuns.map((r) => stepsToSolve(r['charts/episodic_return'])).join(', ')}; ours ${ours.map((r) => stepsToSolve(r['charts/episodic_return'] ?? [])).join(', ')}`);
process.stdout.write(`${out.join('\n')}\n`);
