import { defineConfig } from 'vitest/config';

// Unit tests run in Node: envs, diagnostics, config, agents (tfjs cpu/wasm backends).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
