import { useRef } from 'react';
import { ChartLegend } from './ChartLegend';
import { SPLIT_LABELS } from './palette';
import { ChartSvg, GridColumns, GridRows, XAxis, YAxis, type Plot } from './svg/Axes';
import { linearScale, linePath, logScale } from './svg/geometry';
import { MUTED, SMALL_FONT, formatPercent } from './theme';
import type { SplitName } from './types';
import { useWidth } from './useWidth';

/** Strong colours of the splits for marks (SPLIT_COLORS are pale tints for background bands). */
export const SPLIT_MARKS: Record<SplitName, string> = { many: '#1d4ed8', medium: '#b45309', few: '#be185d' };

export interface ClassMemorisationPoint {
  name: string;
  count: number;
  split: SplitName;
  mean: number;
  se: number;
}

const LEFT = 58;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 52;
/** Horizontal room a point's name needs, px ("class 10" at 12 px, and a gap). */
const LABEL_ROOM = 60;

const signedPercent = (v: number) => `${Math.round(v * 100)} %`;

function powersOfTen(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let t = 1; t <= hi * 1.0001; t *= 10) if (t >= lo / 1.0001) ticks.push(t);
  return ticks;
}

/**
 * Mean memorisation of each class's training examples against the class's training count (log
 * scale), ± one standard error, coloured by Many / Medium / Few: Feldman & Zhang's picture of the
 * long tail, where rare classes are learnt only by memorising their few examples.
 */
