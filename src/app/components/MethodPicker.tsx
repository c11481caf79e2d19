import { METHODS, getMethod } from '../../training/methods/registry';
import { resolveParams, type MethodDefinition } from '../../training/methods/types';
import { useLab } from '../store';
import { useId } from 'react';
import { Fieldset, NumberField } from './fields';
import { Formula } from './Formula';

const FAMILIES: readonly MethodDefinition['family'][] = ['baseline', 're-balancing', 'augmentation', 'module'];

const FAMILY_LABELS: Record<MethodDefinition['family'], string> = {
  baseline: 'Baseline',
  're-balancing': 'Class re-balancing',
  augmentation: 'Information augmentation',
  module: 'Module improvement',
};

/** Choose the method of the next run and set its parameters. */
export function MethodPicker({ locked }: { locked: boolean }) {
  const selectId = useId();
  const methodConfig = useLab((s) => s.config.method);
  const updateConfig = useLab((s) => s.updateConfig);
  const method = getMethod(methodConfig.id);
  const params = resolveParams(method, methodConfig.params);
  return (
    <Fieldset legend="Method">
      <div className="field">
        <label htmlFor={selectId}>Training method</label>
        <select
          id={selectId}
          value={method.id}
          disabled={locked}
          data-testid="method"
          onChange={(e) => updateConfig((c) => ({ ...c, method: { id: e.target.value, params: {} } }))}
        >
          {FAMILIES.map((family) => (
            <optgroup key={family} label={FAMILY_LABELS[family]}>
              {METHODS.filter((m) => m.family === family).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <span className="field-hint">{method.summary}</span>
      </div>
      {method.params.map((p) => (
        <NumberField
          key={`${method.id}.${p.key}`}
          label={p.label}
          hint={p.help}
          value={params[p.key] ?? p.default}
          min={p.min}
          max={p.max}
          step={p.step}
          disabled={locked}
          testId={`param-${p.key}`}
          onCommit={(v) => updateConfig((c) => ({ ...c, method: { ...c.method, params: { ...c.method.params, [p.key]: v } } }))}
        />
      ))}
    </Fieldset>
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
