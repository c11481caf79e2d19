#!/usr/bin/env python3
"""PyTorch times for the bench scenarios' models, on the machine the bench runs on.

The same shapes as src/bench/scenarios.ts: the 2-D MLP (2-64-64-10, batch 128) and the reference
CNN (28x28x1, conv16 3x3 same - relu - maxpool 2 - conv32 - relu - maxpool 2 - dense 64 - relu - 10,
batch 128), Adam, cross-entropy. One step = zero_grad, forward, loss, backward, Adam update and
reading the loss back (loss.item(), as the tfjs bench reads each step's loss). Random inputs:
only the time matters here. Prints JSON for `npm run bench:node -- --reference <file>`.
    python3 scripts/pytorch_reference.py [--steps 30] > pytorch.json
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


def mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


def cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
    )


SCENARIOS = {
    'mlp-2d': (mlp, (128, 2), 0.01),
    'cnn-fashion': (cnn, (128, 1, 28, 28), 0.001),
}


def step_times(build, shape, lr, device, steps, warmup):
    torch.manual_seed(0)
    model = build().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x = torch.randn(*shape, device=device)
    y = torch.randint(0, 10, (shape[0],), device=device)
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        loss.item()  # waits for the step, as the tfjs bench does
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=4)
    return {'medianMs': statistics.median(times), 'p25Ms': q[0], 'p75Ms': q[2], 'batchSize': shape[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--steps', type=int, default=30)
    parser.add_argument('--warmup', type=int, default=5)
    a = parser.parse_args()
    threads = torch.get_num_threads()
    devices = ['cpu', 'cpu2'] + (['cuda'] if torch.cuda.is_available() else [])
    out = {'torch': torch.__version__, 'cpuThreads': threads,
           'gpu': torch.cuda.get_device_name(0) if torch.cuda.is_available() else None, 'scenarios': {}}
    for name, (build, shape, lr) in SCENARIOS.items():
        out['scenarios'][name] = {}
        for device in devices:
            # cpu2: two threads, like the 2-core machine the PyTorch figures come from.
            torch.set_num_threads(2 if device == 'cpu2' else threads)
            out['scenarios'][name][device] = step_times(build, shape, lr, 'cpu' if device == 'cpu2' else device, a.steps, a.warmup)
    torch.set_num_threads(threads)
    print(json.dumps(out, indent=2))


if __name__ == '__main__':
    main()
