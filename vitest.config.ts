import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that train agents for tens of seconds, slowest first (`.ci/run` timings of 2026-12-07). They start
 * before everything else, so that the two workers end together: on a clean clone vitest has no timings
 * and starts the largest files first, and a short file that trains for a minute (bug-effect) used to
 * start last and keep one worker busy alone for ~40 s. Files not listed keep vitest's order.
 */
const SLOW_FIRST = [
  'tests/unit/agents/mbrl.test.ts',
  'tests/unit/agents/dqn.test.ts',
  'tests/unit/bugs/bug-effect.test.ts',
  'tests/unit/lab/detectors.test.ts',
  'tests/unit/agents/ppo-bugs.test.ts',
  'tests/unit/agents/vpg.test.ts',
  'tests/unit/agents/ppo.test.ts',
  'tests/unit/agents/dqn-bugs.test.ts',
  'tests/unit/agents/ppo-swarm.test.ts',
  'tests/unit/agents/vpg-bugs.test.ts',
  'tests/unit/agents/mbrl-model.test.ts',
  'tests/unit/agents/js-mlp.test.ts',
  'tests/unit/workers/probe-check.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = SLOW_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Unit tests run in Node: envs, diagnostics, config, agents (tfjs cpu/wasm backends).
export default defineConfig({
  // Runes in src/ui/state/*.svelte.ts compile as for the browser, so the state tests run real signals.
  plugins: [svelte({ dynamicCompileOptions: () => ({ generate: 'client' }) })],
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // One worker per core (vitest's default leaves one core idle: availableParallelism − 1, so a single
    // worker on CI's 2 cores). The tests wait for conditions, never for wall time, so sharing cores is safe.
    maxWorkers: '100%',
    // Generous: the agent tests train for real, and at load average ~25 (three engineers' benches beside a
    // suite run) the mbrl tests took 4-9 minutes against ~1 minute on a quiet CI machine. A limit only ends a
    // hang; it must never fail a slow-but-correct test.
    testTimeout: 900_000,
    hookTimeout: 300_000,
    sequence: { sequencer: SlowFirst },
  },
});
