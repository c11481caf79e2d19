"""Full-size long-tailed benchmarks for train.py: the exported run's method on CIFAR-10-LT,
CIFAR-100-LT or ImageNet-LT, with ResNet-32 or ResNet-50, mixed precision and checkpoints.

    python3 train.py --data cifar10-lt --data-root ~/data --preset     # LDAM-DRW's CIFAR recipe

Nothing is downloaded: the data come from a folder you name.
- CIFAR: the python version's folder (cifar-10-batches-py/ or cifar-100-python/, as torchvision's
  CIFAR10 / CIFAR100 read it), made long-tailed with the standard exponential profile
  n_i = ⌊n_max · ρ^(−i/(C−1))⌋, the examples of each class picked by a seeded shuffle (Cao et al.).
- ImageNet-LT: the official split files (ImageNet_LT_train.txt, ImageNet_LT_test.txt: "path label"
  per line, Liu et al. 2019) in the data root, the images at the paths they name below it.
"""
from __future__ import annotations

import math
import os
import pickle

import torch
import torch.nn.functional as F

# The authors' published recipes. CIFAR: LDAM-DRW (Cao et al. 2019) — 200 epochs, batch 128, SGD
# 0.1, momentum 0.9, weight decay 2e-4, 5 warm-up epochs, ×0.01 at 160 and ×0.0001 at 180.
# ImageNet-LT: decoupling (Kang et al. 2020) — 90 epochs, batch 512, SGD 0.2, cosine, wd 5e-4.
PRESETS = {
    "cifar10-lt": {"model": "resnet32", "epochs": 200, "batch": 128, "lr": 0.1, "wd": 2e-4, "schedule": "step", "warmup": 5, "rho": 100},
    "cifar100-lt": {"model": "resnet32", "epochs": 200, "batch": 128, "lr": 0.1, "wd": 2e-4, "schedule": "step", "warmup": 5, "rho": 100},
    "imagenet-lt": {"model": "resnet50", "epochs": 90, "batch": 512, "lr": 0.2, "wd": 5e-4, "schedule": "cosine", "warmup": 0, "rho": None},
}
MEAN_STD = {"cifar": ((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)), "imagenet": ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))}


def long_tail_counts(n_max, classes, rho):
    return [max(1, math.floor(n_max * rho ** (-i / (classes - 1)) + 1e-9)) for i in range(classes)]


def read_cifar(root, name):
    """CIFAR's python pickles: (uint8 images N×32×32×3, labels, class names) for train and test."""
    folder, files, meta, key, names = (
        ("cifar-10-batches-py", [f"data_batch_{i}" for i in range(1, 6)], "batches.meta", "labels", "label_names")
        if name == "cifar10-lt" else ("cifar-100-python", ["train"], "meta", "fine_labels", "fine_label_names"))

    def load(files_):
        xs, ys = [], []
        for f in files_:
            with open(os.path.join(root, folder, f), "rb") as fh:
                entry = pickle.load(fh, encoding="latin1")
            xs.append(torch.as_tensor(entry["data"], dtype=torch.uint8).reshape(-1, 3, 32, 32))
            ys += list(entry[key])
        return torch.cat(xs).permute(0, 2, 3, 1).contiguous(), ys

    with open(os.path.join(root, folder, meta), "rb") as fh:
        classes = pickle.load(fh, encoding="latin1")[names]
    return load(files), load(["test_batch" if name == "cifar10-lt" else "test"]), classes


def make_long_tailed(labels, classes, rho, seed):
    """Indices of the LT subset: the first n_i of a seeded shuffle of class i's examples."""
    by_class = [[i for i, y in enumerate(labels) if y == c] for c in range(classes)]
    counts = long_tail_counts(min(len(b) for b in by_class), classes, rho)
    g = torch.Generator().manual_seed(seed)
    picked = []
    for c, members in enumerate(by_class):
        order = torch.randperm(len(members), generator=g)[: counts[c]].tolist()
        picked += [members[i] for i in order]
    return picked


class ImageSet(torch.utils.data.Dataset):
    """Images as uint8 HWC tensors in memory (CIFAR) or paths read on demand (ImageNet-LT)."""

    def __init__(self, images, labels, transform, root=None):
        self.images, self.labels, self.transform, self.root = images, labels, transform, root

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        from PIL import Image  # torchvision depends on Pillow

        item = self.images[i]
        img = Image.open(os.path.join(self.root, item)).convert("RGB") if isinstance(item, str) else Image.fromarray(item.numpy())
        return self.transform(img), self.labels[i]


def read_split_file(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.split() for line in f if line.strip()]
    return [r[0] for r in rows], [int(r[1]) for r in rows]


