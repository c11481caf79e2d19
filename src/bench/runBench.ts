/**
 * Times one scenario on one backend with the app's own training code, data and kernels: the
 * bench page's worker and the Node.js bench (src/bench/node.ts) share it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseRunConfig } from '../training/config';
import { trainingLoop } from '../training/run';
import { Trainer } from '../training/trainer';
import { computeOptionsFor, initBackend, setWasmThreadCount, wasmThreadsInUse } from '../workers/backend';
import { loadDataset } from '../workers/datasets';
import type { BenchRequest, BenchResult } from './protocol';
import { SCENARIOS } from './scenarios';

function benchLabel(backend: string, threads: number | null): string {
  if (threads === null) return backend;
  return threads > 1 ? `${backend} ×${threads} threads` : `${backend} 1 thread`;
}

/** Where one training step spends its time, kernel by kernel. */
async function profileStep(trainer: Trainer): Promise<NonNullable<BenchResult['kernels']>> {
  const info = await tf.profile(() => {
    trainer.trainStep();
  });
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(await k.kernelTimeMs);
    entry.calls += 1;
    byName.set(k.name, entry);
  }
  return [...byName].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.ms - a.ms);
}

/** Steps as the app's loop runs them (no read-back per step), and one tiny read-back's latency. */
async function pipelinedTimes(trainer: Trainer, steps: number, repeats = 5): Promise<{ pipelinedStepMs: number[]; readbackMs: number[] }> {
  const pipelinedStepMs: number[] = [];
  const readbackMs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) trainer.trainStep();
    await trainer.evaluate({ test: false });
    pipelinedStepMs.push((performance.now() - t0) / steps);
    const t1 = performance.now();
    const one = tf.scalar(r);
    const plusOne = tf.add(one, 1);
    await plusOne.data();
    tf.dispose([one, plusOne]);
    readbackMs.push(performance.now() - t1);
  }
  return { pipelinedStepMs, readbackMs };
}

export async function runBench(request: BenchRequest, dataUrl?: string): Promise<BenchResult> {
  const scenario = SCENARIOS.find((s) => s.id === request.scenarioId);
  if (!scenario) throw new Error(`unknown scenario ${request.scenarioId}`);
  const overrides = { ...(request.method ? { method: { id: request.method } } : {}), ...(request.seed !== undefined ? { seed: request.seed } : {}) };
  const parsed = parseRunConfig({ ...scenario.config, ...overrides, backend: request.backend });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const config = parsed.config;
  const setupStart = performance.now();
  setWasmThreadCount(request.wasmThreads ?? 0);
  const { backend } = await initBackend(request.backend);
  for (const [name, value] of Object.entries(request.tfFlags ?? {})) tf.env().set(name, value);
  // The app's choice for this backend, unless the request compares the two filter gradients.
  const compute = request.filterGrad ? { filterGrad: request.filterGrad } : computeOptionsFor(backend);
  const threads = await wasmThreadsInUse();
  const dataset = await loadDataset(config, () => undefined, dataUrl);
  const trainer = new Trainer(config, dataset, compute);
  await trainer.evaluate();
  const setupMs = performance.now() - setupStart;
  const stepMs: number[] = [];
  let tensorsStart = 0;
  const steps = request.skipTiming ? 0 : scenario.warmupSteps + scenario.timedSteps;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    trainer.trainStep();
    await trainer.evaluate({ test: false }); // waits for the step: reads its loss back
    if (i === 0) tensorsStart = tf.memory().numTensors; // the optimiser's state exists from here
    if (i >= scenario.warmupSteps) stepMs.push(performance.now() - t0);
  }
  const pipelined = request.pipelined ? await pipelinedTimes(trainer, request.pipelined) : undefined;
  const kernels = request.profile ? await profileStep(trainer) : undefined;
  const memoryEnd = tf.memory();
  trainer.dispose();
  const result: BenchResult = {
    scenarioId: scenario.id,
    backend: request.backend,
    label: benchLabel(request.backend, threads),
    threads,
    ok: true,
    setupMs,
    stepMs,
    batchSize: config.batchSize,
    method: config.method.id,
    seed: config.seed,
    tensorsStart,
    tensorsEnd: memoryEnd.numTensors,
    tensorsAfterDispose: tf.memory().numTensors,
    bytesEnd: memoryEnd.numBytes,
    ...(kernels ? { kernels } : {}),
    ...(pipelined ?? {}),
  };
  if (request.finish) {
    const full = new Trainer(config, dataset, compute);
    const wallStart = performance.now();
    let last;
    const tensorsPerSnapshot: number[] = [];
    for await (const s of trainingLoop(full, { maxSteps: Infinity, maxMs: 100 })) {
      last = s;
      tensorsPerSnapshot.push(tf.memory().numTensors);
    }
    const tensorsAtEnd = tf.memory().numTensors;
    full.dispose();
    if (last) {
      result.finish = {
        wallMs: performance.now() - wallStart,
        trainMs: last.trainMs,
        evalMs: last.evalMs,
        steps: last.step,
        accuracy: last.test.accuracy,
        balancedAccuracy: last.test.balancedAccuracy,
        ...last.test.splits,
        ece: last.test.reliability.ece,
        // The optimiser's state exists from the second snapshot on; from there the count is flat.
        tensorsAfterFirstSteps: tensorsPerSnapshot[1] ?? tensorsAtEnd,
        tensorsMax: Math.max(...tensorsPerSnapshot.slice(1)),
        tensorsAtEnd,
        tensorsAfterDispose: tf.memory().numTensors,
      };
    }
  }
  return result;
}

