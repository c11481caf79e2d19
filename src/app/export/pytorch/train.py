#!/usr/bin/env python3
"""Long-Tail Lab run, exported to PyTorch.

Reproduces one run of the Long-Tail Lab web app with torch only:
the same data (data.json), the same initial weights and batch order (a port of the app's seeded
generator, src/training/rng.ts), the same method (every method of the app's registry has a unit
below, in METHODS) and the same metrics, written as a results JSON that the app imports
(Import… in the app) and shows next to its browser runs, marked as a PyTorch run.

    python3 train.py                         # train, write results.json
    python3 train.py --check-steps 20        # print the first 20 training losses (JSON)
    torchrun --standalone --nproc_per_node=2 train.py   # data-parallel (see README.md)

Every number that the app computes in float32 is computed in float32 here.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from datetime import datetime, timezone

import torch
import torch.nn.functional as F

# ---------------------------------------------------------------------------------------------
# Seeded generator: a line-by-line port of the app's Rng (sfc32 seeded by splitmix32), so that
# the initial weights, the epoch order, mixup's λ and every augmentation draw are the app's own.
# ---------------------------------------------------------------------------------------------
M32 = 0xFFFFFFFF
GOLDEN = 0x9E3779B9
PURPOSE_STREAM = {"trainData": 1, "testData": 2, "init": 3, "shuffle": 4, "augment": 5, "aggregate": 6,
                  "unlabelledData": 7, "pretrain": 8, "teacher": 9}


def imul(a: int, b: int) -> int:
    """JavaScript's Math.imul on unsigned 32-bit values (the low 32 bits of the product)."""
    return (a * b) & M32


class Rng:
    def __init__(self, seed: int, stream: int = 0):
        s = (seed ^ imul(stream + 1, GOLDEN)) & M32

        def splitmix() -> int:
            nonlocal s
            s = (s + GOLDEN) & M32
            z = s
            z = imul(z ^ (z >> 16), 0x85EBCA6B)
            z = imul(z ^ (z >> 13), 0xC2B2AE35)
            return (z ^ (z >> 16)) & M32

        self.a, self.b, self.c, self.d = splitmix(), splitmix(), splitmix(), splitmix()
        self.spare = None
        for _ in range(12):
            self.next_uint32()

    @classmethod
    def for_purpose(cls, seed: int, purpose: str) -> "Rng":
        return cls(seed, PURPOSE_STREAM[purpose])

    def next_uint32(self) -> int:
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) & M32) | (self.c >> 11)
        self.c = (self.c + t) & M32
        return t

    def next(self) -> float:
        return self.next_uint32() / 4294967296.0

    def int(self, n: int) -> int:
        return math.floor(self.next() * n)

    def normal(self) -> float:
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        u = 0.0
        while u == 0.0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2.0 * math.log(u))
        self.spare = r * math.sin(2.0 * math.pi * v)
        return r * math.cos(2.0 * math.pi * v)

    def gamma(self, shape: float) -> float:
        if shape < 1:
            return self.gamma(shape + 1) * math.pow(1 - self.next(), 1 / shape)
        d = shape - 1 / 3
        c = 1 / math.sqrt(9 * d)
        while True:
            x = self.normal()
            v0 = 1 + c * x
            if v0 <= 0:
                continue
            v = v0 * v0 * v0
            u = self.next()
            if u < 1 - 0.0331 * x**4:
                return d * v
            if math.log(u) < 0.5 * x * x + d * (1 - v + math.log(v)):
                return d * v

    def beta(self, a: float, b: float) -> float:
        x = self.gamma(a)
        y = self.gamma(b)
        return x / (x + y) if x + y > 0 else 0.5

    def shuffle(self, items: list) -> list:
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def categorical(self, cumulative: list) -> int:
        u = self.next() * cumulative[-1]
        lo, hi = 0, len(cumulative) - 1
        while lo < hi:
            mid = (lo + hi) >> 1
            if cumulative[mid] > u:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def normals(self, count: int, sigma: float) -> torch.Tensor:
        """`count` draws of sigma·N(0, 1), in the app's order, as float32 (the app's Float32Array).
        Full-size benchmarks (FAST_NOISE) draw with torch from a seed taken from this stream instead."""
        if FAST_NOISE[0]:
            g = torch.Generator().manual_seed(self.next_uint32())
            return torch.randn(count, generator=g) * sigma
        return torch.tensor([sigma * self.normal() for _ in range(count)], dtype=torch.float32)


FAST_NOISE = [False]


def js_round(x: float) -> int:
    """JavaScript's Math.round (halves up), not Python's banker's rounding."""
    return math.floor(x + 0.5)


# ---------------------------------------------------------------------------------------------
# Sampling (src/training/data/sampling.ts)
# ---------------------------------------------------------------------------------------------
def shuffled_epoch(size: int, rng: Rng) -> list:
    return rng.shuffle(list(range(size)))


def class_aware_epoch(by_class: list, weights: list, size: int, rng: Rng) -> list:
    """Draw a class with probability ∝ weights[j], then one of its examples uniformly."""
    cumulative, total = [], 0.0
    for j, w in enumerate(weights):
        total += max(0.0, w) if len(by_class[j]) > 0 else 0.0
        cumulative.append(total)
    order = []
    for _ in range(size):
        members = by_class[rng.categorical(cumulative)]
        order.append(members[rng.int(len(members))])
    return order


# ---------------------------------------------------------------------------------------------
# Per-class numbers (src/training/methods/classStats.ts), in float64 like JavaScript.
# ---------------------------------------------------------------------------------------------
def normalise_to_sum(values, total):
    s = sum(values)
    return [v * total / s for v in values]


def inverse_frequency_weights(counts):
    return normalise_to_sum([1 / n for n in counts], len(counts))


def sqrt_inverse_weights(counts):
    n_min = min(counts)
    return normalise_to_sum([math.sqrt(n_min / n) for n in counts], len(counts))


def class_balanced_weights(counts, beta):
    return normalise_to_sum([(1 - beta) / (1 - math.pow(beta, n)) for n in counts], len(counts))


def ldam_margins(counts, max_margin=0.5):
    raw = [1 / math.pow(n, 0.25) for n in counts]
    largest = max(raw)
    return [r * max_margin / largest for r in raw]


def log_prior(counts):
    total = sum(counts)
    return [math.log(n / total) for n in counts]


def sampling_probabilities(counts, q):
    return normalise_to_sum([math.pow(n, q) for n in counts], 1)


def progressive_probabilities(counts, t):
    ib, cb = sampling_probabilities(counts, 1), sampling_probabilities(counts, 0)
    return [(1 - t) * p + t * c for p, c in zip(ib, cb)]


def label_aware_epsilons(counts, eps_head, eps_tail):
    n_max, n_min = max(counts), min(counts)
    if n_max == n_min:
        return [eps_head for _ in counts]
    return [eps_tail + (eps_head - eps_tail) * math.sin(math.pi * (n - n_min) / (2 * (n_max - n_min))) for n in counts]


def remix_weight_a(n_a, n_b, lam, kappa, tau):
    if n_a / n_b >= kappa and lam < tau:
        return 0.0
    if n_b / n_a >= kappa and 1 - lam < tau:
        return 1.0
    return lam


def ldam_drw_schedule(counts, drw_start):
    """LDAM margins (largest 0.5) and DRW's weights: plain before drw_start, effective-number (β = 0.9999) after."""
    margins = ldam_margins(counts, 0.5)
    plain, balanced = [1.0] * len(counts), class_balanced_weights(counts, 0.9999)
    return margins, (lambda progress: balanced if progress >= drw_start else plain)


# ---------------------------------------------------------------------------------------------
# Models (src/training/models/): He-uniform kernels drawn from the 'init' stream, zero biases.
# Kernels are [inputs, outputs] as in the app (x @ W + b), so the draw order is the app's.
# ---------------------------------------------------------------------------------------------
NORM_EPSILON = 1e-12


def uniform_values(count, bound, rng):
    """`count` values uniform in (-bound, bound), in draw order (the app's Rng.uniformValues)."""
    return torch.tensor([(2 * rng.next() - 1) * bound for _ in range(count)], dtype=torch.float32)


def he_values(inputs: int, outputs: int, rng: Rng) -> torch.Tensor:
    return uniform_values(inputs * outputs, math.sqrt(6 / inputs), rng).reshape(inputs, outputs)


class Dense(torch.nn.Module):
    def __init__(self, inputs: int, outputs: int, rng: Rng, bias: bool = True):
        super().__init__()
        self.kernel = torch.nn.Parameter(he_values(inputs, outputs, rng))
        self.bias = torch.nn.Parameter(torch.zeros(outputs)) if bias else None

    def forward(self, x):
        y = x @ self.kernel
        return y + self.bias if self.bias is not None else y


def normalise_rows(x):
    return x / torch.sqrt((x * x).sum(1, keepdim=True) + NORM_EPSILON)


def normalise_columns(w):
    return w / torch.sqrt((w * w).sum(0, keepdim=True) + NORM_EPSILON)


def column_norms(w):
    return torch.sqrt((w * w).sum(0) + NORM_EPSILON)


def cosine_logits(features, kernel, scale):
    return (normalise_rows(features) @ normalise_columns(kernel)) * scale


class Mlp(torch.nn.Module):
    """ReLU hidden layers of `width` units (models/mlp.ts)."""

    def __init__(self, input_size: int, width: int, depth: int, rng: Rng):
        super().__init__()
        layers, inputs = [], input_size
        for _ in range(depth):
            layers.append(Dense(inputs, width, rng))
            inputs = width
        self.layers = torch.nn.ModuleList(layers)
        self.feature_size = inputs

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x


def conv_layer(inputs: int, outputs: int, rng: Rng):
    """A 3×3 'same' conv drawn as the app draws it: kernel [3, 3, in, out] He-uniform (fan_in = 9·in), zero bias."""
    kernel = he_values(9 * inputs, outputs, rng).reshape(3, 3, inputs, outputs).permute(3, 2, 0, 1).contiguous()
    conv = torch.nn.Conv2d(inputs, outputs, 3, padding=1)
    conv.weight = torch.nn.Parameter(kernel)
    conv.bias = torch.nn.Parameter(torch.zeros(outputs))
    return conv


class Cnn(torch.nn.Module):
    """The app's CNN (models/cnn.ts): 3×3 conv + ReLU + 2×2 max-pool blocks, then a dense ReLU layer
    (`dense` None: the conv blocks alone, flattened — the trunk under experts that own the rest, given
    every block but the last)."""

    def __init__(self, shape, filters, dense, rng: Rng):
        super().__init__()
        h, w, c = shape
        self.shape = (h, w, c)
        convs, channels = [], c
        for f in filters:
            convs.append(conv_layer(channels, f, rng))
            channels = f
            h, w = h // 2, w // 2
        self.convs = torch.nn.ModuleList(convs)
        # Flattened in the app's NHWC order, so the dense kernel's rows match its draw.
        self.dense = Dense(h * w * channels, dense, rng) if dense is not None else None
        self.feature_size = dense if dense is not None else h * w * channels

    def forward(self, x):
        h, w, c = self.shape
        x = x.reshape(-1, h, w, c).permute(0, 3, 1, 2)
        for conv in self.convs:
            x = F.max_pool2d(torch.relu(conv(x)), 2)
        flat = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        return torch.relu(self.dense(flat)) if self.dense is not None else flat


def build_backbone(model_cfg, input_shape, rng, trunk_only=False):
    """The app's backbone (models/build.ts). `trunk_only`: all but its last stage (the MLP's last hidden
    layer, the CNN's dense layer), for experts that own that stage."""
    if model_cfg["kind"] == "assoc":
        return None  # the associative memory builds its own W (AssocMemory), drawing nothing here
    if model_cfg["kind"] == "vit":
        return build_vit(model_cfg, input_shape, rng)
    if model_cfg["kind"] == "cnn":
        filters = [model_cfg["filters1"], model_cfg["filters2"]]
        return Cnn(input_shape, filters[:-1] if trunk_only else filters, None if trunk_only else model_cfg["dense"], rng)
    depth = model_cfg["depth"] - 1 if trunk_only else model_cfg["depth"]
    return Mlp(math.prod(input_shape), model_cfg["width"], depth, rng)


# The authors' reduce_dimension (models/cnn.ts EXPERT_WIDTH): an expert's own CNN stage at ¾ width.
EXPERT_WIDTH = 0.75


