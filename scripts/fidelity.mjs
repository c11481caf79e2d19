#!/usr/bin/env node
/**
 * The fidelity table (docs/fidelity.md): trains methods on the reference scenario in the app's
 * training code (Node, tfjs wasm backend with the worker's kernels) and in the exported train.py
 * (PyTorch, CPU), then rewrites the table from docs/fidelity-results.jsonl.
 *   node scripts/fidelity.mjs --methods all --seeds 0,1,2            the whole table
 *   node scripts/fidelity.mjs --methods ride,tau-norm@kang --seeds 0 a subset; @kang: SGD 0.1, momentum 0.9, wd 5e-4
 *   node scripts/fidelity.mjs --sides app                            one side only (app, pytorch; none: table only)
 *   node scripts/fidelity.mjs --backend cpu                          the app on tfjs' JavaScript CPU kernels (default wasm)
 * PYTHON names an interpreter with torch (default /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
let methods = option('methods', 'ce');
if (methods === 'all') {
  // Every registry id (read from the registry's imports' files), then τ-norm and CE in Kang et al.'s SGD setting.
  const registry = readFileSync(new URL('../src/training/methods/registry.ts', import.meta.url), 'utf8');
  const files = [...registry.matchAll(/from '\.\/(\w+)'/g)].map((m) => m[1]).filter((f) => f !== 'types');
  const ids = files.map((f) => readFileSync(new URL(`../src/training/methods/${f}.ts`, import.meta.url), 'utf8').match(/\bid: '([\w-]+)'/)?.[1]);
  methods = [...ids.filter(Boolean), 'ce@kang', 'tau-norm@kang'].join(',');
}
const env = { ...process.env, FIDELITY_METHODS: methods, FIDELITY_SEEDS: option('seeds', '0,1,2'), FIDELITY_SIDES: option('sides', 'app,pytorch'), FIDELITY_BACKEND: option('backend', 'wasm') };
console.log(`fidelity: methods ${env.FIDELITY_METHODS}; seeds ${env.FIDELITY_SEEDS}; sides ${env.FIDELITY_SIDES}`);
const r = spawnSync('npx', ['vitest', 'run', '-c', 'scripts/vitest.fidelity.config.ts'], { env, stdio: 'inherit' });
process.exit(r.status ?? 1);
