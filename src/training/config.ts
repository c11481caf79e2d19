import { z } from 'zod';
import { IMAGE_DATASETS, isImageDataset } from './data/catalog';
import { profileCounts, TEST_RHO_CHOICES } from './data/longtail';
import { findMethod, METHODS } from './methods/registry';

/**
 * The one schema of a run's configuration: types, defaults and bounds side by side. The UI's
 * inputs, the worker and (later) share links all validate against it. Bounds on everything that
 * drives cost (examples, epochs, model size) keep a bad link from freezing a tab.
 */
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

const int = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);
const num = (min: number, max: number, fallback: number) => z.number().min(min).max(max).default(fallback);

export const datasetSchema = z.object({
  kind: z.enum(['blobs', 'spiral', 'fashion-mnist', 'digits']).default('blobs'),
  /** 2-D data: classes generated; image data: the first `classes` classes of the dataset. */
  classes: int(3, 20, 10),
  profile: z.enum(['exponential', 'step']).default('exponential'),
  /** Imbalance ratio ρ = n_max / n_min. */
  rho: num(1, 1000, 100),
  /** Training examples of the most frequent class. */
  nMax: int(10, 6000, 500),
  /** Step profile: fraction of head classes μ. */
  headFraction: num(0.1, 0.9, 0.5),
  noise: num(0.1, 2, 0.8),
  testDistribution: z.enum(['uniform', 'forward', 'backward']).default('uniform'),
  testRho: z.literal(TEST_RHO_CHOICES).default(10),
  testPerClass: int(10, 1000, 100),
});

export const modelSchema = z.object({
  /** 'cnn' needs an image dataset. */
  kind: z.enum(['mlp', 'cnn']).default('mlp'),
  /** MLP: units per hidden layer. */
  width: int(4, 512, 64),
  /** MLP: hidden layers. */
  depth: int(1, 4, 2),
  /** CNN: filters of the first and second conv + pool blocks, and units of the dense layer. */
  filters1: int(4, 64, 16),
  filters2: int(4, 128, 32),
  dense: int(8, 256, 64),
});

export const optimizerSchema = z.object({
  kind: z.enum(['sgd', 'adam']).default('adam'),
  learningRate: num(1e-5, 1, 0.01),
  momentum: num(0, 0.99, 0.9),
});

export const splitsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auto') }),
  z.object({ kind: z.literal('thirds') }),
  z.object({ kind: z.literal('thresholds'), many: int(1, 5000, 100), few: int(1, 5000, 20) }),
]);

const runConfigObject = z.object({
    seed: int(0, 2 ** 31 - 1, 1),
    dataset: datasetSchema.prefault({}),
    model: modelSchema.prefault({}),
    optimizer: optimizerSchema.prefault({}),
    batchSize: int(8, 1024, 128),
    epochs: int(1, 500, 30),
    method: z
      .object({ id: z.string().default('ce'), params: z.record(z.string(), z.number()).default({}) })
      .prefault({}),
    splits: splitsSchema.default({ kind: 'auto' }),
    backend: z.enum(BACKENDS).default('auto'),
});

export const runConfigSchema = runConfigObject.superRefine((config, ctx) => {
    const method = findMethod(config.method.id);
    if (!method) {
      ctx.addIssue({
        code: 'custom',
        path: ['method', 'id'],
        message: `unknown method "${config.method.id}" (known: ${METHODS.map((m) => m.id).join(', ')})`,
      });
      return;
    }
    for (const [key, value] of Object.entries(config.method.params)) {
      const spec = method.params.find((p) => p.key === key);
      if (!spec) {
        ctx.addIssue({ code: 'custom', path: ['method', 'params', key], message: `${method.label} has no parameter "${key}"` });
      } else if (!(value >= spec.min && value <= spec.max)) {
        ctx.addIssue({
          code: 'custom',
          path: ['method', 'params', key],
          message: `${spec.label} must be between ${spec.min} and ${spec.max}`,
        });
      }
    }
    checkDataFits(config, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    if (config.splits.kind === 'thresholds' && config.splits.few > config.splits.many) {
      ctx.addIssue({ code: 'custom', path: ['splits', 'few'], message: 'the Few threshold must not exceed the Many threshold' });
    }
  });

/** Image datasets: the pools must hold what the profile asks for; the CNN needs images. */
function checkDataFits(config: z.infer<typeof runConfigObject>, issue: (path: string[], message: string) => void): void {
  const d = config.dataset;
  if (!isImageDataset(d.kind)) {
    if (config.model.kind === 'cnn') issue(['model', 'kind'], 'the CNN needs an image dataset (Fashion-MNIST or digits); 2-D points need the MLP');
    return;
  }
  const info = IMAGE_DATASETS[d.kind];
  if (d.classes > info.trainPool.length) {
    issue(['dataset', 'classes'], `${info.label} has ${info.trainPool.length} classes`);
    return;
  }
  const counts = profileCounts({ kind: d.profile, classes: d.classes, nMax: d.nMax, rho: d.rho, headFraction: d.headFraction });
  const short = counts.findIndex((n, c) => n > (info.trainPool[c] ?? 0));
  if (short >= 0) issue(['dataset', 'nMax'], `${info.label} has ${info.trainPool[short]} training images of class ${short}; this profile asks for ${counts[short]}`);
  const testMax = Math.min(...info.testPool.slice(0, d.classes));
  if (d.testPerClass > testMax) issue(['dataset', 'testPerClass'], `${info.label} has at most ${testMax} test images per class`);
}

export type RunConfig = z.infer<typeof runConfigSchema>;
export type DatasetConfig = RunConfig['dataset'];

export function defaultRunConfig(): RunConfig {
  return runConfigSchema.parse({});
}

export type ParseResult = { ok: true; config: RunConfig } | { ok: false; errors: string[] };

/** Validates untrusted input (a form, a link, a message) into a config, or readable errors. */
export function parseRunConfig(input: unknown): ParseResult {
  const result = runConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`),
  };
}

export interface NumberBounds {
  min: number;
  max: number;
  integer: boolean;
}

/** The bounds of a number field of the schema, so that inputs never restate them. */
export function numberBounds(field: z.ZodType): NumberBounds {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodNumber)) throw new Error('numberBounds expects a number field');
  return { min: inner.minValue ?? -Infinity, max: inner.maxValue ?? Infinity, integer: inner.isInt };
}

const shape = runConfigSchema.shape;
/** Bounds of every numeric setting, read from the schema. */
export const BOUNDS = {
  seed: numberBounds(shape.seed),
  batchSize: numberBounds(shape.batchSize),
  epochs: numberBounds(shape.epochs),
  classes: numberBounds(datasetSchema.shape.classes),
  rho: numberBounds(datasetSchema.shape.rho),
  nMax: numberBounds(datasetSchema.shape.nMax),
  headFraction: numberBounds(datasetSchema.shape.headFraction),
  noise: numberBounds(datasetSchema.shape.noise),
  testPerClass: numberBounds(datasetSchema.shape.testPerClass),
  width: numberBounds(modelSchema.shape.width),
  depth: numberBounds(modelSchema.shape.depth),
  learningRate: numberBounds(optimizerSchema.shape.learningRate),
  momentum: numberBounds(optimizerSchema.shape.momentum),
} as const;
