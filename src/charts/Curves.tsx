import { useCallback, useId, useMemo } from 'react';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { downsample } from './downsample';
import { niceTicks } from './ticks';
import { ChartSvg, GridColumns, GridRows, XAxis, YAxis, type Plot } from './svg/Axes';
import { linearScale, linePath, nearestIndex } from './svg/geometry';
import { PlotArea } from './svg/PlotArea';
import { MUTED, SMALL_FONT, TEXT, formatPercent } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';
import type { HistoryPoint, Series } from './types';

export interface CurvesProps {
  /** Training history of each run (or expert), oldest first. */
  series: Series<HistoryPoint[]>[];
  /** Vertical lines at notable epochs, e.g. where a two-stage method starts its second stage. */
  markers?: readonly CurveMarker[];
  height?: number;
}

export interface CurveMarker {
  epoch: number;
  label: string;
}

/** Points drawn per series: enough for a smooth curve, few enough that a long run stays cheap. */
export const MAX_CURVE_POINTS = 300;

type Metric = 'trainLoss' | 'testLoss' | 'accuracy' | 'balancedAccuracy';

const MARGIN = { top: 10, right: 14, bottom: 44 };
const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1];

function formatEpoch(v: number): string {
  return String(Number(v.toFixed(1)));
}

function maxOf(series: readonly Series<HistoryPoint[]>[], metrics: readonly Metric[]): number {
  let max = 0;
  for (const s of series) for (const p of s.values) for (const m of metrics) if (Number.isFinite(p[m])) max = Math.max(max, p[m]);
  return max;
}

function lastEpoch(series: readonly Series<HistoryPoint[]>[]): number {
  let max = 0;
  for (const s of series) max = Math.max(max, s.values[s.values.length - 1]?.epoch ?? 0);
  return max;
}

/**
 * The line of one metric. Points without a value (a metric not measured at that report) are
 * skipped, and the line joins its neighbours over them: a curve is a trend, and breaking it
 * at every unmeasured report would leave scattered fragments.
 */
function curvePath(points: readonly HistoryPoint[], metric: Metric, x: (v: number) => number, y: (v: number) => number): string {
  const drawn: { x: number; y: number }[] = [];
  for (const p of points) if (Number.isFinite(p[metric])) drawn.push({ x: x(p.epoch), y: y(p[metric]) });
  return linePath(drawn);
}

/** The epoch of the point nearest to `epoch` over all series: where the tooltip reads every run. */
function snapEpoch(epochs: readonly Float64Array[], epoch: number): number | null {
  let best: number | null = null;
  for (const e of epochs) {
    const i = nearestIndex(e, epoch);
    const v = e[i];
    if (i >= 0 && v !== undefined && (best === null || Math.abs(v - epoch) < Math.abs(best - epoch))) best = v;
  }
  return best;
}

interface PanelProps {
  title: string;
  series: Series<HistoryPoint[]>[];
  /** Each series' epochs, for hit-testing by binary search. */
  epochs: Float64Array[];
  solid: Metric;
  dashed: Metric;
  solidLabel: string;
  dashedLabel: string;
  percent: boolean;
  height: number;
  markers: readonly CurveMarker[];
}

