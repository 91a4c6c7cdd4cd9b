import { defineConfig } from 'vitest/config';

// Browser tests: playwright-core drives Debian's /usr/bin/chromium against the production build
// (served by `vite preview` from tests/browser/global-setup.ts).
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
