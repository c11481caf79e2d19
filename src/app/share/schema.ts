/**
 * The versioned schema of a shared workspace: what a link (and a workspace file) may carry.
 * It reuses the run schema of src/training/config.ts, so every bound on cost (examples, epochs,
 * model size) and every known dataset and method id is checked in one place; on top it bounds
 * the number of runs. Results are never part of it: a link describes work, not its output.
 */
import { z } from 'zod';
import { runConfigSchema, SETTINGS, type RunConfig } from '../../training/config';
import { MEMORISATION_LIMITS } from '../../training/measures/memorisation';
import { findMethod } from '../../training/methods/registry';
import { resolveParams } from '../../training/methods/types';
import { LESSONS } from '../lessons/lessons';
import { MAX_RUNS, VIEWS, sharedOf, type SharedConfig } from '../workspace';
import { LINK_VERSION, type LinkState } from './linkState';

export { LINK_VERSION, type LinkState } from './linkState';

// Everything of the run schema but the method, read from it so that a setting added there is
// carried by links too, with its default and bounds.
const { method: _method, ...sharedShape } = runConfigSchema.shape;

/** A parameter name as methods spell them; anything else (e.g. "__proto__") is refused outright. */
const PARAM_KEY = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

const methodSchema = z.object({
  id: z.string().max(64),
  params: z
    .record(z.string().regex(PARAM_KEY, 'is not a parameter name'), z.number())
    .refine((p) => Object.keys(p).length <= 32, 'has too many parameters')
    .default({}),
});

const linkShape = z.object({
  v: z.literal(LINK_VERSION),
  shared: z.object(sharedShape).prefault({}),
  runs: z.array(z.object({ method: methodSchema })).min(1).max(MAX_RUNS),
  view: z.enum(VIEWS).default('run'),
  selected: z.number().int().min(0).max(MAX_RUNS - 1).default(0),
  lesson: z.string().max(64).nullable().default(null),
  present: z.boolean().default(false),
  relativeAccuracy: z.boolean().optional(),
  memorisation: z
    .object({
      models: z.number().int().min(MEMORISATION_LIMITS.models.min).max(MEMORISATION_LIMITS.models.max),
      fraction: z.number().min(MEMORISATION_LIMITS.fraction.min).max(MEMORISATION_LIMITS.fraction.max),
    })
    .optional(),
});

/**
 * Each run is checked as the full run configuration it will train with, so the run schema's
 * cross-field rules (known method, parameter bounds, split thresholds) apply to links as well.
 */
const linkSchema = linkShape.transform((link, ctx): LinkState => {
  let shared: SharedConfig | null = null;
  const seen = new Set<string>();
  const runs = link.runs.map((run, i) => {
    const parsed = runConfigSchema.safeParse({ ...link.shared, method: run.method });
    if (parsed.success) {
      shared ??= sharedOf(parsed.data);
      const method = findMethod(parsed.data.method.id);
      return { method: { id: parsed.data.method.id, params: method ? resolveParams(method, parsed.data.method.params) : {} } };
    }
    for (const issue of parsed.error.issues) {
      // Method issues belong to their run; the rest to the shared settings, reported once.
      const path = issue.path[0] === 'method' ? ['runs', i, ...issue.path] : ['shared', ...issue.path];
      const key = `${path.join('.')}|${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.addIssue({ ...issue, path } as Parameters<typeof ctx.addIssue>[0]);
    }
    return { method: run.method };
  });
  if (link.selected >= link.runs.length) {
    ctx.addIssue({ code: 'custom', path: ['selected'], message: `points at run ${link.selected + 1} but there are ${link.runs.length}` });
  }
  if (link.lesson !== null && !LESSONS.some((l) => l.id === link.lesson)) {
    ctx.addIssue({ code: 'custom', path: ['lesson'], message: 'is not a known lesson' });
  }
  return {
    v: LINK_VERSION,
    shared: shared ?? (link.shared as SharedConfig),
    runs,
    view: link.view,
    selected: link.selected,
    lesson: link.lesson,
    ...(link.present ? { present: true as const } : {}),
    ...(link.relativeAccuracy ? { relativeAccuracy: true } : {}),
    ...(link.memorisation ? { memorisation: link.memorisation } : {}),
  };
});

/** Names people read for the paths of a link: the settings' labels, read from the run schema. */
const FIELD_NAMES: Record<string, string> = {
  ...Object.fromEntries(SETTINGS.map((s) => [`shared.${s.key}`, s.meta.label])),
  runs: 'Runs',
  'memorisation.models': 'Memorisation explorer: models (t)',
  'memorisation.fraction': 'Memorisation explorer: subset fraction',
};

/** Keeps text that came from a link short in messages (it is shown as text, never as HTML). */
function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function fieldName(path: readonly PropertyKey[]): string {
  const key = path.map(String).join('.');
  const run = /^runs\.(\d+)\.method(?:\.(id|params)(?:\.(.+))?)?$/.exec(key);
  if (run) {
    const n = Number(run[1]) + 1;
    if (run[2] === 'id') return `Run ${n}: method`;
    if (run[3]) return `Run ${n}: parameter "${clip(run[3], 32)}"`;
    return `Run ${n}: method`;
  }
  return FIELD_NAMES[key] ?? (clip(key, 80) || 'The workspace');
}

type Issue = z.core.$ZodIssue;

/** One readable sentence per schema issue: which setting, and what is wrong with it. */
export function formatIssue(issue: Issue): string {
  const name = fieldName(issue.path);
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `${name}: too many (at most ${String(issue.maximum)})`
        : `${name}: must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'array' ? `${name}: at least ${String(issue.minimum)} needed` : `${name}: must be at least ${String(issue.minimum)}`;
    case 'invalid_type':
      return `${name}: expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}`;
    case 'invalid_value':
      return `${name}: must be one of ${issue.values.map((v) => clip(String(v), 20)).join(', ')}`;
    default:
      return `${name}: ${clip(issue.message, 160)}`;
  }
}

export type LinkStateResult = { ok: true; state: LinkState } | { ok: false; errors: string[] };

/** Validates untrusted data (a decoded link, a workspace file) into a link state, or readable errors. */
export function parseLinkState(input: unknown): LinkStateResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('v' in input)) {
    return { ok: false, errors: ['It is not a Long-Tail Lab workspace (it has no version number).'] };
  }
  const version = (input as { v: unknown }).v;
  if (typeof version === 'number' && version > LINK_VERSION) {
    return { ok: false, errors: [`It was made by a newer version of Long-Tail Lab (format ${clip(String(version), 12)}; this one reads format ${LINK_VERSION}).`] };
  }
  const result = linkSchema.safeParse(input);
  if (result.success) return { ok: true, state: result.data };
  return { ok: false, errors: result.error.issues.map(formatIssue) };
}

/** The full configuration of each run of a valid link state. */
export function linkRunConfigs(state: LinkState): RunConfig[] {
  return state.runs.map((run) => ({ ...structuredClone(state.shared), method: structuredClone(run.method) }));
}