export function MemorisationByClass({ points, height = 300 }: { points: readonly ClassMemorisationPoint[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const shown = points.filter((p) => p.count > 0 && Number.isFinite(p.mean));
  const plot: Plot = { left: LEFT, top: TOP, right: Math.max(LEFT + 40, width - RIGHT), bottom: height - BOTTOM };
  const maxCount = Math.max(2, ...shown.map((p) => p.count));
  const minCount = Math.max(0.8, Math.min(...shown.map((p) => p.count)) * 0.8);
  const x = logScale(minCount, maxCount * 1.25, plot.left, plot.right);
  const lo = Math.min(0, ...shown.map((p) => p.mean - (Number.isFinite(p.se) ? p.se : 0)));
  const y = linearScale(Math.max(-1, Math.floor(lo * 4) / 4), 1, plot.bottom, plot.top);
  const yTicks = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1].filter((v) => v >= Math.max(-1, Math.floor(lo * 4) / 4));
  const xTicks = powersOfTen(minCount, maxCount * 1.25);
  const splitsShown = (['many', 'medium', 'few'] as const).filter((s) => shown.some((p) => p.split === s));
  // Names only where they do not run into the next one (narrow cards, crowded head classes); the tooltip has every name.
  const labelled = new Set<string>();
  let lastX = -Infinity;
  const ordered = [...shown].sort((a, b) => a.count - b.count);
  ordered.forEach((p, i) => {
    const next = ordered[i + 1];
    // The name runs to the right of its point: it needs room before the next point too.
    if (x(p.count) - lastX < LABEL_ROOM || (next && x(next.count) - x(p.count) < LABEL_ROOM)) return;
    labelled.add(p.name);
    lastX = x(p.count);
  });
  return (
    <div ref={box}>
      <ChartLegend items={splitsShown.map((s) => ({ label: SPLIT_LABELS[s], color: SPLIT_MARKS[s], mark: 'dot' as const }))} />
      {width > 0 ? (
        <ChartSvg width={width} height={height} label="Mean memorisation per class against the class's training examples">
          <GridRows plot={plot} ticks={yTicks.map((v) => ({ value: v, at: y(v) }))} />
          <GridColumns plot={plot} ticks={xTicks.map((v) => ({ value: v, at: x(v) }))} />
          <YAxis plot={plot} side="left" ticks={yTicks.map((v) => ({ value: v, at: y(v) }))} format={signedPercent} title="Mean memorisation" titleOffset={46} />
          <XAxis plot={plot} ticks={xTicks.map((v) => ({ value: v, at: x(v) }))} format={String} title="Training examples of the class (log scale)" />
          {shown.map((p) => {
            const cx = x(p.count);
            const color = SPLIT_MARKS[p.split];
            const se = Number.isFinite(p.se) ? p.se : 0;
            return (
              <g key={p.name} data-testid="memo-class-point">
                <title>{`${p.name}: ${p.count} training examples, mean memorisation ${formatPercent(p.mean, 1)} ± ${formatPercent(se, 1)}`}</title>
                <line x1={cx} x2={cx} y1={y(Math.min(1, p.mean + se))} y2={y(Math.max(-1, p.mean - se))} stroke={color} strokeWidth={1.5} />
                <circle cx={cx} cy={y(p.mean)} r={5} fill={color} />
                {labelled.has(p.name) ? (
                  <text x={cx + 7} y={y(p.mean)} dy="0.35em" fontSize={SMALL_FONT} fill={MUTED}>
                    {p.name}
                  </text>
                ) : null}
              </g>
            );
          })}
        </ChartSvg>
      ) : null}
    </div>
  );
}

export interface RemovalChartPoint {
  count: number;
  top: number;
  random: number;
}

const TOP_COLOR = '#be185d';
const RANDOM_COLOR = '#475569';

/** Test accuracy after removing the most memorised training examples, against removing as many at random. */
export function RemovalChart({ points, total, height = 280 }: { points: readonly RemovalChartPoint[]; total: number; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const plot: Plot = { left: LEFT, top: TOP, right: Math.max(LEFT + 40, width - RIGHT), bottom: height - BOTTOM };
  const maxCount = Math.max(1, ...points.map((p) => p.count));
  const x = linearScale(0, maxCount, plot.left, plot.right);
  const values = points.flatMap((p) => [p.top, p.random]).filter(Number.isFinite);
  const lo = Math.max(0, Math.floor((Math.min(1, ...values) - 0.05) * 10) / 10);
  const y = linearScale(lo, 1, plot.bottom, plot.top);
  const yTicks = Array.from({ length: Math.round((1 - lo) * 10) + 1 }, (_, i) => Math.round((lo + i / 10) * 10) / 10).filter((_, i, a) => a.length <= 6 || i % 2 === 0);
  const xTicks = points.map((p) => p.count);
  const line = (key: 'top' | 'random') => linePath(points.map((p) => ({ x: x(p.count), y: Number.isFinite(p[key]) ? y(p[key]) : null })));
  return (
    <div ref={box}>
      <ChartLegend
        items={[
          { label: 'Most memorised removed', color: TOP_COLOR, mark: 'line' },
          { label: 'As many removed at random', color: RANDOM_COLOR, mark: 'dashed' },
        ]}
      />
      {width > 0 ? (
        <ChartSvg width={width} height={height} label="Test accuracy after removing training examples">
          <GridRows plot={plot} ticks={yTicks.map((v) => ({ value: v, at: y(v) }))} />
          <YAxis plot={plot} side="left" ticks={yTicks.map((v) => ({ value: v, at: y(v) }))} format={(v) => formatPercent(v)} title="Test accuracy" titleOffset={46} />
          <XAxis plot={plot} ticks={xTicks.map((v) => ({ value: v, at: x(v) }))} format={(v) => `${v}`} title={`Training examples removed (of ${total})`} />
          <path d={line('random')} fill="none" stroke={RANDOM_COLOR} strokeWidth={2} strokeDasharray="6 4" />
          <path d={line('top')} fill="none" stroke={TOP_COLOR} strokeWidth={2.5} />
          {points.map((p) =>
            (['top', 'random'] as const).map((key) =>
              Number.isFinite(p[key]) ? <circle key={`${key}${p.count}`} cx={x(p.count)} cy={y(p[key])} r={4} fill={key === 'top' ? TOP_COLOR : RANDOM_COLOR} /> : null,
            ),
          )}
        </ChartSvg>
      ) : null}
    </div>
  );
}
