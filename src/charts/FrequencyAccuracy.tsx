import { useCallback, useMemo } from 'react';
import { byFrequency } from './order';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { SPLIT_COLORS, SPLIT_LABELS } from './palette';
import { CategoryAxis, ChartSvg, GridRows, YAxis, type Plot } from './svg/Axes';
import { bands as bandsOf, labelStride, linearScale, linePath, logScale } from './svg/geometry';
import { BandShade, useBandHover } from './svg/bandHover';
import { PlotArea } from './svg/PlotArea';
import { COUNT_BAR, MUTED, SMALL_FONT, TEXT, finiteOrNull, formatPercent } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';
import type { Series, SplitName } from './types';
import { fitFrequencyLaw, type FrequencyFit } from '../training/measures/frequencyLaw';

export interface FrequencyAccuracyProps {
  /** Training examples per class, indexed by class. */
  counts: readonly number[];
  classNames: readonly string[];
  /** Split of each class, indexed by class. */
  splits: readonly SplitName[];
  /** How the splits were cut, e.g. "Many > 100, Few < 20 training examples". */
  splitRuleLabel: string;
  /** Per-class test accuracy (0–1, NaN = no test example), one line per run or expert. */
  series: Series<ArrayLike<number>>[];
  height?: number;
}

interface Row {
  name: string;
  /** Null for an empty class: log(0) has no place on the axis. */
  count: number | null;
  split: SplitName;
  acc: (number | null)[];
}

/** A run of consecutive classes of one split along the sorted x axis: one shaded band. */
interface SplitRun {
  split: SplitName;
  first: number;
  last: number;
}

/** Log-axis domain floor: below 1 so that a class with a single example still shows a bar. */
const LOG_FLOOR = 0.8;
const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1];
/** Share of each class's slot left empty around its bar. */
const BAR_GAP = 0.36;
const MARGIN = { top: 26, side: 8, bottom: 4 };
const LEFT_AXIS = 64;
const RIGHT_AXIS = 62;
/** Width of one character of a 12 px class label, about: whether horizontal labels fit their slot. */
const CHAR_WIDTH = 7;

function powersOfTen(top: number): number[] {
  const ticks: number[] = [];
  for (let t = 1; t <= top * 1.0001; t *= 10) ticks.push(t);
  return ticks;
}

function formatCount(v: number): string {
  return v >= 1e6 ? `${v / 1e6}M` : v >= 1000 ? `${v / 1000}k` : String(v);
}

/** The fitted accuracy at a count, clamped to the axis. */
function fitted(fit: FrequencyFit | undefined, count: number): number {
  return Math.min(1, Math.max(0, (fit?.intercept ?? NaN) + (fit?.slope ?? NaN) * Math.log10(count)));
}

