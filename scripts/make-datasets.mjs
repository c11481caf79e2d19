#!/usr/bin/env node
/**
 * Builds the image datasets shipped in public/data/ from their Debian-packaged sources:
 *   - Fashion-MNIST (Zalando, MIT): apt-get install dataset-fashion-mnist
 *       → /usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz
 *   - 8×8 digits (UCI optdigits subset, as shipped by scikit-learn, BSD-3-Clause):
 *       apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb sk
 *       → sk/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
 * Usage: node scripts/make-datasets.mjs [--fashion DIR] [--digits FILE]
 *
 * Output format (one file per split, ".ltd"): gzip of [labels: uint8 × n][pixels: uint8 × n·h·w],
 * examples grouped by class in the source's order. public/data/manifest.json describes every file:
 * shape, per-class counts and the SHA-256 of the file as served, which the app checks.
 * The extension is not ".gz" on purpose: hosts would then add Content-Encoding and the browser
 * would decompress before our code sees the bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const fashionDir = arg('--fashion', '/usr/share/datasets/fashion-mnist');
const digitsFile = arg('--digits', '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz');
const outDir = join(import.meta.dirname, '..', 'public', 'data');

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function readIdx(path) {
  const buf = gunzipSync(readFileSync(path));
  const magic = buf.readUInt32BE(0);
  const dims = magic & 0xff;
  const shape = Array.from({ length: dims }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return { shape, data: buf.subarray(4 + 4 * dims) };
}

/** The first `perClass` examples of each class (all if null), grouped by class, source order kept. */
function stratify(labels, pixels, size, classes, perClass) {
  const byClass = Array.from({ length: classes }, () => []);
  labels.forEach((y, i) => {
    if (perClass === null || byClass[y].length < perClass) byClass[y].push(i);
  });
  const order = byClass.flat();
  const outLabels = Buffer.alloc(order.length);
  const outPixels = Buffer.alloc(order.length * size);
  order.forEach((src, k) => {
    outLabels[k] = labels[src];
    pixels.copy(outPixels, k * size, src * size, (src + 1) * size);
  });
  return { labels: outLabels, pixels: outPixels, counts: byClass.map((l) => l.length) };
}

function writeSplit(manifest, key, meta, split) {
  const file = `${key}.ltd`;
  const bytes = gzipSync(Buffer.concat([split.labels, split.pixels]), { level: 9 });
  writeFileSync(join(outDir, file), bytes);
  manifest.files[key] = {
    ...meta,
    file,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    count: split.labels.length,
    counts: split.counts,
  };
  console.log(`${file}: ${split.labels.length} examples, ${(bytes.length / 1e6).toFixed(2)} MB`);
}

mkdirSync(outDir, { recursive: true });
const manifest = { format: 'ltd-1', files: {} };

// Fashion-MNIST: a small default pool (1,000 train / 500 test images per class) and the full
// 6,000-per-class training pool, fetched only when n_max asks for more than 1,000.
const fashion = {
  train: [readIdx(join(fashionDir, 'train-labels-idx1-ubyte.gz')), readIdx(join(fashionDir, 'train-images-idx3-ubyte.gz'))],
  test: [readIdx(join(fashionDir, 't10k-labels-idx1-ubyte.gz')), readIdx(join(fashionDir, 't10k-images-idx3-ubyte.gz'))],
};
const fashionMeta = {
  dataset: 'fashion-mnist',
  shape: [28, 28, 1],
  classNames: FASHION_CLASSES,
  source: 'Fashion-MNIST (Zalando Research), Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1',
  licence: 'MIT',
};
for (const [key, part, perClass] of [
  ['fashion-mnist-train-1k', 'train', 1000],
  ['fashion-mnist-train-full', 'train', null],
  ['fashion-mnist-test-500', 'test', 500],
]) {
  const [labels, images] = fashion[part];
  writeSplit(manifest, key, { ...fashionMeta, split: part }, stratify(labels.data, images.data, 28 * 28, 10, perClass));
}

// Digits: 1,797 images of 8×8 with 17 grey levels (0–16), rescaled to 0–255. No official split:
// the first 70 % of each class (in file order) train, the rest test.
const rows = gunzipSync(readFileSync(digitsFile)).toString('utf8').trim().split('\n').map((l) => l.split(',').map(Number));
const digitLabels = Buffer.from(rows.map((r) => r[64]));
const digitPixels = Buffer.from(rows.flatMap((r) => r.slice(0, 64).map((v) => Math.round((v * 255) / 16))));
const all = stratify(digitLabels, digitPixels, 64, 10, null);
const trainIdx = [];
const testIdx = [];
let start = 0;
for (const n of all.counts) {
  const cut = Math.round(n * 0.7);
  for (let k = 0; k < n; k++) (k < cut ? trainIdx : testIdx).push(start + k);
  start += n;
}
const pick = (idx) => ({
  labels: Buffer.from(idx.map((i) => all.labels[i])),
  pixels: Buffer.concat(idx.map((i) => all.pixels.subarray(i * 64, (i + 1) * 64))),
  counts: Array.from({ length: 10 }, (_, c) => idx.filter((i) => all.labels[i] === c).length),
});
const digitsMeta = {
  dataset: 'digits',
  shape: [8, 8, 1],
  classNames: Array.from({ length: 10 }, (_, c) => String(c)),
  source: 'UCI optdigits subset as shipped by scikit-learn (sklearn/datasets/data/digits.csv.gz), Debian package python3-sklearn 1.2.1+dfsg-1',
  licence: 'BSD-3-Clause (scikit-learn); data from the UCI Machine Learning Repository (CC BY 4.0)',
};
writeSplit(manifest, 'digits-train', { ...digitsMeta, split: 'train' }, pick(trainIdx));
writeSplit(manifest, 'digits-test', { ...digitsMeta, split: 'test' }, pick(testIdx));

writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log('wrote', join('public', 'data', 'manifest.json'));
