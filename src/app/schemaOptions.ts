/**
 * What the settings panel shows of a setting, read from the run schema (labels, help, bounds,
 * choices): a setting added there appears in the panel, and a link that names it shows it,
 * without a change here.
 */
import { z } from 'zod';
import { findSetting, SETTINGS, type SettingField, type SettingKey } from '../training/config';
import { fieldChoices, numberBounds, unwrapField, type NumberBounds } from '../training/settings';
import type { SharedConfig } from './workspace';

export type { SettingKey };

export function setting(key: SettingKey): SettingField {
  const found = findSetting(key);
  if (!found) throw new Error(`no setting "${key}" in the schema`);
  return found;
}

/** The value of a setting in a config ('dataset.rho' → config.dataset.rho). */
export function valueAt(config: SharedConfig, key: SettingKey): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config);
}

/** A copy of the config with one setting changed; the objects on the way are copied, the rest shared. */
export function withValue(config: SharedConfig, key: SettingKey, value: unknown): SharedConfig {
  const set = (obj: Record<string, unknown>, [head, ...rest]: string[]): Record<string, unknown> =>
    head === undefined ? obj : { ...obj, [head]: rest.length ? set(obj[head] as Record<string, unknown>, rest) : value };
  return set(config as unknown as Record<string, unknown>, key.split('.')) as unknown as SharedConfig;
}

/** Whether a setting applies to the config (e.g. momentum only to SGD). */
export function isShown(config: SharedConfig, key: SettingKey): boolean {
  const when = setting(key).meta.shownWhen;
  return !when || when.oneOf.includes(valueAt(config, when.key as SettingKey) as string | number);
}

export type Input =
  | ({ kind: 'number' } & NumberBounds)
  | { kind: 'select'; options: { value: string; label: string }[]; numeric: boolean }
  /** A discriminated union: a menu of its kinds, then the fields of the chosen one. */
  | { kind: 'variants'; options: { value: string; label: string }[] }
  /** A text value another panel sets (own data's hash and name): no input of its own. */
  | { kind: 'hidden' };

/** Which input a setting needs, read from its schema type. */
export function inputOf(key: SettingKey): Input {
  const { field, meta } = setting(key);
  const inner = unwrapField(field);
  const label = (v: string | number) => meta.options?.[String(v)] ?? String(v);
  if (inner instanceof z.ZodNumber) return { kind: 'number', ...numberBounds(field) };
  if (inner instanceof z.ZodString) return { kind: 'hidden' };
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const kinds = Object.keys(meta.options ?? {});
    return { kind: 'variants', options: kinds.map((value) => ({ value, label: label(value) })) };
  }
  const choices = fieldChoices(field);
  if (!choices.length) throw new Error(`the setting "${key}" is neither a number nor a choice`);
  return { kind: 'select', options: choices.map((v) => ({ value: String(v), label: label(v) })), numeric: typeof choices[0] === 'number' };
}

/** The settings of one variant of a discriminated union setting ('splits' → 'splits.many', …). */
export function variantSettings(key: SettingKey, value: object): SettingKey[] {
  return SETTINGS.filter((s) => s.key.startsWith(`${key}.`) && s.key.slice(key.length + 1) in value).map((s) => s.key);
}

/** A union setting switched to another kind, its other fields at their defaults. */
export function variantDefault(key: SettingKey, kind: string): unknown {
  return setting(key).field.parse({ kind });
}

/** The settings under a group ('dataset' → 'dataset.kind', …) other than the fields of a union's variants. */
export function settingsUnder(group: string): SettingKey[] {
  const unions = SETTINGS.filter((s) => unwrapField(s.field) instanceof z.ZodDiscriminatedUnion).map((s) => `${s.key}.`);
  return SETTINGS.filter((s) => s.key.startsWith(`${group}.`) && !unions.some((u) => s.key.startsWith(u))).map((s) => s.key);
}

/** A test id for an input: its kebab-cased name, or `group-kind` for a kind. */
export function testIdOf(key: SettingKey): string {
  const parts = key.split('.');
  const last = parts.at(-1) ?? key;
  const name = last === 'kind' && parts.length > 1 ? `${parts.at(-2)}-kind` : last;
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
