import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'build-tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // tfjs keeps one global engine per process; isolate files in their own forks.
    pool: 'forks',
  },
});
