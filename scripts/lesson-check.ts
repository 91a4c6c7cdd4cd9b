// Every lesson re-checked by running it (issue 11: "at the moment it asks the learner to judge, the broken run
// must look broken on the chart it names; where a bug first helps before it hurts, the card says so and the
// lesson runs long enough to show the harm").
//
// For each lesson: its two runs as the bug lab starts them (lessonConfig: seed 1, the lesson's preset, overrides
// and budget; the healthy twin keeps the settings the bugs need), through `scripts/train.ts --compare`; then the
// lab's own departure rule (src/ui/lab/departure.ts, the one the result card uses) over the lesson's watched keys.
// Reported per lesson: the chart that departed first, where and which way; whether it is one of the charts the
// lesson offers; the episodic return of both runs (mean of the last 20 episodes) at that moment and at the end.
// Verdicts:
//   FAIL  no watched chart departs within the budget, or the first one is not among the lesson's choices
//   HELPS the broken run's return is ahead at the judging moment and the card has no helpsFirst note
//   NOHARM the broken run's return is not behind at the end (fine where the lesson is about a diagnostic, e.g. a
//          memory leak; listed so a reader can judge)
//
//   npx tsx scripts/lesson-check.ts > /tmp/lessons.md            every lesson (tens of minutes, one run at a time)
//   npx tsx scripts/lesson-check.ts --only lr-too-high           some lessons
//
// Progress goes to stderr; a markdown table to stdout. Exit code 1 when a lesson FAILs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LESSONS, lessonWatchKeys, type Lesson } from '../src/bugs/lessons.ts';
import { firstDeparture, type RunSeries, type SeriesView } from '../src/ui/lab/departure.ts';
import { lessonConfig } from '../src/ui/lab/experiment.ts';
import { splitKey } from '../src/diagnostics/metric-keys.ts';

interface Run {
  series: Map<string, { x: number[]; y: number[] }>;
  alerts: { id: string; step: number; key: string; message?: string }[];
  wallS: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RETURN = 'charts/episodic_return';

function trainCompare(lesson: Lesson): { healthy: Run; broken: Run } {
  const config = lessonConfig(lesson);
  const dir = mkdtempSync(join(tmpdir(), 'lesson-check-'));
  const out = join(dir, 'run.jsonl');
  try {
    const args = ['--import', 'tsx', 'scripts/train.ts', '--env', config.env, '--agent', config.agent, '--preset', config.preset];
    args.push('--seed', String(config.seed), '--total-steps', String(lesson.steps), '--quiet', '--out', out, '--compare');
    for (const b of config.bugs) args.push('--bug', b);
    for (const [k, v] of Object.entries(config.overrides)) args.push('--set', `${k}=${String(v)}`);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`train.ts ${args.slice(2).join(' ')} exited ${r.status}: ${r.stderr}`);
    const runs: Record<string, Run> = {};
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (line === '') continue;
      const d = JSON.parse(line) as {
        run: string;
        key?: string;
        step?: number;
        value?: number | null;
        alert?: { id: string; step: number; key: string; message?: string };
        summary?: { wall_s: number };
      };
      const run = (runs[d.run] ??= { series: new Map(), alerts: [], wallS: 0 });
      if (d.key !== undefined) {
        let s = run.series.get(d.key);
        if (s === undefined) run.series.set(d.key, (s = { x: [], y: [] }));
        s.x.push(d.step!);
        s.y.push(d.value ?? NaN);
      } else if (d.alert !== undefined) run.alerts.push(d.alert);
      else if (d.summary !== undefined) run.wallS = d.summary.wall_s;
    }
    return { healthy: runs.healthy, broken: runs.broken };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A run as the departure rule reads it: every series of a watched key (itself and its per-layer parts). */
function runSeries(run: Run): RunSeries {
  return {
    alerts: run.alerts,
    seriesFor(key: string) {
      const views: { key: string; view: SeriesView }[] = [];
      for (const [k, s] of run.series) {
        if (k === key || (splitKey(k)?.base === key && splitKey(key)?.part === null)) {
          views.push({ key: k, view: { x: s.x, y: s.y, length: s.x.length } });
        }
      }
      return views;
    },
  };
}

/** Mean of the last 20 episodic returns logged at or before step x (NaN if none). */
function returnAt(run: Run, x: number): number {
  const s = run.series.get(RETURN);
  if (!s) return NaN;
  let end = 0;
  while (end < s.x.length && s.x[end] <= x) end++;
  const ys = s.y.slice(Math.max(0, end - 20), end).filter(Number.isFinite);
  return ys.length === 0 ? NaN : ys.reduce((a, b) => a + b, 0) / ys.length;
}

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' && args[i + 1] ? [args[i + 1]] : []));
const lessons = only.length > 0 ? LESSONS.filter((l) => only.includes(l.id)) : LESSONS;
const f = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '–');

const rows: string[] = [];
let failed = 0;
for (const lesson of lessons) {
  process.stderr.write(`${lesson.id} (${lesson.agent} ${lesson.env}, ${lesson.steps} steps) … `);
  const t0 = performance.now();
  const { healthy, broken } = trainCompare(lesson);
  const watch = lessonWatchKeys(lesson);
  const { first } = firstDeparture(watch, runSeries(healthy), runSeries(broken));
  const end = lesson.steps;
  const judge = first?.step ?? end;
  const [hJ, bJ, hE, bE] = [returnAt(healthy, judge), returnAt(broken, judge), returnAt(healthy, end), returnAt(broken, end)];
  const verdicts: string[] = [];
  if (first === null) verdicts.push('FAIL: no watched chart departs');
  else if (!lesson.choices.includes(first.key)) verdicts.push(`FAIL: ${first.key} is not among the choices`);
  if (bJ > hJ && !lesson.helpsFirst) verdicts.push('HELPS: broken ahead at the judging moment, no helpsFirst note');
  if (!(bE < hE)) verdicts.push('NOHARM: return not behind at the end');
  if (verdicts.some((v) => v.startsWith('FAIL'))) failed++;
  const where = first ? `${first.key} ${first.direction ?? ''} at ${first.step} (${first.via}; ${f(first.healthy)} → ${f(first.broken)})` : '–';
  rows.push(`| ${lesson.id} | ${lesson.agent} ${lesson.env} | ${where} | ${f(hJ)} / ${f(bJ)} | ${f(hE)} / ${f(bE)} | ${verdicts.join('; ') || 'ok'} |`);
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0)} s: ${verdicts.join('; ') || 'ok'}\n`);
}

console.log('| lesson | run | first departure (key, direction, step, how; healthy → broken) | return at judging (healthy / broken) | return at end | verdict |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
process.exitCode = failed > 0 ? 1 : 0;
