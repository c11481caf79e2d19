import './zodSetup';
import { z } from 'zod';
import { IMAGE_DATASETS, isImageDataset } from './data/catalog';
import { profileCounts, TEST_RHO_CHOICES, type ProfileSpec } from './data/longtail';
import { findMethod, METHODS } from './methods/registry';
import {
  choice,
  int,
  num,
  numberBounds,
  profileSchema,
  settingMeta,
  settingsRegistry,
  testDistributionSchema,
  unwrapField,
  type SettingMeta,
} from './settings';
import { checkUnlabelled, unlabelledSchema } from './unlabelled/settings';

/**
 * The one schema of a run's configuration: types, defaults and bounds side by side. The UI's
 * inputs, the worker and (later) share links all validate against it. Bounds on everything that
 * drives cost (examples, epochs, model size) keep a bad link from freezing a tab.
 */
const BACKEND_LABELS = {
  auto: 'Auto (fastest available)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (plain JavaScript)',
} as const;
const backendSchema = choice(BACKEND_LABELS, 'auto', {
  label: 'Backend',
  help: 'Where tfjs computes: the GPU (WebGPU, WebGL), WebAssembly or plain JavaScript. Auto takes the fastest this browser offers; results agree across backends up to rounding.',
});
export const BACKENDS = backendSchema.unwrap().options;
export type BackendChoice = z.infer<typeof backendSchema>;
export type BackendName = Exclude<BackendChoice, 'auto'>;

const DATASET_LABELS = {
  blobs: 'Gaussian blobs (2-D)',
  spiral: 'Spiral arms (2-D)',
  'fashion-mnist': IMAGE_DATASETS['fashion-mnist'].label,
  digits: IMAGE_DATASETS.digits.label,
  own: 'Your own data (CSV or images, kept in this browser)',
  'assoc-memory': 'Associative memory (keys → values, one linear map)',
} as const;
const OWN = { key: 'dataset.kind', oneOf: ['own'] } as const;
/** Set by the import panel, never typed: shown nowhere in the settings panel. */
const NEVER = { key: 'dataset.kind', oneOf: [] } as const;
const TWO_D = ['blobs', 'spiral'] as const;
const ASSOC = { key: 'dataset.kind', oneOf: ['assoc-memory'] } as const;

export const datasetSchema = z.object({
  kind: choice(DATASET_LABELS, 'blobs', { label: 'Dataset', help: 'Two-dimensional points one can see the decision boundary of, or small images.' }),
  /** 2-D data: classes generated; image data: the first `classes` classes of the dataset. */
  classes: int(3, 20, 10, { label: 'Classes', help: 'Number of classes: generated for 2-D data, the first ones of an image dataset.' }),
  profile: profileSchema,
  /** Imbalance ratio ρ = n_max / n_min. */
  rho: num(1, 1000, 100, {
    label: 'Imbalance ratio ρ',
    hint: 'n_max / n_min; 1 is balanced',
    help: 'Training examples of the largest class over those of the smallest: 1 is balanced, 100 is CIFAR-100-LT’s usual setting.',
  }),
  /** Training examples of the most frequent class. */
  nMax: int(10, 6000, 500, { label: 'Examples of the largest class', hint: 'n_max', help: 'Training examples of the most frequent class (n_max); the others follow from the profile and ρ.' }),
  /** Step profile: fraction of head classes μ. */
  headFraction: num(0.1, 0.9, 0.5, {
    label: 'Head fraction μ',
    help: 'Step profile: the fraction of classes that are head classes with n_max examples; the rest get n_max / ρ.',
    step: 0.05,
    shownWhen: { key: 'dataset.profile', oneOf: ['step'] },
  }),
  noise: num(0.1, 2, 0.8, {
    label: 'Class overlap (noise)',
    hint: 'more overlap, more to lose in the tail',
    help: 'Spread of the 2-D points around their class centres: the more the classes overlap, the more a head class can take from a tail class.',
    step: 0.1,
    shownWhen: { key: 'dataset.kind', oneOf: TWO_D },
  }),
  /** Associative memory: dimension d of the orthonormal keys and values (d ≥ classes). */
  memoryDim: int(8, 128, 64, {
    label: 'Key and value dimension d',
    help: 'The associative memory stores one random orthonormal key → value pair per class in d dimensions (d ≥ classes); its model is one d × d matrix W.',
    shownWhen: ASSOC,
  }),
  testDistribution: testDistributionSchema,
  testRho: z.literal(TEST_RHO_CHOICES).default(10).register(settingsRegistry, {
    label: 'Test imbalance ρ_test',
    help: 'Imbalance ratio of a long-tailed test set (SADE tests with 2, 5, 10, 25 and 50).',
    shownWhen: { key: 'dataset.testDistribution', oneOf: ['forward', 'backward'] },
  }),
  testPerClass: int(10, 1000, 100, { label: 'Test examples per class', help: 'Test examples of each class before a long-tailed test distribution thins them.' }),
  /** Own data: the SHA-256 of the imported file; the data itself stays in this browser. */
  ownHash: z
    .string()
    .regex(/^([0-9a-f]{64})?$/)
    .default('')
    .register(settingsRegistry, { label: 'Own data (content hash)', help: 'SHA-256 of the imported file: a link carries it, never the data.', shownWhen: NEVER }),
  ownName: z.string().max(200).default('').register(settingsRegistry, { label: 'Own data (file name)', help: 'The name of the imported file, to ask for it by name.', shownWhen: NEVER }),
  ownDistribution: choice({ natural: 'As found (natural)', exponential: 'Re-profiled: exponential', step: 'Re-profiled: step' }, 'natural', {
    label: 'Training distribution',
    help: 'Keep every training row as found, or draw a long-tailed profile from it (with n_max and ρ above, within what each class holds).',
    shownWhen: OWN,
  }),
  ownTestFraction: num(0.05, 0.5, 0.2, {
    label: 'Held-out test fraction',
    help: 'The fraction of each class held out for testing (of the smallest class when the test set is balanced); fixed by the seed.',
    step: 0.05,
    shownWhen: OWN,
  }),
  ownTest: choice({ balanced: 'Balanced', natural: 'Natural (as found)' }, 'balanced', {
    label: 'Test split',
    help: 'A balanced test set (as many rows of each class) or one with the classes in their natural proportions.',
    shownWhen: OWN,
  }),
});
export type DatasetConfig = z.infer<typeof datasetSchema>;

