import type { BackendName } from '../training/config';

export type BenchBackend = BackendName | `wasm:${number}`;

/** A fixed workload of the benchmark: a run config (validated like any other) and how to time it. */
export interface Scenario {
  id: string;
  label: string;
  config: Record<string, unknown>;
  /** Steps timed per backend (after warm-up steps), each a sample of the median. */
  timedSteps: number;
  warmupSteps: number;
  /**
   * Backends timed; the first is the baseline of the ratios. "wasm:1" is wasm without threads,
   * plain "wasm" uses one thread per core (needs cross-origin isolation).
   */
  backends: BenchBackend[];
  /** Backends on which the whole scenario is also run to the end (time to finish, final metrics). */
  finishOn: BenchBackend[];
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'mlp-2d',
    label: '2-D blobs, MLP 2-64-64-10, batch 128, Adam, 30 epochs (the default lesson)',
    config: {},
    timedSteps: 30,
    warmupSteps: 5,
    backends: ['cpu', 'wasm:1', 'wasm', 'webgl', 'webgpu'],
    finishOn: ['wasm:1'],
  },
  {
    // Muon's cost per step against mlp-2d's Adam: the same model and batch; its one hidden
    // 64 × 64 matrix takes 5 Newton–Schulz iterations (15 small matmuls) per step.
    id: 'mlp-2d-muon',
    label: '2-D blobs, MLP 2-64-64-10, batch 128, Muon (hidden 64 × 64) + AdamW, 30 epochs: mlp-2d with another optimiser',
    config: { optimizer: { kind: 'muon', learningRate: 0.01, muonLearningRate: 0.02 } },
    timedSteps: 30,
    warmupSteps: 5,
    backends: ['cpu', 'wasm:1', 'wasm', 'webgl', 'webgpu'],
    finishOn: ['wasm:1'],
  },
  {
    id: 'cnn-fashion',
    label: 'Reference: Fashion-MNIST-LT n_max 1,000, ρ 100, CNN conv16-pool-conv32-pool-dense64, Adam 1e-3, batch 128, 10 epochs',
    config: {
      dataset: { kind: 'fashion-mnist', nMax: 1000, rho: 100, testPerClass: 500 },
      model: { kind: 'cnn', filters1: 16, filters2: 32, dense: 64 },
      optimizer: { kind: 'adam', learningRate: 0.001 },
      batchSize: 128,
      epochs: 10,
    },
    timedSteps: 8,
    warmupSteps: 2,
    backends: ['webgl', 'wasm:1', 'wasm'],
    finishOn: ['wasm'],
  },
  {
    id: 'vit-fashion',
    label: 'ViT on the reference data: 4 × 4 patches of 7 × 7, width 64, 2 pre-norm blocks, 4 heads, MLP ×2, Adam 1e-3, batch 128 (ms per step against the CNN’s)',
    config: {
      dataset: { kind: 'fashion-mnist', nMax: 1000, rho: 100, testPerClass: 500 },
      model: { kind: 'vit', vitWidth: 64, vitBlocks: 2, vitHeads: 4 },
      optimizer: { kind: 'adam', learningRate: 0.001 },
      batchSize: 128,
      epochs: 10,
    },
    timedSteps: 8,
    warmupSteps: 2,
    backends: ['wasm:1', 'wasm'],
    finishOn: [],
  },
];
