/**
 * Export → PyTorch: the files of a run's PyTorch project (train.py, run.json, data.json, the
 * pixels of image runs, a README with the commands). Pure: the caller zips them (zip.ts) or, in
 * the step-by-step test, writes them to a folder.
 */
import type { RunConfig } from '../../../training/config';
import type { Dataset } from '../../../training/data/dataset';
import { assignSplits } from '../../../training/data/longtail';
import { getMethod } from '../../../training/methods/registry';
import { resolveParams } from '../../../training/methods/types';
import { resolveSplitRule } from '../../../training/trainerParts';
import readmeTemplate from './README.template.md?raw';
import benchmarksPy from './benchmarks.py?raw';
import trainPy from './train.py?raw';

/** File path in the project → its content. */
export type ProjectFiles = Record<string, string | Uint8Array>;

/** Pixels back to the bytes they were decoded from (the app scales each byte by 1/255). */
function pixelBytes(x: Float32Array): Uint8Array {
  return Uint8Array.from(x, (v) => Math.round(v * 255));
}

/** Whether every value is a whole byte over 255 as float32 (shipped pools, own images): then bytes carry it exactly. */
function wholeBytes(x: Float32Array): boolean {
  return x.every((v) => v >= 0 && v <= 1 && Math.fround(Math.round(v * 255) / 255) === v);
}

/**
 * One split of data.json: 2-D points inline; images as a file of their 8-bit pixels (rows in
 * the run's order, so `indices` is 0…n−1) beside the JSON; anything else (own tables of up to
 * 200,000 × 256 features, far too large for JSON text) as a file of float32 values,
 * little-endian, rows in the run's order.
 */
function splitJson(name: 'train' | 'test' | 'unlabelled', split: Dataset['train'], inputShape: readonly number[], files: ProjectFiles) {
  const base = { y: Array.from(split.y), counts: [...split.counts] };
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (inputShape.length === 1 && size <= 2) return { ...base, x: Array.from(split.x) };
  if (inputShape.length === 3 && wholeBytes(split.x)) {
    const pixelFile = `${name}-pixels.u8`;
    files[pixelFile] = pixelBytes(split.x);
    return { ...base, pixelFile, indices: Array.from(split.y, (_, i) => i) };
  }
  const featureFile = `${name}-features.f32`;
  const values = Float32Array.from(split.x);
  const bytes = new Uint8Array(values.buffer);
  // Typed arrays are in the platform's byte order; the file is little-endian whatever it is.
  if (new Uint8Array(Float32Array.of(1).buffer)[0] !== 0) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  files[featureFile] = bytes;
  return { ...base, featureFile };
}

/** What train.py reads besides run.json: the data and what the app derives from the config. */
export function dataJson(config: RunConfig, dataset: Dataset, files: ProjectFiles, runId?: string) {
  const method = getMethod(config.method.id);
  const splitRule = resolveSplitRule(config, dataset.train.counts);
  return {
    format: 1,
    runId: runId ?? null,
    name: dataset.name,
    inputShape: dataset.inputShape,
    classes: dataset.classes,
    classNames: dataset.classNames,
    methodParams: resolveParams(method, config.method.params),
    splitRule,
    splits: assignSplits(dataset.train.counts, splitRule),
    train: splitJson('train', dataset.train, dataset.inputShape, files),
    test: splitJson('test', dataset.test, dataset.inputShape, files),
    // A pseudo-labelled run's pool (y: its true labels, for scoring only); train.py labels it as the app does.
    ...(dataset.unlabelled ? { unlabelled: splitJson('unlabelled', dataset.unlabelled, dataset.inputShape, files) } : {}),
  };
}

/** The README: what is in the folder and the exact commands. */
export function readme(config: RunConfig, dataset: Dataset): string {
  const method = getMethod(config.method.id);
  const vars: Record<string, string> = {
    METHOD: `${method.label} (${method.id})`,
    DATASET:
      config.dataset.kind === 'own'
        ? `${dataset.name}, your own data: its rows, as the run split them, are in this folder (data.json and the files beside it), so whoever receives this zip receives the data`
        : dataset.name,
    MODEL:
      config.model.kind === 'cnn'
        ? `CNN ${config.model.filters1}/${config.model.filters2}/${config.model.dense}`
        : config.model.kind === 'vit'
          ? `ViT width ${config.model.vitWidth}, ${config.model.vitBlocks} blocks, ${config.model.vitHeads} heads`
          : config.model.kind === 'assoc'
            ? 'linear memory W (associative memory)'
            : `MLP ${config.model.depth}×${config.model.width}`,
    SCHEDULE: `${config.epochs} epochs, batch ${config.batchSize}, ${config.optimizer.kind} lr ${config.optimizer.learningRate}`,
    SEED: String(config.seed),
  };
  return readmeTemplate.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** Every file of the project of one run, in a folder of its own. */
export function pytorchProject(config: RunConfig, dataset: Dataset, runId?: string): ProjectFiles {
  const files: ProjectFiles = {};
  const data = dataJson(config, dataset, files, runId);
  files['run.json'] = JSON.stringify(config, null, 2) + '\n';
  files['data.json'] = JSON.stringify(data) + '\n';
  files['train.py'] = trainPy;
  files['benchmarks.py'] = benchmarksPy;
  files['README.md'] = readme(config, dataset);
  return files;
}

/** The Python files shipped with every export (for tests). */
export const TRAIN_PY = trainPy;
export const BENCHMARKS_PY = benchmarksPy;