const mlpOnly = { key: 'model.kind', oneOf: ['mlp'] } as const;
const cnnOnly = { key: 'model.kind', oneOf: ['cnn'] } as const;
const vitOnly = { key: 'model.kind', oneOf: ['vit'] } as const;

export const modelSchema = z.object({
  /** 'cnn' and 'vit' need an image dataset; 'assoc' is the associative memory's own model. */
  kind: choice({ mlp: 'MLP (fully connected)', cnn: 'CNN (images only)', vit: 'ViT (images only)', assoc: 'Linear memory W (associative memory only)' }, 'mlp', {
    label: 'Model',
    help: 'A fully connected network (any data), a small convolutional network or a tiny vision transformer (4 × 4 patches; images only; it wants a smaller learning rate, e.g. Adam 3e-3), or the associative memory’s single linear map W (no bias; that dataset only).',
  }),
  /** MLP: units per hidden layer. */
  width: int(4, 512, 64, { label: 'Hidden units per layer', help: 'Units of each hidden layer of the MLP.', shownWhen: mlpOnly }),
  /** MLP: hidden layers. */
  depth: int(1, 4, 2, { label: 'Hidden layers', help: 'Hidden layers of the MLP.', shownWhen: mlpOnly }),
  /** CNN: filters of the first and second conv + pool blocks, and units of the dense layer. */
  filters1: int(4, 64, 16, { label: 'Filters, first conv block', help: 'Filters of the CNN’s first convolution and pooling block.', shownWhen: cnnOnly }),
  filters2: int(4, 128, 32, { label: 'Filters, second conv block', help: 'Filters of the CNN’s second convolution and pooling block.', shownWhen: cnnOnly }),
  dense: int(8, 256, 64, { label: 'Dense units', help: 'Units of the CNN’s dense layer before the classifier.', shownWhen: cnnOnly }),
  /** ViT (models/vit.ts): token width, pre-norm blocks and attention heads (heads divide the width). */
  vitWidth: int(16, 128, 64, { label: 'ViT width', help: 'Features per token of the vision transformer (a multiple of its heads).', shownWhen: vitOnly }),
  vitBlocks: int(1, 4, 2, { label: 'ViT blocks', help: 'Pre-norm transformer blocks (attention, then a GELU MLP of twice the width).', shownWhen: vitOnly }),
  vitHeads: int(1, 8, 4, { label: 'ViT attention heads', help: 'Attention heads of each block; the width must be a multiple of them.', shownWhen: vitOnly }),
});

