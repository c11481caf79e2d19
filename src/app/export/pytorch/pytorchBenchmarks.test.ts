/**
 * Full-size benchmarks from the exported train.py, on tiny stand-ins that this test writes in
 * the real on-disk formats (CIFAR's python pickles, ImageNet-LT's split files and images): the
 * loading code, the long-tailed profile, ResNet-32 training and ResNet-50's features, checkpoints
 * and resume. No real CIFAR or
 * ImageNet is needed, and none can be fetched here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../training/config';
import { buildDataset } from '../../../training/data/build';
import { pytorchProject } from './bundle';
import { runPython, torchProblem, writeProject } from './pythonRunner';

/** Writes fake CIFAR-10 / CIFAR-100 folders (30 train and 4 test images per class) and a 3-class ImageNet-LT. */
const WRITE_STAND_INS = `
import os, pickle, sys, random
import numpy as np  # CIFAR's batches hold numpy arrays (numpy comes with torch)
from PIL import Image
root = sys.argv[1]
rnd = random.Random(0)
def batch(n_per_class, classes, key):
    labels = [c for c in range(classes) for _ in range(n_per_class)]
    data = np.random.default_rng(0).integers(0, 256, (len(labels), 3072), dtype=np.uint8)
    return {"data": data, key: labels}
def dump(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(obj, f)
c10 = os.path.join(root, "cifar-10-batches-py")
for i in range(1, 6):
    dump(os.path.join(c10, f"data_batch_{i}"), batch(6, 10, "labels"))
dump(os.path.join(c10, "test_batch"), batch(4, 10, "labels"))
dump(os.path.join(c10, "batches.meta"), {"label_names": [f"c{i}" for i in range(10)]})
c100 = os.path.join(root, "cifar-100-python")
dump(os.path.join(c100, "train"), batch(3, 100, "fine_labels"))
dump(os.path.join(c100, "test"), batch(1, 100, "fine_labels"))  # 100 classes: the real file's layout
dump(os.path.join(c100, "meta"), {"fine_label_names": [f"f{i}" for i in range(100)]})
for split, counts in (("train", [12, 6, 2]), ("test", [3, 3, 3])):
    lines = []
    for c, n in enumerate(counts):
        for k in range(n):
            path = f"{split}/n{c:03d}/img{k}.png"
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            Image.new("RGB", (40, 36), (rnd.randrange(256), 40 * c, 7 * k)).save(os.path.join(root, path))
            lines.append(f"{path} {c}")
    with open(os.path.join(root, f"ImageNet_LT_{split}.txt"), "w") as f:
        f.write("\\n".join(lines) + "\\n")
# ResNet-50 (torchvision) as a backbone: pooled 2048-d features (trained at full size only: too slow here).
import torch
sys.path.insert(0, sys.argv[2])
import benchmarks
print(benchmarks.build_benchmark_backbone("resnet50")(torch.zeros(2, 3, 32, 32)).shape[1])
`;

interface Results {
  dataset: { trainCounts: number[] };
  test: { accuracy: number; perClass: unknown[] };
  pytorch: { benchmark: { model: string } };
  history: unknown[];
}

const problem = torchProblem();
const inCi = process.env.CI === 'true';

describe.skipIf(problem !== null && !inCi)('PyTorch export: full-size benchmarks on stand-ins', () => {
  it('loads CIFAR-10-LT, CIFAR-100-LT and ImageNet-LT from their on-disk formats and trains a ResNet, with checkpoints', () => {
    expect(problem, problem ?? '').toBeNull();
    const parsed = parseRunConfig({ seed: 1, dataset: { kind: 'blobs', classes: 3, nMax: 20, testPerClass: 10 }, epochs: 1, method: { id: 'ldam-drw' } });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const dir = writeProject(pytorchProject(parsed.config, buildDataset(parsed.config.dataset, 1)), 'bench');
    const data = join(dir, 'stand-ins');
    expect(runPython(['-c', WRITE_STAND_INS, data, dir]).trim()).toBe('2048');
    const run = (name: string, args: string[]): Results => {
      const out = join(dir, `${name}.json`);
      const common = ['--data-root', data, '--epochs', '1', '--batch-size', '16', '--workers', '0', '--device', 'cpu', '--out', out];
      runPython([join(dir, 'train.py'), ...common, ...args], { env: { OMP_NUM_THREADS: '1' }, timeoutMs: 200_000 });
      return JSON.parse(readFileSync(out, 'utf8')) as Results;
    };

    const checkpoint = join(dir, 'c10.pt');
    const c10 = run('c10', ['--data', 'cifar10-lt', '--imbalance', '10', '--checkpoint', checkpoint]);
    // The exponential profile from 30 images per class at ρ = 10: ⌊30 · 10^(−i/9)⌋.
    expect(c10.dataset.trainCounts).toEqual(Array.from({ length: 10 }, (_, i) => Math.floor(30 * 10 ** (-i / 9) + 1e-9)));
    expect(c10.test.perClass).toHaveLength(10);
    expect(c10.pytorch.benchmark.model).toBe('resnet32');
    expect(existsSync(checkpoint)).toBe(true);
    // Resuming from the last epoch's checkpoint with more epochs continues the history.
    const resumed = run('c10-resumed', ['--data', 'cifar10-lt', '--imbalance', '10', '--checkpoint', checkpoint, '--epochs', '2']);
    expect(resumed.history.length).toBe(c10.history.length + 1);

    const c100 = run('c100', ['--data', 'cifar100-lt', '--imbalance', '3']);
    expect(c100.dataset.trainCounts[0]).toBe(3);
    expect(c100.dataset.trainCounts[99]).toBe(1);

    const inet = run('inet', ['--data', 'imagenet-lt', '--model', 'resnet32']);
    expect(inet.dataset.trainCounts).toEqual([12, 6, 2]);
    expect(inet.test.perClass).toHaveLength(3);
  }, 300_000);
});