/** "+21.3 pp, R² 0.84": how a fit reads in captions and the leaderboard. */
export function formatLaw(fit: FrequencyFit | undefined): string {
  if (!fit || !Number.isFinite(fit.slope)) return '—';
  const pp = fit.slope * 100;
  return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp, R² ${Number.isFinite(fit.r2) ? fit.r2.toFixed(2) : '—'}`;
}

function splitRuns(rows: readonly Row[]): SplitRun[] {
  const runs: SplitRun[] = [];
  rows.forEach((row, i) => {
    const last = runs[runs.length - 1];
    if (last && last.split === row.split) last.last = i;
    else runs.push({ split: row.split, first: i, last: i });
  });
  return runs;
}

/**
 * Class frequency against per-class accuracy: the picture of the long tail. Classes run from the
 * most to the least frequent, so "accuracy falls as the bars shrink" reads left to right.
 */
export function FrequencyAccuracy(props: FrequencyAccuracyProps) {
  const { counts, classNames, splits, splitRuleLabel, series, height = 360 } = props;

  const rows = useMemo<Row[]>(
    () =>
      byFrequency(counts).map((i) => {
        const n = counts[i] ?? 0;
        return {
          name: classNames[i] ?? `class ${i}`,
          count: n > 0 ? n : null,
          split: splits[i] ?? 'medium',
          acc: series.map((s) => finiteOrNull(s.values[i])),
        };
      }),
    [counts, classNames, splits, series],
  );

  const runs = useMemo(() => splitRuns(rows), [rows]);
  // The frequency–accuracy law per series: accuracy against log10(training count).
  const fits = useMemo(() => series.map((s) => fitFrequencyLaw(counts, s.values)), [counts, series]);
  const maxCount = Math.max(1, ...counts);
  // The next power of ten above the largest class, so the top tick is a round number.
  const top = Math.pow(10, Math.max(1, Math.ceil(Math.log10(maxCount * 1.05))));

  // Long or many names are rotated, and so are names too wide for their slot at this width (a
  // phone); the axis gets taller to fit them.
  const longest = Math.max(0, ...rows.map((r) => r.name.length));
  const hasLines = series.length > 0;
  const rotateAt = useCallback(
    (width: number) => {
      const slot = (width - 2 * MARGIN.side - LEFT_AXIS - (hasLines ? RIGHT_AXIS : 0)) / Math.max(1, rows.length);
      return rows.length > 10 || longest * rows.length > 70 || slot < longest * CHAR_WIDTH + 6;
    },
    [rows.length, longest, hasLines],
  );

  const layout = useCallback(
    (width: number) => {
      const rotate = rotateAt(width);
      // sin 40° ≈ 0.64 of a ~7 px-per-character label ends up vertical.
      const xHeight = rotate ? Math.min(100, 14 + longest * 4.6) : 28;
      const plot: Plot = {
        left: MARGIN.side + LEFT_AXIS,
        top: MARGIN.top,
        right: width - MARGIN.side - (hasLines ? RIGHT_AXIS : 0),
        bottom: height - MARGIN.bottom - xHeight,
      };
      return {
        plot,
        rotate,
        x: bandsOf(rows.length, plot.left, plot.right, BAR_GAP),
        count: logScale(LOG_FLOOR, top, plot.bottom, plot.top),
        acc: linearScale(0, 1, plot.bottom, plot.top),
      };
    },
    [rows.length, hasLines, height, top, rotateAt, longest],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, count, acc, rotate } = layout(width);
      const centers = rows.map((_, i) => x.center(i));
      const countTicks = powersOfTen(top).map((v) => ({ value: v, at: count(v) }));
      const stride = rotate ? labelStride(rows.length, x.step, 16) : 1;
      return (
        <ChartSvg width={width} height={height} label="Training examples and test accuracy per class">
          {runs.map((r) => {
            const x0 = x.edge(r.first);
            const x1 = x.edge(r.last + 1);
            return (
              <g key={`${r.split}-${r.first}`}>
                <rect x={x0} y={plot.top} width={x1 - x0} height={plot.bottom - plot.top} fill={SPLIT_COLORS[r.split]} fillOpacity={0.75} />
                <text x={(x0 + x1) / 2} y={plot.top - 8} textAnchor="middle" fontSize={14} fontWeight={600} fill={TEXT}>
                  {SPLIT_LABELS[r.split]}
                </text>
              </g>
            );
          })}
          <GridRows plot={plot} ticks={countTicks} />
          <YAxis plot={plot} side="left" ticks={countTicks} format={formatCount} title="training examples" titleOffset={LEFT_AXIS - 10} />
          {hasLines ? (
            <YAxis plot={plot} side="right" ticks={PERCENT_TICKS.map((v) => ({ value: v, at: acc(v) }))} format={(v) => formatPercent(v)} title="test accuracy" titleOffset={RIGHT_AXIS - 10} />
          ) : null}
          <CategoryAxis plot={plot} centers={centers} labels={rows.map((r) => r.name)} rotate={rotate} stride={stride} fontSize={12} fill={MUTED} />
          <g>
            {rows.map((r, i) =>
              r.count === null ? null : (
                <rect key={i} className="chart-bar" x={x.start(i)} y={count(r.count)} width={x.width} height={plot.bottom - count(r.count)} fill={COUNT_BAR} />
              ),
            )}
          </g>
          {series.map((s, k) => (
            <g key={s.id} className="chart-line" data-series={s.id}>
              <path
                d={linePath(rows.map((r, i) => ({ x: centers[i] ?? 0, y: r.acc[k] == null ? null : acc(r.acc[k]) })))}
                fill="none"
                stroke={s.color}
                strokeWidth={s.emphasis ? 4 : 2.25}
                strokeLinejoin="round"
              />
              {rows.map((r, i) => {
                const v = r.acc[k];
                return v == null ? null : <circle key={i} cx={centers[i]} cy={acc(v)} r={s.emphasis ? 4 : 3} fill={s.color} />;
              })}
              {Number.isFinite(fits[k]?.slope) ? (
                <path
                  data-testid="law-line"
                  d={linePath(rows.map((r, i) => ({ x: centers[i] ?? 0, y: r.count === null ? null : acc(fitted(fits[k], r.count)) })))}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={1.5}
                  strokeDasharray="6 4"
                />
              ) : null}
            </g>
          ))}
        </ChartSvg>
      );
    },
    [layout, rows, runs, series, fits, top, height, hasLines],
  );

  const { hitTest } = useBandHover(layout);

  const highlight = useCallback(
    (i: number, width: number) => {
      const { plot, x, acc } = layout(width);
      const row = rows[i];
      return (
        <g>
          <BandShade plot={plot} x={x} index={i} opacity={0.06} />
          {series.map((s, k) => {
            const v = row?.acc[k];
            return v == null ? null : <circle key={s.id} cx={x.center(i)} cy={acc(v)} r={5} fill={s.color} stroke="#ffffff" strokeWidth={2} />;
          })}
        </g>
      );
    },
    [layout, rows, series],
  );

  const tooltip = useCallback(
    (i: number) => {
      const row = rows[i];
      if (!row) return null;
      return (
        <TooltipBox title={row.name}>
          <TooltipRow label="training examples" value={row.count == null ? '0' : String(row.count)} />
          <TooltipRow label="split" value={SPLIT_LABELS[row.split]} />
          {series.map((s, k) => (
            <TooltipRow key={s.id} label={s.label} value={formatPercent(row.acc[k])} color={s.color} />
          ))}
        </TooltipBox>
      );
    },
    [rows, series],
  );

  const legend: LegendItem[] = [
    { label: 'training examples (left, log scale)', color: COUNT_BAR, mark: 'bar' },
    ...series.map((s): LegendItem => ({ label: `${s.label} accuracy`, color: s.color, mark: s.emphasis ? 'thickLine' : 'line' })),
  ];

  return (
    <div>
      <ChartLegend items={legend} />
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
      <div style={{ fontSize: SMALL_FONT, color: MUTED, marginTop: 2 }}>Bands: {splitRuleLabel}</div>
      {fits.some((f) => Number.isFinite(f.slope)) ? (
        <div style={{ fontSize: SMALL_FONT, color: MUTED, marginTop: 2 }} data-testid="frequency-law">
          Dashed: accuracy fitted against log₁₀(training examples), the frequency–accuracy law. Slope per 10× more examples:{' '}
          {series.map((s, k) => (
            <span key={s.id} style={{ color: s.color, marginRight: 8 }} data-slope={fits[k]?.slope} data-r2={fits[k]?.r2}>
              {s.label} {formatLaw(fits[k])}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
