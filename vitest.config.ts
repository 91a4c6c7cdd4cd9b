import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

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
  },
});
