import { ChartCard } from '../../charts/ChartCard';
import { PseudoLabelAccuracy } from '../../charts/PseudoLabelAccuracy';
import type { UnlabelledReport } from '../../training/unlabelled/phase';
import type { RunView } from '../store';
import { PngButton } from './PngButton';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

/**
 * What the run's extra phase found: per-class pseudo-label accuracy, with the labelling model's
 * own test result (cross-entropy on the labelled set alone: the run without unlabelled data);
 * or rotation pre-training's loss and rotation accuracy.
 */
export function UnlabelledCard({ run, report, color }: { run: RunView; report: UnlabelledReport; color: string }) {
  const dataset = run.dataset;
  const latest = run.latest?.test;
  if (!dataset) return null;
  if (report.kind === 'rotation-pretrain') {
    const r = report.rotation;
    return (
      <ChartCard testId="chart-unlabelled" title="Rotation pre-training" subtitle="Before training, the network learned to tell how its own images were turned (labels unused); the run started from that backbone with a fresh classifier.">
        <p data-testid="rotation-summary">
          {r.epochs} epochs of 4-way rotation prediction: last-epoch loss <strong>{r.finalLoss.toFixed(3)}</strong> (chance 1.386); on the test images it names the
          rotation <strong>{pct(r.rotationAccuracy)}</strong> of the time (chance 25%).
        </p>
        <p className="muted small">To see what it bought the tail, run the same settings with “Unlabelled data: None” and compare the Few accuracy.</p>
      </ChartCard>
    );
  }
  const p = report.pseudo;
  return (
    <ChartCard
      testId="chart-unlabelled"
      actions={<PngButton name="pseudo-label-accuracy" />}
      title="Pseudo-label accuracy per class"
      subtitle="A cross-entropy model trained on the labelled data labelled the unlabelled pool; the run trains on both. The tail's pseudo-labels are the least reliable."
    >
      <PseudoLabelAccuracy
        classNames={dataset.classNames}
        labelledCounts={dataset.trainCounts}
        accuracy={p.perClassAccuracy}
        trueCounts={p.trueCounts}
        pseudoCounts={p.pseudoCounts}
        color={color}
      />
      <p data-testid="pseudo-label-summary">
        Pseudo-labels right overall: <strong>{pct(p.accuracy)}</strong>. The labelling model alone (no unlabelled data): balanced {pct(p.teacher.balancedAccuracy)}, Few{' '}
        <strong>{pct(p.teacher.few)}</strong>
        {latest ? (
          <>
            ; this run now: balanced {pct(latest.balancedAccuracy)}, Few <strong>{pct(latest.splits.few)}</strong>
          </>
        ) : null}
        .
      </p>
    </ChartCard>
  );
}
