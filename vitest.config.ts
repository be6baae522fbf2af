import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Builds dist/ when missing or older than src/, for the tests that run the compiled CLI.
    globalSetup: ['test/global-setup.ts'],
  },
});
