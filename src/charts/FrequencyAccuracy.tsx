import { byFrequency } from './order';
import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceArea, XAxis, YAxis } from 'recharts';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { SPLIT_COLORS, SPLIT_LABELS } from './palette';
import { AXIS_TICK, COUNT_BAR, GRID, MUTED, SMALL_FONT, TEXT, axisLabel, finiteOrNull, formatPercent } from './theme';
import { rowTooltip, TooltipBox, TooltipRow } from './TooltipBox';
import type { Series, SplitName } from './types';

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
  /** The class index as a string: class names need not be unique, the x axis keys must be. */
  key: string;
  name: string;
  /** Null for an empty class: log(0) has no place on the axis. */
  count: number | null;
  split: SplitName;
  acc: (number | null)[];
}

interface Band {
  split: SplitName;
  first: string;
  last: string;
}

/** Log-axis domain floor: below 1 so that a class with a single example still shows a bar. */
const LOG_FLOOR = 0.8;

function powersOfTen(top: number): number[] {
  const ticks: number[] = [];
  for (let t = 1; t <= top * 1.0001; t *= 10) ticks.push(t);
  return ticks;
}

function formatCount(v: number): string {
  return v >= 1e6 ? `${v / 1e6}M` : v >= 1000 ? `${v / 1000}k` : String(v);
}

/** Consecutive runs of one split along the sorted x axis; each becomes one shaded band. */
function bandsOf(rows: readonly Row[]): Band[] {
  const bands: Band[] = [];
  for (const row of rows) {
    const last = bands[bands.length - 1];
    if (last && last.split === row.split) last.last = row.key;
    else bands.push({ split: row.split, first: row.key, last: row.key });
  }
  return bands;
}

/**
 * Class frequency against per-class accuracy: the picture of the long tail. Classes run from the
 * most to the least frequent, so "accuracy falls as the bars shrink" reads left to right.
 */
export function FrequencyAccuracy(props: FrequencyAccuracyProps) {
  const { counts, classNames, splits, splitRuleLabel, series, height = 360 } = props;

  const rows = useMemo<Row[]>(() => {
    const order = byFrequency(counts).map((i) => ({ n: counts[i] ?? 0, i }));
    return order.map(({ n, i }) => ({
      key: String(i),
      name: classNames[i] ?? `class ${i}`,
      count: n > 0 ? n : null,
      split: splits[i] ?? 'medium',
      acc: series.map((s) => finiteOrNull(s.values[i])),
    }));
  }, [counts, classNames, splits, series]);

  const bands = useMemo(() => bandsOf(rows), [rows]);
  const maxCount = Math.max(1, ...counts);
  // The next power of ten above the largest class, so the top tick is a round number.
  const top = Math.pow(10, Math.max(1, Math.ceil(Math.log10(maxCount * 1.05))));
  const nameOf = useMemo(() => new Map(rows.map((r) => [r.key, r.name])), [rows]);

  // Long or many names are rotated; the axis gets taller to fit them.
  const longest = Math.max(0, ...rows.map((r) => r.name.length));
  const rotate = rows.length > 10 || longest * rows.length > 70;
  // sin 40° ≈ 0.64 of a ~7 px-per-character label ends up vertical.
  const xHeight = rotate ? Math.min(100, 14 + longest * 4.6) : 28;

  const legend: LegendItem[] = [
    { label: 'training examples (left, log scale)', color: COUNT_BAR, mark: 'bar' },
    ...series.map((s): LegendItem => ({ label: `${s.label} accuracy`, color: s.color, mark: s.emphasis ? 'thickLine' : 'line' })),
  ];

  return (
    <div>
      <ChartLegend items={legend} />
      <ComposedChart
        data={rows}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 26, right: 8, bottom: 4, left: 8 }}
        barCategoryGap="18%"
      >
        <CartesianGrid stroke={GRID} vertical={false} yAxisId="count" />
        {bands.map((b) => (
          <ReferenceArea
            key={`${b.split}-${b.first}`}
            x1={b.first}
            x2={b.last}
            yAxisId="count"
            fill={SPLIT_COLORS[b.split]}
            fillOpacity={0.75}
            ifOverflow="hidden"
            label={{ value: SPLIT_LABELS[b.split], position: 'top', fontSize: 14, fontWeight: 600, fill: TEXT, offset: 8 }}
          />
        ))}
        <XAxis
          dataKey="key"
          type="category"
          interval={rows.length > 40 ? 'preserveStartEnd' : 0}
          tickFormatter={(k: string) => nameOf.get(k) ?? k}
          tick={{ ...AXIS_TICK, fontSize: 12 }}
          angle={rotate ? -40 : 0}
          textAnchor={rotate ? 'end' : 'middle'}
          height={xHeight}
          tickLine={false}
        />
        <YAxis
          yAxisId="count"
          scale="log"
          domain={[LOG_FLOOR, top]}
          ticks={powersOfTen(top)}
          allowDataOverflow
          tickFormatter={formatCount}
          tick={AXIS_TICK}
          width={64}
          label={axisLabel('training examples', 'insideLeft', -90, 4)}
        />
        {series.length > 0 ? (
          <YAxis
            yAxisId="acc"
            orientation="right"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={(v: number) => formatPercent(v)}
            tick={AXIS_TICK}
            width={62}
            label={axisLabel('test accuracy', 'insideRight', 90, 4)}
          />
        ) : null}
        <Bar yAxisId="count" dataKey="count" name="training examples" fill={COUNT_BAR} isAnimationActive={false} />
        {series.map((s, i) => (
          <Line
            key={s.id}
            yAxisId="acc"
            type="linear"
            dataKey={(r: Row) => r.acc[i]}
            name={s.label}
            stroke={s.color}
            strokeWidth={s.emphasis ? 4 : 2.25}
            dot={{ r: s.emphasis ? 4 : 3, fill: s.color, strokeWidth: 0 }}
            activeDot={{ r: 5 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
        {rowTooltip<Row>(
          (row) => (
            <TooltipBox title={row.name}>
              <TooltipRow label="training examples" value={row.count == null ? '0' : String(row.count)} />
              <TooltipRow label="split" value={SPLIT_LABELS[row.split]} />
              {series.map((s, i) => (
                <TooltipRow key={s.id} label={s.label} value={formatPercent(row.acc[i])} color={s.color} />
              ))}
            </TooltipBox>
          ),
          0.06,
        )}
      </ComposedChart>
      <div style={{ fontSize: SMALL_FONT, color: MUTED, marginTop: 2 }}>Bands: {splitRuleLabel}</div>
    </div>
  );
}
