import { memo } from 'react';
import { useLab } from '../store';
import { Fieldset, NumberField, SelectField } from './fields';
import { OwnDataPanel } from './OwnDataPanel';
import { RunsList } from './RunsList';
import { inputOf, isShown, setting, settingsUnder, testIdOf, valueAt, variantDefault, variantSettings, withValue, type SettingKey } from '../schemaOptions';

/**
 * Every setting of the next runs: the runs list, and the settings they share (data, model,
 * optimiser, evaluation). Values are validated by the run schema before they land.
 */
export function ConfigPanel({ locked }: { locked: boolean }) {
  return (
    <aside className="config-panel" aria-label="Run settings">
      <RunsList />
      {locked ? <p className="panel-note">Shared settings apply to the next runs. Stop or Reset the runs to change them.</p> : null}
      {/* One attribute locks every field: starting runs then re-renders none of them (measured:
          the per-field disabled props made the click that starts four runs a ≈ 60 ms task). */}
      <fieldset className="lock-group" disabled={locked}>
        <OwnDataPanel />
        <SharedSettings />
      </fieldset>
    </aside>
  );
}

/** The fieldsets of the panel: a setting added to a group of the schema appears in its fieldset. */
export const FIELDSETS: readonly { legend: string; keys: readonly SettingKey[] }[] = [
  { legend: 'Data (shared by all runs)', keys: settingsUnder('dataset') },
  { legend: 'Model and optimiser (shared)', keys: [...settingsUnder('model'), ...settingsUnder('optimizer'), 'batchSize', 'epochs', 'seed'] },
  { legend: 'Unlabelled data (shared)', keys: settingsUnder('unlabelled') },
  { legend: 'Evaluation and hardware', keys: ['splits', 'backend'] },
];

const SharedSettings = memo(function SharedSettings() {
  const resetShared = useLab((s) => s.resetShared);
  return (
    <>
      {FIELDSETS.map(({ legend, keys }) => (
        <Fieldset key={legend} legend={legend}>
          {keys.map((key) => (
            <SettingInput key={key} settingKey={key} />
          ))}
        </Fieldset>
      ))}
      <button type="button" className="link-button" onClick={resetShared}>
        Restore default shared settings
      </button>
    </>
  );
});

/** One setting's input, as its schema describes it; hidden while it does not apply. */
function SettingInput({ settingKey: key }: { settingKey: SettingKey }) {
  const value = useLab((s) => valueAt(s.workspace.shared, key));
  const shown = useLab((s) => isShown(s.workspace.shared, key));
  const updateShared = useLab((s) => s.updateShared);
  if (!shown) return null;
  const { meta } = setting(key);
  const input = inputOf(key);
  const set = (v: unknown) => updateShared((c) => withValue(c, key, v));
  const common = { label: meta.label, help: meta.help, testId: testIdOf(key) };
  if (input.kind === 'hidden') return null;
  if (input.kind === 'number') {
    return <NumberField {...common} hint={meta.hint} value={value as number} min={input.min} max={input.max} integer={input.integer} step={meta.step} onCommit={set} />;
  }
  if (input.kind === 'select') {
    return <SelectField {...common} hint={meta.hint} value={String(value)} options={input.options} onChange={(v) => set(input.numeric ? Number(v) : v)} />;
  }
  const variant = value as { kind: string };
  const fields = variantSettings(key, variant);
  return (
    <>
      <SelectField {...common} hint={meta.optionHints?.[variant.kind] ?? meta.hint} value={variant.kind} options={input.options} onChange={(kind) => set(variantDefault(key, kind))} />
      {fields.length ? (
        <div className="field-row">
          {fields.map((k) => (
            <SettingInput key={k} settingKey={k} />
          ))}
        </div>
      ) : null}
    </>
  );
}
