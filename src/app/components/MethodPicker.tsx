import { useId } from 'react';
import { METHODS, findMethod, getMethod } from '../../training/methods/registry';
import { METHOD_FAMILIES, resolveParams, type MethodDefinition, type MethodFamily } from '../../training/methods/types';
import { useLab } from '../store';
import type { RunEntry } from '../workspace';
import { NumberField, SelectField } from './fields';
import { Formula } from './Formula';

export const FAMILY_LABELS: Readonly<Record<MethodFamily, string>> = METHOD_FAMILIES;

/** The families the registry's methods belong to, in the taxonomy's order. */
const FAMILIES = (Object.keys(METHOD_FAMILIES) as MethodFamily[]).filter((f) => METHODS.some((m) => m.family === f));

/** Every method of the registry, grouped by family: methods added later appear by themselves. */
export function MethodOptions() {
  return (
    <>
      {FAMILIES.map((family) => {
        const methods = METHODS.filter((m) => m.family === family);
        return (
          <optgroup key={family} label={FAMILY_LABELS[family]}>
            {methods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

/** The method and parameters of one run. Changing them applies to the run's next training. */
export function RunEditor({ entry, index, locked }: { entry: RunEntry; index: number; locked: boolean }) {
  const selectId = useId();
  const updateRunMethod = useLab((s) => s.updateRunMethod);
  const method = findMethod(entry.method.id) ?? getMethod('ce');
  const params = resolveParams(method, entry.method.params);
  return (
    <div className="run-editor" aria-label={`Settings of run ${index + 1}`}>
      <div className="field">
        <label htmlFor={selectId}>Method of run {index + 1}</label>
        <select
          id={selectId}
          value={method.id}
          disabled={locked}
          data-testid="method"
          onChange={(e) => updateRunMethod(entry.id, { id: e.target.value, params: {} })}
        >
          <MethodOptions />
        </select>
        <span className="field-hint">{method.summary}</span>
      </div>
      {method.params.map((p) =>
        p.choices ? (
          <SelectField
            key={`${entry.id}.${method.id}.${p.key}`}
            label={p.label}
            help={p.help}
            hint={p.help}
            value={String(params[p.key] ?? p.default)}
            options={p.choices.map((c) => ({ value: String(c.value), label: c.label }))}
            disabled={locked}
            testId={`param-${p.key}`}
            onChange={(v) => updateRunMethod(entry.id, { id: method.id, params: { ...params, [p.key]: Number(v) } })}
          />
        ) : (
          <NumberField
            key={`${entry.id}.${method.id}.${p.key}`}
            label={p.label}
            hint={p.help}
            value={params[p.key] ?? p.default}
            min={p.min}
            max={p.max}
            step={p.step}
            disabled={locked}
            testId={`param-${p.key}`}
            onCommit={(v) => updateRunMethod(entry.id, { id: method.id, params: { ...params, [p.key]: v } })}
          />
        ),
      )}
    </div>
  );
}

/** The method's card: what it does to the tail, its formula and its paper. */
export function MethodCard({ method }: { method: MethodDefinition }) {
  return (
    <section className="card method-card" aria-label={`About ${method.label}`} data-testid="method-card">
      <header>
        <h2>{method.label}</h2>
        <span className="badge">{FAMILY_LABELS[method.family]}</span>
      </header>
      <p>{method.explanation}</p>
      <Formula tex={method.formula} />
      {method.paper ? (
        <p className="paper">
          {method.paper.authors}, <a href={method.paper.url} target="_blank" rel="noreferrer noopener">{method.paper.title}</a>, {method.paper.venue} {method.paper.year}.
        </p>
      ) : null}
    </section>
  );
}
