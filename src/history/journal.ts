// The lab journal as Markdown: one section per run (oldest first) with what defined it, how it ended,
// and the learner's two answers. The answers are the learner's own text and go in as written.

import type { RunMeta } from './types.ts';

const EXPECT_Q = 'What did you expect to happen, and how surprised would you be if it failed?';
const HAPPENED_Q = 'What happened?';

function fmt(x: number | null): string {
  return x === null ? '—' : Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

export function journalMarkdown(runs: readonly RunMeta[]): string {
  const lines = ['# RL Playground lab journal', ''];
  for (const r of [...runs].sort((a, b) => a.createdAt - b.createdAt)) {
    const c = r.config;
    lines.push(`## ${r.name.replace(/\n/g, ' ')}`, '');
    lines.push(`*${new Date(r.createdAt).toISOString()} · ${c.agent} on ${c.env} · preset ${c.preset} · seed ${c.seed} · bugs: ${c.bugs.join(', ') || 'none'}*`, '');
    lines.push(`Steps ${r.envSteps}, updates ${r.updates}, wall ${r.wallS.toFixed(1)} s, final return ${fmt(r.finalReturn)}, backend ${r.backend || '—'}.`, '');
    if (r.alerts.length > 0) lines.push(`Alerts: ${[...new Set(r.alerts.map((a) => a.id))].join(', ')}.`, '');
    lines.push(`**${EXPECT_Q}**`, '', r.notes.expect.trim() || '_(no answer)_', '');
    lines.push(`**${HAPPENED_Q}**`, '', r.notes.happened.trim() || '_(no answer)_', '');
  }
  return lines.join('\n');
}
