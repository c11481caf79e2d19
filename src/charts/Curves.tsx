import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { downsample } from './downsample';
import { niceTicks } from './ticks';
import { AXIS_TICK, GRID, MUTED, SMALL_FONT, TEXT, axisLabel, finiteOrNull, formatPercent } from './theme';
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

/**
 * One row per distinct epoch over all series. Runs report at their own times, so their epochs
 * rarely coincide; a series has null where it did not report, and its line connects over them.
 */
interface Row {
  epoch: number;
  values: Map<string, number | null>;
}

function mergeSeries(series: readonly Series<HistoryPoint[]>[]): Row[] {
  const byEpoch = new Map<number, Row>();
  for (const s of series) {
    for (const p of s.values) {
      let row = byEpoch.get(p.epoch);
      if (!row) byEpoch.set(p.epoch, (row = { epoch: p.epoch, values: new Map() }));
      for (const m of ['trainLoss', 'testLoss', 'accuracy', 'balancedAccuracy'] as const) row.values.set(`${s.id}:${m}`, finiteOrNull(p[m]));
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** The point of `points` (sorted by epoch) nearest to `epoch`: the tooltip reads every run there. */
function nearest(points: readonly HistoryPoint[], epoch: number): HistoryPoint | undefined {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.epoch ?? 0) <= epoch) lo = mid;
    else hi = mid;
  }
  const a = points[lo];
  const b = points[hi];
  if (!a || !b) return a ?? b;
  return Math.abs(a.epoch - epoch) <= Math.abs(b.epoch - epoch) ? a : b;
}

function formatEpoch(v: number): string {
  return String(Number(v.toFixed(1)));
}

function maxOf(rows: readonly Row[], metrics: readonly Metric[], series: readonly Series<HistoryPoint[]>[]): number {
  let max = 0;
  for (const r of rows) for (const s of series) for (const m of metrics) max = Math.max(max, r.values.get(`${s.id}:${m}`) ?? 0);
  return max;
}

interface PanelProps {
  title: string;
  rows: Row[];
  series: Series<HistoryPoint[]>[];
  solid: Metric;
  dashed: Metric;
  solidLabel: string;
  dashedLabel: string;
  percent: boolean;
  height: number;
  markers: readonly CurveMarker[];
}

function Panel({ title, rows, series, solid, dashed, solidLabel, dashedLabel, percent, height, markers }: PanelProps) {
  const format = (v: number) => (!Number.isFinite(v) ? '—' : percent ? formatPercent(v) : v.toFixed(2));
  const yTicks = percent ? [0, 0.25, 0.5, 0.75, 1] : niceTicks(maxOf(rows, [solid, dashed], series));
  const tickFormat = (v: number) => (percent ? formatPercent(v) : String(v));
  return (
    <div style={{ minWidth: 0 }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap' }}>
        <span style={{ fontSize: 15, fontWeight: 600, color: TEXT }}>{title}</span>
        <span style={{ fontSize: SMALL_FONT, color: MUTED }}>
          <LineKey dashed={false} /> {solidLabel} <LineKey dashed /> {dashedLabel}
        </span>
      </div>
      <LineChart data={rows} responsive style={{ width: '100%', height }} margin={{ top: 10, right: 14, bottom: 4, left: 4 }}>
        <CartesianGrid stroke={GRID} />
        <XAxis
          dataKey="epoch"
          type="number"
          // Whole epochs at the right end, so the axis only rescales once per epoch of a live run.
          domain={[0, (max: number) => Math.max(1, Math.ceil(max - 1e-9))]}
          allowDecimals
          tickFormatter={formatEpoch}
          tick={AXIS_TICK}
          height={44}
          label={axisLabel('epoch', 'insideBottom', 0, 2)}
        />
        <YAxis
          domain={[0, yTicks[yTicks.length - 1] ?? 1]}
          ticks={yTicks}
          interval={0}
          allowDataOverflow
          tickFormatter={tickFormat}
          tick={AXIS_TICK}
          width={percent ? 52 : 48}
        />
        {markers.map((m) => (
          <ReferenceLine
            key={`${m.label}@${m.epoch}`}
            x={m.epoch}
            stroke={MUTED}
            strokeDasharray="3 3"
            label={{ value: m.label, position: 'insideTopLeft', fontSize: SMALL_FONT, fill: TEXT }}
          />
        ))}
        {series.flatMap((s) =>
          [solid, dashed].map((m) => (
            <Line
              key={`${s.id}:${m}`}
              type="linear"
              dataKey={(r: Row) => r.values.get(`${s.id}:${m}`) ?? null}
              name={`${s.label} ${m === solid ? solidLabel : dashedLabel}`}
              stroke={s.color}
              strokeWidth={s.emphasis ? 3.5 : 2}
              strokeDasharray={m === dashed ? '6 4' : undefined}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          )),
        )}
        <Tooltip
          isAnimationActive={false}
          content={({ active, label }) => {
            if (!active || typeof label !== 'number') return null;
            return (
              <TooltipBox title={`epoch ${label.toFixed(2)}`}>
                {series.map((s) => {
                  const p = nearest(s.values, label);
                  if (!p) return null;
                  return (
                    <TooltipRow key={s.id} label={s.label} color={s.color} value={`${format(p[solid])} / ${format(p[dashed])}`} />
                  );
                })}
                <div style={{ fontSize: SMALL_FONT, color: MUTED, marginTop: 2 }}>
                  {solidLabel} / {dashedLabel}
                </div>
              </TooltipBox>
            );
          }}
        />
      </LineChart>
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
  const rows = useMemo(() => mergeSeries(thinned), [thinned]);
  const legend = thinned.map((s): LegendItem => ({ label: s.label, color: s.color, mark: s.emphasis ? 'thickLine' : 'line' }));

  return (
    <div>
      {legend.length > 1 ? <ChartLegend items={legend} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: 16 }}>
        <Panel
          title="Loss"
          rows={rows}
          series={thinned}
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
          rows={rows}
          series={thinned}
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
