import { useId } from 'react';
import type { ParamSpec } from '../../training/methods/types';
import { adjustRun } from '../bridge';
import type { RunView } from '../store';

/**
 * A slider for a method's post-hoc knob (logit-adjustment τ, τ-normalisation τ). Moving it
 * re-evaluates the trained model in the worker, no retraining: per-class accuracy, the splits
 * and calibration follow at once.
 */
export function LiveKnob({ run, spec }: { run: RunView; spec: ParamSpec }) {
  const id = useId();
  const value = run.posthocValue ?? run.config.method.params[spec.key] ?? spec.default;
  // A run restored after a reload has no model behind it any more: the knob needs a re-run.
  const usable = !run.restored && (run.status === 'running' || run.status === 'paused' || run.status === 'done' || run.status === 'warming-up');
  return (
    <section className="card live-knob" aria-label="Live adjustment" data-testid="live-knob">
      <label htmlFor={id}>
        <strong>Live: {spec.label}</strong> = <output data-testid="live-knob-value">{value.toFixed(2)}</output>
      </label>
      <input
        id={id}
        type="range"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={value}
        disabled={!usable}
        data-testid="live-knob-slider"
        onChange={(e) => adjustRun(run.id, Number(e.target.value))}
      />
      <p className="muted small">
        {spec.help} Moving it re-evaluates the trained model without retraining.
        {run.restored ? ' This run was restored from storage without its model: re-run it to move the knob again.' : ''}
      </p>
    </section>
  );
}
