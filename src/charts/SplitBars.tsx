import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ReferenceArea, XAxis, YAxis } from 'recharts';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { SPLIT_COLORS, SPLIT_LABELS } from './palette';
import { AXIS_TICK, GRID, MUTED, TEXT, axisLabel, finiteOrNull, formatPercent } from './theme';
import { rowTooltip, TooltipBox, TooltipRow } from './TooltipBox';
import type { Series, SplitAccuracy, SplitName } from './types';
import { SPLIT_NAMES } from '../training/data/longtail';

export interface SplitBarsProps {
  /** Mean per-class accuracy in Many / Medium / Few (NaN for an empty split), one bar per run. */
  series: Series<SplitAccuracy>[];
  /** Classes in each split, shown under the group so a reader knows how few "Few" may be. */
  classesPerSplit: Record<SplitName, number>;
  height?: number;
}

interface Row {
  split: SplitName;
  label: string;
  acc: (number | null)[];
}

/** Props recharts hands a LabelList `content` renderer; only what we read. */
interface LabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  value?: unknown;
}

/**
 * The value on top of its bar. An empty split gets a zero-height bar (recharts skips labels of
 * null values) and an em dash on the baseline, so "no classes here" never reads as "0 %".
 */
function ValueLabel(props: LabelProps & { fontSize?: number }) {
  const text = String(props.value ?? '');
  return (
    <text
      x={Number(props.x ?? 0) + Number(props.width ?? 0) / 2}
      y={Number(props.y ?? 0) - 6}
      textAnchor="middle"
      fontSize={props.fontSize ?? 13}
      fontWeight={600}
      fill={text === '—' ? MUTED : TEXT}
    >
      {text}
    </text>
  );
}

/**
 * A plain bar. Giving the Bar a custom shape is what keeps recharts from dropping zero-height bars
 * and, with them, the em-dash label of an empty split.
 */
function BarShape(props: { x?: number; y?: number; width?: number; height?: number; fill?: string }) {
  const { x = 0, y = 0, width = 0, height = 0, fill } = props;
  return height > 0 && width > 0 ? <rect x={x} y={y} width={width} height={height} fill={fill} /> : <g />;
}

/** Many / Medium / Few accuracy per run: whether a method buys tail accuracy with head accuracy. */
export function SplitBars(props: SplitBarsProps) {
  const { series, classesPerSplit, height = 280 } = props;
  const rows = useMemo<Row[]>(
    () =>
      SPLIT_NAMES.map((split) => {
        const n = classesPerSplit[split];
        return {
          split,
          label: `${SPLIT_LABELS[split]} (${n} ${n === 1 ? 'class' : 'classes'})`,
          acc: series.map((s) => finiteOrNull(s.values[split])),
        };
      }),
    [series, classesPerSplit],
  );
  const legend = series.map((s): LegendItem => ({ label: s.label, color: s.color, mark: 'bar' }));

  return (
    <div>
      {legend.length > 0 ? <ChartLegend items={legend} /> : null}
      {/* Remounted when the runs change: recharts keeps bars in the order they first registered,
          so runs that report out of order would otherwise stand out of their legend's order. */}
      <BarChart
        key={series.map((s) => s.id).join('|')}
        data={rows}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 24, right: 8, bottom: 4, left: 4 }}
        barCategoryGap="22%"
        barGap={4}
      >
        <CartesianGrid stroke={GRID} vertical={false} />
        {/* The same tints as the bands of the frequency chart, so the two charts read as one story. */}
        {rows.map((r) => (
          <ReferenceArea key={r.split} x1={r.label} x2={r.label} fill={SPLIT_COLORS[r.split]} fillOpacity={0.6} ifOverflow="hidden" />
        ))}
        <XAxis dataKey="label" interval={0} tick={{ ...AXIS_TICK, fill: TEXT, fontSize: 14 }} tickLine={false} height={30} />
        <YAxis
          domain={[0, 1]}
          ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
          tickFormatter={(v: number) => formatPercent(v)}
          tick={AXIS_TICK}
          width={70}
          label={axisLabel('mean class accuracy', 'insideLeft', -90, 8)}
        />
        {series.map((s, i) => (
          <Bar
            key={s.id}
            dataKey={(r: Row) => r.acc[i] ?? 0}
            name={s.label} fill={s.color}
            maxBarSize={90}
            shape={BarShape}
            isAnimationActive={false}
          >
            {/* Many runs make narrow bars: smaller labels keep neighbours from running together. */}
            <LabelList dataKey={(r: Row) => formatPercent(r.acc[i])} content={(p: LabelProps) => <ValueLabel {...p} fontSize={series.length > 4 ? 11 : 13} />} />
          </Bar>
        ))}
        {rowTooltip<Row>(
          (row) => (
            <TooltipBox title={row.label}>
              {series.map((s, i) => (
                <TooltipRow key={s.id} label={s.label} value={formatPercent(row.acc[i], 1)} color={s.color} />
              ))}
            </TooltipBox>
          ),
        )}
      </BarChart>
    </div>
  );
}
