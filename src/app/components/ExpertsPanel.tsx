import { ChartCard } from '../../charts/ChartCard';
import { FrequencyAccuracy } from '../../charts/FrequencyAccuracy';
import { seriesColor } from '../../charts/palette';
import type { SplitName } from '../../training/data/longtail';
import type { ExpertsSnapshot } from '../../training/snapshot';

interface Props {
  experts: ExpertsSnapshot;
  ensemble: Float32Array;
  counts: readonly number[];
  classNames: readonly string[];
  splits: readonly SplitName[];
  splitRule: string;
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);

/** A K × K matrix of pairwise numbers between experts, as a small table. */
function PairTable({ title, labels, values, format, testId }: { title: string; labels: string[]; values: Float32Array; format: (v: number) => string; testId: string }) {
  const k = labels.length;
  return (
    <table className="pair-table" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th />
          {labels.map((l) => (
            <th key={l}>{l}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((row, i) => (
          <tr key={row}>
            <th>{row}</th>
            {labels.map((col, j) => (
              <td key={col}>{i === j ? '·' : format(values[i * k + j] ?? NaN)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The multi-expert views: each expert's per-class accuracy against frequency (ensemble in bold),
 * how much the experts disagree, SADE's aggregation weights and TLC's uncertainty.
 */
export function ExpertsPanel({ experts, ensemble, counts, classNames, splits, splitRule }: Props) {
  const c = classNames.length;
  const series = [
    ...experts.labels.map((label, k) => ({
      id: `expert-${k}`,
      label,
      color: seriesColor(k + 1),
      values: experts.perClass.subarray(k * c, (k + 1) * c),
    })),
    { id: 'ensemble', label: 'ensemble', color: '#0f172a', emphasis: true, values: ensemble },
  ];
  const u = experts.uncertainty;
  return (
    <ChartCard
      testId="chart-experts"
      title="Experts: who is good at which classes"
      subtitle="One line per expert, the combined model in bold. Diverse experts are strong on different parts of the distribution."
    >
      <FrequencyAccuracy counts={counts} classNames={classNames} splits={splits} splitRuleLabel={splitRule} series={series} />
      <div className="experts-facts">
        <PairTable title="Disagreement (share of test samples with different predictions)" labels={experts.labels} values={experts.disagreement} format={(v) => pct(v)} testId="experts-disagreement" />
        <PairTable title="Mean KL(row ‖ column) between expert predictions" labels={experts.labels} values={experts.kl} format={(v) => v.toFixed(2)} testId="experts-kl" />
        {experts.aggregationWeights ? (
          <p data-testid="experts-weights">
            <strong>Aggregation weights</strong> (equal until the test-time aggregation learns them on unlabelled test data after
            training; Test-time epochs 0 keeps them equal):{' '}
            {experts.labels.map((l, k) => `${l} ${(experts.aggregationWeights?.[k] ?? NaN).toFixed(2)}`).join(' · ')}
          </p>
        ) : null}
        {u ? (
          <p data-testid="experts-uncertainty">
            <strong>Uncertainty</strong> u = C / S: right predictions {u.right.toFixed(2)}, wrong predictions {u.wrong.toFixed(2)}; by class (most
            frequent first): {Array.from(u.perClass, (v) => v.toFixed(2)).join(', ')}.
          </p>
        ) : null}
        {experts.consulted ? (
          <p data-testid="experts-consulted">
            <strong>Experts consulted per test sample</strong>: {Array.from(experts.consulted, (n, k) => `${k + 1}: ${n}`).join(' · ')} (mean{' '}
            {meanConsulted(experts.consulted).toFixed(2)} of {experts.count})
          </p>
        ) : null}
      </div>
    </ChartCard>
  );
}

/** Mean experts per sample from the histogram (samples that consulted 1, 2, …, K experts): what dynamic engagement or RIDE's router costs. */
function meanConsulted(histogram: Float32Array): number {
  const total = histogram.reduce((a, n) => a + n, 0);
  return total > 0 ? histogram.reduce((a, n, k) => a + n * (k + 1), 0) / total : NaN;
}
