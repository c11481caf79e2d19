import { useCallback, useMemo } from 'react';
import { ChartLegend } from './ChartLegend';
import { CategoryAxis, ChartSvg, GridRows, YAxis, type Plot } from './svg/Axes';
import { bands, linearScale } from './svg/geometry';
import { useBandHover } from './svg/bandHover';
import { PlotArea } from './svg/PlotArea';
import { MUTED, SMALL_FONT } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';

export interface PseudoLabelAccuracyProps {
  classNames: readonly string[];
  /** Labelled training examples per class (the run's own frequency). */
  labelledCounts: readonly number[];
  /** Per true class: the fraction of its unlabelled examples that got the right pseudo-label (NaN: none in the pool). */
  accuracy: readonly number[];
  /** Unlabelled examples of each true class, and pseudo-labels given to each class. */
  trueCounts: readonly number[];
  pseudoCounts: readonly number[];
  color: string;
  height?: number;
}

const MARGIN = { top: 8, right: 12, bottom: 4, left: 4 };
const Y_AXIS = 48;
const GAP = 0.3;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * How right the pseudo-labels are, per true class, classes in labelled-frequency order: a
 * cross-entropy model trained on long-tailed labels labels the head well and the tail badly,
 * so the tail gets few right pseudo-labels — the limit of what unlabelled data buy it.
 */
export function PseudoLabelAccuracy({ classNames, labelledCounts, accuracy, trueCounts, pseudoCounts, color, height = 260 }: PseudoLabelAccuracyProps) {
  const rows = useMemo(
    () =>
      classNames.map((name, c) => ({
        name,
        labelled: labelledCounts[c] ?? 0,
        accuracy: accuracy[c] ?? NaN,
        pool: trueCounts[c] ?? 0,
        pseudo: pseudoCounts[c] ?? 0,
      })),
    [classNames, labelledCounts, accuracy, trueCounts, pseudoCounts],
  );
  const rotate = rows.length > 6;
  const xHeight = rotate ? 60 : 30;

  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left: MARGIN.left + Y_AXIS, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom - xHeight };
      return { plot, x: bands(rows.length, plot.left, plot.right, GAP), y: linearScale(0, 1, plot.bottom, plot.top) };
    },
    [rows.length, height, xHeight],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, y } = layout(width);
      const yTicks = TICKS.map((v) => ({ value: v, at: y(v) }));
      return (
        <ChartSvg width={width} height={height} label="Pseudo-label accuracy per class">
          <GridRows plot={plot} ticks={yTicks} />
          <YAxis plot={plot} side="left" ticks={yTicks} format={(v) => `${Math.round(v * 100)}%`} title="right pseudo-labels" titleOffset={Y_AXIS - 10} />
          <CategoryAxis plot={plot} centers={rows.map((_, i) => x.center(i))} labels={rows.map((r) => r.name)} rotate={rotate} stride={1} fontSize={13} fill={MUTED} />
          {rows.map((r, i) => {
            if (!Number.isFinite(r.accuracy)) return null;
            const top = y(r.accuracy);
            return <rect key={i} className="chart-bar" x={x.start(i)} y={top} width={x.width} height={plot.bottom - top} fill={color} />;
          })}
        </ChartSvg>
      );
    },
    [layout, rows, rotate, color, height],
  );

  const { hitTest, highlight } = useBandHover(layout);
  const tooltip = useCallback(
    (i: number) => {
      const r = rows[i];
      if (!r) return null;
      return (
        <TooltipBox title={`${r.name} · ${r.labelled} labelled examples`}>
          <TooltipRow label="right pseudo-labels" color={color} value={Number.isFinite(r.accuracy) ? `${(r.accuracy * 100).toFixed(1)}%` : '—'} />
          <TooltipRow label="in the unlabelled pool" color={MUTED} value={String(r.pool)} />
          <TooltipRow label="pseudo-labelled as it" color={MUTED} value={String(r.pseudo)} />
        </TooltipBox>
      );
    },
    [rows, color],
  );

  return (
    <div>
      <ChartLegend items={[{ label: 'pseudo-labels right, per true class', color, mark: 'bar' }]} />
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
      <p style={{ fontSize: SMALL_FONT, color: MUTED, margin: '4px 0 0' }} data-testid="pseudo-label-counts">
        Classes in labelled-frequency order. Unlabelled pool by true class: {rows.map((r) => r.pool).join(' / ')}; pseudo-labels given:{' '}
        {rows.map((r) => r.pseudo).join(' / ')}.
      </p>
    </div>
  );
}