export const optimizerSchema = z.object({
  kind: choice({ adam: 'Adam', sgd: 'SGD with momentum', muon: 'Muon (hidden matrices) + AdamW' }, 'adam', {
    label: 'Optimiser',
    help: 'Adam trains the small models here quickly with little tuning; SGD with momentum is what the papers use; Muon orthogonalises the update of each hidden weight matrix (the rest: AdamW at the learning rate above).',
  }),
  learningRate: num(1e-5, 1, 0.01, { label: 'Learning rate', help: 'Step size of the optimiser.' }),
  momentum: num(0, 0.99, 0.9, {
    label: 'Momentum',
    help: 'SGD’s heavy-ball momentum: the fraction of the last step kept in the next.',
    step: 0.05,
    shownWhen: { key: 'optimizer.kind', oneOf: ['sgd'] },
  }),
  muonLearningRate: num(1e-4, 1, 0.02, {
    label: 'Muon learning rate',
    help: 'Muon’s step for the hidden weight matrices (spectral norm per update; 0.02 in KellerJordan/Muon). The learning rate above is the auxiliary AdamW’s, for the first layer, the head and the biases.',
    step: 0.005,
    shownWhen: { key: 'optimizer.kind', oneOf: ['muon'] },
  }),
  weightDecay: num(0, 0.1, 0, { label: 'Weight decay', help: 'L2: λ·w added to every gradient (PyTorch’s weight_decay, for SGD and Adam). Kang et al.: SGD, momentum 0.9, 5e-4. Muon: decoupled, w ← w·(1 − lr·λ) in both groups, as KellerJordan/Muon.', step: 0.0001 }),
});
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

const thresholdsSplit = z.object({
  kind: z.literal('thresholds'),
  many: int(1, 5000, 100, { label: 'Many: more than', help: 'Classes with more training examples than this are Many-shot.' }),
  few: int(1, 5000, 20, { label: 'Few: fewer than', help: 'Classes with fewer training examples than this are Few-shot.' }),
});

export const splitsSchema = z
  .discriminatedUnion('kind', [z.object({ kind: z.literal('auto') }), thresholdsSplit, z.object({ kind: z.literal('thirds') })])
  .default({ kind: 'auto' })
  .register(settingsRegistry, {
    label: 'Many / Medium / Few',
    help: 'How classes are grouped for the Many / Medium / Few accuracies.',
    options: { auto: 'Automatic', thresholds: 'By example count', thirds: 'Thirds by frequency' },
    optionHints: { auto: '> 100 / 20–100 / < 20 examples when the counts span them, else thirds' },
  });
export type SplitsConfig = z.infer<typeof splitsSchema>;
export type SplitsKind = SplitsConfig['kind'];

const runConfigObject = z.object({
    seed: int(0, 2 ** 31 - 1, 1, { label: 'Seed', hint: 'same seed, same data and initial weights', help: 'Seeds the data, the initial weights and the batch order: the same seed gives the same run.' }),
    dataset: datasetSchema.prefault({}),
    model: modelSchema.prefault({}),
    optimizer: optimizerSchema.prefault({}),
    batchSize: int(8, 1024, 128, { label: 'Batch size', help: 'Training examples per step.' }),
    epochs: int(1, 500, 30, { label: 'Epochs', help: 'Passes over the training set.' }),
    method: z
      .object({ id: z.string().default('ce'), params: z.record(z.string(), z.number()).default({}) })
      .prefault({}),
    splits: splitsSchema,
    backend: backendSchema,
    unlabelled: unlabelledSchema.prefault({}),
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
      } else if (spec.choices && !spec.choices.some((c) => c.value === value)) {
        const options = spec.choices.map((c) => `${c.value} (${c.label})`).join(', ');
        ctx.addIssue({ code: 'custom', path: ['method', 'params', key], message: `${spec.label} must be one of ${options}` });
      }
    }
    if (method.model && config.model.kind !== method.model) {
      ctx.addIssue({ code: 'custom', path: ['model', 'kind'], message: `${method.label} needs the ${method.model.toUpperCase()} model` });
    }
    checkDataFits(config, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    checkUnlabelled(config, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    if (config.splits.kind === 'thresholds' && config.splits.few > config.splits.many) {
      ctx.addIssue({ code: 'custom', path: ['splits', 'few'], message: 'the Few threshold must not exceed the Many threshold' });
    }
  });

