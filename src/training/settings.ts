import { z } from 'zod';

/**
 * What people read about a setting — its label, help and the labels of its choices — kept on the
 * schema next to its type, default and bounds (src/training/config.ts). The settings panel, link
 * error messages and lessons read it from here, so a new setting is one schema entry.
 */
export interface SettingMeta {
  label: string;
  /** One or two sentences: what the setting does and why one would change it. */
  help: string;
  /** A short line shown under the input (the help is its tooltip). */
  hint?: string;
  /** Labels of an enum's values, in the order menus list them. */
  options?: Readonly<Record<string, string>>;
  /** Hints shown under a menu while one of its values is chosen. */
  optionHints?: Readonly<Record<string, string>>;
  /** Input step where neither 1 nor "any" suits (fractions). */
  step?: number;
  /** Shown only while another setting (a dotted path) has one of these values. */
  shownWhen?: { key: string; oneOf: readonly (string | number)[] };
}

export const settingsRegistry = z.registry<SettingMeta>();

/** The metadata of a schema field, or undefined for a field without any. */
export function settingMeta(field: z.ZodType): SettingMeta | undefined {
  return settingsRegistry.get(field);
}

/**
 * A bounded number setting. Give it its label and help: without them it still works (labelled by
 * its key), but the settings unit test fails until they are written.
 */
export const int = (min: number, max: number, fallback: number, meta?: SettingMeta) => described(z.number().int().min(min).max(max).default(fallback), meta);
export const num = (min: number, max: number, fallback: number, meta?: SettingMeta) => described(z.number().min(min).max(max).default(fallback), meta);

function described<S extends z.ZodType>(schema: S, meta: SettingMeta | undefined): S {
  if (meta) settingsRegistry.add(schema, meta);
  return schema;
}

/** An enum whose values are the keys of `options`, each with its label, in menu order. */
export function choice<const O extends Readonly<Record<string, string>>>(options: O, fallback: keyof O & string, meta: Omit<SettingMeta, 'options'>) {
  const values = Object.keys(options) as [keyof O & string, ...(keyof O & string)[]];
  return z.enum(values).default(fallback).register(settingsRegistry, { ...meta, options });
}

/* The enums the data core needs as types live here, a module with no imports of the core, so
 * that data/longtail.ts can derive its types from them without an import cycle. */

export const profileSchema = choice({ exponential: 'Exponential (CIFAR-LT)', step: 'Step (head / tail)', power: 'Power law (Zipf)' }, 'exponential', {
  label: 'Long-tail profile',
  help: 'How class sizes fall from the head to the tail: exponentially (CIFAR-LT), a step from n_max to n_max / ρ, or a power law n_max·(c + 1)^(−α) with α = ln ρ / ln C (Zipf’s law when ρ = C).',
});
export type ProfileKind = z.infer<typeof profileSchema>;

export const testDistributionSchema = choice(
  { uniform: 'Uniform (balanced)', forward: 'Forward long-tailed', backward: 'Backward long-tailed' },
  'uniform',
  { label: 'Test distribution', help: 'The class distribution of the test set: balanced, or long-tailed in the training order or against it (SADE’s test-agnostic protocol).' },
);
export type TestDistributionKind = z.infer<typeof testDistributionSchema>;

/** Strips the default / prefault wrappers the schema puts around a field. */
export function unwrapField(field: z.ZodType): z.ZodType {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
  return inner;
}

export interface NumberBounds {
  min: number;
  max: number;
  integer: boolean;
}

/** The bounds of a number field of the schema, so that inputs never restate them. */
export function numberBounds(field: z.ZodType): NumberBounds {
  const inner = unwrapField(field);
  if (!(inner instanceof z.ZodNumber)) throw new Error('numberBounds expects a number field');
  return { min: inner.minValue ?? -Infinity, max: inner.maxValue ?? Infinity, integer: inner.isInt };
}

/** The values an enum or literal field allows, in schema order. */
export function fieldChoices(field: z.ZodType): (string | number)[] {
  const inner = unwrapField(field);
  if (inner instanceof z.ZodEnum) return inner.options as string[];
  if (inner instanceof z.ZodLiteral) return [...inner.values].filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  return [];
}
