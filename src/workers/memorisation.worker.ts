/// <reference lib="webworker" />
/**
 * A memorisation worker: loads the run's data once, then trains the subset (or removal) models
 * the app hands it, one at a time, and answers each with its correctness bitsets. Pause holds the
 * model in training between two steps; the app decides which model comes next.
 */
import { inputSize, type Dataset } from '../training/data/dataset';
import { project } from '../training/data/pca';
import { assignSplits } from '../training/data/longtail';
import { drawSubset } from '../training/measures/memorisation';
import { complementOf, trainOnSubset } from '../training/measures/subsetModel';
import type { RunConfig } from '../training/config';
import { resolveSplitRule } from '../training/trainer';
import type { ComputeOptions } from '../training/models/build';
import { computeOptionsFor, initBackend, setWasmThreadCount } from './backend';
import { loadDataset } from './datasets';
import { MEMO_EVENT, MEMO_REQUEST, type ExplorerData, type MemoEvent, type MemoJob, type MemoRequest } from './memorisationProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Images are sent whole up to this many pixels (digits-LT, Fashion-MNIST-LT's small pools); larger sets show labels only. */
const MAX_IMAGE_PIXELS = 8_000_000;

let setup: Promise<{ config: RunConfig; fraction: number; dataset: Dataset; compute: ComputeOptions }> | null = null;
let paused = false;
let wake: (() => void) | null = null;
/** Jobs run one after another even if the app sends the next before the last is answered. */
let queue: Promise<void> = Promise.resolve();

function post(event: MemoEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

function explorerData(dataset: Dataset, config: RunConfig): ExplorerData {
  const d = inputSize(dataset);
  const nTrain = dataset.train.y.length;
  const nTest = dataset.test.y.length;
  const data: ExplorerData = {
    classes: dataset.classes,
    classNames: dataset.classNames,
    trainCounts: dataset.train.counts,
    splits: assignSplits(dataset.train.counts, resolveSplitRule(config, dataset.train.counts)),
    trainY: dataset.train.y.slice(),
    testY: dataset.test.y.slice(),
  };
  if (dataset.extent) {
    const plane = (x: Float32Array, n: number) => (dataset.projection ? project(x, n, d, dataset.projection) : x.slice());
    data.points = { train: plane(dataset.train.x, nTrain), test: plane(dataset.test.x, nTest), extent: dataset.extent };
  } else if (dataset.inputShape.length === 3 && (nTrain + nTest) * d <= MAX_IMAGE_PIXELS) {
    const grey = (x: Float32Array) => Uint8Array.from(x, (v) => Math.round(v * 255));
    const [h = 0, w = 0] = dataset.inputShape;
    data.images = { shape: [h, w], train: grey(dataset.train.x), test: grey(dataset.test.x) };
  }
  return data;
}

/** Called every few steps: lets messages (Pause) in, and holds while paused. */
async function pace(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  while (paused) await new Promise<void>((resolve) => (wake = resolve));
}

async function run(job: MemoJob): Promise<void> {
  if (!setup) throw new Error('The memorisation worker was given a job before its data.');
  const { config, fraction, dataset, compute } = await setup;
  const started = performance.now();
  const n = dataset.train.y.length;
  if (job.kind === 'subset') {
    const draw = drawSubset(config.seed, job.k, n, fraction);
    const r = await trainOnSubset(config, dataset, draw.indices, draw.modelSeed, compute, pace);
    post({ type: MEMO_EVENT.result, jobId: job.id, inSubset: draw.inSubset, ...r, ms: performance.now() - started }, [r.trainCorrect.buffer as ArrayBuffer, r.testCorrect.buffer as ArrayBuffer]);
  } else {
    // The run itself (its seed: its initial weights) without the removed examples, so top and random removals are paired.
    const r = await trainOnSubset(config, dataset, complementOf(n, job.removed), config.seed, compute, pace);
    post({ type: MEMO_EVENT.result, jobId: job.id, ...r, ms: performance.now() - started }, [r.trainCorrect.buffer as ArrayBuffer, r.testCorrect.buffer as ArrayBuffer]);
  }
}

async function init(config: RunConfig, fraction: number, cpuThreads: number): Promise<{ config: RunConfig; fraction: number; dataset: Dataset; compute: ComputeOptions }> {
  setWasmThreadCount(cpuThreads);
  // No calibration: "auto" takes the first backend that works in its order (small models, many of them).
  const { backend } = await initBackend(config.backend);
  const dataset = await loadDataset(config, () => undefined);
  const data = explorerData(dataset, config);
  const buffers = [data.trainY, data.testY, data.points?.train, data.points?.test, data.images?.train, data.images?.test].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
  post({ type: MEMO_EVENT.ready, backend, data }, buffers);
  return { config, fraction, dataset, compute: computeOptionsFor(backend) };
}

function fail(e: unknown): void {
  post({ type: MEMO_EVENT.error, message: e instanceof Error ? e.message : String(e) });
}

scope.onmessage = (e: MessageEvent<MemoRequest>) => {
  const request = e.data;
  switch (request.type) {
    case MEMO_REQUEST.init:
      if (setup) return;
      setup = init(request.config, request.fraction, request.cpuThreads);
      setup.catch(fail);
      return;
    case MEMO_REQUEST.job:
      queue = queue.then(() => run(request.job)).catch(fail);
      return;
    case MEMO_REQUEST.pause:
      paused = true;
      return;
    case MEMO_REQUEST.resume:
      paused = false;
      wake?.();
      wake = null;
      return;
  }
};

scope.addEventListener('unhandledrejection', (e) => fail(e.reason));
