import { ChartCard } from '../../charts/ChartCard';
import { SpectrumChart } from '../../charts/SpectrumChart';
import { SplitProbability } from '../../charts/SplitProbability';
import { formatPercent } from '../../charts/theme';
import { optionLabel } from '../../training/config';
import type { RunView } from '../store';
import { OptimiserNotes } from './optimiserNotes';
import { PngButton } from './PngButton';

/**
 * What the optimiser does to the tail (issue #17, arXiv 2509.26030): the correct-class
 * probability of head and tail over training, and the singular-value spectrum of each weight
 * matrix — the paper's mechanism: Muon's orthogonalised updates keep spectra flat, so rare
 * classes' directions grow as fast as frequent ones'.
 */
export function OptimiserPanel({ run }: { run: RunView }) {
  const latest = run.latest;
  const spectra = latest?.spectra ?? [];
  const optimiser = optionLabel('optimizer.kind', run.config.optimizer.kind);
  const prob = latest?.test.splitProb;
  return (
    <>
      <div className="dashboard-grid" data-testid="optimiser-panel">
        <ChartCard
          testId="chart-split-probability"
          actions={<PngButton name="correct-class-probability" />}
          title="Correct-class probability, head and tail, over training"
          subtitle={`${optimiser}. Mean probability given to the true class in Many / Medium / Few: an even optimiser lifts the tail with the head.`}
        >
          <SplitProbability history={run.history} />
          {prob ? (
            <p className="sr-only" data-testid="split-probability-values">
              Many {formatPercent(prob.many, 1)}, Medium {formatPercent(prob.medium, 1)}, Few {formatPercent(prob.few, 1)}
            </p>
          ) : null}
        </ChartCard>
        {spectra.length > 0 ? (
          <ChartCard
            testId="chart-spectrum"
            actions={<PngButton name="singular-value-spectrum" />}
            title="Singular values of each weight matrix"
            subtitle="σᵢ / σ₁ from largest to smallest; flat = isotropic. Effective rank exp(H) and SVD entropy H / ln k, H over σᵢ / Σσ."
          >
            <SpectrumChart spectra={spectra} />
          </ChartCard>
        ) : null}
      </div>
      {run.config.optimizer.kind === 'muon' || run.config.dataset.kind === 'assoc-memory' ? (
        <ChartCard testId="chart-optimiser-setup" title="Setup: optimiser and experiment">
          <OptimiserNotes config={run.config} />
        </ChartCard>
      ) : null}
    </>
  );
}