def load_benchmark(name, root, rho, seed):
    """Train and test sets with their transforms, class names and per-class training counts."""
    import torchvision.transforms as T

    if name == "imagenet-lt":
        mean, std = MEAN_STD["imagenet"]
        train_paths, train_y = read_split_file(os.path.join(root, "ImageNet_LT_train.txt"))
        test_paths, test_y = read_split_file(os.path.join(root, "ImageNet_LT_test.txt"))
        classes = max(train_y) + 1
        train_t = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])
        test_t = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(mean, std)])
        train = ImageSet(train_paths, train_y, train_t, root)
        test = ImageSet(test_paths, test_y, test_t, root)
        names = [str(c) for c in range(classes)]
    else:
        mean, std = MEAN_STD["cifar"]
        (tx, ty), (vx, vy), names = read_cifar(root, name)
        classes = len(names)
        keep = make_long_tailed(ty, classes, rho, seed)
        train_t = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])
        test_t = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
        train = ImageSet(tx[keep], [ty[i] for i in keep], train_t)
        test = ImageSet(vx, vy, test_t)
    counts = [0] * classes
    for y in train.labels:
        counts[y] += 1
    test_counts = [0] * classes
    for y in test.labels:
        test_counts[y] += 1
    return train, test, names, counts, test_counts


# ---------------------------------------------------------------------------------------------
# Models: ResNet-32 for CIFAR (He et al. 2016, as in the LDAM-DRW code), ResNet-50 (torchvision).
# Both end at pooled features; train.py puts the method's head (or experts) on them.
# ---------------------------------------------------------------------------------------------
class BasicBlock(torch.nn.Module):
    def __init__(self, inputs, planes, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(inputs, planes, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(planes)
        self.conv2 = torch.nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(planes)
        self.pad = planes - inputs if stride != 1 or inputs != planes else 0  # option A: zero-padded identity

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x
        if self.pad:
            shortcut = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad // 2, self.pad // 2))
        return F.relu(out + shortcut)


class ResNet32(torch.nn.Module):
    """ResNet-32 for CIFAR (a stem, then three groups of `blocks` basic blocks, 16/32/64 channels). `part`:
    "full"; "trunk", what the experts share: the stem and the first group (RIDE's, SADE's, MDCS's
    ride_resnet_cifar.py / expert_resnet_cifar.py), or the stem alone with `stem_only` (TLC's ResnetCifar.py);
    "stage", what each expert owns: the later groups and the pooling, the second and third at `width` of
    their channels (the authors' reduce_dimension: 24 and 48 at ¾)."""

    def __init__(self, part="full", blocks=5, width=1.0, stem_only=False):
        super().__init__()
        shared = () if stem_only else (0,)
        groups = {"full": (0, 1, 2), "trunk": shared, "stage": tuple(g for g in (0, 1, 2) if g not in shared)}[part]
        self.stem = None
        if part != "stage":
            self.stem = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3, 1, 1, bias=False), torch.nn.BatchNorm2d(16), torch.nn.ReLU())
        layers, inputs = [], 16
        for g, (planes, stride) in enumerate(((16, 1), (32, 2), (64, 2))):
            if g in groups:
                planes = planes if g == 0 or part != "stage" else int(width * planes + 0.5)
                for b in range(blocks):
                    layers.append(BasicBlock(inputs, planes, stride if b == 0 else 1))
                    inputs = planes
        self.layers = torch.nn.Sequential(*layers)
        self.pool = part != "trunk"
        self.feature_size = inputs
        for m in self.modules():
            if isinstance(m, torch.nn.Conv2d):
                torch.nn.init.kaiming_normal_(m.weight)

    def forward(self, x):
        x = self.layers(self.stem(x) if self.stem is not None else x)
        return F.adaptive_avg_pool2d(x, 1).flatten(1) if self.pool else x


def build_benchmark_backbone(name, part="full", blocks=5, experts=None):
    """The benchmark's backbone, or ("trunk", "stage") its shared and per-expert parts for experts that own
    the later stages, as in RIDE's code: ResNet-32's second and third groups (layer2s, layer3s of
    ride_resnet_cifar.py) at the method's `stageWidth` (¾ by default, reduce_dimension), or TLC's first to
    third at full width (`sharesStemOnly`); ResNet-50's layer3 and layer4 (layer3s, layer4s of EAResNet.py,
    at full width here). `blocks`: ResNet-32's blocks per group (5)."""
    if name == "resnet32":
        spec = experts or {}
        return ResNet32(part, blocks, spec.get("stageWidth", 0.75), spec.get("sharesStemOnly", False))
    import torchvision

    net = torchvision.models.resnet50()
    if part == "trunk":
        trunk = torch.nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool, net.layer1, net.layer2)
        trunk.feature_size = 512
        return trunk
    if part == "stage":
        stage = torch.nn.Sequential(net.layer3, net.layer4, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
        stage.feature_size = 2048
        return stage
    net.fc = torch.nn.Identity()
    net.feature_size = 2048
    return net


def lr_factor(preset, epoch_float, epochs):
    """The preset's learning-rate multiplier at a (fractional) epoch."""
    if preset["warmup"] and epoch_float < preset["warmup"]:
        return (epoch_float + 1) / preset["warmup"] if epoch_float + 1 < preset["warmup"] else 1.0
    if preset["schedule"] == "cosine":
        return 0.5 * (1 + math.cos(math.pi * epoch_float / epochs))
    # LDAM-DRW's CIFAR steps, scaled to the epochs asked for (160 and 180 of 200).
    return 0.0001 if epoch_float >= 0.9 * epochs else 0.01 if epoch_float >= 0.8 * epochs else 1.0
