import { z } from 'zod';
import { TEST_RHO_CHOICES } from './data/longtail';
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
  kind: z.enum(['blobs', 'spiral']).default('blobs'),
  classes: int(3, 20, 10),
  profile: z.enum(['exponential', 'step']).default('exponential'),
  /** Imbalance ratio ρ = n_max / n_min. */
  rho: num(1, 1000, 100),
  /** Training examples of the most frequent class. */
  nMax: int(10, 5000, 500),
  /** Step profile: fraction of head classes μ. */
  headFraction: num(0.1, 0.9, 0.5),
  noise: num(0.1, 2, 0.8),
  testDistribution: z.enum(['uniform', 'forward', 'backward']).default('uniform'),
  testRho: z.literal(TEST_RHO_CHOICES).default(10),
  testPerClass: int(10, 1000, 100),
});

export const modelSchema = z.object({ width: int(4, 512, 64), depth: int(1, 4, 2) });

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

export const runConfigSchema = z
  .object({
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
  })
  .superRefine((config, ctx) => {
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
    if (config.splits.kind === 'thresholds' && config.splits.few > config.splits.many) {
      ctx.addIssue({ code: 'custom', path: ['splits', 'few'], message: 'the Few threshold must not exceed the Many threshold' });
    }
  });

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
