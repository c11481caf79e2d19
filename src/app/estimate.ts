/**
 * How long a run will take: before Start from its settings and the speed this browser has
 * measured, and while it trains from its own measured speed. Pure functions; the UI and the
 * confirmation before a costly start read them.
 */
import { profileOf, type RunConfig } from '../training/config';
import { IMAGE_DATASETS, isImageDataset } from '../training/data/catalog';
import { profileCounts } from '../training/data/longtail';
import type { RunSnapshot } from '../training/snapshot';
import { SPEEDS, type Speed } from '../workers/protocol';
import { stepsWithUnlabelled } from '../training/unlabelled/pool';

/**
 * The prior speed model, for a browser that has measured nothing yet: a fixed cost per step plus
 * its floating-point work at a rate per kind of layer. Set from the speeds measured here (2 cores,
 * tfjs wasm; DESIGN.md): an MLP 32-256-256-10 step at batch 512 (234 MFLOP) took 121 ms, the
 * 2-64-64-10 step 2.1 ms, and the reference CNN step at batch 128 (≈ 860 MFLOP) 78 ms.
 */
export const PRIOR = { overheadMs: 2, denseFlopsPerMs: 2e6, convFlopsPerMs: 1.1e7 } as const;

/** A run that will take longer than this asks before it starts. */
export const CONFIRM_ABOVE_MS = 5 * 60_000;

/** Training steps of a run: examples from its long-tail profile, in batches, over its epochs (and its extra phase's). */
export function stepsOf(config: RunConfig): number {
  // With unlabelled data: the extra phase's steps too (unlabelled/pool.ts).
  return stepsWithUnlabelled(profileCounts(profileOf(config.dataset)), config.batchSize, config.epochs, config.unlabelled);
}

/**
 * Multiply-adds of one example's forward pass, split by layer kind (a training step costs about
 * three forward passes: forward, and two products backward).
 */
export function macsPerExample(config: RunConfig): { dense: number; conv: number } {
  const classes = config.dataset.classes;
  const m = config.model;
  if (m.kind === 'cnn' && isImageDataset(config.dataset.kind)) {
    const [h, w, c] = IMAGE_DATASETS[config.dataset.kind as keyof typeof IMAGE_DATASETS].shape;
    const conv = h * w * 9 * c * m.filters1 + (h / 2) * (w / 2) * 9 * m.filters1 * m.filters2;
    const flat = Math.floor(h / 4) * Math.floor(w / 4) * m.filters2;
    return { conv, dense: flat * m.dense + m.dense * classes };
  }
  if (m.kind === 'vit' && isImageDataset(config.dataset.kind)) {
    // 16 patches and a CLS token; per block q, k, v, output (4·n·W²), attention (2·n²·W), MLP ×2 (4·n·W²).
    const [h, w, c] = IMAGE_DATASETS[config.dataset.kind as keyof typeof IMAGE_DATASETS].shape;
    const n = 17;
    const width = m.vitWidth;
    return { conv: 0, dense: h * w * c * width + m.vitBlocks * (8 * n * width * width + 2 * n * n * width) + width * classes };
  }
  const input = isImageDataset(config.dataset.kind) ? IMAGE_DATASETS[config.dataset.kind as keyof typeof IMAGE_DATASETS].shape.reduce((a, b) => a * b, 1) : 2;
  return { conv: 0, dense: input * m.width + (m.depth - 1) * m.width * m.width + m.width * classes };
}

/** Milliseconds per step by the prior model. */
export function priorMsPerStep(config: RunConfig): number {
  const { dense, conv } = macsPerExample(config);
  const flops = (kind: number) => 6 * config.batchSize * kind; // 2 per MAC, × 3 passes
  return PRIOR.overheadMs + flops(dense) / PRIOR.denseFlopsPerMs + flops(conv) / PRIOR.convFlopsPerMs;
}

/** A speed this browser measured: a run's settings and its milliseconds per step. */
export interface Measured {
  config: RunConfig;
  msPerStep: number;
}

/** Share of training time that evaluation may take (the loop's EVALUATION_SHARE, src/training/run.ts). */
const EVALUATION_SHARE = 0.25;

/**
 * Milliseconds per step measured so far in a snapshot (pauses excluded), or null: training time
 * plus evaluation, which the loop keeps under a quarter of training time (the first, untrained
 * evaluation alone would otherwise weigh on the first seconds' estimate).
 */
export function measuredMsPerStep(s: RunSnapshot | undefined): number | null {
  if (!s || s.step <= 0 || !(s.trainMs > 0)) return null;
  const evalShare = Math.min(EVALUATION_SHARE, s.evalMs > 0 ? s.evalMs / s.trainMs : 0);
  return (s.trainMs / s.step) * (1 + evalShare);
}

/**
 * Milliseconds per step for `config`: the prior, scaled by how far this browser's measured runs
 * were from the prior (the most similar measurement counts; a measurement of the same model and
 * batch size is taken as it is), and never faster than the chosen speed allows.
 */
export function msPerStepFor(config: RunConfig, measured: readonly Measured[], speed: Speed = 'max'): number {
  const prior = priorMsPerStep(config);
  let estimate = prior;
  let best = Infinity;
  for (const m of measured) {
    if (!(m.msPerStep > 0) || !Number.isFinite(m.msPerStep)) continue;
    const ratio = m.msPerStep / priorMsPerStep(m.config);
    // Similarity: same model shape and batch first, then the nearest prior cost.
    const distance = Math.abs(Math.log(priorMsPerStep(m.config) / prior)) + (m.config.model.kind === config.model.kind ? 0 : 10);
    if (distance < best) {
      best = distance;
      estimate = prior * Math.min(20, Math.max(0.05, ratio));
    }
  }
  const rate = SPEEDS[speed];
  return Number.isFinite(rate) ? Math.max(estimate, 1000 / rate) : estimate;
}

/** Estimated milliseconds for a whole run. */
export function runMs(config: RunConfig, measured: readonly Measured[], speed: Speed = 'max'): number {
  return stepsOf(config) * msPerStepFor(config, measured, speed);
}

/**
 * Estimated milliseconds for several runs on `parallel` workers: they queue in batches of
 * `parallel`, and runs that share the machine share its cores (no faster in total).
 */
export function workspaceMs(configs: readonly RunConfig[], measured: readonly Measured[], speed: Speed, parallel: number, cores: number): number {
  const each = configs.map((c) => runMs(c, measured, speed));
  const total = each.reduce((a, b) => a + b, 0);
  // Runs in parallel gain only where cores are free for them.
  const speedup = Math.max(1, Math.min(parallel, cores - 1, configs.length));
  return Math.max(Math.max(0, ...each), total / speedup);
}

/** Time left for a training run, from its own measured speed; null before it has one. */
export function remainingMs(s: RunSnapshot | undefined, speed: Speed = 'max'): number | null {
  const ms = measuredMsPerStep(s);
  if (ms === null || !s) return null;
  const rate = SPEEDS[speed];
  const perStep = Number.isFinite(rate) ? Math.max(ms, 1000 / rate) : ms;
  return Math.max(0, s.totalSteps - s.step) * perStep;
}

/** A duration in words a person reads at a glance: "under a second", "about 4 min", "about 2.4 days". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const s = ms / 1000;
  if (s < 1) return 'under a second';
  if (s < 90) return `about ${Math.round(s)} s`;
  const min = s / 60;
  if (min < 90) return `about ${Math.round(min)} min`;
  const h = min / 60;
  if (h < 36) return `about ${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
  const d = h / 24;
  return `about ${d < 10 ? d.toFixed(1) : Math.round(d)} days`;
}
