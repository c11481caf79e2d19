import { useCallback, useMemo } from 'react';
import { ChartLegend } from './ChartLegend';
import { CategoryAxis, ChartSvg, GridRows, YAxis, type Plot } from './svg/Axes';
import { bands, linePath, linearScale } from './svg/geometry';
import { useBandHover } from './svg/bandHover';
import { PlotArea } from './svg/PlotArea';
import { formatPercent, MUTED, SMALL_FONT } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';
import { SWEEP_DISTRIBUTIONS, type SweepPoint } from '../training/measures/sweep';

export interface SweepSeries {
  id: string;
  label: string;
  color: string;
  points: readonly SweepPoint[];
}

const MARGIN = { top: 8, right: 12, bottom: 4, left: 4 };
const Y_AXIS = 48;
const X_AXIS = 44;
const Y_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * SADE's test-agnostic table as a picture: accuracy of each run on every test distribution, from
 * forward-LT ρ 50 (head-heavy) through uniform to backward-LT ρ 50 (tail-heavy). A model that
 * favours the head falls to the right; a balanced one is flat; SADE bends toward each end.
 */
export function TestSweep({ series, height = 280 }: { series: readonly SweepSeries[]; height?: number }) {
  const labels = useMemo(() => SWEEP_DISTRIBUTIONS.map((d) => d.label), []);
  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left: MARGIN.left + Y_AXIS, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom - X_AXIS };
      return { plot, x: bands(labels.length, plot.left, plot.right, 0), y: linearScale(0, 1, plot.bottom, plot.top) };
    },
    [labels.length, height],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, y } = layout(width);
      const yTicks = Y_TICKS.map((v) => ({ value: v, at: y(v) }));
      return (
        <ChartSvg width={width} height={height} label="Accuracy on every test distribution">
          <GridRows plot={plot} ticks={yTicks} />
          <YAxis plot={plot} side="left" ticks={yTicks} format={(v) => formatPercent(v)} title="test accuracy" titleOffset={Y_AXIS - 10} />
          <CategoryAxis plot={plot} centers={labels.map((_, i) => x.center(i))} labels={labels} rotate stride={1} fontSize={12} fill={MUTED} />
          {series.map((s) => (
            <g key={s.id} data-testid="sweep-line">
              <path d={linePath(s.points.map((p, i) => ({ x: x.center(i), y: Number.isFinite(p.accuracy) ? y(p.accuracy) : null })))} fill="none" stroke={s.color} strokeWidth={2} />
              {s.points.map((p, i) => (Number.isFinite(p.accuracy) ? <circle key={i} cx={x.center(i)} cy={y(p.accuracy)} r={3} fill={s.color} /> : null))}
            </g>
          ))}
        </ChartSvg>
      );
    },
    [layout, labels, series, height],
  );

  const { hitTest, highlight } = useBandHover(layout);
  const tooltip = useCallback(
    (i: number) => (
      <TooltipBox title={`Test distribution: ${labels[i] ?? ''}`}>
        {series.map((s) => {
          const p = s.points[i];
          const w = p?.weights ? ` (weights ${p.weights.map((v) => v.toFixed(2)).join(' / ')})` : '';
          return <TooltipRow key={s.id} label={s.label} color={s.color} value={`${formatPercent(p?.accuracy, 1)}${w}`} />;
        })}
      </TooltipBox>
    ),
    [labels, series],
  );

  return (
    <div>
      <ChartLegend items={series.map((s) => ({ label: s.label, color: s.color, mark: 'line' as const }))} />
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
      <p style={{ fontSize: SMALL_FONT, color: MUTED, margin: '4px 0 0' }}>
        fwd ρ: forward long-tailed test set (same order as training), bwd ρ: reversed. Same trained model everywhere; SADE re-learns its expert weights on each test set.
      </p>
    </div>
  );
}
