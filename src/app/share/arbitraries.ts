/**
 * fast-check generators of valid workspaces, for property tests. They read the schema's bounds,
 * enums and the method registry, so methods and settings added later are generated too.
 * Test support only: the app never imports it.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { runConfigSchema } from '../../training/config';
import { METHODS } from '../../training/methods/registry';
import type { MethodDefinition } from '../../training/methods/types';
import { LESSONS } from '../lessons/lessons';
import { MAX_RUNS, VIEWS, type MethodChoice, type SharedConfig, type Workspace } from '../workspace';

/** JSON has no negative zero: "-0" comes back as 0, the same number to every computation. */
const noNegativeZero = (v: number) => (Object.is(v, -0) ? 0 : v);

/**
 * Any value a schema accepts, read from the schema itself (objects, numbers within bounds,
 * enums, literals, unions), so settings added to the run schema later are generated too.
 * Cross-field rules are not known here: callers filter by the full schema.
 */
export function arbitraryOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryOf(v)])));
  }
  if (inner instanceof z.ZodNumber) {
    const min = inner.minValue ?? -1e6;
    const max = inner.maxValue ?? 1e6;
    return inner.isInt ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
  }
  if (inner instanceof z.ZodEnum) return fc.constantFrom(...(inner.options as (string | number)[]));
  if (inner instanceof z.ZodLiteral) return fc.constantFrom(...([...inner.values] as (string | number | boolean)[]));
  if (inner instanceof z.ZodDiscriminatedUnion || inner instanceof z.ZodUnion) return fc.oneof(...(inner.options as z.ZodType[]).map(arbitraryOf));
  if (inner instanceof z.ZodBoolean) return fc.boolean();
  if (inner instanceof z.ZodString) return fc.string({ maxLength: 20 });
  throw new Error(`no generator for schema type ${inner.constructor.name}`);
}

const { method: _method, ...sharedShape } = runConfigSchema.shape;

/** Shared settings of every kind the schema allows, the cross-field rules included. */
export const sharedConfig: fc.Arbitrary<SharedConfig> = arbitraryOf(z.object(sharedShape)).filter(
  (shared) => runConfigSchema.safeParse({ ...(shared as object), method: { id: 'ce', params: {} } }).success,
) as fc.Arbitrary<SharedConfig>;

function methodOf(def: MethodDefinition): fc.Arbitrary<MethodChoice> {
  // A choice parameter takes one of its options' values; any other number within bounds is refused.
  const params = def.params.map((p) =>
    p.choices ? fc.constantFrom(...p.choices.map((c) => c.value)) : fc.double({ min: p.min, max: p.max, noNaN: true, noDefaultInfinity: true }).map(noNegativeZero),
  );
  return fc.tuple(...params).map((values) => ({ id: def.id, params: Object.fromEntries(def.params.map((p, i) => [p.key, values[i] ?? p.default])) }));
}

export const methodChoice: fc.Arbitrary<MethodChoice> = fc.oneof(...METHODS.map(methodOf));

export const workspace: fc.Arbitrary<Workspace> = fc
  .record({
    shared: sharedConfig,
    methods: fc.array(methodChoice, { minLength: 1, maxLength: MAX_RUNS }),
    view: fc.constantFrom(...VIEWS),
    selectedSeed: fc.nat(),
    lesson: fc.option(fc.constantFrom(...LESSONS.map((l) => l.id)), { nil: null }),
    present: fc.boolean(),
  })
  .map(({ shared, methods, view, selectedSeed, lesson, present }) => ({
    shared,
    runs: methods.map((method, i) => ({ id: `run-${i}`, method })),
    view,
    selected: selectedSeed % methods.length,
    lesson,
    ...(present ? { present: true } : {}),
  }))
  // Some settings take only some methods (the linear memory W: no multi-expert method; DeiT-LT: the ViT, on images).
  .filter((ws) => ws.runs.every((run) => runConfigSchema.safeParse({ ...ws.shared, method: run.method }).success));
