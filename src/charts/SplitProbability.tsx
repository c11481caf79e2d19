import { useCallback, useMemo } from 'react';
import type { HistoryPoint } from '../training/history';
import { SPLIT_NAMES, type SplitName } from '../training/data/longtail';
import { ChartLegend } from './ChartLegend';
import { ChartSvg, GridRows, XAxis, YAxis, type Plot } from './svg/Axes';
import { linearScale, linePath, nearestIndex } from './svg/geometry';
import { PlotArea } from './svg/PlotArea';
import { niceTicks } from './ticks';
import { MUTED } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';

const MARGIN = { top: 8, right: 12, bottom: 46, left: 52 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];
/** Darker than the split bands' fills, so the lines read on white. */
const LINE: Record<SplitName, string> = { many: '#1d4ed8', medium: '#b45309', few: '#be185d' };
const LABEL: Record<SplitName, string> = { many: 'Many (head)', medium: 'Medium', few: 'Few (tail)' };

/**
 * Mean probability the model gives the true class, in Many, Medium and Few, over training: where
 * accuracy saturates (the associative memory retrieves every key as soon as W points the right
 * way), this still shows which classes are learnt first and which lag.
 */
export function SplitProbability({ history, height = 240 }: { history: readonly HistoryPoint[]; height?: number }) {
  const points = useMemo(() => history.filter((h) => h.splitProb && Number.isFinite(h.testLoss)), [history]);
  const epochs = useMemo(() => Float64Array.from(points, (p) => p.epoch), [points]);
  const maxEpoch = points[points.length - 1]?.epoch ?? 1;
  const xTicks = useMemo(() => niceTicks(Math.max(maxEpoch, 1e-9)), [maxEpoch]);
  const xMax = Math.max(xTicks[xTicks.length - 1] ?? 1, 1e-9);

  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
      return { plot, x: linearScale(0, xMax, plot.left, plot.right), y: linearScale(0, 1, plot.bottom, plot.top) };
    },
    [height, xMax],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, y } = layout(width);
      const yTicks = TICKS.map((v) => ({ value: v, at: y(v) }));
      return (
        <ChartSvg width={width} height={height} label="Correct-class probability by split over training">
          <GridRows plot={plot} ticks={yTicks} />
          <YAxis plot={plot} side="left" ticks={yTicks} format={(v) => v.toFixed(2)} title="P(true class)" titleOffset={MARGIN.left - 12} />
          <XAxis plot={plot} ticks={xTicks.map((v) => ({ value: v, at: x(v) }))} format={(v) => String(Number(v.toFixed(2)))} title="epoch" />
          {SPLIT_NAMES.map((s) => (
            <path
              key={s}
              d={linePath(points.map((p) => ({ x: x(p.epoch), y: Number.isFinite(p.splitProb?.[s]) ? y(p.splitProb?.[s] ?? 0) : null })))}
              fill="none"
              stroke={LINE[s]}
              strokeWidth={2.5}
            />
          ))}
        </ChartSvg>
      );
    },
    [layout, points, xTicks, height],
  );

  const hitTest = useCallback(
    (px: number, py: number, width: number) => {
      const { plot, x } = layout(width);
      if (px < plot.left || px > plot.right || py < plot.top || py > plot.bottom) return null;
      const i = nearestIndex(epochs, x.invert(px));
      return i >= 0 ? i : null;
    },
    [layout, epochs],
  );

  const tooltip = useCallback(
    (i: number) => {
      const p = points[i];
      if (!p) return null;
      return (
        <TooltipBox title={`epoch ${p.epoch.toFixed(2)}`}>
          {SPLIT_NAMES.map((s) => (
            <TooltipRow key={s} label={LABEL[s]} color={LINE[s]} value={Number.isFinite(p.splitProb?.[s]) ? (p.splitProb?.[s] ?? 0).toFixed(3) : '—'} />
          ))}
        </TooltipBox>
      );
    },
    [points],
  );

  const highlight = useCallback(
    (i: number, width: number) => {
      const { plot, x } = layout(width);
      const at = x(points[i]?.epoch ?? 0);
      return <line x1={at} x2={at} y1={plot.top} y2={plot.bottom} stroke={MUTED} strokeDasharray="3 3" />;
    },
    [layout, points],
  );

  return (
    <div>
      <ChartLegend items={SPLIT_NAMES.map((s) => ({ label: LABEL[s], color: LINE[s], mark: 'line' as const }))} />
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
    </div>
  );
}
