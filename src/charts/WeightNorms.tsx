import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from './ChartLegend';
import { byFrequency, correlation } from './order';
import { AXIS_TICK, GRID, MUTED, SMALL_FONT, axisLabel } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';

export interface WeightNormsProps {
  counts: readonly number[];
  classNames: readonly string[];
  /** Per-class L2 norm of the classifier weights used for prediction. */
  norms: ArrayLike<number>;
  /** Optional second set, e.g. the norms before τ-normalisation, drawn as outlined bars. */
  reference?: { label: string; norms: ArrayLike<number> };
  label: string;
  color: string;
  height?: number;
}

/**
 * The classifier's weight norm per class, classes sorted by training frequency. Under plain
 * cross-entropy the norms fall with frequency, so head classes win the argmax by default:
 * the reason τ-normalisation and the other decoupling methods work.
 */
export function WeightNorms({ counts, classNames, norms, reference, label, color, height = 260 }: WeightNormsProps) {
  const rows = useMemo(
    () =>
      byFrequency(counts).map((c) => ({
        name: classNames[c] ?? `class ${c}`,
        count: counts[c] ?? 0,
        norm: norms[c] ?? NaN,
        reference: reference ? (reference.norms[c] ?? NaN) : null,
      })),
    [counts, classNames, norms, reference],
  );
  const r = correlation(
    rows.map((row) => Math.log(Math.max(1, row.count))),
    rows.map((row) => row.norm),
  );
  return (
    <div>
      <ChartLegend
        items={[
          { label, color, mark: 'bar' },
          ...(reference ? [{ label: reference.label, color: MUTED, mark: 'bar' as const }] : []),
        ]}
      />
      <ComposedChart data={rows} responsive style={{ width: '100%', height }} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} barGap={2}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="name" tick={AXIS_TICK} interval={0} angle={rows.length > 6 ? -35 : 0} textAnchor={rows.length > 6 ? 'end' : 'middle'} height={rows.length > 6 ? 60 : 30} />
        <YAxis tick={AXIS_TICK} width={48} label={axisLabel('weight norm ‖w_j‖', 'insideLeft', -90, 8)} tickFormatter={(v: number) => v.toFixed(1)} />
        {reference ? <Bar dataKey="reference" fill="#ffffff" stroke={MUTED} strokeWidth={1.5} isAnimationActive={false} /> : null}
        <Bar dataKey="norm" fill={color} isAnimationActive={false} />
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload }) => {
            const row = active ? (payload?.[0]?.payload as (typeof rows)[number] | undefined) : undefined;
            if (!row) return null;
            return (
              <TooltipBox title={`${row.name} · ${row.count} training examples`}>
                <TooltipRow label={label} color={color} value={row.norm.toFixed(3)} />
                {reference && row.reference !== null ? <TooltipRow label={reference.label} color={MUTED} value={row.reference.toFixed(3)} /> : null}
              </TooltipBox>
            );
          }}
        />
      </ComposedChart>
      <p style={{ fontSize: SMALL_FONT, color: MUTED, margin: '4px 0 0' }} data-testid="norm-correlation" data-value={Number.isFinite(r) ? r.toFixed(3) : ''}>
        Classes sorted by training frequency. Correlation of weight norm with log(frequency):{' '}
        <strong>{Number.isFinite(r) ? r.toFixed(2) : '—'}</strong> (1 = norms follow frequency exactly, 0 = flat).
      </p>
    </div>
  );
}
