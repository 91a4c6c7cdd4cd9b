// Every chart a bug card or a lesson tells the user to watch is one its agent logs. The metric
// catalogue (metric-keys.ts) says which agents report each key; the agents themselves announce their
// keys (metricKeys(), which their own tests hold equal to what they report), and the two must agree.
// A bug's watch list covers all of its agents: a line on a chart only some of them log names those
// agents first ("PPO, VPG, A2C: …"), in English and in Chinese, so no card promises a chart its agent
// never draws. A line that names its agents promises the chart to those agents only.
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { BUGS, type Bug, type BugAgent } from '../../../src/bugs/catalog.ts';
import { BUG_TEXT_ZH } from '../../../src/bugs/catalog-zh.ts';
import { LESSONS, lessonWatchKeys } from '../../../src/bugs/lessons.ts';
import { makeRunConfig, resolveSettings } from '../../../src/config/resolve.ts';
import { metricInfo, metricsForAgent, splitKey } from '../../../src/diagnostics/metric-keys.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { withBug } from '../../../src/ui/lab/experiment.ts';
import { NULL_SINK } from '../agents/helpers.ts';

const bugs = BUGS as readonly Bug[];

/** The agents a watch line names first ("PPO, VPG: …"), or null when it names none. */
function namedAgents(what: string): BugAgent[] | null {
  const m = /^([A-Z0-9]+(?:, [A-Z0-9]+)*): /.exec(what);
  return m === null ? null : (m[1].split(', ').map((a) => a.toLowerCase()) as BugAgent[]);
}

/** The metric catalogue's word on whether `agent` logs `key` (per-layer keys by their base). */
function logs(agent: BugAgent, key: string): boolean {
  const base = splitKey(key)?.base ?? key;
  return metricsForAgent(agent).some((m) => m.key === base);
}

describe('watched keys against the metric catalogue', () => {
  it('every watch key is a catalogued metric, logged by at least one of its bug\'s agents', () => {
    for (const b of bugs)
      for (const w of b.watch) {
        expect(metricInfo(w.key), `${b.id}: ${w.key}`).toBeDefined();
        expect(b.agents.some((a) => logs(a, w.key)), `${b.id}: none of ${b.agents.join(', ')} logs ${w.key}`).toBe(true);
      }
  });

  it('every agent of a bug logs at least one of its watch keys', () => {
    for (const b of bugs)
      for (const a of b.agents) expect(b.watch.some((w) => logs(a, w.key)), `${b.id}: ${a} logs none of its watch keys`).toBe(true);
  });

  it('a watch line on a chart only some of the bug\'s agents log names those agents first, in both languages', () => {
    for (const b of bugs)
      b.watch.forEach((w, i) => {
        const by = b.agents.filter((a) => logs(a, w.key)).map((a) => a.toUpperCase());
        const named = namedAgents(w.what);
        for (const a of named ?? []) expect(by, `${b.id} ${w.key}: names ${a.toUpperCase()}, which does not log it`).toContain(a.toUpperCase());
        if (by.length === b.agents.length) return;
        expect(w.what.startsWith(`${by.join(', ')}: `), `${b.id} ${w.key}: "${w.what}" should start with "${by.join(', ')}: "`).toBe(true);
        const zh = BUG_TEXT_ZH[b.id as keyof typeof BUG_TEXT_ZH].watch[i];
        expect(zh.startsWith(`${by.join('、')}：`), `${b.id} ${w.key} (zh): "${zh}" should start with "${by.join('、')}："`).toBe(true);
      });
  });

  it('every lesson offers and watches only charts its agent logs', () => {
    for (const l of LESSONS) {
      for (const k of l.choices) expect(logs(l.agent, k), `${l.id}: ${l.agent} does not log choice ${k}`).toBe(true);
      for (const k of l.watch ?? []) expect(logs(l.agent, k), `${l.id}: ${l.agent} does not log watched ${k}`).toBe(true);
      expect(lessonWatchKeys(l).some((k) => logs(l.agent, k)), `${l.id}: nothing watched that ${l.agent} logs`).toBe(true);
    }
  });
});

function envFor(bug: Bug): EnvId {
  return bug.showsOn ?? (bug.envs === 'continuous' ? 'Pendulum-v1' : 'CartPole-v1');
}

describe('the metric catalogue against what the agents announce', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  // Each (bug, agent) built as the bug lab builds the broken run: the bug on, with the settings it needs.
  const agents: BugAgent[] = ['ppo', 'dqn', 'vpg', 'a2c', 'mbrl'];
  for (const agent of agents) {
    it(`${agent}: with each of its bugs on, announces every watch key the catalogue says it logs, and only catalogued keys`, () => {
      for (const bug of bugs.filter((b) => (b.agents as readonly string[]).includes(agent))) {
        const config = withBug(makeRunConfig(envFor(bug), agent, { preset: 'playground', seed: 1 }), bug.id, true);
        const instance = createAgent(resolveSettings(config), { config, sink: NULL_SINK });
        try {
          const bases = new Set(instance.metricKeys().map((k) => splitKey(k)?.base ?? k));
          // A line that names its agents promises the chart to those (dead_relu_frac exists only for ReLU networks).
          const promised = bug.watch.filter((w) => logs(agent, w.key) && (namedAgents(w.what)?.includes(agent) ?? true));
          for (const w of promised) expect(bases.has(w.key), `${agent} ${bug.id}: ${w.key} is catalogued for ${agent} but not announced`).toBe(true);
          for (const k of bases) expect(logs(agent, k), `${agent} ${bug.id}: announces ${k}, which the catalogue does not list for ${agent}`).toBe(true);
        } finally {
          instance.dispose();
        }
      }
    }, 120_000);
  }
});
