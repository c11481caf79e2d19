import { useMemo, useState } from 'react';
import { ChartCard } from '../../charts/ChartCard';
import { TestSweep } from '../../charts/TestSweep';
import type { ComparedRun } from '../compare';
import { runSweep } from '../measures';
import { PngButton } from './PngButton';

/**
 * SADE's test-agnostic protocol on the finished runs: one click shows each run on every test
 * distribution, no retraining (the worker scored them when the run ended).
 */
export function SweepCard({ shown }: { shown: readonly ComparedRun[] }) {
  const [open, setOpen] = useState(false);
  const series = useMemo(
    () => shown.flatMap((c) => {
      const points = runSweep(c.run);
      return points ? [{ id: c.entry.id, label: c.label, color: c.color, points }] : [];
    }),
    [shown],
  );
  if (!open) {
    return (
      <p>
        <button type="button" data-testid="open-sweep" disabled={series.length === 0} onClick={() => setOpen(true)}>
          Evaluate on every test distribution (test-agnostic sweep)
        </button>{' '}
        {series.length === 0 ? <span className="muted">Available once a run has finished.</span> : null}
      </p>
    );
  }
  return (
    <ChartCard
      testId="compare-sweep"
      title="Accuracy on every test distribution (SADE's test-agnostic protocol)"
      subtitle="Each finished run, unchanged, on long-tailed test sets from head-heavy (fwd 50) through uniform to tail-heavy (bwd 50)."
      actions={<PngButton name="compare-test-sweep" />}
    >
      <TestSweep series={series} />
    </ChartCard>
  );
}
