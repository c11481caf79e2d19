import { defineConfig } from 'vitest/config';

/**
 * The fidelity table's runs (not part of the unit suite): see fidelity.test.ts and fidelity.mjs.
 * `node scripts/fidelity.mjs --methods ce,ride --seeds 0,1,2`
 */
export default defineConfig({
  test: { include: ['scripts/fidelity.test.ts'], environment: 'node', testTimeout: 24 * 3_600_000, pool: 'forks' },
});
