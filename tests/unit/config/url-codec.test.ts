import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUG_IDS, bugsOf } from '../../../src/bugs/catalog.ts';
import { AGENT_CONFIGS } from '../../../src/config/presets.ts';
import { AGENT_IDS, BACKEND_CHOICES, type AgentId, type HyperValue, type RunConfig } from '../../../src/config/run-config.ts';
import type { FieldSchema } from '../../../src/config/schema.ts';
import { DASHBOARD_LAYOUTS, DEFAULT_RUN, DEFAULT_VIEW, MAX_SEED, THEME_CHOICES,
  UI_LANGUAGES, URL_PROPERTIES, formatHash, parseHash, type UrlState } from '../../../src/config/url-codec.ts';
import { ENV_IDS } from '../../../src/envs/registry.ts';
import { HISTOGRAM_MODES, MAX_SEEDS, X_AXES } from '../../../src/config/view-options.ts';

describe('URL codec', () => {
  it('round-trips a full state', () => {
    const state: UrlState = {
      config: {
        env: 'Pendulum-v1',
        agent: 'ppo',
        preset: 'cleanrl',
        seed: 42,
        backend: 'wasm',
        overrides: { learningRate: 0.001, normalizeReturns: false, activation: 'relu' },
        bugs: ['lr_too_high', 'tensor_leak'],
        totalSteps: 200000,
      },
      view: {
        view: 'embed',
        charts: ['charts/episodic_return', 'losses/entropy'],
        hidden: ['bugs'],
        lesson: 'np-empty',
        layout: 'all',
        theme: 'dark',
        autoplay: true,
        lang: 'zh',
        compare: 'variant',
        variant: { key: 'hiddenSizes', value: '64,32' },
        seeds: 3,
        smoothing: 0.85,
        xAxis: 'wall',
        histogramMode: 'overlay',
      },
    };
    const { state: back, errors } = parseHash(formatHash(state));
    expect(errors).toEqual([]);
    expect(back).toEqual(state);
  });

  it('gives defaults for an empty hash: PPO on CartPole, the Essentials layout, the system theme', () => {
    expect(parseHash('')).toEqual({ state: { config: DEFAULT_RUN, view: DEFAULT_VIEW }, errors: [], problems: [] });
    expect(DEFAULT_RUN).toMatchObject({ env: 'CartPole-v1', agent: 'ppo' });
    expect(DEFAULT_VIEW).toMatchObject({ layout: 'essentials', theme: 'system' });
  });

  it('reads autoplay=1, leaves it out when off, and refuses other values', () => {
    expect(parseHash('#view=embed&autoplay=1').state.view).toMatchObject({ view: 'embed', autoplay: true });
    expect(formatHash({ config: DEFAULT_RUN, view: DEFAULT_VIEW })).not.toMatch(/autoplay/);
    expect(formatHash({ config: DEFAULT_RUN, view: { ...DEFAULT_VIEW, autoplay: true } })).toMatch(/&autoplay=1$/);
    const { state, errors } = parseHash('#autoplay=yes');
    expect(state.view.autoplay).toBe(false);
    expect(errors).toEqual([expect.stringMatching(/autoplay must be 1 or 0/)]);
  });

  it('reads layout and theme, leaves their defaults out of links, and refuses unknown values', () => {
    expect(parseHash('#layout=all&theme=light').state.view).toMatchObject({ layout: 'all', theme: 'light' });
    expect(formatHash({ config: DEFAULT_RUN, view: DEFAULT_VIEW })).not.toMatch(/layout|theme/);
    expect(formatHash({ config: DEFAULT_RUN, view: { ...DEFAULT_VIEW, layout: 'all', theme: 'dark' } })).toMatch(/&layout=all&theme=dark$/);
    const { state, errors } = parseHash('#layout=grid&theme=sepia');
    expect(state.view).toMatchObject({ layout: 'essentials', theme: 'system' });
    expect(errors).toEqual([expect.stringMatching(/Unknown layout "grid".*essentials, all/), expect.stringMatching(/Unknown theme "sepia".*system, light, dark/)]);
  });

  it('keeps the experiment and the chart settings: compare mode and variant, seeds, smoothing, x axis, histogram view', () => {
    const hash = '#env=CartPole-v1&agent=ppo&seed=1&bugs=lr_too_high&compare=healthy&seeds=4&smoothing=0.9&x=update&hist=overlay';
    const { state, errors } = parseHash(hash);
    expect(errors).toEqual([]);
    expect(state.view).toMatchObject({ compare: 'healthy', variant: null, seeds: 4, smoothing: 0.9, xAxis: 'update', histogramMode: 'overlay' });
    expect(formatHash(state)).toBe(hash);
    const two = parseHash('#agent=ppo&compare=variant&variant=learningRate:0.01');
    expect(two.errors).toEqual([]);
    expect(two.state.view).toMatchObject({ compare: 'variant', variant: { key: 'learningRate', value: 0.01 } });
    expect(formatHash(two.state)).toMatch(/&compare=variant&variant=learningRate:0\.01$/);
    expect(formatHash({ config: DEFAULT_RUN, view: DEFAULT_VIEW })).not.toMatch(/compare|variant|seeds|smoothing|x=|hist/);
  });

  it('refuses a bad experiment or chart setting with a message and falls back', () => {
    const { state, errors } = parseHash('#agent=ppo&compare=twins&seeds=12&smoothing=1.5&x=time&hist=3d');
    expect(state.view).toMatchObject({ compare: null, seeds: 1, smoothing: DEFAULT_VIEW.smoothing, xAxis: 'step', histogramMode: 'ridgeline' });
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatch(/Unknown compare "twins"/);
    // A second config without its change, or with a setting the agent lacks, is no comparison.
    for (const hash of ['#agent=ppo&compare=variant', '#agent=ppo&compare=variant&variant=nope:1', '#agent=ppo&compare=variant&variant=learningRate:-1']) {
      const bad = parseHash(hash);
      expect(bad.state.view.compare, hash).toBeNull();
      expect(bad.state.view.variant, hash).toBeNull();
      expect(bad.errors.join('\n'), hash).toMatch(/compare=variant needs/);
    }
    // A variant without compare=variant is dropped from the state and from the next link.
    const stray = parseHash('#agent=ppo&variant=learningRate:0.01');
    expect(stray.state.view.variant).toBeNull();
    expect(formatHash(stray.state)).not.toMatch(/variant/);
  });

  it('reads a bug by its other catalogue name (no_target_network is target_aliases_online)', () => {
    expect(parseHash('#agent=dqn&bugs=no_target_network').state.config.bugs).toEqual(['target_aliases_online']);
  });

  it("parses set.* values through the agent's schema: null, one-element lists", () => {
    for (const hash of ['#agent=ppo&set.maxGradNorm=null', '#agent=ppo&set.hiddenSizes=64', '#agent=ppo&set.hiddenSizes=64,32&set.targetKl=0.02']) {
      const { state, errors } = parseHash(hash);
      expect(errors, hash).toEqual([]);
      expect(formatHash(state), hash).toBe(hash.replace('#agent=ppo', '#env=CartPole-v1&agent=ppo&seed=1'));
    }
    expect(parseHash('#agent=ppo&set.maxGradNorm=null').state.config.overrides).toEqual({ maxGradNorm: null });
    expect(parseHash('#agent=ppo&set.hiddenSizes=64').state.config.overrides).toEqual({ hiddenSizes: '64' });
  });

  it('rejects bad input field by field with a message, keeping the good fields', () => {
    const { state, errors } = parseHash('#env=Pong&agent=ppo&seed=-3&backend=tpu&steps=abc&bugs=nope,lr_too_high&view=x&set.learningRate=-1&set.nope=1');
    expect(state.config.env).toBe(DEFAULT_RUN.env);
    expect(state.config.agent).toBe('ppo');
    expect(state.config.seed).toBe(DEFAULT_RUN.seed);
    expect(state.config.backend).toBe('auto');
    expect(state.config.totalSteps).toBeNull();
    expect(state.config.bugs).toEqual(['lr_too_high']);
    expect(state.config.overrides).toEqual({});
    expect(state.view.view).toBe('app');
    expect(errors).toHaveLength(8);
    expect(errors[0]).toMatch(/Unknown env "Pong".*CartPole-v1/);
    expect(errors.join('\n')).toMatch(/learningRate/);
    expect(errors.join('\n')).toMatch(/Unknown ppo setting "nope"/);
  });

  it('does not accept non-integer or huge seeds', () => {
    expect(parseHash('#seed=1.5').errors).toHaveLength(1);
    expect(parseHash('#seed=99999999999').errors).toHaveLength(1);
    expect(parseHash('#seed=4294967295').errors).toHaveLength(1);
  });

  it('has one row per key', () => {
    const keys = URL_PROPERTIES.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// ── Property tests (fast-check, seeded so a failure reproduces) ─────────────────────────────────

/** A valid value of a field, in override form (what RunConfig.overrides holds). */
function fieldValue(f: FieldSchema): fc.Arbitrary<HyperValue> {
  const withNull = (a: fc.Arbitrary<HyperValue>): fc.Arbitrary<HyperValue> => (f.nullable ? fc.oneof(a, fc.constant(null)) : a);
  switch (f.type) {
    case 'int':
      return withNull(fc.integer({ min: f.min, max: Math.min(f.max, Number.MAX_SAFE_INTEGER) }));
    case 'float':
      return withNull(fc.double({ min: f.min, max: f.max, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)));
    case 'bool':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...f.options);
    case 'intList':
      return fc.array(fc.integer({ min: f.min, max: f.max }), { minLength: Math.max(1, f.minLength), maxLength: f.maxLength }).map((l) => l.join(','));
  }
}

function runFor(agent: AgentId): fc.Arbitrary<RunConfig> {
  const fields = AGENT_CONFIGS[agent]?.fields ?? [];
  const overrides = fc.record(Object.fromEntries(fields.map((f) => [f.key, fieldValue(f)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, HyperValue>>;
  const bugs = bugsOf(agent).length ? fc.uniqueArray(fc.constantFrom(...bugsOf(agent))) : fc.constant([] as string[]);
  return fc.record({
    env: fc.constantFrom(...ENV_IDS),
    agent: fc.constant(agent),
    preset: fc.constantFrom(...(AGENT_CONFIGS[agent]?.presets.map((p) => p.id) ?? ['playground'])),
    seed: fc.integer({ min: 0, max: MAX_SEED }),
    backend: fc.constantFrom(...BACKEND_CHOICES),
    overrides,
    bugs,
    totalSteps: fc.option(fc.integer({ min: 1, max: 1e12 }), { nil: null }),
  });
}

const metricKey = fc.stringMatching(/^[a-z_]{1,12}\/[a-z_]{1,16}$/);
/** A view with every key: the experiment (compare two configs: a change of one of `agent`'s settings) and the chart settings. */
function viewFor(agent: AgentId): fc.Arbitrary<UrlState['view']> {
  const fields = AGENT_CONFIGS[agent]?.fields ?? [];
  const variant = fields.length ? fc.constantFrom(...fields).chain((f) => fieldValue(f).map((value) => ({ key: f.key, value }))) : fc.constant(null);
  const experiment = fc.oneof(
    fc.constant({ compare: null, variant: null }),
    fc.constant({ compare: 'healthy' as const, variant: null }),
    variant.map((v) => (v ? { compare: 'variant' as const, variant: v } : { compare: null, variant: null })),
  );
  return fc
    .record({
      base: view,
      experiment,
      seeds: fc.integer({ min: 1, max: MAX_SEEDS }),
      smoothing: fc.integer({ min: 0, max: 99 }).map((n) => n / 100),
      xAxis: fc.constantFrom(...X_AXES),
      histogramMode: fc.constantFrom(...HISTOGRAM_MODES),
    })
    .map(({ base, experiment: e, ...rest }) => ({ ...base, ...e, ...rest }));
}

const view = fc.record({
  view: fc.constantFrom('app' as const, 'embed' as const),
  charts: fc.uniqueArray(metricKey, { maxLength: 4 }),
  hidden: fc.uniqueArray(fc.constantFrom('bugs', 'hyper', 'alerts', 'env'), { maxLength: 3 }),
  lesson: fc.option(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { nil: null }),
  layout: fc.constantFrom(...DASHBOARD_LAYOUTS),
  theme: fc.constantFrom(...THEME_CHOICES),
  autoplay: fc.boolean(),
  lang: fc.option(fc.constantFrom(...UI_LANGUAGES), { nil: null }),
});

describe('URL codec properties', () => {
  for (const agent of AGENT_IDS) {
    it(`round-trips random valid ${agent} states exactly (every field, null, one-element lists, every enum value)`, () => {
      fc.assert(
        fc.property(runFor(agent), viewFor(agent), (config, v) => {
          const state: UrlState = { config, view: v };
          const hash = formatHash(state);
          const back = parseHash(hash);
          expect(back.errors).toEqual([]);
          expect(back.state).toEqual(state);
          expect(formatHash(back.state)).toBe(hash);
        }),
        { seed: 20261207, numRuns: 300 },
      );
    });
  }

  it('never throws on random or hostile strings, and reports or ignores what it cannot use', () => {
    const hostile = fc.constantFrom('<script>alert(1)</script>', 'javascript:alert(1)', '"><img src=x onerror=alert(1)>', '__proto__', 'constructor', '%E0%A4%A', '\u0000', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'x'.repeat(5000));
    const key = fc.oneof(fc.constantFrom(...URL_PROPERTIES.map((r) => r.key), 'set.learningRate', 'set.__proto__', 'set.constructor', '__proto__'), fc.string());
    const pair = fc.tuple(key, fc.oneof(fc.string(), hostile)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pair, { maxLength: 8 }).map((ps) => '#' + ps.join('&'))), (hash) => {
        const { state, errors } = parseHash(hash);
        expect(ENV_IDS).toContain(state.config.env);
        expect(AGENT_IDS).toContain(state.config.agent);
        for (const b of state.config.bugs) expect(BUG_IDS).toContain(b);
        expect(Object.getPrototypeOf(state.config.overrides)).toBe(Object.prototype);
        for (const e of errors) expect(e.length).toBeLessThan(400);
        expect(() => formatHash(state)).not.toThrow();
      }),
      { seed: 7, numRuns: 10_000 },
    );
  });

  it('reads 1 MB values and 1 MB hashes without throwing, with a short message and the defaults', () => {
    const MB = 1 << 20;
    const huge = fc.constantFrom('x'.repeat(MB), '<script>'.repeat(MB / 8), '64,'.repeat(MB / 3), encodeURIComponent('学'.repeat(MB / 3)));
    const key = fc.constantFrom(...URL_PROPERTIES.map((r) => r.key), 'set.learningRate', 'set.hiddenSizes', '__proto__', 'x'.repeat(MB));
    fc.assert(
      fc.property(key, huge, fc.boolean(), (k, v, asKey) => {
        const { state, errors } = parseHash(asKey ? `#${v}=1` : `#${k}=${v}`);
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e.length).toBeLessThan(400);
        expect(ENV_IDS).toContain(state.config.env);
        expect(formatHash(state).length).toBeLessThan(2000);
      }),
      { seed: 8, numRuns: 60 },
    );
  });
});
