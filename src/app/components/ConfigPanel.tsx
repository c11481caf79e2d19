import { memo } from 'react';
import { isImageDataset } from '../../training/data/catalog';
import { BACKENDS, BOUNDS, type BackendChoice } from '../../training/config';
import { TEST_RHO_CHOICES } from '../../training/data/longtail';
import { useLab } from '../store';
import { Fieldset, NumberField, SelectField } from './fields';
import { RunsList } from './RunsList';
import { CNN_BOUNDS, DATASET_OPTIONS, MODEL_OPTIONS } from '../schemaOptions';
import type { SharedConfig } from '../workspace';

type Edit = (draft: SharedConfig) => SharedConfig;

const BACKEND_LABELS: Record<BackendChoice, string> = {
  auto: 'Auto (fastest available)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (plain JavaScript)',
};

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
        <SharedSettings />
      </fieldset>
    </aside>
  );
}

const SharedSettings = memo(function SharedSettings() {
  const config = useLab((s) => s.workspace.shared);
  const updateShared = useLab((s) => s.updateShared);
  const resetShared = useLab((s) => s.resetShared);
  const edit = (fn: Edit) => updateShared(fn);
  const d = config.dataset;
  const num = (key: keyof typeof BOUNDS) => BOUNDS[key];

  return (
    <>
      <Fieldset legend="Data (shared by all runs)">
        <SelectField
          label="Dataset"
          value={d.kind}
          testId="dataset-kind"
          options={DATASET_OPTIONS}
          onChange={(kind) => edit((c) => ({ ...c, dataset: { ...c.dataset, kind } }))}
        />
        <NumberField label="Classes" value={d.classes} {...num('classes')} testId="classes" onCommit={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, classes: v } }))} />
        <SelectField
          label="Long-tail profile"
          value={d.profile}
          options={[
            { value: 'exponential', label: 'Exponential (CIFAR-LT)' },
            { value: 'step', label: 'Step (head / tail)' },
          ]}
          onChange={(profile) => edit((c) => ({ ...c, dataset: { ...c.dataset, profile } }))}
        />
        <NumberField
          label="Imbalance ratio ρ"
          hint="n_max / n_min; 1 is balanced"
          value={d.rho}
          {...num('rho')}
          testId="rho"
          onCommit={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, rho: v } }))}
        />
        <NumberField label="Examples of the largest class (n_max)" value={d.nMax} {...num('nMax')} testId="n-max" onCommit={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, nMax: v } }))} />
        {d.profile === 'step' ? (
          <NumberField label="Head fraction μ" value={d.headFraction} step={0.05} {...num('headFraction')} onCommit={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, headFraction: v } }))} />
        ) : null}
        {isImageDataset(d.kind) ? null : (
          <NumberField label="Class overlap (noise)" hint="more overlap, more to lose in the tail" value={d.noise} step={0.1} {...num('noise')} onCommit={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, noise: v } }))} />
        )}
        <SelectField
          label="Test distribution"
          value={d.testDistribution}
          testId="test-distribution"
          options={[
            { value: 'uniform', label: 'Uniform (balanced)' },
            { value: 'forward', label: 'Forward long-tailed' },
            { value: 'backward', label: 'Backward long-tailed' },
          ]}
          onChange={(testDistribution) => edit((c) => ({ ...c, dataset: { ...c.dataset, testDistribution } }))}
        />
        {d.testDistribution !== 'uniform' ? (
          <SelectField
            label="Test imbalance ρ_test"
            value={String(d.testRho)}
              options={TEST_RHO_CHOICES.map((r) => ({ value: String(r), label: String(r) }))}
            onChange={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, testRho: Number(v) as SharedConfig['dataset']['testRho'] } }))}
          />
        ) : null}
        <NumberField label="Test examples per class" value={d.testPerClass} {...num('testPerClass')} testId="test-per-class" onCommit={(v) => edit((c) => ({ ...c, dataset: { ...c.dataset, testPerClass: v } }))} />
      </Fieldset>

      <Fieldset legend="Model and optimiser (shared)">
        <SelectField
          label="Model"
          value={config.model.kind}
          testId="model-kind"
          options={MODEL_OPTIONS}
          onChange={(kind) => edit((c) => ({ ...c, model: { ...c.model, kind } }))}
        />
        {config.model.kind === 'cnn' ? (
          <>
            <NumberField label="Filters, first conv block" value={config.model.filters1} {...CNN_BOUNDS.filters1} onCommit={(v) => edit((c) => ({ ...c, model: { ...c.model, filters1: v } }))} />
            <NumberField label="Filters, second conv block" value={config.model.filters2} {...CNN_BOUNDS.filters2} onCommit={(v) => edit((c) => ({ ...c, model: { ...c.model, filters2: v } }))} />
            <NumberField label="Dense units" value={config.model.dense} {...CNN_BOUNDS.dense} onCommit={(v) => edit((c) => ({ ...c, model: { ...c.model, dense: v } }))} />
          </>
        ) : (
          <>
            <NumberField label="Hidden units per layer" value={config.model.width} {...num('width')} onCommit={(v) => edit((c) => ({ ...c, model: { ...c.model, width: v } }))} />
            <NumberField label="Hidden layers" value={config.model.depth} {...num('depth')} onCommit={(v) => edit((c) => ({ ...c, model: { ...c.model, depth: v } }))} />
          </>
        )}
        <SelectField
          label="Optimiser"
          value={config.optimizer.kind}
          options={[
            { value: 'adam', label: 'Adam' },
            { value: 'sgd', label: 'SGD with momentum' },
          ]}
          onChange={(kind) => edit((c) => ({ ...c, optimizer: { ...c.optimizer, kind } }))}
        />
        <NumberField label="Learning rate" value={config.optimizer.learningRate} {...num('learningRate')} testId="learning-rate" onCommit={(v) => edit((c) => ({ ...c, optimizer: { ...c.optimizer, learningRate: v } }))} />
        {config.optimizer.kind === 'sgd' ? (
          <NumberField label="Momentum" value={config.optimizer.momentum} step={0.05} {...num('momentum')} onCommit={(v) => edit((c) => ({ ...c, optimizer: { ...c.optimizer, momentum: v } }))} />
        ) : null}
        <NumberField label="Batch size" value={config.batchSize} {...num('batchSize')} testId="batch-size" onCommit={(v) => edit((c) => ({ ...c, batchSize: v }))} />
        <NumberField label="Epochs" value={config.epochs} {...num('epochs')} testId="epochs" onCommit={(v) => edit((c) => ({ ...c, epochs: v }))} />
        <NumberField label="Seed" hint="same seed, same data and initial weights" value={config.seed} {...num('seed')} testId="seed" onCommit={(v) => edit((c) => ({ ...c, seed: v }))} />
      </Fieldset>

      <Fieldset legend="Evaluation and hardware">
        <SplitFields />
        <SelectField
          label="Backend"
          value={config.backend}
          testId="backend"
          options={BACKENDS.map((b) => ({ value: b, label: BACKEND_LABELS[b] }))}
          onChange={(backend) => edit((c) => ({ ...c, backend }))}
        />
      </Fieldset>
      <button type="button" className="link-button" onClick={resetShared}>
        Restore default shared settings
      </button>
    </>
  );
});

function SplitFields() {
  const splits = useLab((s) => s.workspace.shared.splits);
  const updateConfig = useLab((s) => s.updateShared);
  return (
    <>
      <SelectField
        label="Many / Medium / Few"
        value={splits.kind}
        hint={splits.kind === 'auto' ? '> 100 / 20–100 / < 20 examples when the counts span them, else thirds' : undefined}
        options={[
          { value: 'auto', label: 'Automatic' },
          { value: 'thresholds', label: 'By example count' },
          { value: 'thirds', label: 'Thirds by frequency' },
        ]}
        onChange={(kind) =>
          updateConfig((c) => ({ ...c, splits: kind === 'thresholds' ? { kind, many: 100, few: 20 } : { kind } }))
        }
      />
      {splits.kind === 'thresholds' ? (
        <div className="field-row">
          <NumberField label="Many: more than" value={splits.many} min={1} max={5000} integer onCommit={(v) => updateConfig((c) => ({ ...c, splits: { ...splits, many: v } }))} />
          <NumberField label="Few: fewer than" value={splits.few} min={1} max={5000} integer onCommit={(v) => updateConfig((c) => ({ ...c, splits: { ...splits, few: v } }))} />
        </div>
      ) : null}
    </>
  );
}