function Panel({ title, series, epochs, solid, dashed, solidLabel, dashedLabel, percent, height, markers }: PanelProps) {
  const yTicks = useMemo(() => (percent ? PERCENT_TICKS : niceTicks(maxOf(series, [solid, dashed]))), [percent, series, solid, dashed]);
  // Whole ticks at the right end, so the axis rescales only now and then as a live run grows.
  const xTicks = useMemo(() => niceTicks(Math.max(1, Math.ceil(lastEpoch(series) - 1e-9))), [series]);
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const xMax = xTicks[xTicks.length - 1] ?? 1;
  const left = percent ? 52 : 48;
  const clipId = useId();
  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
      return { plot, x: linearScale(0, xMax, plot.left, plot.right), y: linearScale(0, yMax, plot.bottom, plot.top) };
    },
    [left, height, xMax, yMax],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, y } = layout(width);
      const format = (v: number) => (percent ? formatPercent(v) : String(v));
      return (
        <ChartSvg width={width} height={height} label={`${title} against epoch`}>
          <defs>
            {/* Values past the axis (a loss spike above the top tick) are clipped, not drawn outside. */}
            <clipPath id={clipId}>
              <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} />
            </clipPath>
          </defs>
          <GridRows plot={plot} ticks={yTicks.map((v) => ({ value: v, at: y(v) }))} />
          <GridColumns plot={plot} ticks={xTicks.map((v) => ({ value: v, at: x(v) }))} />
          <YAxis plot={plot} side="left" ticks={yTicks.map((v) => ({ value: v, at: y(v) }))} format={format} titleOffset={0} />
          <XAxis plot={plot} ticks={xTicks.map((v) => ({ value: v, at: x(v) }))} format={formatEpoch} title="epoch" />
          {markers.map((m) => (
            <g key={`${m.label}@${m.epoch}`}>
              <line x1={x(m.epoch)} x2={x(m.epoch)} y1={plot.top} y2={plot.bottom} stroke={MUTED} strokeDasharray="3 3" />
              <text x={x(m.epoch) + 4} y={plot.top + 4} dy="0.8em" fontSize={SMALL_FONT} fill={TEXT}>
                {m.label}
              </text>
            </g>
          ))}
          <g clipPath={`url(#${clipId})`}>
            {series.map((s) => (
              <g key={s.id} className="chart-line" data-series={s.id}>
                {[solid, dashed].map((m) => (
                  <path
                    key={m}
                    d={curvePath(s.values, m, x, y)}
                    fill="none"
                    stroke={s.color}
                    strokeWidth={s.emphasis ? 3.5 : 2}
                    strokeDasharray={m === dashed ? '6 4' : undefined}
                    strokeLinejoin="round"
                  />
                ))}
              </g>
            ))}
          </g>
        </ChartSvg>
      );
    },
    [layout, clipId, title, height, yTicks, xTicks, markers, series, solid, dashed, percent],
  );

  const hitTest = useCallback(
    (px: number, _py: number, width: number) => {
      const { plot, x } = layout(width);
      if (px < plot.left - 4 || px > plot.right + 4) return null;
      return snapEpoch(epochs, x.invert(px));
    },
    [layout, epochs],
  );

  const highlight = useCallback(
    (epoch: number, width: number) => {
      const { plot, x, y } = layout(width);
      return (
        <g>
          <line x1={x(epoch)} x2={x(epoch)} y1={plot.top} y2={plot.bottom} stroke={TEXT} strokeOpacity={0.35} />
          {series.flatMap((s, i) => {
            const p = s.values[nearestIndex(epochs[i] ?? [], epoch)];
            if (!p || p.epoch !== epoch) return [];
            return [solid, dashed]
              .filter((m) => Number.isFinite(p[m]) && p[m] <= yMax)
              .map((m) => <circle key={`${s.id}:${m}`} cx={x(p.epoch)} cy={y(p[m])} r={4} fill={s.color} stroke="#ffffff" strokeWidth={1.5} />);
          })}
        </g>
      );
    },
    [layout, series, epochs, solid, dashed, yMax],
  );

  const tooltip = useCallback(
    (epoch: number) => {
      const format = (v: number) => (!Number.isFinite(v) ? '—' : percent ? formatPercent(v) : v.toFixed(2));
      return (
        <TooltipBox title={`epoch ${epoch.toFixed(2)}`}>
          {series.map((s, i) => {
            const p = s.values[nearestIndex(epochs[i] ?? [], epoch)];
            return p ? <TooltipRow key={s.id} label={s.label} color={s.color} value={`${format(p[solid])} / ${format(p[dashed])}`} /> : null;
          })}
          <div style={{ fontSize: SMALL_FONT, color: MUTED, marginTop: 2 }}>
            {solidLabel} / {dashedLabel}
          </div>
        </TooltipBox>
      );
    },
    [series, epochs, solid, dashed, solidLabel, dashedLabel, percent],
  );

  return (
    <div style={{ minWidth: 0 }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap' }}>
        <span style={{ fontSize: 15, fontWeight: 600, color: TEXT }}>{title}</span>
        <span style={{ fontSize: SMALL_FONT, color: MUTED }}>
          <LineKey dashed={false} /> {solidLabel} <LineKey dashed /> {dashedLabel}
        </span>
      </div>
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
    </div>
  );
}

function LineKey({ dashed }: { dashed: boolean }) {
  return (
    <svg width={20} height={8} aria-hidden="true" style={{ verticalAlign: 'middle' }}>
      <line x1={0} x2={20} y1={4} y2={4} stroke={TEXT} strokeWidth={2} strokeDasharray={dashed ? '5 3' : undefined} />
    </svg>
  );
}

/**
 * Loss and accuracy against epoch, side by side. Train vs test loss shows over-fitting; overall
 * vs balanced accuracy shows how much of the accuracy comes from the head classes alone.
 */
export function Curves(props: CurvesProps) {
  const { series, height = 260, markers = [] } = props;
  const thinned = useMemo(() => series.map((s) => ({ ...s, values: downsample(s.values, MAX_CURVE_POINTS) })), [series]);
  const epochs = useMemo(() => thinned.map((s) => Float64Array.from(s.values, (p) => p.epoch)), [thinned]);
  const legend = thinned.map((s): LegendItem => ({ label: s.label, color: s.color, mark: s.emphasis ? 'thickLine' : 'line' }));

  return (
    <div>
      {legend.length > 1 ? <ChartLegend items={legend} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: 16 }}>
        <Panel
          title="Loss"
          series={thinned}
          epochs={epochs}
          solid="trainLoss"
          dashed="testLoss"
          solidLabel="train"
          dashedLabel="test"
          percent={false}
          height={height}
          markers={markers}
        />
        <Panel
          title="Accuracy"
          series={thinned}
          epochs={epochs}
          solid="accuracy"
          dashed="balancedAccuracy"
          solidLabel="overall"
          dashedLabel="balanced"
          percent
          height={height}
          markers={markers}
        />
      </div>
    </div>
  );
}
