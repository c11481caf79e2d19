import { useCallback, useMemo } from 'react';
import { ChartLegend } from './ChartLegend';
import { byFrequency, correlation } from './order';
import { CategoryAxis, ChartSvg, GridRows, YAxis, type Plot } from './svg/Axes';
import { bands, groupBars, linearScale } from './svg/geometry';
import { useBandHover } from './svg/bandHover';
import { PlotArea } from './svg/PlotArea';
import { niceTicks } from './ticks';
import { MUTED, SMALL_FONT } from './theme';
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

interface Row {
  name: string;
  count: number;
  norm: number;
  reference: number | null;
}

const MARGIN = { top: 8, right: 12, bottom: 4, left: 4 };
const Y_AXIS = 48;
/** Share of each class's slot left empty around its bars. */
const GROUP_GAP = 0.2;

/**
 * The classifier's weight norm per class, classes sorted by training frequency. Under plain
 * cross-entropy trained with SGD, momentum and weight decay (Kang et al.'s setting) the norms
 * fall with frequency, so head classes win the argmax by default: the reason τ-normalisation
 * works. Under Adam without decay they need not (decoupling.efficacy.test.ts).
 */
export function WeightNorms({ counts, classNames, norms, reference, label, color, height = 260 }: WeightNormsProps) {
  const rows = useMemo<Row[]>(
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
  const ticks = useMemo(() => {
    let max = 0;
    for (const row of rows) for (const v of [row.norm, row.reference ?? 0]) if (Number.isFinite(v)) max = Math.max(max, v);
    return niceTicks(max);
  }, [rows]);
  const rotate = rows.length > 6;
  const xHeight = rotate ? 60 : 30;
  const top = ticks[ticks.length - 1] ?? 1;
  const withReference = reference !== undefined;

  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left: MARGIN.left + Y_AXIS, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom - xHeight };
      const x = bands(rows.length, plot.left, plot.right, GROUP_GAP);
      return { plot, x, group: groupBars(x.width, withReference ? 2 : 1, 2, Infinity), y: linearScale(0, top, plot.bottom, plot.top) };
    },
    [rows.length, height, xHeight, top, withReference],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, group, y } = layout(width);
      const yTicks = ticks.map((v) => ({ value: v, at: y(v) }));
      const bar = (key: string, left: number, v: number, fill: string, stroke?: string) => {
        if (!Number.isFinite(v)) return null;
        const barTop = y(Math.min(v, top));
        return <rect key={key} className="chart-bar" x={left} y={barTop} width={group.barWidth} height={plot.bottom - barTop} fill={fill} stroke={stroke} strokeWidth={stroke ? 1.5 : undefined} />;
      };
      return (
        <ChartSvg width={width} height={height} label="Classifier weight norm per class">
          <GridRows plot={plot} ticks={yTicks} />
          <YAxis plot={plot} side="left" ticks={yTicks} format={(v) => v.toFixed(1)} title="weight norm ‖w_j‖" titleOffset={Y_AXIS - 10} />
          <CategoryAxis plot={plot} centers={rows.map((_, i) => x.center(i))} labels={rows.map((row) => row.name)} rotate={rotate} stride={1} fontSize={13} fill={MUTED} />
          {rows.map((row, i) => (
            <g key={i}>
              {row.reference !== null ? bar('reference', x.start(i) + group.offset(0), row.reference, '#ffffff', MUTED) : null}
              {bar('norm', x.start(i) + group.offset(withReference ? 1 : 0), row.norm, color)}
            </g>
          ))}
        </ChartSvg>
      );
    },
    [layout, rows, ticks, top, rotate, color, height, withReference],
  );

  const { hitTest, highlight } = useBandHover(layout);

  const tooltip = useCallback(
    (i: number) => {
      const row = rows[i];
      if (!row) return null;
      return (
        <TooltipBox title={`${row.name} · ${row.count} training examples`}>
          <TooltipRow label={label} color={color} value={row.norm.toFixed(3)} />
          {reference && row.reference !== null ? <TooltipRow label={reference.label} color={MUTED} value={row.reference.toFixed(3)} /> : null}
        </TooltipBox>
      );
    },
    [rows, label, color, reference],
  );

  return (
    <div>
      <ChartLegend
        items={[
          { label, color, mark: 'bar' },
          ...(reference ? [{ label: reference.label, color: MUTED, mark: 'bar' as const }] : []),
        ]}
      />
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
      <p style={{ fontSize: SMALL_FONT, color: MUTED, margin: '4px 0 0' }} data-testid="norm-correlation" data-value={Number.isFinite(r) ? r.toFixed(3) : ''}>
        Classes sorted by training frequency. Correlation of weight norm with log(frequency):{' '}
        <strong>{Number.isFinite(r) ? r.toFixed(2) : '—'}</strong> (1 = norms follow frequency exactly, 0 = flat).
      </p>
    </div>
  );
}
