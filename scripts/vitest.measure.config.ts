import { defineConfig } from 'vitest/config';

/**
 * Measures methods on a config over seeds (not part of the unit suite): see measure.test.ts.
 * `MEASURE=ce,ride npx vitest run -c scripts/vitest.measure.config.ts`
 */
export default defineConfig({
  test: { include: ['scripts/measure.test.ts'], environment: 'node', testTimeout: 3_600_000, pool: 'forks' },
});