class CnnExpertStage(torch.nn.Module):
    """One expert's own stage on the CNN's trunk (models/cnn.ts createCnnExpertStage): the last conv block
    and the dense layer at `width` of their channels — ¾ as RIDE's and SADE's experts own layer2 and layer3
    at 24 / 48 channels, 1 for TLC's."""

    def __init__(self, shape, filters, dense, rng: Rng, width=EXPERT_WIDTH):
        super().__init__()
        h, w, c = shape
        before = len(filters) - 1
        for _ in range(before):
            h, w = h // 2, w // 2
        self.in_shape = (h, w, filters[before - 1] if before > 0 else c)
        outputs = max(1, js_round(width * filters[before]))
        self.conv = conv_layer(self.in_shape[2], outputs, rng)
        self.dense = Dense((h // 2) * (w // 2) * outputs, max(1, js_round(width * dense)), rng)
        self.feature_size = self.dense.kernel.shape[1]

    def forward(self, f):
        h, w, c = self.in_shape
        x = F.max_pool2d(torch.relu(self.conv(f.reshape(-1, h, w, c).permute(0, 3, 1, 2))), 2)
        return torch.relu(self.dense(x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)))


class ExpertStage(torch.nn.Module):
    """One expert's own last stage on the trunk's features: a dense ReLU layer (models/build.ts expertStage)."""

    def __init__(self, inputs: int, units: int, rng: Rng):
        super().__init__()
        self.dense = Dense(inputs, units, rng)
        self.feature_size = units

    def forward(self, f):
        return torch.relu(self.dense(f))


class Head(torch.nn.Module):
    """A linear head, or a cosine one (LDAM's NormedLinear: s·cos, no bias)."""

    def __init__(self, features: int, classes: int, spec, rng: Rng):
        super().__init__()
        self.spec = spec
        self.dense = Dense(features, classes, rng, bias=spec["kind"] == "linear")

    def forward(self, f):
        if self.spec["kind"] == "cosine":
            return cosine_logits(f, self.dense.kernel, self.spec["scale"])
        return self.dense(f)

    def reinit(self, rng: Rng):
        """cRT's second stage: fresh head weights from the init stream, zero bias."""
        with torch.no_grad():
            k = self.dense.kernel
            k.copy_(he_values(k.shape[0], k.shape[1], rng))
            if self.dense.bias is not None:
                self.dense.bias.zero_()


class Classifier(torch.nn.Module):
    def __init__(self, backbone, classes, head_spec, rng):
        super().__init__()
        self.backbone = backbone
        self.head = Head(backbone.feature_size, classes, head_spec, rng)

    def forward(self, x):
        return self.head(self.backbone(x))


class ContrastiveClassifier(torch.nn.Module):
    """A classifier with a projection head drawn after it (contrastive.ts): forward gives the logits and the
    L2-normalised projection z = g(f(x)) of the features, g = dense → ReLU → dense."""

    def __init__(self, backbone, classes, head_spec, projection_size, rng):
        super().__init__()
        self.backbone = backbone
        self.head = Head(backbone.feature_size, classes, head_spec, rng)
        f = backbone.feature_size
        self.hidden = Dense(f, f, rng)
        self.out = Dense(f, projection_size, rng)

    def embed(self, f):
        return normalise_rows(self.out(torch.relu(self.hidden(f))))

    def forward(self, x):
        f = self.backbone(x)
        return self.head(f), self.embed(f)


def orthonormal_rows(count: int, d: int, rng: Rng) -> torch.Tensor:
    """`count` orthonormal vectors of R^d (rows): Gaussian draws, modified Gram-Schmidt in float64 (data/assocMemory.ts)."""
    v = [[rng.normal() for _ in range(d)] for _ in range(count)]
    for i in range(count):
        for j in range(i):
            dot = 0.0
            for k in range(d):
                dot += v[i][k] * v[j][k]
            for k in range(d):
                v[i][k] = v[i][k] - dot * v[j][k]
        norm = 0.0
        for k in range(d):
            norm += v[i][k] ** 2
        norm = math.sqrt(norm)
        v[i] = [x / norm for x in v[i]]
    return torch.tensor(v, dtype=torch.float64)


class AssocMemory(torch.nn.Module):
    """The associative memory's model (models/assoc.ts): scores x @ W @ U with W (d x d) learned from zero, no bias,
    and fixed orthonormal values U (d x C) drawn from the init stream. Shaped like Classifier (backbone W, head U)."""

    def __init__(self, dim: int, classes: int, rng: Rng):
        super().__init__()
        values = orthonormal_rows(classes, dim, rng).float().t().contiguous()
        self.backbone = AssocW(dim)
        self.head = FixedValues(values)

    def forward(self, x):
        return self.head(self.backbone(x))


class AssocW(torch.nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.kernel = torch.nn.Parameter(torch.zeros(dim, dim))
        self.feature_size = dim

    def forward(self, x):
        return x @ self.kernel


class FixedValues(torch.nn.Module):
    """The values U as a frozen linear head (kernel U, zero bias): cRT's re-draw leaves them."""

    def __init__(self, values):
        super().__init__()
        self.dense = torch.nn.Module()
        self.dense.kernel = torch.nn.Parameter(values, requires_grad=False)
        self.dense.bias = torch.nn.Parameter(torch.zeros(values.shape[1]), requires_grad=False)

    def forward(self, f):
        return f @ self.dense.kernel

    def reinit(self, rng: Rng):
        pass


class Experts(torch.nn.Module):
    """A shared backbone with K expert heads (models/experts.ts), drawn one after the other. With `stages`
    (RIDE, SADE, MDCS, TLC) each expert also owns the backbone's last stage, drawn after the trunk and
    before the heads; `backbone` is then the shared trunk."""

    def __init__(self, backbone, classes, count, head_spec, rng, stages=None):
        super().__init__()
        self.backbone = backbone
        self.stages = torch.nn.ModuleList(stages) if stages else None
        features = stages[0].feature_size if stages else backbone.feature_size
        self.heads = torch.nn.ModuleList([Head(features, classes, head_spec, rng) for _ in range(count)])

    def forward(self, x, routed=False):
        """Each expert's logits, stacked: [K, n, C]; with `routed`, also RIDE's router logits [n, K - 1] on them."""
        f = self.backbone(x)
        if self.stages is not None:
            own = [s(f) for s in self.stages]
            logits = torch.stack([h(g) for g, h in zip(own, self.heads)])
        else:
            own = [f] * len(self.heads)
            logits = torch.stack([h(f) for h in self.heads])
        return (logits, self.router(own, logits)) if routed else logits


class Router(torch.nn.Module):
    """RIDE's expert assignment (methods/rideRouter.ts; the authors' ea_resnet_cifar.py): router i reads expert i's
    own features, L2-normalised, through a hidden ReLU layer, next to the top-k values of the mean logits of experts
    0..i, and a shared layer gives the logit "later experts would help". Drawn after the heads: hidden 0..K-2, out."""

    def __init__(self, features, experts, spec, rng):
        super().__init__()
        self.top = spec["topChoices"]
        self.hidden = torch.nn.ModuleList([Dense(features, spec["hidden"], rng) for _ in range(experts - 1)])
        self.out = Dense(spec["topChoices"] + spec["hidden"], 1, rng)

    def forward(self, features, logits):
        columns = []
        for i, layer in enumerate(self.hidden):
            h = torch.relu(layer(normalise_rows(features[i])))
            top = torch.topk(logits[:i + 1].sum(0) / (i + 1), self.top, dim=1).values
            columns.append(self.out(torch.cat([top, h], 1)))
        return torch.cat(columns, 1)


def router_targets(experts, y):
    """Router i's target: experts 0..i are wrong and some longer prefix 0..j (j > i) is right, [n, K - 1]."""
    correct = (experts.cumsum(0).argmax(2) == y[None, :]).t()
    k = experts.shape[0]
    return torch.stack([(~correct[:, i]) & correct[:, i + 1:].any(1) for i in range(k - 1)], 1).float()


def router_loss(router, experts, y, pos_weight):
    """BCE with logits and pos_weight, averaged per router and then over the K - 1 routers (the authors' loss)."""
    t = router_targets(experts, y)
    w = torch.tensor([pos_weight], device=router.device)
    return sum(F.binary_cross_entropy_with_logits(router[:, i], t[:, i], pos_weight=w)
               for i in range(router.shape[1])) / router.shape[1]


def routed_prediction(experts, router):
    """Expert 0 for all; expert i + 1 for those still going whose router i says sigmoid > 1/2 (logit > 0): the
    mean of the consulted experts' logits, and how many each consulted."""
    going = torch.ones(experts.shape[1], 1, device=experts.device)
    total, count = experts[0], going
    for i in range(1, experts.shape[0]):
        going = going * (router[:, i - 1:i] > 0).float()
        total = total + experts[i] * going
        count = count + going
    return total / count, count[:, 0]


# ---------------------------------------------------------------------------------------------
# The ViT (src/training/models/vit.ts): 4 × 4 patches, CLS (and DeiT's DIST) token, learned
# position embeddings, pre-norm blocks with a GELU (tanh form) MLP of twice the width.
# ---------------------------------------------------------------------------------------------
VIT_GRID = 4
VIT_MLP_RATIO = 2
LAYER_NORM_EPSILON = 1e-6
TOKEN_LIMIT = 0.02 * math.sqrt(3)
GELU_C = math.sqrt(2 / math.pi)


def gelu_tanh(x):
    return (x * 0.5) * (torch.tanh((x + x * x * x * 0.044715) * GELU_C) + 1)


def patch_order(shape, grid):
    h, w, c = shape
    ph, pw = h // grid, w // grid
    return [((gy * ph + i) * w + gx * pw + j) * c + k
            for gy in range(grid) for gx in range(grid) for i in range(ph) for j in range(pw) for k in range(c)]


class LayerNorm(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.gamma = torch.nn.Parameter(torch.ones(width))
        self.beta = torch.nn.Parameter(torch.zeros(width))

    def forward(self, x):
        c = x - x.mean(-1, keepdim=True)
        return c / torch.sqrt((c * c).mean(-1, keepdim=True) + LAYER_NORM_EPSILON) * self.gamma + self.beta


class VitBlock(torch.nn.Module):
    def __init__(self, width, heads, rng):
        super().__init__()
        self.heads = heads
        self.ln1 = LayerNorm(width)
        self.q, self.k, self.v, self.out = (Dense(width, width, rng) for _ in range(4))
        self.ln2 = LayerNorm(width)
        self.fc1 = Dense(width, VIT_MLP_RATIO * width, rng)
        self.fc2 = Dense(VIT_MLP_RATIO * width, width, rng)

    def forward(self, t):
        b, n, width = t.shape
        h, dh = self.heads, width // self.heads
        rows = self.ln1(t).reshape(b * n, width)

        def split(layer):
            return layer(rows).reshape(b, n, h, dh).permute(0, 2, 1, 3).reshape(b * h, n, dh)

        weights = torch.softmax((split(self.q) @ split(self.k).transpose(1, 2)) * (1 / math.sqrt(dh)), -1)
        mixed = (weights @ split(self.v)).reshape(b, h, n, dh).permute(0, 2, 1, 3).reshape(b * n, width)
        t = t + self.out(mixed).reshape(b, n, width)
        hidden = gelu_tanh(self.fc1(self.ln2(t).reshape(b * n, width)))
        return t + self.fc2(hidden).reshape(b, n, width)


class Vit(torch.nn.Module):
    """Draw order as the app's: patch embedding, CLS token, position embeddings (CLS, patches), blocks,
    then (distilled) the DIST token and its position embedding. Features: the final-normed CLS (and DIST) tokens."""

    def __init__(self, shape, width, blocks, heads, tokens, rng):
        super().__init__()
        h, w, c = shape
        self.patches = VIT_GRID * VIT_GRID
        self.patch_size = (h // VIT_GRID) * (w // VIT_GRID) * c
        self.width, self.tokens = width, tokens
        self.embed = Dense(self.patch_size, width, rng)
        self.cls = torch.nn.Parameter(uniform_values(width, TOKEN_LIMIT, rng))
        self.pos = torch.nn.Parameter(uniform_values((1 + self.patches) * width, TOKEN_LIMIT, rng).reshape(1 + self.patches, width))
        self.blocks = torch.nn.ModuleList([VitBlock(width, heads, rng) for _ in range(blocks)])
        self.norm = LayerNorm(width)
        self.dist = torch.nn.Parameter(uniform_values(width, TOKEN_LIMIT, rng)) if tokens == 2 else None
        self.dist_pos = torch.nn.Parameter(uniform_values(width, TOKEN_LIMIT, rng)) if tokens == 2 else None
        self.register_buffer("order", torch.tensor(patch_order(shape, VIT_GRID), dtype=torch.long), persistent=False)
        self.feature_size = tokens * width

    def forward(self, x):
        b = x.shape[0]
        pixels = x[:, self.order].reshape(b * self.patches, self.patch_size)
        patches = self.embed(pixels).reshape(b, self.patches, self.width)
        parts = [(self.cls + self.pos[0]).expand(b, 1, self.width)]
        if self.dist is not None:
            parts.append((self.dist + self.dist_pos).expand(b, 1, self.width))
        t = torch.cat(parts + [patches + self.pos[1:]], 1)
        for block in self.blocks:
            t = block(t)
        return self.norm(t[:, :self.tokens]).reshape(b, self.tokens * self.width)


class TokenStage(torch.nn.Module):
    """DeiT's heads per token: expert k reads token k's features (no weights)."""

    def __init__(self, k, width):
        super().__init__()
        self.k, self.feature_size = k, width

    def forward(self, f):
        return f[:, self.k * self.feature_size:(self.k + 1) * self.feature_size]


def build_vit(model_cfg, input_shape, rng, tokens=1):
    return Vit(input_shape, model_cfg["vitWidth"], model_cfg["vitBlocks"], model_cfg["vitHeads"], tokens, rng)


# ---------------------------------------------------------------------------------------------
# Losses (src/training/methods/losses.ts)
# ---------------------------------------------------------------------------------------------
def ce_per_example(z, y):
    return -F.log_softmax(z, 1).gather(1, y[:, None])[:, 0]


def cross_entropy(z, y):
    return ce_per_example(z, y).mean()


def weighted_cross_entropy(z, y, class_weights):
    w = torch.tensor(class_weights, dtype=torch.float32, device=z.device)[y]
    return (w * ce_per_example(z, y)).sum() / w.sum()


def shift(z, values):
    return z + torch.tensor(values, dtype=torch.float32, device=z.device)


def focal_loss(z, y, gamma, class_weights=None):
    """mean((1 − e^{−ℓ})^γ·ℓ), ℓ = α_y·CE (α: class-balanced focal's weights; none: ℓ = CE, e^{−ℓ} = p_y)."""
    ce = ce_per_example(z, y)
    if class_weights is not None:
        ce = torch.tensor(class_weights, dtype=torch.float32, device=z.device)[y] * ce
    modulator = torch.clamp(1 - torch.exp(-ce), min=1e-12) ** gamma
    return (modulator * ce).mean()


def label_aware_smoothing_loss(z, y, epsilons):
    eps = torch.tensor(epsilons, dtype=torch.float32, device=z.device)[y]
    smooth = -F.log_softmax(z, 1).mean(1)
    return ((1 - eps) * ce_per_example(z, y) + eps * smooth).mean()


def ldam_loss(z, y, margins, scale, class_weights):
    m = torch.tensor(margins, dtype=torch.float32, device=z.device)[y] * scale
    shifted = z - F.one_hot(y, z.shape[1]).float() * m[:, None]
    return weighted_cross_entropy(shifted, y, class_weights)


def mixed_cross_entropy(z, y, mix):
    w = mix["weight_a"]
    return (w * ce_per_example(z, y) + (1 - w) * ce_per_example(z, mix["labels_b"])).mean()


def mixed_weighted_cross_entropy(z, y, mix, class_weights):
    """Σ_i [w_i ω_{y_a} CE_a + (1 − w_i) ω_{y_b} CE_b] / Σ_i [w_i ω_{y_a} + (1 − w_i) ω_{y_b}] (Remix-DRW)."""
    omega = torch.tensor(class_weights, dtype=torch.float32, device=z.device)
    a = mix["weight_a"] * omega[y]
    b = (1 - mix["weight_a"]) * omega[mix["labels_b"]]
    return (a * ce_per_example(z, y) + b * ce_per_example(z, mix["labels_b"])).sum() / (a + b).sum()


# ---------------------------------------------------------------------------------------------
# Augmented views (src/training/methods/views.ts)
# ---------------------------------------------------------------------------------------------
def shift_indices(n, shape, shift_px, cutout, rng):
    h, w, c = shape
    d = h * w * c
    zero = n * d
    idx = [0] * (n * d)
    for b in range(n):
        dy = rng.int(2 * shift_px + 1) - shift_px
        dx = rng.int(2 * shift_px + 1) - shift_px
        cy = rng.int(h) if cutout > 0 else -h
        cx = rng.int(w) if cutout > 0 else -w
        half = cutout / 2
        for i in range(h):
            for j in range(w):
                si, sj = i - dy, j - dx
                cut = abs(i - cy) < half and abs(j - cx) < half
                inside = 0 <= si < h and 0 <= sj < w and not cut
                for k in range(c):
                    idx[b * d + (i * w + j) * c + k] = b * d + (si * w + sj) * c + k if inside else zero
    return torch.tensor(idx, dtype=torch.long)


def augment_view(x, input_shape, spec, rng):
    n, d = x.shape[0], x[0].numel()
    if len(input_shape) < 3:  # 2-D points (and full-size benchmarks' normalised images): Gaussian jitter
        return x + rng.normals(n * d, spec["jitter"]).reshape(x.shape).to(x.device) if spec["jitter"] > 0 else x
    view = x
    if spec["shift"] > 0 or spec["cutout"] > 0:
        flat = torch.cat([x.reshape(-1), torch.zeros(1, device=x.device)])
        view = flat[shift_indices(n, input_shape, spec["shift"], spec["cutout"], rng).to(x.device)].reshape(n, d)
    if spec["noise"] > 0:
        view = torch.clamp(view + rng.normals(n * d, spec["noise"]).reshape(n, d).to(x.device), 0, 1)
    return view


# ---------------------------------------------------------------------------------------------
# Methods: one unit per registry id (src/training/methods/registry.ts). The app's test
# (pytorchSteps.test.ts) fails when an id of the registry has no unit here, or a unit's first
# 20 training losses differ from the app's by more than 1e-3 relative.
# ---------------------------------------------------------------------------------------------
class Method:
    """What a method changes; anything left as None is plain training (methods/types.ts MethodRuntime)."""

    def __init__(self, loss, head=None, sampling=None, mix=None, augment=None, second_stage=None,
                 prediction_head=None, experts=None, posthoc=None, contrastive=None, feature_module=None):
        self.loss = loss  # loss(logits, labels, progress, mix=None, experts=None) -> scalar
        self.head = head or {"kind": "linear"}
        self.sampling = sampling  # sampling(progress, stage) -> class weights or None
        self.mix = mix  # mix(x, labels) -> (x_mixed, mix dict)
        self.augment = augment  # augment(x) -> stacked views
        self.second_stage = second_stage  # {"start": fraction, "trains": "head" | "logit-scales" | "head-and-scales"}
        self.prediction_head = prediction_head  # prediction_head(kernel, bias, posthoc) -> (kernel, bias)
        self.experts = experts  # {"count", "labels", "aggregation", "ownStage"}
        self.posthoc = posthoc  # the live knob's parameter key
        # {"projectionSize", "wants"(epoch, epochs), "update"(embedding, labels, epoch)}: stage 1 trains the
        # backbone and a projection head on loss(..., embedding=, indices=, stage=) (SBCL; methods/types.ts ContrastiveSpec)
        self.contrastive = contrastive
        self.feature_module = feature_module  # {"heads", "dropout", "learningRateScale"}: BatchFormer's training-only module


def plain_ce(z, y, progress, mix=None, experts=None):
    return cross_entropy(z, y)


def mixed_or_plain(z, y, progress, mix=None, experts=None):
    return mixed_cross_entropy(z, y, mix) if mix else cross_entropy(z, y)


def ce(ctx):
    return Method(plain_ce)


def resampling(ctx):
    probs = sampling_probabilities(ctx["counts"], ctx["p"]["q"])
    return Method(plain_ce, sampling=lambda progress, stage: probs)


def progressive_resampling(ctx):
    return Method(plain_ce, sampling=lambda progress, stage: progressive_probabilities(ctx["counts"], progress))


def weighted(weights):
    return Method(lambda z, y, progress, mix=None, experts=None: weighted_cross_entropy(z, y, weights))


def reweight_inverse(ctx):
    return weighted(inverse_frequency_weights(ctx["counts"]))


def reweight_sqrt(ctx):
    return weighted(sqrt_inverse_weights(ctx["counts"]))


def reweight_cb(ctx):
    return weighted(class_balanced_weights(ctx["counts"], ctx["p"]["beta"]))


def focal(ctx):
    gamma, beta = ctx["p"]["gamma"], ctx["p"].get("beta", 0)
    weights = class_balanced_weights(ctx["counts"], beta) if beta > 0 else None
    return Method(lambda z, y, progress, mix=None, experts=None: focal_loss(z, y, gamma, weights))


LDAM_SCALE = 30


def ldam_drw(ctx):
    margins, weights = ldam_drw_schedule(ctx["counts"], ctx["p"]["drwStart"])
    return Method(lambda z, y, progress, mix=None, experts=None: ldam_loss(z, y, margins, LDAM_SCALE, weights(progress)),
                  head={"kind": "cosine", "scale": LDAM_SCALE})


def shifted_ce(values):
    return Method(lambda z, y, progress, mix=None, experts=None: cross_entropy(shift(z, values), y))


def balanced_softmax(ctx):
    return shifted_ce([math.log(n) for n in ctx["counts"]])


def logit_adjustment(ctx):
    return shifted_ce([ctx["p"]["tau"] * lp for lp in log_prior(ctx["counts"])])


def la_posthoc(ctx):
    prior = torch.tensor(log_prior(ctx["counts"]), dtype=torch.float32)
    return Method(plain_ce, posthoc="tau",
                  prediction_head=lambda k, b, tau: (k, b - prior.to(b.device) * tau))


def balanced_in_stage2(classes):
    """Stage 2 of cRT, LWS and MiSLAS samples every class equally often (Kang et al.)."""
    return lambda progress, stage: [1.0] * classes if stage == 2 else None


def label_aware_smoothing(ctx):
    """MiSLAS (methods/labelAwareSmoothing.ts): stage 1 mixup (α) on instance-balanced epochs; stage 2 keeps
    the head and trains it with per-class logit scales, class-balanced, label-aware smoothing, no mixup."""
    p, rng = ctx["p"], ctx["rng"]
    eps = label_aware_epsilons(ctx["counts"], p["epsHead"], p["epsTail"])

    def mix(x, y):
        lam, partner = draw_mix(rng, p["alpha"], len(y))
        return mix_inputs(x, y, lam, partner, [lam] * len(y))

    def loss(z, y, progress, mix=None, experts=None):
        return mixed_cross_entropy(z, y, mix) if mix else label_aware_smoothing_loss(z, y, eps)

    return Method(loss, mix=mix, sampling=balanced_in_stage2(len(ctx["counts"])),
                  second_stage={"start": p["stage2Start"], "trains": "head-and-scales"})


def crt(ctx):
    return Method(plain_ce, sampling=balanced_in_stage2(len(ctx["counts"])),
                  second_stage={"start": ctx["p"]["stage2Start"], "trains": "head"})


def tau_norm(ctx):
    # Kang et al.'s τ-norm predicts without the classifier's bias, at every τ.
    return Method(plain_ce, posthoc="tau",
                  prediction_head=lambda k, b, tau: (k / column_norms(k) ** tau, torch.zeros_like(b)))


def lws(ctx):
    return Method(plain_ce, sampling=balanced_in_stage2(len(ctx["counts"])),
                  second_stage={"start": ctx["p"]["stage2Start"], "trains": "logit-scales"})


def draw_mix(rng, alpha, size):
    lam = rng.beta(alpha, alpha)
    return lam, rng.shuffle(list(range(size)))


def mix_inputs(x, y, lam, partner, weight_a):
    p = torch.tensor(partner, dtype=torch.long, device=x.device)
    mixed = x * lam + x[p] * (1 - lam)
    return mixed, {"labels_b": y[p], "weight_a": torch.tensor(weight_a, dtype=torch.float32, device=x.device), "lambda": lam}


def mixup(ctx):
    alpha, rng = ctx["p"]["alpha"], ctx["rng"]

    def mix(x, y):
        lam, partner = draw_mix(rng, alpha, len(y))
        return mix_inputs(x, y, lam, partner, [lam] * len(y))

    return Method(mixed_or_plain, mix=mix)


def remix(ctx):
    """Remix-DRW (methods/remix.ts): Remix's label rule, the mixed CE weighted by DRW's class weights after drwStart."""
    p, rng, counts = ctx["p"], ctx["rng"], ctx["counts"]
    weights = ldam_drw_schedule(counts, p.get("drwStart", 1))[1]

    def mix(x, y):
        labels = y.tolist()
        lam, partner = draw_mix(rng, p["alpha"], len(labels))
        w = [remix_weight_a(counts[ya], counts[labels[partner[i]]], lam, p["kappa"], p["tau"]) for i, ya in enumerate(labels)]
        return mix_inputs(x, y, lam, partner, w)

    def loss(z, y, progress, mix=None, experts=None):
        omega = weights(progress)
        return mixed_weighted_cross_entropy(z, y, mix, omega) if mix else weighted_cross_entropy(z, y, omega)

    return Method(loss, mix=mix)


def expert_count(value):
    return min(4, max(2, js_round(value)))


def numbered(count):
    return [f"expert {k + 1}" for k in range(count)]


def ride_temperatures(counts, temperature, reweight_factor=0.05):
    """RIDE's per-class diversity temperature after DRW: T·w_j, w_j ∝ C·π_j·0.05 + 0.95, max w_j = 1 (methods/ride.ts)."""
    total, c = sum(counts), len(counts)
    w = [c * (n / total) * reweight_factor + 1 - reweight_factor for n in counts]
    largest = max(w)
    return [temperature * v / largest for v in w]


def diversity_kl(experts, temperature):
    """T̄²·KL(p̄_i ‖ p_{k,i}) per expert and sample [K, n]: p_k = softmax(z_k / T), p̄ = softmax(mean_k z_k / T)
    held constant; T one number or one per class, T̄ its mean (methods/ride.ts rideDiversity)."""
    if isinstance(temperature, list):
        t = torch.tensor(temperature, dtype=torch.float32, device=experts.device)
        t_mean = sum(temperature) / len(temperature)
    else:
        t, t_mean = temperature, temperature
    log_mean = F.log_softmax(experts.sum(0) / experts.shape[0] / t, 1).detach()
    log_p = F.log_softmax(experts / t, 2)
    return (log_mean.exp() * (log_mean - log_p)).sum(2) * (t_mean * t_mean)


def ride(ctx):
    """Σ_k LDAM-DRW(z_k) − λ·Σ_k T̄²·KL(p̄ ‖ p_k), p̄ of the mean logits held constant, per-class T after DRW;
    cosine experts that own the last stage (methods/ride.ts)."""
    p = ctx["p"]
    count = expert_count(p["experts"])
    margins, weights = ldam_drw_schedule(ctx["counts"], p["drwStart"])
    lam, temp = p["lambda"], p["temperature"]
    per_class = ride_temperatures(ctx["counts"], temp)

    router = {"hidden": 16, "topChoices": router_top_choices(len(ctx["counts"])), "posWeight": 100} \
        if p.get("router", 0) == 1 else None

    def loss(z, y, progress, mix=None, experts=None, router_logits=None):
        if router_logits is not None:  # the router's stage
            return router_loss(router_logits, experts, y, router["posWeight"])
        k, n, c = experts.shape
        ldam = ldam_loss(experts.reshape(k * n, c), y.repeat(k), margins, LDAM_SCALE, weights(progress)) * k
        kl = diversity_kl(experts, per_class if progress >= p["drwStart"] else temp).mean(1)
        return ldam - kl.sum() * lam

    spec = {"count": count, "labels": numbered(count), "aggregation": {"kind": "mean"}, "ownStage": True}
    if router is None:
        return Method(loss, head={"kind": "cosine", "scale": LDAM_SCALE}, experts=spec)
    return Method(loss, head={"kind": "cosine", "scale": LDAM_SCALE}, experts={**spec, "router": router},
                  sampling=balanced_in_stage2(len(ctx["counts"])), second_stage=ROUTER_STAGE)


def router_top_choices(classes):
    """The authors' top_choices_num (30 of CIFAR-100's 100 logits) as 30 % of C, at least 2 (methods/rideRouter.ts)."""
    return min(classes, max(2, js_round(0.3 * classes)))


# RIDE-EA's router stage (the authors' config_*_ride_ea.json): 5 epochs after training, SGD 0.01, Nesterov 0.9,
# weight decay 5e-4, cosine to 0 per epoch; the router alone.
ROUTER_STAGE = {"start": 1, "trains": "router", "addedEpochs": 5, "cosine": True,
                "optimizer": {"kind": "sgd", "learningRate": 0.01, "momentum": 0.9, "nesterov": True, "weightDecay": 5e-4}}


def expert_shifts_ce(experts, y, shifts, label_times):
    k, n, c = experts.shape
    rows = (experts + torch.tensor(shifts, dtype=torch.float32, device=experts.device)[:, None, :]).reshape(k * n, c)
    return rows, cross_entropy(rows, y.repeat(label_times)) * k


def sade(ctx):
    """Three skill-diverse experts: Σ_k CE(z_k + shift_k) (methods/sade.ts); test-time aggregation after training."""
    p, counts = ctx["p"], ctx["counts"]
    log_pi = log_prior(counts)
    total = sum(counts)
    # The authors' inverse_prior: the class with the r-th smallest prior gets the r-th largest (stable in class order).
    ascending = sorted(range(len(counts)), key=lambda j: (counts[j], j))
    backward = [0.0] * len(counts)
    for rank, j in enumerate(ascending):
        backward[j] = counts[ascending[len(counts) - 1 - rank]] / total
    log_backward = [math.log(b) for b in backward]
    shifts = [[0.0] * len(counts), log_pi, [lp - p["lambda"] * lb for lp, lb in zip(log_pi, log_backward)]]

    def loss(z, y, progress, mix=None, experts=None):
        return expert_shifts_ce(experts, y, shifts, experts.shape[0])[1]

    tta = {"epochs": max(0, js_round(p["ttaEpochs"])), "learningRate": p["ttaLearningRate"], "momentum": 0.9,
           "weightDecay": 5e-4, "batchSize": 128, "minWeight": 0.05}
    return Method(loss, head={"kind": "cosine", "scale": 30},
                  experts={"count": 3, "labels": ["head (forward)", "balanced", "tail (backward)"],
                           "aggregation": {"kind": "weighted", "testTime": tta}, "ownStage": True})


def mdcs(ctx):
    """Experts with logit shifts λ_k·log n, CE on weak and strong views + confident self-distillation (methods/mdcs.ts)."""
    p, counts, rng, shape = ctx["p"], ctx["counts"], ctx["rng"], ctx["input_shape"]
    shifts = [[lam * math.log(n) for n in counts] for lam in (p["lambdaHead"], p["lambdaMedium"], p["lambdaTail"])]
    side = shape[0] if len(shape) == 3 else 0
    weak = {"jitter": 0.03, "shift": 1, "noise": 0, "cutout": 0}
    strong = {"jitter": 0.1, "shift": 2, "noise": 0.1, "cutout": max(1, js_round(side / 4))}

    def augment(x):
        return torch.cat([augment_view(x, shape, weak, rng), augment_view(x, shape, strong, rng)])

    def loss(z, y, progress, mix=None, experts=None):
        k, n2, c = experts.shape
        n = n2 // 2
        rows, total = expert_shifts_ce(experts, y, shifts, 2 * k)
        weight = p["distill"] * min(progress / p["warmup"], 1)
        if weight == 0:
            return total
        views = rows.reshape(k, n2, c)
        teacher, student = views[:, :n].reshape(k * n, c), views[:, n:].reshape(k * n, c)
        with torch.no_grad():
            target = teacher.gather(1, y.repeat(k)[:, None])[:, 0]
            mask = (target >= teacher.max(1).values).float().reshape(k, n)
        log_t = F.log_softmax(teacher, 1).detach()
        kl = (log_t.exp() * (log_t - F.log_softmax(student, 1))).sum(1).reshape(k, n)
        distill = ((mask * kl).sum(1) / mask.sum(1).clamp(min=1)).sum()
        return total + distill * weight

    # Cosine experts (s = 30) that own the last stage, as the authors' expert_resnet_cifar.py.
    return Method(loss, augment=augment, head={"kind": "cosine", "scale": 30},
                  experts={"count": 3, "labels": ["head", "medium", "tail"], "aggregation": {"kind": "mean"}, "ownStage": True})


# ---------------------------------------------------------------------------------------------
# SBCL (methods/sbcl.ts, methods/subclasses.ts, methods/contrastive.ts): cosine k-means subclasses,
# class-adaptive temperatures, the supervised-contrastive warm-up and the bi-granularity loss.
# ---------------------------------------------------------------------------------------------
KMEANS_TOL = 1e-3
KMEANS_ITERATIONS = 35
MIN_SUBCLASS_SIZE = 10
SBCL_PROJECTION = 32
SBCL_BASE_TEMPERATURE = 0.07


def subclasses_per_class(counts):
    floor = max(min(counts), MIN_SUBCLASS_SIZE)
    return [max(1, n // floor) for n in counts]


def cosine_kmeans(x, k, rng):
    """The authors' kmeans_gpu (cosine) with the app's draws: k distinct start rows by a partial Fisher–Yates
    shuffle, first centre of least 1 − cos, empty clusters re-seeded from a random row; float64 as the app."""
    n = x.shape[0]
    if k <= 1 or n == 0:
        return torch.zeros(n, dtype=torch.long)
    order = list(range(n))
    for i in range(k):
        j = i + rng.int(n - i)
        order[i], order[j] = order[j], order[i]
    centres = x[order[:k]].clone()
    norms = x.norm(dim=1)
    iteration = 0
    while True:
        iteration += 1
        denominator = norms[:, None] * centres.norm(dim=1)[None, :]
        cos = torch.where(denominator > 0, (x @ centres.T) / torch.where(denominator > 0, denominator, torch.ones_like(denominator)),
                          torch.zeros_like(denominator))
        assignment = torch.argmin(1 - cos, dim=1)
        new = torch.zeros_like(centres)
        shift = 0.0
        for c in range(k):
            rows = assignment == c
            new[c] = x[rows].mean(0) if bool(rows.any()) else x[rng.int(n)]
            shift += math.sqrt(float(((new[c] - centres[c]) ** 2).sum()))
        centres = new
        if shift ** 2 < KMEANS_TOL or iteration >= KMEANS_ITERATIONS:
            return assignment


def numpy_percentile(values, p):
    v = sorted(values)
    position = p / 100 * (len(v) - 1)
    lo = math.floor(position)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (position - lo)


def class_temperatures(x, rows_by_class, per_class, temperature):
    """Each class's spread (mean distance to its centre, pairwise_distance's ε, over log(n_c + 10)), clipped to the
    20th–80th percentile, scaled to mean τ; τ for a class of one subclass (authors' `cluster`, train_rule 'Rank')."""
    spread = []
    for rows in rows_by_class:
        e = x[rows]
        centre = e.mean(0)
        spread.append(float((e - centre + 1e-6).norm(dim=1).mean()) / math.log(len(rows) + 10))
    lo, hi = numpy_percentile(spread, 20), numpy_percentile(spread, 80)
    clipped = [min(hi, max(lo, s)) for s in spread]
    mean = sum(clipped) / len(clipped)
    return [temperature if per_class[c] == 1 or not mean > 0 else temperature * s / mean for c, s in enumerate(clipped)]


def cluster_subclasses(embedding, labels, per_class, temperature, rng):
    x = embedding.double().cpu()
    labels = labels.cpu()
    rows_by_class = [torch.nonzero(labels == c)[:, 0] for c in range(len(per_class))]
    global_ids = torch.zeros(len(labels), dtype=torch.long)
    offset = 0
    for c, rows in enumerate(rows_by_class):
        clusters = cosine_kmeans(x[rows], per_class[c], rng) if per_class[c] > 1 else torch.zeros(len(rows), dtype=torch.long)
        global_ids[rows] = offset + clusters
        offset += per_class[c]
    return {"global": global_ids, "temperatures": class_temperatures(x, rows_by_class, per_class, temperature)}


def scaled_scores(similarity, temperature):
    logits = similarity / temperature
    return logits - logits.max(1, keepdim=True).values


def mean_log_positive(scores, positives, denominator):
    log_prob = scores - torch.log((scores.exp() * denominator).sum(1, keepdim=True))
    return (positives * log_prob).sum(1) / positives.sum(1)


def same_group(groups):
    return (groups[:, None] == groups[None, :]).float()


def sup_con_loss(embedding, groups, temperature, base_temperature):
    m = embedding.shape[0]
    not_self = 1 - torch.eye(m, device=embedding.device)
    scores = scaled_scores(embedding @ embedding.T, temperature)
    return mean_log_positive(scores, same_group(groups) * not_self, not_self).mean() * (-temperature / base_temperature)


def sbcl_loss(embedding, labels, subclasses, anchor_temperatures, temperature, base_temperature, beta):
    """The authors' SupConLoss_rank: subclass term at τ scaled by τ/τ_b, minus β × the class term at the anchor's class
    temperature whose positives are other subclasses of its class and its other view, its denominator leaving out its subclass."""
    m = embedding.shape[0]
    n = m // 2
    dev = embedding.device
    not_self = 1 - torch.eye(m, device=dev)
    other_view = torch.zeros(m, m, device=dev)
    other_view[torch.arange(m, device=dev), (torch.arange(m, device=dev) + n) % m] = 1
    similarity = embedding @ embedding.T
    same_sub = same_group(subclasses)
    sub_term = mean_log_positive(scaled_scores(similarity, temperature), same_sub * not_self, not_self)
    other_sub = 1 - same_sub
    class_scores = scaled_scores(similarity, anchor_temperatures[:, None])
    class_term = mean_log_positive(class_scores, other_sub * same_group(labels) + other_view, other_sub + other_view)
    return (sub_term * (-temperature / base_temperature) + class_term * (-beta)).mean()


def sbcl(ctx):
    """SBCL: supervised-contrastive warm-up, then subclass-balancing contrastive learning on k-means subclasses,
    then a fresh linear classifier with class-balanced sampling (cRT's stage 2)."""
    p, counts, rng, shape = ctx["p"], ctx["counts"], ctx["rng"], ctx["input_shape"]
    per_class = subclasses_per_class(counts)
    tau, beta = p["temperature"], p["beta"]
    side = shape[0] if len(shape) == 3 else 0
    view = {"jitter": 0.1, "shift": 2, "noise": 0.1, "cutout": max(1, js_round(side / 4))}  # MDCS's strong view
    state = {"current": None}

    def epochs_of(fraction, epochs):
        return max(1, js_round(fraction * epochs))

    def wants(epoch, epochs):
        start = epochs_of(p["warmup"], epochs)
        return epoch >= start and (epoch - start) % epochs_of(p["recluster"], epochs) == 0

    def update(embedding, labels, epoch):
        state["current"] = cluster_subclasses(embedding, labels, per_class, tau, rng)

    def augment(x):
        return torch.cat([augment_view(x, shape, view, rng), augment_view(x, shape, view, rng)])

    def loss(z, y, progress, mix=None, experts=None, embedding=None, indices=None, stage=1):
        if stage == 2 or embedding is None:
            return cross_entropy(z, y)
        both = y.repeat(2)
        current = state["current"]
        if current is None:
            return sup_con_loss(embedding, both, tau, tau)
        subclasses = current["global"].to(y.device)[indices].repeat(2)
        temperatures = torch.tensor(current["temperatures"], dtype=torch.float32, device=y.device)[both]
        return sbcl_loss(embedding, both, subclasses, temperatures, tau, SBCL_BASE_TEMPERATURE, beta)

    return Method(loss, augment=augment, sampling=balanced_in_stage2(len(counts)),
                  second_stage={"start": p["stage2Start"], "trains": "head"},
                  contrastive={"projectionSize": SBCL_PROJECTION, "wants": wants, "update": update})


EVIDENCE_LOGIT_CLAMP = 30
TLC_KL_LOGIT_CLAMP = 10


def opinion_of(z):
    e = torch.exp(torch.clamp(z, max=EVIDENCE_LOGIT_CLAMP))
    strength = e.sum(1, keepdim=True) + z.shape[1]
    return e / strength, (z.shape[1] / strength)[:, 0]


def dempster(a, b):
    (ba, ua), (bb, ub) = a, b
    agree = (ba * bb).sum(1)
    scale = (1 - (ba.sum(1) * bb.sum(1) - agree))[:, None]
    belief = (ba * bb + ba * ub[:, None] + bb * ua[:, None]) / scale
    return belief, ((ua * ub)[:, None] / scale)[:, 0]


def combine_with_engagement(logits, threshold):
    """TLC's dynamic engagement: a sample still uncertain (u ≥ threshold) consults the next expert."""
    belief, unc = opinion_of(logits[0])
    masks = [torch.ones_like(unc)]
    for z in logits[1:]:
        engaged = (unc >= threshold).float() * masks[-1]
        cb, cu = dempster((belief, unc), opinion_of(z))
        belief = engaged[:, None] * cb + (1 - engaged[:, None]) * belief
        unc = engaged * cu + (1 - engaged) * unc
        masks.append(engaged)
    return belief, unc, masks


def dirichlet_kl_to_uniform(alpha):
    c = alpha.shape[1]
    s = alpha.sum(1, keepdim=True)
    log_norm = torch.lgamma(s) - math.lgamma(c) - torch.lgamma(alpha).sum(1, keepdim=True)
    return (log_norm + ((alpha - 1) * (torch.digamma(alpha) - torch.digamma(s))).sum(1, keepdim=True))[:, 0]


def engagement_weights(experts):
    """TLC's training engagement (authors' ResnetCifar.py forward): w_1 = 1, w_{k+1} = w_k·u_k / (1 − C_k), u_k of
    expert k's opinion, C_k the conflict between the beliefs of experts k−1 and k (0 for k = 1)."""
    opinions = [opinion_of(z) for z in experts]
    w = [torch.ones(experts.shape[1], device=experts.device)]
    for k in range(len(opinions) - 1):
        belief, unc = opinions[k]
        if k == 0:
            conflict = torch.zeros_like(unc)
        else:
            previous = opinions[k - 1][0]
            conflict = previous.sum(1) * belief.sum(1) - (previous * belief).sum(1)
        w.append(w[k] * unc / (1 - conflict))
    return w


TLC_DIVERSITY = 0.01


def tlc(ctx):
    """TLC as the authors' TLCLoss (methods/tlc.ts): per expert k and sample i, l = ω_y·NLL + κ_t·KL(Dir(α̃) ‖ Dir(1))
    − 0.01·T̄²·KL(p̄ ‖ p_k), averaged over the samples whose chained weight w_k / max w_k > τ, summed over experts."""
    p = ctx["p"]
    count = expert_count(p["experts"])
    margins, weights = ldam_drw_schedule(ctx["counts"], p["drwStart"])
    threshold, kl_weight, tau = p["threshold"], p["klWeight"], p["tau"]
    per_class = ride_temperatures(ctx["counts"], 1)

    def loss(z, y, progress, mix=None, experts=None):
        k, n, c = experts.shape
        with torch.no_grad():
            engaged = torch.stack([(w / w.max() > tau).float() for w in engagement_weights(experts)])
        labels = y.repeat(k)
        rows = experts.reshape(k * n, c)
        onehot = F.one_hot(labels, c).float()
        m = torch.tensor(margins, dtype=torch.float32, device=z.device)[labels] * LDAM_SCALE
        nll = -(onehot * F.log_softmax(rows - onehot * m[:, None], 1)).sum(1)
        alpha = onehot + (1 - onehot) * (torch.exp(torch.clamp(rows, max=TLC_KL_LOGIT_CLAMP)) + 1)
        kl = dirichlet_kl_to_uniform(alpha)
        omega = torch.tensor(weights(progress), dtype=torch.float32, device=z.device)[labels]
        per_sample = omega * nll + kl * (kl_weight * progress)
        diversity = diversity_kl(experts, per_class if progress >= p["drwStart"] else 1).reshape(-1)
        l = (per_sample - diversity * TLC_DIVERSITY).reshape(k, n)
        return ((engaged * l).sum(1) / engaged.sum(1).clamp(min=1)).sum()

    return Method(loss, head={"kind": "cosine", "scale": LDAM_SCALE},
                  experts={"count": count, "labels": numbered(count), "ownStage": True, "stageWidth": 1, "sharesStemOnly": True,
                           "aggregation": {"kind": "evidential", "threshold": threshold}})


# ---------------------------------------------------------------------------------------------
# BatchFormer (methods/batchFormer.ts, models/batchTransformer.ts, featureModule.ts)
# ---------------------------------------------------------------------------------------------
def heads_for(width, max_heads):
    """The largest head count up to max_heads that divides the feature width."""
    return next((h for h in range(int(max_heads), 1, -1) if width % h == 0), 1)


class BatchTransformer(torch.nn.Module):
    """PyTorch's post-norm TransformerEncoderLayer(d, heads, d, dropout) over the batch as one sequence,
    written out so that its dropout masks are the app's draws; initialised as PyTorch does, from the init stream."""

    def __init__(self, width, heads, rng):
        super().__init__()
        d = self.width = self.ffn = width
        self.heads = heads
        self.in_proj = torch.nn.Parameter(uniform_values(3 * d * d, math.sqrt(6 / (4 * d)), rng).reshape(3 * d, d))
        self.in_bias = torch.nn.Parameter(torch.zeros(3 * d))
        self.out_proj = torch.nn.Parameter(uniform_values(d * d, 1 / math.sqrt(d), rng).reshape(d, d))
        self.out_bias = torch.nn.Parameter(torch.zeros(d))
        self.w1 = torch.nn.Parameter(uniform_values(d * d, 1 / math.sqrt(d), rng).reshape(d, d))
        self.b1 = torch.nn.Parameter(uniform_values(d, 1 / math.sqrt(d), rng))
        self.w2 = torch.nn.Parameter(uniform_values(d * d, 1 / math.sqrt(d), rng).reshape(d, d))
        self.b2 = torch.nn.Parameter(uniform_values(d, 1 / math.sqrt(d), rng))
        self.norm1 = torch.nn.LayerNorm(d, eps=1e-5)
        self.norm2 = torch.nn.LayerNorm(d, eps=1e-5)

    def masks(self, n, p, rng, device):
        """Dropout masks in the app's order (attention [heads, n, n], attention branch, hidden, feed-forward branch):
        kept (× 1/(1 − p)) where the draw is ≥ p. Full-size benchmarks (FAST_NOISE) draw with torch from a seed of the stream."""
        keep = 1 / (1 - p)
        sizes = [(self.heads, n, n), (n, self.width), (n, self.ffn), (n, self.width)]
        if FAST_NOISE[0]:
            g = torch.Generator().manual_seed(rng.next_uint32())
            return [((torch.rand(size, generator=g) >= p).float() * keep).to(device) for size in sizes]
        return [torch.tensor([keep if rng.next() >= p else 0.0 for _ in range(math.prod(size))],
                             dtype=torch.float32).reshape(size).to(device) for size in sizes]

    def forward(self, x, masks=None):
        n, d, h = x.shape[0], self.width, self.heads
        dh = d // h
        a_mask, r1, hid, r2 = masks if masks else (None,) * 4
        q, k, v = (x @ self.in_proj.t() + self.in_bias).split(d, 1)
        heads = lambda t: t.reshape(n, h, dh).transpose(0, 1)  # noqa: E731
        weights = torch.softmax(heads(q * (1 / math.sqrt(dh))) @ heads(k).transpose(1, 2), -1)
        attended = (weights * a_mask if a_mask is not None else weights) @ heads(v)
        sa = attended.transpose(0, 1).reshape(n, d) @ self.out_proj.t() + self.out_bias
        x = self.norm1(x + (sa * r1 if r1 is not None else sa))
        hidden = torch.relu(x @ self.w1.t() + self.b1)
        ff = (hidden * hid if hid is not None else hidden) @ self.w2.t() + self.b2
        return self.norm2(x + (ff * r2 if r2 is not None else ff))


class BatchFormerClassifier(torch.nn.Module):
    """The classifier with BatchFormer's module: in training (forward(x, True)) the logits of the module's
    features, then of the plain ones; for prediction (and .backbone / .head) the plain classifier."""

    def __init__(self, classifier, module, dropout, rng):
        super().__init__()
        self.backbone, self.head, self.batch_former = classifier.backbone, classifier.head, module
        self.dropout, self.rng = dropout, rng

    def forward(self, x, train=False):
        f = self.backbone(x)
        if not train:
            return self.head(f)
        masks = self.batch_former.masks(f.shape[0], self.dropout, self.rng, f.device) if self.dropout > 0 else None
        return self.head(torch.cat([self.batch_former(f, masks), f]))


def batchformer(ctx):
    """One transformer layer across the batch in training only, with cross-entropy or balanced softmax on [BatchFormer; plain] features."""
    method = balanced_softmax(ctx) if ctx["p"]["baseLoss"] == 1 else ce(ctx)
    method.feature_module = {"heads": 4, "dropout": 0.5, "learningRateScale": 0.1}
    return method


def deit_lt(ctx):
    """DeiT-LT (methods/deitLt.ts): ½ CE of the CLS head on strongly augmented, mixed inputs + ½ CE of the DIST
    head against the CNN teacher's argmax on the same inputs, class-balanced (DRW) after drwStart, when mixing stops."""
    p, counts, rng, shape = ctx["p"], ctx["counts"], ctx["rng"], ctx["input_shape"]
    strong = {"jitter": 0.1, "shift": max(1, js_round(shape[0] / 14)), "noise": 0.05, "cutout": 0}
    balanced = class_balanced_weights(counts, 0.9999)
    plain = [1.0] * len(counts)

    def mix(x, y, progress):
        view = augment_view(x, shape, strong, rng)
        if progress >= p["drwStart"]:
            return mix_inputs(view, y, 1, list(range(len(y))), [1.0] * len(y))
        lam, partner = draw_mix(rng, p["alpha"], len(y))
        return mix_inputs(view, y, lam, partner, [lam] * len(y))

    def loss(z, y, progress, mix=None, experts=None, teacher_labels=None):
        cls, dist = experts[0], experts[1]
        cls_loss = mixed_cross_entropy(cls, y, mix) if mix else cross_entropy(cls, y)
        dist_loss = weighted_cross_entropy(dist, teacher_labels, balanced if progress >= p["drwStart"] else plain)
        return cls_loss * 0.5 + dist_loss * 0.5

    method = Method(loss, mix=mix, experts={"count": 2, "labels": ["CLS head", "DIST head"],
                                            "aggregation": {"kind": "mean"}, "perToken": True})
    method.teacher = {"epochs": js_round(p["teacherEpochs"])}
    return method


# Registry id → unit. Kept in the registry's order; the app's test checks the two lists agree.
METHODS = {
    "ce": ce,
    "resampling": resampling,
    "progressive-resampling": progressive_resampling,
    "reweight-inverse": reweight_inverse,
    "reweight-sqrt": reweight_sqrt,
    "reweight-cb": reweight_cb,
    "focal": focal,
    "ldam-drw": ldam_drw,
    "balanced-softmax": balanced_softmax,
    "logit-adjustment": logit_adjustment,
    "la-posthoc": la_posthoc,
    "label-aware-smoothing": label_aware_smoothing,
    "crt": crt,
    "tau-norm": tau_norm,
    "lws": lws,
    "mixup": mixup,
    "remix": remix,
    "ride": ride,
    "sade": sade,
    "mdcs": mdcs,
    "tlc": tlc,
    "sbcl": sbcl,
    "batchformer": batchformer,
    "deit-lt": deit_lt,
}
# ---------------------------------------------------------------------------------------------
# Data: data.json, written by the app's exporter (2-D points inline; images as pixel files).
# ---------------------------------------------------------------------------------------------
def load_split(folder, split, input_size):
    if "x" in split:
        x = torch.tensor(split["x"], dtype=torch.float32)
    elif "featureFile" in split:
        # Own tables (and images not in whole bytes): float32, little-endian, rows in the run's order.
        import array
        values = array.array("f")
        with open(os.path.join(folder, split["featureFile"]), "rb") as f:
            values.frombytes(f.read())
        if sys.byteorder != "little":
            values.byteswap()
        x = torch.frombuffer(values, dtype=torch.float32)
    else:
        # Images: uint8 pixels of the shipped pools (pixelFile), rows picked by `indices`; the app scales by 1/255.
        with open(os.path.join(folder, split["pixelFile"]), "rb") as f:
            pool = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).reshape(-1, input_size)
        x = (pool[torch.tensor(split["indices"], dtype=torch.long)].double() / 255.0).float()
    return x.reshape(-1, input_size), torch.tensor(split["y"], dtype=torch.long)


def load_export(folder):
    with open(os.path.join(folder, "run.json"), encoding="utf-8") as f:
        config = json.load(f)
    with open(os.path.join(folder, "data.json"), encoding="utf-8") as f:
        data = json.load(f)
    size = math.prod(data["inputShape"])
    data["train_x"], data["train_y"] = load_split(folder, data["train"], size)
    data["test_x"], data["test_y"] = load_split(folder, data["test"], size)
    if "unlabelled" in data:  # a pseudo-labelled run's pool; its y are the true labels, for scoring only
        data["unlabelled_x"], data["unlabelled_y"] = load_split(folder, data["unlabelled"], size)
    return config, data


# ---------------------------------------------------------------------------------------------
# The run (src/training/trainer.ts): stages, epoch order, steps, prediction, evaluation.
# ---------------------------------------------------------------------------------------------
SADE_VIEW = {"jitter": 0.05, "shift": 2, "noise": 0.05, "cutout": 0}


def make_optimizer(spec, params, hidden=()):
    """tfjs' optimisers: Adam with ε = 1e-7 (tfjs' float32 epsilon), SGD with heavy-ball momentum;
    the app's weight decay is L2 added to the gradient (PyTorch's weight_decay, not AdamW)."""
    decay = spec.get("weightDecay", 0)
    if spec["kind"] == "muon":
        ids = {id(p) for p in hidden}
        return MuonWithAuxAdamW([p for p in params if id(p) in ids], [p for p in params if id(p) not in ids],
                                spec.get("muonLearningRate", 0.02), spec["learningRate"], decay)
    if spec["kind"] == "adam":
        return torch.optim.Adam(params, lr=spec["learningRate"], betas=(0.9, 0.999), eps=1e-7, weight_decay=decay)
    return torch.optim.SGD(params, lr=spec["learningRate"], momentum=spec["momentum"], weight_decay=decay,
                           nesterov=spec.get("nesterov", False))


# Muon (KellerJordan/Muon muon.py, MuonWithAuxAdam; optim/muon.ts): Nesterov momentum, update orthogonalised by
# Newton-Schulz (float32 here and in the app, bfloat16 in muon.py); AdamW for everything else.
NS_A, NS_B, NS_C = 3.4445, -4.7750, 2.0315
MUON_BETA = 0.95


def orthogonalise(g, steps=5):
    tall = g.shape[0] > g.shape[1]
    x = g.t() if tall else g
    x = x / (x.norm() + 1e-7)
    for _ in range(steps):
        a = x @ x.t()
        x = NS_A * x + (NS_B * a + NS_C * a @ a) @ x
    return x.t() if tall else x


def muon_direction(u):
    """In the app's layout [fan_in, out] (a torch conv weight [out, in, kh, kw] as the app's [kh, kw, in, out]),
    scaled by sqrt(max(1, out / fan_in))."""
    conv = u.ndim == 4
    m = u.permute(2, 3, 1, 0) if conv else u
    shape = m.shape
    m = m.reshape(-1, shape[-1])
    o = orthogonalise(m) * math.sqrt(max(1.0, m.shape[1] / m.shape[0]))
    o = o.reshape(shape)
    return o.permute(3, 2, 0, 1) if conv else o


class MuonWithAuxAdamW(torch.optim.Optimizer):
    def __init__(self, hidden, others, muon_lr, adam_lr, weight_decay):
        groups = [g for g in (dict(params=hidden, use_muon=True, lr=muon_lr), dict(params=others, use_muon=False, lr=adam_lr)) if g["params"]]
        super().__init__(groups, dict(weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g, state = p.grad, self.state[p]
                if group["use_muon"]:
                    if not state:
                        state["m"] = torch.zeros_like(p)
                    m = state["m"]
                    m.mul_(MUON_BETA).add_(g * (1 - MUON_BETA))
                    update = muon_direction(g * (1 - MUON_BETA) + m * MUON_BETA)
                else:
                    if not state:
                        state["m"], state["v"], state["step"] = torch.zeros_like(p), torch.zeros_like(p), 0
                    state["step"] += 1
                    m, v, t = state["m"], state["v"], state["step"]
                    m.mul_(0.9).add_(g * 0.1)
                    v.mul_(0.95).add_(g * g * 0.05)
                    update = (m / (1 - 0.9 ** t)) / ((v / (1 - 0.95 ** t)).sqrt() + 1e-10)
                p.mul_(1 - lr * wd)
                p.sub_(update * lr)


def hidden_matrices(model, kind):
    """The backbone's matrices but the first (the first layer goes to AdamW, as the head and biases); the linear
    memory's W is all of it."""
    params = list(model.backbone.parameters())
    if getattr(model, "stages", None) is not None:
        params += list(model.stages.parameters())
    matrices = [p for p in params if p.ndim >= 2 and p.requires_grad]
    return matrices if kind == "assoc" else matrices[1:]


class Run:
    """One run. `backbone(part)` replaces the app's model (full-size benchmarks: ResNets): part "full" is the
    whole backbone, "trunk" and "stage" the shared and the per-expert parts for experts that own a stage;
    `amp` trains in mixed precision."""

    def __init__(self, config, data, device, rank=0, world=1, backbone=None, amp=False):
        self.config, self.data, self.device, self.rank, self.world = config, data, device, rank, world
        seed = config["seed"]
        n = len(data["train_y"])
        self.classes = data["classes"]
        self.input_shape = data["inputShape"]
        self.batch_size = config["batchSize"]
        self.steps_per_epoch = math.ceil(n / self.batch_size)
        self.total_steps = self.steps_per_epoch * config["epochs"]
        self.counts = data["train"]["counts"]
        self.params = data["methodParams"]
        self.augment_rng = Rng.for_purpose(seed, "augment")
        self.method = METHODS[config["method"]["id"]](
            {"counts": self.counts, "p": self.params, "rng": self.augment_rng, "input_shape": self.input_shape})
        self.posthoc = self.params[self.method.posthoc] if self.method.posthoc else None
        self.init_rng = Rng.for_purpose(seed, "init")
        spec = self.method.experts
        teacher = getattr(self.method, "teacher", None)
        if spec and spec.get("perToken"):
            # DeiT: a ViT with CLS and DIST tokens, one head per token (models/build.ts).
            vit = build_vit(config["model"], self.input_shape, self.init_rng, tokens=2)
            stages = [TokenStage(k, config["model"]["vitWidth"]) for k in range(2)]
            self.model = Experts(vit, self.classes, 2, self.method.head, self.init_rng, stages)
        elif spec and spec.get("ownStage"):
            # Draw order (models/build.ts): the shared trunk, each expert's own stage 1…K, then the heads.
            trunk = backbone("trunk", spec) if backbone else build_backbone(config["model"], self.input_shape, self.init_rng, trunk_only=True)
            m = config["model"]

            def own_stage():
                if backbone:
                    return backbone("stage", spec)
                if m["kind"] == "cnn":
                    return CnnExpertStage(self.input_shape, [m["filters1"], m["filters2"]], m["dense"], self.init_rng,
                                          spec.get("stageWidth", EXPERT_WIDTH))
                return ExpertStage(trunk.feature_size, m["vitWidth"] if m["kind"] == "vit" else m["width"], self.init_rng)
            stages = [own_stage() for _ in range(spec["count"])]
            self.model = Experts(trunk, self.classes, spec["count"], self.method.head, self.init_rng, stages)
            if spec.get("router"):  # RIDE's router, drawn after the heads; trained alone in its stage
                self.model.router = Router(stages[0].feature_size, spec["count"], spec["router"], self.init_rng)
                for q in self.model.router.parameters():
                    q.requires_grad_(False)
        else:
            net = backbone("full") if backbone else build_backbone(config["model"], self.input_shape, self.init_rng)
            if config["model"]["kind"] == "assoc":
                self.model = AssocMemory(math.prod(self.input_shape), self.classes, self.init_rng)
            elif spec:
                self.model = Experts(net, self.classes, spec["count"], self.method.head, self.init_rng)
            elif self.method.contrastive:
                self.model = ContrastiveClassifier(net, self.classes, self.method.head,
                                                   self.method.contrastive["projectionSize"], self.init_rng)
                for q in self.model.head.parameters():  # stage 1 learns the representation alone
                    q.requires_grad_(False)
            else:
                self.model = Classifier(net, self.classes, self.method.head, self.init_rng)
        fm = self.method.feature_module
        if fm:  # drawn from the init stream after the classifier, as the app's trainer does
            width = self.model.head.dense.kernel.shape[0]
            module = BatchTransformer(width, heads_for(width, fm["heads"]), self.init_rng)
            self.model = BatchFormerClassifier(self.model, module, fm["dropout"], self.augment_rng)
        # LWS and MiSLAS: one scale per class on the logits, 1 (and frozen) until stage 2 learns them.
        stage2 = self.method.second_stage
        self.model.logit_scales = torch.nn.Parameter(torch.ones(self.classes), requires_grad=False) \
            if stage2 and stage2["trains"] in ("logit-scales", "head-and-scales") else None
        self.model.to(device)
        self.second_stage_start = None
        self.routing = False  # RIDE's router: prediction routes samples once its stage starts
        self.schedule_steps = self.total_steps  # DRW and the like run over the run's own epochs
        if stage2 and stage2.get("addedEpochs"):  # a stage with epochs of its own starts after the run's
            self.second_stage_start = self.total_steps
            self.total_steps += self.steps_per_epoch * stage2["addedEpochs"]
        elif stage2 and config["epochs"] >= 2:
            epoch = min(config["epochs"] - 1, max(1, js_round(stage2["start"] * config["epochs"])))
            self.second_stage_start = epoch * self.steps_per_epoch
        self.aggregation_weights = torch.zeros(spec["count"], device=device) \
            if spec and spec["aggregation"]["kind"] == "weighted" else None
        self.trainable = [p for p in self.model.parameters() if p.requires_grad]
        groups = self.trainable
        if fm:  # the module's own parameter group at a scaled learning rate (the authors' 0.1×)
            if config["optimizer"]["kind"] == "muon":
                raise NotImplementedError("BatchFormer under Muon is not exported yet: train it with Adam or SGD")
            own = {id(p) for p in self.model.batch_former.parameters()}
            groups = [{"params": [p for p in self.trainable if id(p) not in own]},
                      {"params": list(self.model.batch_former.parameters()),
                       "lr": config["optimizer"]["learningRate"] * fm["learningRateScale"]}]
        self.optimizer = make_optimizer(config["optimizer"], groups, hidden_matrices(self.model, config["model"]["kind"]))
        self.net = self.wrap()
        # DeiT-LT's teacher (teacher.ts): the app's CNN, balanced softmax, trained first; weights from its own stream.
        self.teacher, self.teacher_steps = None, 0
        if teacher:
            m = config["model"]
            t_rng = Rng.for_purpose(seed, "teacher")
            self.teacher = Classifier(Cnn(self.input_shape, [m["filters1"], m["filters2"]], m["dense"], t_rng),
                                      self.classes, {"kind": "linear"}, t_rng).to(device)
            self.teacher_optimizer = make_optimizer(config["optimizer"], list(self.teacher.parameters()))
            self.teacher_steps = self.steps_per_epoch * teacher["epochs"]
            self.total_steps += self.teacher_steps
        self.amp = amp and device.type == "cuda"
        self.scaler = torch.cuda.amp.GradScaler(enabled=self.amp)
        self.train_x, self.train_y = data["train_x"].to(device), data["train_y"].to(device)
        self.test_x, self.test_y = data["test_x"].to(device), data["test_y"].to(device)
        labels = data["train_y"].tolist()
        self.by_class = [[i for i, y in enumerate(labels) if y == j] for j in range(self.classes)]
        self.shuffle_rng = Rng.for_purpose(seed, "shuffle")
        self.order = []
        self.stage = 1
        self.step = 0

    def wrap(self):
        """DistributedDataParallel over the parameters trained in this stage (wrapped again at stage 2)."""
        if self.world == 1:
            return self.model
        ids = [self.device.index] if self.device.type == "cuda" else None
        return torch.nn.parallel.DistributedDataParallel(self.model, device_ids=ids)

    @property
    def done(self):
        return self.step >= self.total_steps

    def enter_second_stage(self):
        """Fresh optimiser; cRT re-draws the head from the init stream and trains it alone, LWS trains its
        scales alone, MiSLAS trains the kept head and the scales."""
        for p in self.model.parameters():
            p.requires_grad_(False)
        trains = self.method.second_stage["trains"]
        if trains == "router":
            train = list(self.model.router.parameters())
            self.routing = True
        elif trains == "head":
            self.model.head.reinit(self.init_rng)
            train = list(self.model.head.parameters())
        elif trains == "head-and-scales":
            train = [*self.model.head.parameters(), self.model.logit_scales]
        else:
            train = [self.model.logit_scales]
        for p in train:
            p.requires_grad_(True)
        self.trainable = train
        own = self.method.second_stage.get("optimizer")
        self.optimizer = make_optimizer(own or self.config["optimizer"], train, hidden_matrices(self.model, self.config["model"]["kind"]))
        self.net = self.wrap()
        self.stage = 2

    def second_stage_rate(self):
        """A second stage's own rate in its current epoch e of E (RIDE's router): lr·(1 + cos(π·e / E)) / 2,
        CosineAnnealingLR to 0 stepped per epoch (trainerParts.ts secondStageLearningRate); None otherwise."""
        stage2 = self.method.second_stage
        if self.stage != 2 or not stage2.get("cosine"):
            return None
        e = (self.step - self.second_stage_start) // self.steps_per_epoch
        return stage2["optimizer"]["learningRate"] * (1 + math.cos(math.pi * e / stage2["addedEpochs"])) / 2

    def next_epoch_order(self):
        n = len(self.data["train_y"])
        weights = self.method.sampling(self.step / self.total_steps, self.stage) if self.method.sampling else None
        if weights is None:
            return shuffled_epoch(n, self.shuffle_rng)
        # Distributed class-aware sampling: every rank draws the same epoch from the shared seed and trains its shard.
        return class_aware_epoch(self.by_class, weights, n, self.shuffle_rng)

    def shard(self, count):
        """This rank's rows of a global batch of `count` (every rank sees the same global batch)."""
        return list(range(self.rank, count, self.world))

    def enter_stage_if_due(self):
        if self.stage == 1 and self.step == self.second_stage_start:
            self.enter_second_stage()

    def train_step(self, x=None, y=None):
        """One optimisation step on the next mini-batch (or on x, y: this rank's rows, loaded by a
        DataLoader); returns the (rank-averaged) loss tensor."""
        sharded = x is not None
        if not sharded:
            self.enter_stage_if_due()
            n = len(self.data["train_y"])
            in_epoch = self.step % self.steps_per_epoch
            if in_epoch == 0:
                self.order = self.next_epoch_order()
                rate = self.second_stage_rate()
                if rate is not None:
                    for group in self.optimizer.param_groups:
                        group["lr"] = rate
                if self.stage == 1 and self.method.contrastive:
                    self.embed_training_set()
            start = in_epoch * self.batch_size
            batch = torch.tensor(self.order[start:min(start + self.batch_size, n)], dtype=torch.long, device=self.device)
            x, y = self.train_x[batch], self.train_y[batch]
        if self.teacher is not None and self.step < self.teacher_steps:
            loss = cross_entropy(shift(self.teacher(x), [math.log(n) for n in self.counts]), y)
            self.teacher_optimizer.zero_grad()
            loss.backward()
            self.teacher_optimizer.step()
            self.step += 1
            return loss.detach()
        progress = min(1, (self.step - self.teacher_steps) / self.schedule_steps)
        mix = None
        if self.method.mix and self.stage == 1 and self.teacher is not None:
            x, mix = self.method.mix(x, y, progress)
        elif self.method.mix and self.stage == 1:  # mixing belongs to stage 1 (MiSLAS's stage 2 never mixes)
            x, mix = self.method.mix(x, y)
        contrastive = self.method.contrastive
        if sharded and contrastive:
            raise NotImplementedError("SBCL clusters the whole training set by index: run it without --data")
        teacher_labels = None
        if self.teacher is not None:
            with torch.no_grad():
                teacher_labels = self.teacher(x).argmax(1)
        augment = self.method.augment and not (contrastive and self.stage == 2)
        inputs = self.method.augment(x) if augment else x
        if self.world > 1 and not sharded:
            rows = self.shard(len(y))
            views = inputs.shape[0] // len(y)
            inputs = inputs[[r + v * len(y) for v in range(views) for r in rows]]
            y = y[rows]
            if mix:
                mix = {**mix, "labels_b": mix["labels_b"][rows], "weight_a": mix["weight_a"][rows]}
        router_logits = None
        with torch.autocast(self.device.type, enabled=self.amp):
            if self.routing:  # RIDE's router stage: the frozen experts' logits and the router's on them
                # Frozen batch norms keep their statistics (the authors' _hook_before_iter); the router has none.
                self.model.eval()
                out, router_logits = self.net(inputs, True)
                router_logits = router_logits.float()
            else:
                out = self.net(inputs, True) if self.method.feature_module else self.net(inputs)
        if contrastive:  # SBCL: logits and embeddings; the loss also needs the batch's training indices and the stage
            out, embedding = out[0].float(), out[1].float()
            rows = batch[self.shard(len(batch))] if self.world > 1 else batch
            loss = self.method.loss(out, y, progress, embedding=embedding if self.stage == 1 else None, indices=rows, stage=self.stage)
        else:
            out = out.float()  # losses in float32, as in the app
        if self.method.feature_module:  # logits of [BatchFormer; plain] features: labels twice
            y = torch.cat([y, y])
        if contrastive:
            pass
        elif teacher_labels is not None:
            loss = self.method.loss(out.mean(0), y, progress, mix=mix, experts=out, teacher_labels=teacher_labels)
        elif router_logits is not None:
            loss = self.method.loss(out.mean(0), y, progress, experts=out, router_logits=router_logits)
        elif self.method.experts:
            loss = self.method.loss(out.mean(0), y, progress, mix=mix, experts=out)
        else:
            if self.model.logit_scales is not None:
                out = out * self.model.logit_scales
            loss = self.method.loss(out, y, progress, mix=mix)
        if len(y) == 0:  # a rank with no row of a tiny last batch still joins the gradient all-reduce
            loss = sum((p * 0).sum() for p in self.trainable)
        self.optimizer.zero_grad()
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.step += 1
        value = loss.detach()
        if self.world > 1:
            torch.distributed.all_reduce(value)
            value = value / self.world
        return value

    # -- prediction ------------------------------------------------------------------------
    @torch.no_grad()
    def embed_training_set(self):
        """At a stage-1 epoch start, the un-augmented training set's embedding, if the method asks for it (k-means)."""
        epoch = self.step // self.steps_per_epoch
        spec = self.method.contrastive
        if spec["wants"](epoch, self.config["epochs"]):
            embedding = self.model.embed(self.model.backbone(self.train_x)).float()
            spec["update"](embedding, self.train_y, epoch)

    def aggregate(self, experts):
        rule = self.method.experts["aggregation"]
        if rule["kind"] == "evidential":
            belief, unc, _ = combine_with_engagement(list(experts), rule["threshold"])
            return torch.log(belief + (unc / self.classes)[:, None])
        if rule["kind"] == "weighted":
            a = torch.softmax(self.aggregation_weights, 0)
            return (experts * a[:, None, None]).sum(0)
        return experts.sum(0) / experts.shape[0]

    def prediction_head(self):
        """The linear head used for prediction: LWS's scales, then the post-hoc rule (τ-norm, post-hoc LA) at its knob."""
        head = self.model.head
        kernel, bias = head.dense.kernel, head.dense.bias
        if self.model.logit_scales is not None:
            kernel, bias = kernel * self.model.logit_scales, bias * self.model.logit_scales
        if self.method.prediction_head and self.posthoc is not None:
            kernel, bias = self.method.prediction_head(kernel, bias, self.posthoc)
        return kernel, bias

    @torch.no_grad()
    def prediction_logits(self, x):
        if self.teacher is not None and self.step <= self.teacher_steps:  # the teacher's phase shows the teacher
            return self.teacher(x)
        if self.routing:
            return routed_prediction(*self.model(x, True))[0]
        if self.method.experts:
            return self.aggregate(self.model(x))
        if self.method.head["kind"] == "cosine":
            return self.model(x)[0] if self.method.contrastive else self.model(x)
        kernel, bias = self.prediction_head()
        return self.model.backbone(x) @ kernel + bias

    @torch.no_grad()
    def head_norms(self):
        if self.method.experts:
            if self.method.head["kind"] == "cosine":
                return [1.0] * self.classes
            k = len(self.model.heads)
            a = torch.softmax(self.aggregation_weights, 0) if self.aggregation_weights is not None else torch.full((k,), 1 / k)
            kernel = sum(h.dense.kernel * a[i] for i, h in enumerate(self.model.heads))
            return column_norms(kernel).tolist()
        if self.method.head["kind"] == "cosine":
            return [1.0] * self.classes
        return column_norms(self.prediction_head()[0]).tolist()

    @torch.no_grad()
    def test_probabilities(self):
        """Softmax of the prediction on the test set; with several ranks each predicts its shard and the sum is reduced."""
        n = len(self.test_y)
        probs = torch.zeros(n, self.classes, device=self.device)
        rows = torch.tensor(self.shard(n), dtype=torch.long, device=self.device)
        for start in range(0, len(rows), 1024):
            part = rows[start:start + 1024]
            probs[part] = torch.softmax(self.prediction_logits(self.test_x[part]), 1)
        if self.world > 1:
            torch.distributed.all_reduce(probs)
        return probs.cpu()

    def test_time_aggregation(self, test_batch=None):
        """SADE's test-time self-supervised aggregation (methods/sadeAggregation.ts): SGD on w alone, network frozen.
        `test_batch(indices)` loads test inputs (full-size benchmarks); by default the test set in memory."""
        spec = self.method.experts["aggregation"]["testTime"]
        rng = Rng.for_purpose(self.config["seed"], "aggregate")
        w = torch.zeros(len(self.model.heads), device=self.device)
        velocity = torch.zeros_like(w)
        n = len(self.test_y)
        passes = []
        for epoch in range(1, spec["epochs"] + 1):
            order = rng.shuffle(list(range(n)))
            for start in range(0, n, spec["batchSize"]):
                rows = order[start:start + spec["batchSize"]]
                x = test_batch(rows) if test_batch else self.test_x[torch.tensor(rows, device=self.device)]
                with torch.no_grad():
                    z1 = self.model(augment_view(x, self.input_shape, SADE_VIEW, rng))
                    z2 = self.model(augment_view(x, self.input_shape, SADE_VIEW, rng))
                w.requires_grad_(True)
                a = torch.softmax(w, 0)
                p1 = torch.softmax((z1 * a[:, None, None]).sum(0), 1)
                p2 = torch.softmax((z2 * a[:, None, None]).sum(0), 1)
                cos = (p1 * p2).sum(1) / torch.clamp(p1.norm(dim=1) * p2.norm(dim=1), min=1e-12)
                (grad,) = torch.autograd.grad(-cos.mean(), w)
                with torch.no_grad():
                    # torch.optim.SGD(momentum, nesterov=True, weight_decay) on w, as the authors train it.
                    g = grad + w.detach() * spec.get("weightDecay", 0)
                    velocity = velocity * spec["momentum"] + g
                    w = w.detach() - (g + velocity * spec["momentum"]) * spec["learningRate"]
            # The floor is checked once per pass, after it (the authors' test_training_cifar.py).
            current = torch.softmax(w, 0).tolist()
            stopped = any(v < spec["minWeight"] for v in current)
            passes.append({"epoch": epoch, "weights": current, "stopped": stopped})
            if stopped:
                break
        self.aggregation_weights = w.detach()
        return passes


def rng_state(rng):
    return [rng.a, rng.b, rng.c, rng.d, rng.spare]


def set_rng_state(rng, state):
    rng.a, rng.b, rng.c, rng.d, rng.spare = state


def save_checkpoint(run, path, extra=None):
    """Everything a resume needs: weights, optimiser, stage, step, epoch order and the generators' states."""
    torch.save({"model": run.model.state_dict(), "optimizer": run.optimizer.state_dict(), "step": run.step,
                "stage": run.stage, "order": run.order, "aggregation_weights": run.aggregation_weights,
                "rngs": {k: rng_state(getattr(run, k)) for k in ("init_rng", "shuffle_rng", "augment_rng")},
                "extra": extra or {}}, path)


def load_checkpoint(run, path):
    state = torch.load(path, map_location=run.device)
    if state["stage"] == 2 and run.stage == 1:
        run.enter_second_stage()  # same parameter groups as when it was saved; states restored below
    run.model.load_state_dict(state["model"])
    run.optimizer.load_state_dict(state["optimizer"])
    run.step, run.order, run.aggregation_weights = state["step"], state["order"], state["aggregation_weights"]
    for k, v in state["rngs"].items():
        set_rng_state(getattr(run, k), v)
    return state["extra"]


# ---------------------------------------------------------------------------------------------
# Unlabelled data (src/training/unlabelled/): pseudo-labels or rotation pre-training before the run.
# ---------------------------------------------------------------------------------------------
def pseudo_label(config, data, device):
    """A cross-entropy model on the labelled set (the run's seed, model, optimiser, epochs) labels the pool by
    its argmax; the run trains on labelled + pseudo-labelled rows, its counts including the pseudo-labels
    (pseudoLabel.ts). Returns the labelling model's training losses."""
    teacher = Run({**config, "method": {"id": "ce", "params": {}}}, {**data, "methodParams": {}}, device)
    losses = []
    while not teacher.done:
        losses.append(float(teacher.train_step()))
    pool_x = data["unlabelled_x"].to(device)
    labels = torch.softmax(teacher.prediction_logits(pool_x), 1).argmax(1).cpu()
    pseudo = torch.bincount(labels, minlength=data["classes"]).tolist()
    data["train_x"] = torch.cat([data["train_x"], data["unlabelled_x"]])
    data["train_y"] = torch.cat([data["train_y"], labels])
    data["train"] = {**data["train"], "counts": [n + p for n, p in zip(data["train"]["counts"], pseudo)]}
    right = (labels == data["unlabelled_y"]).float().mean().item() if len(labels) else None
    print(f"pseudo-labels: {len(labels)} unlabelled rows, {right:.4f} right", file=sys.stderr)
    return losses


def rotation_index(h, w, c, k):
    """Source pixel of each output pixel of a k·90° turn (rotation.ts rotationIndex; torch.rot90(x, k, [H, W]))."""
    out = []
    for i in range(h):
        for j in range(w):
            si, sj = [(i, j), (j, w - 1 - i), (h - 1 - i, w - 1 - j), (h - 1 - j, i)][k]
            out.extend((si * w + sj) * c + ch for ch in range(c))
    return torch.tensor(out, dtype=torch.long)


def rotation_pretrain(config, data, device):
    """4-way rotation prediction on the run's own training images (rotation.ts, the authors' pretrain_rot.py):
    the run's backbone from its init stream with a 4-way head, the run's optimiser and batch size, per batch a
    shuffled [0, 1, 2, 3] repeated ⌊b/4⌋ + 1 times and cut to b. Returns the backbone and its losses."""
    h, w, c = data["inputShape"]
    maps = [rotation_index(h, w, c, k) for k in range(4)]
    init = Rng.for_purpose(config["seed"], "init")
    model = Classifier(build_backbone(config["model"], data["inputShape"], init), 4, {"kind": "linear"}, init)
    model.to(device)
    optimizer = make_optimizer(config["optimizer"], list(model.parameters()))
    rng = Rng.for_purpose(config["seed"], "pretrain")
    x_all = data["train_x"].to(device)
    n, b, losses = len(x_all), config["batchSize"], []
    for _ in range(config["unlabelled"]["pretrainEpochs"]):
        order = shuffled_epoch(n, rng)
        for start in range(0, n, b):
            rows = order[start:start + b]
            rotations = rng.shuffle([i % 4 for i in range(4 * (len(rows) // 4 + 1))])[:len(rows)]
            x = torch.stack([x_all[r][maps[k]] for r, k in zip(rows, rotations)])
            loss = cross_entropy(model(x), torch.tensor(rotations, dtype=torch.long, device=device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(float(loss))
    return model.backbone, losses


def make_run(config, data, device, rank=0, world=1):
    """The run after its extra phase (config.unlabelled), as the app's worker builds it; with the phase's losses."""
    kind = config.get("unlabelled", {}).get("kind", "none")
    phase_losses, backbone = [], None
    if kind == "pseudo-label":
        phase_losses = pseudo_label(config, data, device)
    elif kind == "rotation-pretrain":
        backbone, phase_losses = rotation_pretrain(config, data, device)
    run = Run(config, data, device, rank, world)
    if backbone is not None:
        # The run keeps the pre-trained backbone and its own freshly drawn head (the authors load all but fc).
        load_pretrained(run.model, backbone)
    return run, phase_losses


def load_pretrained(model, pretrained):
    """The app's loadWeights (trainerParts.ts): the shared backbone takes the pre-trained weights in order;
    each expert's own stage takes a copy of the pre-trained later layers when it has their shapes (TLC's
    full-width stage), and keeps its initialisation when not (RIDE's, SADE's, MDCS's ¾-width stages)."""
    weights = [p.detach() for p in pretrained.parameters()]
    shared = list(model.backbone.parameters())
    with torch.no_grad():
        for p, w in zip(shared, weights):
            if p.shape != w.shape:
                raise SystemExit(f"Pre-trained weight of shape {tuple(w.shape)} does not fit the model's {tuple(p.shape)}.")
            p.copy_(w)
        later = weights[len(shared):]
        for stage in getattr(model, "stages", None) or []:
            own = list(stage.parameters())
            if later and len(own) == len(later) and all(p.shape == w.shape for p, w in zip(own, later)):
                for p, w in zip(own, later):
                    p.copy_(w)


# ---------------------------------------------------------------------------------------------
# Metrics (src/training/evaluate.ts, metrics/): per-class accuracy, Many / Medium / Few, ECE (15 bins).
# ---------------------------------------------------------------------------------------------
BINS = 15


def mean_of_finite(values):
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return sum(finite) / len(finite) if finite else None


def evaluate(probs, labels, classes, splits):
    n = len(labels)
    predicted = probs.argmax(1)
    confidence = probs.gather(1, predicted[:, None])[:, 0].tolist()
    correct = (predicted == labels).tolist()
    nll = -torch.log(torch.clamp(probs.gather(1, labels[:, None])[:, 0].double(), min=1e-12)).sum().item()
    per_class = []
    for c in range(classes):
        mask = labels == c
        total = int(mask.sum())
        per_class.append(float((predicted[mask] == c).sum()) / total if total else None)
    counts, hits, conf = [0] * BINS, [0] * BINS, [0.0] * BINS
    for p, ok in zip(confidence, correct):
        b = min(BINS - 1, max(0, math.ceil(p * BINS) - 1))
        counts[b] += 1
        conf[b] += p
        hits[b] += 1 if ok else 0
    ece, mce, bins = 0.0, 0.0, []
    for b in range(BINS):
        acc = hits[b] / counts[b] if counts[b] else None
        mean = conf[b] / counts[b] if counts[b] else None
        bins.append({"bin": b, "count": counts[b], "accuracy": acc, "confidence": mean})
        if counts[b]:
            ece += counts[b] / n * abs(acc - mean)
            mce = max(mce, abs(acc - mean))
    split_acc = {s: mean_of_finite([a for a, name in zip(per_class, splits) if name == s]) for s in ("many", "medium", "few")}
    return {
        "loss": nll / n,
        "accuracy": sum(correct) / n,
        "balancedAccuracy": mean_of_finite(per_class),
        "splits": split_acc,
        "ece": ece,
        "mce": mce,
        "perClass": per_class,
        "reliability": bins,
    }


def results_json(config, data, run, metrics, history, timings, extra):
    """The app's run export (src/app/export/results.ts runResults), marked as a PyTorch run."""
    norms = run.head_norms()
    test = {k: metrics[k] for k in ("loss", "accuracy", "balancedAccuracy", "splits", "ece", "mce", "reliability")}
    test["perClass"] = [
        {"class": name, "trainCount": data["train"]["counts"][c], "split": data["splits"][c],
         "accuracy": metrics["perClass"][c], "classifierWeightNorm": norms[c]}
        for c, name in enumerate(data["classNames"])
    ]
    return {
        "app": "Long-Tail Lab",
        "schema": 1,
        "source": "pytorch",
        "exportedAt": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        "runId": data.get("runId"),
        "status": "done",
        "error": None,
        "config": config,
        "posthocValue": run.posthoc,
        "backend": None,
        "backendAttempts": [],
        "dataset": {"name": data["name"], "trainCounts": data["train"]["counts"], "testCounts": data["test"]["counts"],
                    "splits": data["splits"], "splitRule": data["splitRule"]},
        "progress": {"step": run.step, "totalSteps": run.total_steps, "epoch": run.step / run.steps_per_epoch},
        "test": test,
        "timings": timings,
        "history": history,
        "pytorch": extra,
    }


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------
def check_steps(folders, steps):
    """The first `steps` training losses of each export, one JSON line per export (the app's cross-check)."""
    for folder in folders:
        config, data = load_export(folder)
        if config["method"]["id"] not in METHODS:
            print(json.dumps({"dir": folder, "method": config["method"]["id"], "error": "no PyTorch unit"}), flush=True)
            continue
        run, phase_losses = make_run(config, data, torch.device("cpu"))
        losses = [float(run.train_step()) for _ in range(min(steps, run.total_steps))]
        row = {"dir": folder, "method": config["method"]["id"], "losses": losses}
        if phase_losses:
            row["phaseLosses"] = phase_losses[:steps]
        # Then the prediction path (post-hoc heads, LWS's scales, the experts' aggregation) and each expert alone.
        row["testLoss"] = evaluate(run.test_probabilities(), data["test_y"], run.classes, data["splits"])["loss"]
        if run.method.experts:
            with torch.no_grad():
                logits = run.model(run.test_x)
            row["expertTestLoss"] = [cross_entropy(z, run.test_y).item() for z in logits]
        if run.aggregation_weights is not None:
            row["aggregationWeights"] = run.test_time_aggregation()[-1]["weights"]
        print(json.dumps(row), flush=True)


def setup(device_name):
    """Rank, world size and device; under torchrun, the process group (NCCL on GPUs, gloo on CPUs)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if device_name == "auto":
        device_name = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(device_name)
    if world > 1:
        local = int(os.environ.get("LOCAL_RANK", "0"))
        if device.type == "cuda":
            device = torch.device("cuda", local)
            torch.cuda.set_device(device)
        torch.distributed.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return rank, world, device


def finish(world):
    if world > 1:
        torch.distributed.barrier()  # no rank leaves while rank 0 still writes
        torch.distributed.destroy_process_group()


def train(folder, out, device_name, eval_every, checkpoint=None):
    rank, world, device = setup(device_name)
    config, data = load_export(folder)
    run, _ = make_run(config, data, device, rank, world)
    history, loss_sum, since, train_s, eval_s = [], 0.0, 0, 0.0, 0.0
    if checkpoint and os.path.exists(checkpoint):
        history = load_checkpoint(run, checkpoint).get("history", [])

    def record():
        nonlocal eval_s
        started = time.perf_counter()
        metrics = evaluate(run.test_probabilities(), data["test_y"], run.classes, data["splits"])
        eval_s += time.perf_counter() - started
        history.append({"step": run.step, "epoch": run.step / run.steps_per_epoch,
                        "trainLoss": loss_sum / since if since else None, "testLoss": metrics["loss"],
                        "accuracy": metrics["accuracy"], "balancedAccuracy": metrics["balancedAccuracy"],
                        "splits": metrics["splits"], "ece": metrics["ece"]})
        return metrics

    metrics = record()
    while not run.done:
        started = time.perf_counter()
        loss_sum += float(run.train_step())
        since += 1
        train_s += time.perf_counter() - started
        if run.step % (run.steps_per_epoch * eval_every) == 0 or run.done:
            metrics = record()
            if rank == 0:
                print(f"epoch {run.step / run.steps_per_epoch:g}: loss {loss_sum / since:.4f}, "
                      f"accuracy {metrics['accuracy']:.4f}, few {metrics['splits']['few']}", flush=True)
            loss_sum, since = 0.0, 0
        if checkpoint and rank == 0 and run.step % run.steps_per_epoch == 0:
            save_checkpoint(run, checkpoint, {"history": history})
    extra = {"torch": torch.__version__, "device": device.type, "worldSize": world}
    if run.aggregation_weights is not None:
        extra["testTimeAggregation"] = run.test_time_aggregation()
        metrics = record()
    if rank == 0:
        timings = {"trainMs": train_s * 1000, "evalMs": eval_s * 1000,
                   "stepsPerSecond": run.step / train_s if train_s > 0 else None}
        with open(out, "w", encoding="utf-8") as f:
            json.dump(results_json(config, data, run, metrics, history, timings, extra), f, indent=2)
        print(f"accuracy {metrics['accuracy']:.4f}, balanced {metrics['balancedAccuracy']:.4f}, "
              f"many/medium/few {metrics['splits']}, ECE {metrics['ece']:.4f} -> {out}")
    finish(world)


def assign_splits(counts):
    """The app's default Many / Medium / Few: ImageNet-LT's thresholds (> 100, < 20) when the counts span them, else thirds."""
    if max(counts) > 100 and min(counts) < 20:
        return [("many" if n > 100 else "few" if n < 20 else "medium") for n in counts], {"kind": "thresholds", "many": 100, "few": 20}
    order = sorted(range(len(counts)), key=lambda i: (-counts[i], i))
    third, c = js_round(len(counts) / 3), len(counts)
    splits = ["medium"] * c
    for rank, i in enumerate(order):
        splits[i] = "many" if rank < third else "few" if rank >= c - third else "medium"
    return splits, {"kind": "thirds"}


def train_benchmark(args):
    """The exported run's method on a full-size benchmark (benchmarks.py), data-parallel under torchrun."""
    import benchmarks

    rank, world, device = setup(args.device)
    FAST_NOISE[0] = True
    with open(os.path.join(args.export, "run.json"), encoding="utf-8") as f:
        config = json.load(f)
    with open(os.path.join(args.export, "data.json"), encoding="utf-8") as f:
        params = json.load(f)["methodParams"]
    preset = dict(benchmarks.PRESETS[args.data])
    if args.preset:
        config["optimizer"] = {"kind": "sgd", "learningRate": preset["lr"], "momentum": 0.9, "weightDecay": preset["wd"]}
        config["epochs"], config["batchSize"] = preset["epochs"], preset["batch"]
    config["epochs"] = args.epochs or config["epochs"]
    config["batchSize"] = args.batch_size or config["batchSize"]
    rho = args.imbalance or preset["rho"] or 1
    train_set, test_set, names, counts, test_counts = benchmarks.load_benchmark(args.data, args.data_root, rho, config["seed"])
    splits, rule = assign_splits(counts)
    data = {"name": f"{args.data} (ρ {rho:g})" if args.data != "imagenet-lt" else "imagenet-lt", "classes": len(names),
            "classNames": names, "inputShape": [], "methodParams": params, "splits": splits, "splitRule": rule,
            "train": {"counts": counts}, "test": {"counts": test_counts},
            "train_x": torch.zeros(0), "train_y": torch.tensor(train_set.labels), "test_x": torch.zeros(0),
            "test_y": torch.tensor(test_set.labels)}
    model_name = args.model or preset["model"]
    torch.manual_seed(config["seed"])
    run = Run(config, data, device, rank, world, amp=args.amp,
              backbone=lambda part, experts=None: benchmarks.build_benchmark_backbone(model_name, part, args.blocks, experts))
    base_lr = config["optimizer"]["learningRate"]
    checkpoint = args.checkpoint
    history = load_checkpoint(run, checkpoint).get("history", []) if checkpoint and os.path.exists(checkpoint) else []

    def loader(dataset, batches):
        return torch.utils.data.DataLoader(dataset, batch_sampler=batches, num_workers=args.workers,
                                           pin_memory=device.type == "cuda")

    def test_probabilities():
        run.model.eval()
        n = len(test_set)
        probs = torch.zeros(n, run.classes, device=device)
        rows = list(range(rank, n, world))
        batches = [rows[i:i + 256] for i in range(0, len(rows), 256)]
        for idx, (x, _) in zip(batches, loader(test_set, batches)):
            with torch.no_grad(), torch.autocast(device.type, enabled=run.amp):
                probs[torch.tensor(idx, device=device)] = torch.softmax(run.prediction_logits(x.to(device)).float(), 1)
        if world > 1:
            torch.distributed.all_reduce(probs)
        run.model.train()
        return probs.cpu()

    started = time.perf_counter()
    metrics = None
    while not run.done:
        run.enter_stage_if_due()
        epoch = run.step // run.steps_per_epoch
        run.order = run.next_epoch_order()
        batches = [run.order[i:i + run.batch_size][rank::world] for i in range(0, len(run.order), run.batch_size)]
        loss_sum = 0.0
        stage_rate = run.second_stage_rate()  # a stage with its own schedule (RIDE's router) keeps it
        for x, y in loader(train_set, batches):
            for group in run.optimizer.param_groups:
                group["lr"] = stage_rate if stage_rate is not None else \
                    base_lr * benchmarks.lr_factor(preset, run.step / run.steps_per_epoch, config["epochs"])
            loss_sum += float(run.train_step(x.to(device, non_blocking=True), y.to(device, non_blocking=True)))
        if (epoch + 1) % args.eval_every == 0 or run.done:
            metrics = evaluate(test_probabilities(), data["test_y"], run.classes, splits)
            history.append({"step": run.step, "epoch": run.step / run.steps_per_epoch, "trainLoss": loss_sum / run.steps_per_epoch,
                            "testLoss": metrics["loss"], "accuracy": metrics["accuracy"], "balancedAccuracy": metrics["balancedAccuracy"],
                            "splits": metrics["splits"], "ece": metrics["ece"]})
            if rank == 0:
                print(f"epoch {epoch + 1}: loss {loss_sum / run.steps_per_epoch:.4f}, accuracy {metrics['accuracy']:.4f}, "
                      f"splits {metrics['splits']}", flush=True)
        if checkpoint and rank == 0:
            save_checkpoint(run, checkpoint, {"history": history})
    extra = {"torch": torch.__version__, "device": device.type, "worldSize": world,
             "benchmark": {"data": args.data, "imbalance": rho, "model": model_name, "amp": run.amp, "preset": args.preset}}
    if run.aggregation_weights is not None:
        def test_batch(rows):
            return torch.stack([test_set[i][0] for i in rows]).to(device)
        run.model.eval()
        extra["testTimeAggregation"] = run.test_time_aggregation(test_batch)
    if metrics is None or run.aggregation_weights is not None:
        metrics = evaluate(test_probabilities(), data["test_y"], run.classes, splits)
    if rank == 0:
        elapsed = (time.perf_counter() - started) * 1000
        out = args.out or os.path.join(args.export, f"results-{args.data}.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(results_json(config, data, run, metrics, history, {"trainMs": elapsed, "evalMs": 0, "stepsPerSecond": None}, extra), f, indent=2)
        print(f"accuracy {metrics['accuracy']:.4f}, many/medium/few {metrics['splits']}, ECE {metrics['ece']:.4f} -> {out}")
    finish(world)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Reproduce a Long-Tail Lab run with PyTorch.")
    parser.add_argument("--export", default=here, help="folder holding run.json and data.json (default: this file's folder)")
    parser.add_argument("--out", default=None, help="results JSON to write (default: results.json in the export folder)")
    parser.add_argument("--device", default="auto", help="auto (a GPU when there is one), cpu or cuda")
    parser.add_argument("--eval-every", type=int, default=1, help="evaluate every N epochs")
    parser.add_argument("--check-steps", type=int, default=0, help="print the first N training losses as JSON and stop")
    parser.add_argument("--checkpoint", default=None, help="save a checkpoint here after every epoch; resume from it when it exists")
    bench = parser.add_argument_group("full-size benchmarks (benchmarks.py): the run's method on other data and models")
    bench.add_argument("--data", choices=["cifar10-lt", "cifar100-lt", "imagenet-lt"], default=None)
    bench.add_argument("--data-root", default=".", help="folder holding cifar-10-batches-py/, cifar-100-python/ or ImageNet-LT's split files")
    bench.add_argument("--imbalance", type=float, default=None, help="CIFAR-LT's ρ = n_max / n_min (default 100)")
    bench.add_argument("--model", choices=["resnet32", "resnet50"], default=None, help="default: resnet32 for CIFAR, resnet50 for ImageNet-LT")
    bench.add_argument("--preset", action="store_true", help="the authors' epochs, batch size, SGD and learning-rate schedule")
    bench.add_argument("--blocks", type=int, default=5,
                       help="ResNet-32's basic blocks per group: 5 (ResNet-32), 3 (ResNet-20), 1 (ResNet-8, a quick smoke run)")
    bench.add_argument("--epochs", type=int, default=None)
    bench.add_argument("--batch-size", type=int, default=None)
    bench.add_argument("--amp", action="store_true", help="mixed precision (CUDA)")
    bench.add_argument("--workers", type=int, default=4, help="DataLoader worker processes")
    parser.add_argument("--list-methods", action="store_true", help="print the method ids this file implements")
    parser.add_argument("folders", nargs="*", help="--check-steps: export folders to check (default: --export)")
    args = parser.parse_args(argv)
    if args.list_methods:
        print(json.dumps(list(METHODS)))
    elif args.check_steps > 0:
        torch.set_num_threads(1)
        check_steps(args.folders or [args.export], args.check_steps)
    elif args.data:
        train_benchmark(args)
    else:
        train(args.export, args.out or os.path.join(args.export, "results.json"), args.device, args.eval_every, args.checkpoint)


if __name__ == "__main__":
    sys.exit(main())
