/**
 * The benchmark in Node.js, for machines with a GPU and no browser (a GPU server, CI with a
 * card): the same scenarios, training code and tfjs kernels as bench.html, on tfjs' WebGPU
 * backend through Dawn — the WebGPU implementation inside Chromium — from the `webgpu` package.
 *   npm i --no-save webgpu@0.6.2 && npm run bench:node -- --backends webgpu,cpu
 * Options: --scenarios mlp-2d,cnn-fashion  --backends webgpu,cpu  --finish webgpu  --profile
 *          --pipelined 10 (steps per read-back in the second timing, 0: off)
 *          --dawn-flag enable-dawn-features=skip_validation (one Dawn option)
 *          --tf-flags WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=100,… (tfjs flags, numbers or true/false)
 *          --filter-grad conv|patches (how conv layers compute their filter gradient)
 *          --dispatch (also: µs per small op on the first backend)
 *          --dawn <path to dawn.node> (instead of the package)  --reference <pytorch.json>
 *          (ratios against scripts/pytorch_reference.py's output)  --out <file.json>
 * Not the browser: Chromium adds its own checks and process hops on top of Dawn, so a browser on
 * the same card is at most as fast as this.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendName } from '../training/config';
import { parseTfFlags, type BenchResult } from './protocol';
import { SCENARIOS } from './scenarios';
import { probeWebGpu } from '../workers/backend';
import { runBench } from './runBench';
import { summariseNodeRuns, type ReferenceTimes } from './nodeReport';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback);
const list = (name: string, fallback: string): string[] => arg(name, fallback).split(',').filter(Boolean);

interface DawnModule {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

/** Dawn's Node.js bindings: the `webgpu` package, or a dawn.node file named on the command line. */
async function loadDawn(): Promise<DawnModule> {
  const path = arg('--dawn', '');
  if (path) return createRequire(import.meta.url)(path) as DawnModule;
  try {
    const name = 'webgpu'; // optional: not a dependency of the app, so not resolved at build time
    return (await import(/* @vite-ignore */ name)) as DawnModule;
  } catch {
    throw new Error('WebGPU in Node.js needs Dawn: `npm i --no-save webgpu@0.6.2`, or --dawn <path to dawn.node>');
  }
}

type RequestDevice = (descriptor?: { requiredFeatures?: unknown[] }) => Promise<unknown>;
interface AdapterLike {
  requestDevice: RequestDevice;
}

/**
 * Puts Dawn where tfjs looks for WebGPU (navigator.gpu). tfjs 4.22 asks for the feature
 * 'bgra8unorm-storage' as a one-element array; a browser's bindings turn that into the string,
 * Dawn's reject it, so the adapter flattens the list first.
 */
async function installWebGpu(): Promise<void> {
  const dawn = await loadDawn();
  Object.assign(globalThis, dawn.globals);
  const flag = arg('--dawn-flag', ''); // e.g. enable-dawn-features=skip_validation
  const gpu = dawn.create(flag ? [flag] : []) as { requestAdapter(options?: unknown): Promise<AdapterLike | null> };
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = async (options) => {
    const adapter = await requestAdapter(options);
    if (adapter) {
      const requestDevice = adapter.requestDevice.bind(adapter);
      adapter.requestDevice = (descriptor) =>
        requestDevice({ ...descriptor, requiredFeatures: descriptor?.requiredFeatures?.flat() ?? [] });
    }
    return adapter;
  };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, hardwareConcurrency: 1 }, configurable: true });
}

/** fetch for the data files: Node's fetch has no file: URLs. */
function serveFilesFromDisk(): void {
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) return networkFetch(input, init);
    try {
      return new Response(await readFile(fileURLToPath(url)));
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

async function main(): Promise<void> {
  const backends = list('--backends', 'webgpu,cpu') as BackendName[];
  const scenarioIds = list('--scenarios', 'mlp-2d,cnn-fashion');
  const finishOn = new Set(list('--finish', ''));
  const dataUrl = pathToFileURL(arg('--data', fileURLToPath(new URL('../public/data/', import.meta.url)))).href.replace(/\/?$/, '/');
  if (backends.includes('wasm' as BackendName)) throw new Error('wasm is measured in the browser (npm run bench), not here');
  serveFilesFromDisk();
  if (backends.includes('webgpu')) await installWebGpu();
  const tfFlags = parseTfFlags(arg('--tf-flags', ''));
  const method = arg('--filter-grad', '');
  const filterGrad = method === 'conv' || method === 'patches' ? { filterGrad: method as 'conv' | 'patches' } : {};
  const adapter = backends.includes('webgpu') ? (await probeWebGpu()).note : null;
  const results: BenchResult[] = [];
  for (const scenarioId of scenarioIds) {
    if (!SCENARIOS.some((s) => s.id === scenarioId)) throw new Error(`unknown scenario ${scenarioId}`);
    for (const backend of backends) {
      // One backend per scenario at a time; tfjs keeps the others registered but idle.
      console.error(`running ${scenarioId} on ${backend}…`);
      const pipelined = Number(arg('--pipelined', '10'));
      const request = { scenarioId, backend, finish: finishOn.has(backend), profile: args.includes('--profile'), pipelined, tfFlags, ...filterGrad };
      results.push(
        await runBench(request, dataUrl).catch(
          (e: unknown) =>
            ({ scenarioId, backend, label: backend, threads: null, ok: false, error: e instanceof Error ? e.message : String(e) }) as BenchResult,
        ),
      );
    }
  }
  if (args.includes('--dispatch')) console.log(`dispatch: ${(await dispatchMicroseconds(backends[0] ?? 'cpu')).toFixed(0)} µs per elementwise op`);
  const referencePath = arg('--reference', '');
  const reference = referencePath ? (JSON.parse(await readFile(referencePath, 'utf8')) as ReferenceTimes) : null;
  const report = summariseNodeRuns(results, reference);
  console.log(`adapter: ${adapter ?? 'none'}\n${report.table}`);
  for (const r of results.filter((x) => x.kernels)) {
    console.log(`kernels of one ${r.scenarioId} step on ${r.label} (ms, calls): ${r.kernels?.map((k) => `${k.name} ${k.ms.toFixed(2)} ×${k.calls}`).join(', ')}`);
  }
  const out = arg('--out', '');
  if (out) await writeFile(out, JSON.stringify({ adapter, node: process.version, results, reference, rows: report.rows }, null, 2));
}

/** The fixed cost of one small op: 500 chained adds of 256 numbers, one read-back, per add. */
async function dispatchMicroseconds(backend: string, ops = 500): Promise<number> {
  await tf.setBackend(backend);
  const one = tf.ones([256]);
  let x = tf.add(one, one);
  await x.data(); // compiles the shader
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) {
    const next = tf.add(x, one);
    x.dispose();
    x = next;
  }
  await x.data();
  const us = ((performance.now() - t0) * 1000) / ops;
  tf.dispose([one, x]);
  return us;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