/** Image datasets: the pools must hold what the profile asks for; the CNN needs images. */
function checkDataFits(config: z.infer<typeof runConfigObject>, issue: (path: string[], message: string) => void): void {
  const d = config.dataset;
  if (d.kind === 'own') {
    // No hash yet is allowed: one chooses "own" first, then imports; the worker asks for the file.
    // Whether own data are images is known once they are loaded: the worker refuses a CNN on a table.
    return;
  }
  if (d.kind === 'assoc-memory' || config.model.kind === 'assoc') {
    if (d.kind !== 'assoc-memory') issue(['model', 'kind'], 'the linear memory W is the associative memory’s model: choose the MLP or the CNN for this dataset');
    else if (config.model.kind !== 'assoc') issue(['model', 'kind'], 'the associative memory takes its own model, the single linear map W (Model: Linear memory W)');
    else if (findMethod(config.method.id)?.family === 'module') issue(['method', 'id'], 'the linear memory W is one matrix: multi-expert methods need a backbone to share');
    else if (d.memoryDim < d.classes) issue(['dataset', 'memoryDim'], `d = ${d.memoryDim} holds at most ${d.memoryDim} orthonormal keys: choose d ≥ ${d.classes} classes`);
    return;
  }
  if (!isImageDataset(d.kind)) {
    if (config.model.kind !== 'mlp') issue(['model', 'kind'], `the ${config.model.kind.toUpperCase()} needs an image dataset (Fashion-MNIST or digits); 2-D points need the MLP`);
    return;
  }
  if (config.model.kind === 'vit' && config.model.vitWidth % config.model.vitHeads !== 0) {
    issue(['model', 'vitHeads'], `the ViT's width (${config.model.vitWidth}) must be a multiple of its heads (${config.model.vitHeads})`);
  }
  const info = IMAGE_DATASETS[d.kind];
  if (d.classes > info.trainPool.length) {
    issue(['dataset', 'classes'], `${info.label} has ${info.trainPool.length} classes`);
    return;
  }
  const counts = profileCounts(profileOf(d));
  const short = counts.findIndex((n, c) => n > (info.trainPool[c] ?? 0));
  if (short >= 0) issue(['dataset', 'nMax'], `${info.label} has ${info.trainPool[short]} training images of class ${short}; this profile asks for ${counts[short]}`);
  const testMax = Math.min(...info.testPool.slice(0, d.classes));
  if (d.testPerClass > testMax) issue(['dataset', 'testPerClass'], `${info.label} has at most ${testMax} test images per class`);
}

export type RunConfig = z.infer<typeof runConfigSchema>;

/** The long-tail profile a dataset config asks for. */
export function profileOf(d: Pick<DatasetConfig, 'profile' | 'classes' | 'nMax' | 'rho' | 'headFraction'>): ProfileSpec {
  return { kind: d.profile, classes: d.classes, nMax: d.nMax, rho: d.rho, headFraction: d.headFraction };
}

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


/** Dotted keys of a config's settings ('dataset.rho'), groups included. */
type Keys<T, P extends string = ''> = T extends object
  ? { [K in keyof T & string]: `${P}${K}` | (T[K] extends object ? Keys<T[K], `${P}${K}.`> : never) }[keyof T & string]
  : never;
/** A setting a person chooses for all runs alike: everything of a run config but its method. */
export type SettingKey = Keys<Omit<RunConfig, 'method'>>;

export interface SettingField {
  key: SettingKey;
  field: z.ZodType;
  meta: SettingMeta;
}

/**
 * Every shared setting in schema order, read from the schema: objects are walked into, a
 * discriminated union is one setting (its kind) plus the fields of its variants.
 */
function collectSettings(shape: Record<string, z.ZodType>, prefix: string, out: SettingField[]): SettingField[] {
  for (const [name, field] of Object.entries(shape)) {
    if (prefix === '' && name === 'method') continue;
    const key = `${prefix}${name}` as SettingKey;
    const inner = unwrapField(field);
    if (inner instanceof z.ZodObject) {
      collectSettings(inner.shape as Record<string, z.ZodType>, `${key}.`, out);
      continue;
    }
    // A setting without metadata still shows (by its key); the settings test asks for a label.
    out.push({ key, field, meta: settingMeta(field) ?? { label: key, help: '' } });
    if (inner instanceof z.ZodDiscriminatedUnion) {
      const seen = new Set<string>();
      for (const variant of inner.options as z.ZodObject[]) {
        const variantShape = Object.fromEntries(Object.entries(variant.shape as Record<string, z.ZodType>).filter(([k]) => k !== 'kind' && !seen.has(k)));
        Object.keys(variantShape).forEach((k) => seen.add(k));
        collectSettings(variantShape, `${key}.`, out);
      }
    }
  }
  return out;
}

export const SETTINGS: readonly SettingField[] = collectSettings(runConfigObject.shape, '', []);
const SETTINGS_BY_KEY = new Map(SETTINGS.map((s) => [s.key as string, s]));

/** The schema field and metadata of a setting, or undefined for a key that names none. */
export function findSetting(key: string): SettingField | undefined {
  return SETTINGS_BY_KEY.get(key);
}

export function settingLabel(key: SettingKey): string {
  return findSetting(key)?.meta.label ?? key;
}

/** The label of one value of a choice, as its menu shows it. */
export function optionLabel(key: SettingKey, value: string | number): string {
  return findSetting(key)?.meta.options?.[String(value)] ?? String(value);
}

export { numberBounds, type NumberBounds } from './settings';

const shape = runConfigSchema.shape;
/** Bounds of the numeric settings other modules check values against, read from the schema. */
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
