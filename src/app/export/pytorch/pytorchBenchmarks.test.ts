/**
 * Full-size benchmarks from the exported train.py, on tiny stand-ins that this test writes in
 * the real on-disk formats (CIFAR's python pickles, ImageNet-LT's split files and images): the
 * loaders and the long-tailed profile of all three, ResNet-32 (built whole; trained with one
 * block per group, ResNet-8, to keep the test to seconds) under RIDE's experts, which each own
 * the last two groups, checkpoints and resume, and ResNet-50's features and expert parts
 * (layer3 and layer4 per expert). No real CIFAR or ImageNet is needed, and none can be fetched here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../training/config';
import { buildDataset } from '../../../training/data/build';
import { pytorchProject } from './bundle';
import { runPython, torchProblem, writeProject } from './pythonRunner';

/**
 * Writes fake CIFAR-10 / CIFAR-100 folders (6 train and 4 test images per class in each of five
 * CIFAR-10 batches) and a 3-class ImageNet-LT, then reads CIFAR-100-LT and ImageNet-LT through
 * benchmarks.py's loaders and checks the ResNets; prints one JSON line of what it found.
 */
const WRITE_STAND_INS = `
import json, os, pickle, sys, random
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
import torch
sys.path.insert(0, sys.argv[2])
import benchmarks
found = {}
train, test, names, counts, test_counts = benchmarks.load_benchmark("cifar100-lt", root, 3, 1)
found["c100"] = {"counts": counts, "testCounts": test_counts, "names": len(names), "image": list(train[0][0].shape)}
train, test, names, counts, test_counts = benchmarks.load_benchmark("imagenet-lt", root, None, 1)
x, y = next(iter(torch.utils.data.DataLoader(train, batch_size=4)))
found["inet"] = {"counts": counts, "testCounts": test_counts, "batch": list(x.shape), "test": list(test[0][0].shape)}
# The real ResNet-32: 31 conv layers (stem + 15 blocks of 2), 64 pooled features.
net = benchmarks.build_benchmark_backbone("resnet32")
found["resnet32"] = {"convs": sum(isinstance(m, torch.nn.Conv2d) for m in net.modules()), "features": net(torch.zeros(2, 3, 32, 32)).shape[1]}
# Experts' parts: RIDE's share the stem and group 1 and own groups 2-3 at 24 / 48 channels; TLC's share the stem only and own all three at full width.
convs = lambda m: sum(isinstance(c, torch.nn.Conv2d) for c in m.modules())
with torch.no_grad():
    for key, spec in (("ride", {"stageWidth": 0.75}), ("tlc", {"stageWidth": 1, "sharesStemOnly": True})):
        trunk = benchmarks.build_benchmark_backbone("resnet32", "trunk", 5, spec)
        stage = benchmarks.build_benchmark_backbone("resnet32", "stage", 5, spec)
        found["resnet32_" + key] = {"trunkConvs": convs(trunk), "stageConvs": convs(stage), "features": stage(trunk(torch.zeros(2, 3, 32, 32))).shape[1]}
# ResNet-50 (torchvision): pooled 2048-d features, and the trunk / own stage that experts split it into (trained at full size only: too slow here).
with torch.no_grad():
    trunk = benchmarks.build_benchmark_backbone("resnet50", "trunk")
    stage = benchmarks.build_benchmark_backbone("resnet50", "stage")
    found["resnet50"] = {"features": benchmarks.build_benchmark_backbone("resnet50")(torch.zeros(2, 3, 32, 32)).shape[1],
                         "experts": stage(trunk(torch.zeros(2, 3, 32, 32))).shape[1]}
print(json.dumps(found))
`;

interface Results {
  dataset: { trainCounts: number[] };
  test: { accuracy: number; perClass: unknown[] };
  pytorch: { benchmark: { model: string } };
  history: unknown[];
}

const problem = torchProblem();

describe('PyTorch export: full-size benchmarks on stand-ins', () => {
  it('loads CIFAR-10-LT, CIFAR-100-LT and ImageNet-LT from their on-disk formats and trains a ResNet with experts, with checkpoints', () => {
    expect(problem, problem ?? '').toBeNull();
    const parsed = parseRunConfig({ seed: 1, dataset: { kind: 'blobs', classes: 3, nMax: 20, testPerClass: 10 }, epochs: 1, method: { id: 'ride' } });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const dir = writeProject(pytorchProject(parsed.config, buildDataset(parsed.config.dataset, 1)), 'bench');
    const data = join(dir, 'stand-ins');
    const found = JSON.parse(runPython(['-c', WRITE_STAND_INS, data, dir], { timeoutMs: 200_000 })) as Record<string, Record<string, unknown>>;
    // CIFAR-100-LT at ρ = 3 from 3 images per class: ⌊3 · 3^(−i/99)⌋, at least 1.
    expect(found.c100?.counts).toEqual(Array.from({ length: 100 }, (_, i) => Math.max(1, Math.floor(3 * 3 ** (-i / 99) + 1e-9))));
    expect(found.c100?.testCounts).toEqual(Array(100).fill(1));
    expect(found.c100).toMatchObject({ names: 100, image: [3, 32, 32] });
    // ImageNet-LT: the split files' counts, images read from their paths at 224 × 224.
    expect(found.inet).toEqual({ counts: [12, 6, 2], testCounts: [3, 3, 3], batch: [4, 3, 224, 224], test: [3, 224, 224] });
    expect(found.resnet32).toEqual({ convs: 31, features: 64 });
    expect(found.resnet32_ride).toEqual({ trunkConvs: 11, stageConvs: 20, features: 48 });
    expect(found.resnet32_tlc).toEqual({ trunkConvs: 1, stageConvs: 30, features: 64 });
    expect(found.resnet50).toEqual({ features: 2048, experts: 2048 });

    const run = (name: string, args: string[]): Results => {
      const out = join(dir, `${name}.json`);
      const common = ['--data-root', data, '--epochs', '1', '--batch-size', '16', '--workers', '0', '--device', 'cpu', '--blocks', '1', '--out', out];
      runPython([join(dir, 'train.py'), ...common, ...args], { env: { OMP_NUM_THREADS: '1' }, timeoutMs: 200_000 });
      return JSON.parse(readFileSync(out, 'utf8')) as Results;
    };
    const checkpoint = join(dir, 'c10.pt');
    const c10 = run('c10', ['--data', 'cifar10-lt', '--imbalance', '10', '--checkpoint', checkpoint]);
    // The exponential profile from 30 images per class at ρ = 10: ⌊30 · 10^(−i/9)⌋.
    expect(c10.dataset.trainCounts).toEqual(Array.from({ length: 10 }, (_, i) => Math.floor(30 * 10 ** (-i / 9) + 1e-9)));
    expect(c10.test.perClass).toHaveLength(10);
    expect(c10.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(c10.pytorch.benchmark.model).toBe('resnet32');
    expect(existsSync(checkpoint)).toBe(true);
    // Resuming from the last epoch's checkpoint with more epochs continues the history.
    const resumed = run('c10-resumed', ['--data', 'cifar10-lt', '--imbalance', '10', '--checkpoint', checkpoint, '--epochs', '2']);
    expect(resumed.history.length).toBe(c10.history.length + 1);
  }, 300_000);
});
