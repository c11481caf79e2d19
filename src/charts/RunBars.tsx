import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, XAxis, YAxis } from 'recharts';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { niceTicks } from './ticks';
import { AXIS_TICK, GRID, TEXT, axisLabel, finiteOrNull } from './theme';
import { rowTooltip, TooltipBox, TooltipRow } from './TooltipBox';
import type { Series } from './types';

export interface RunBarsProps {
  /** One value per run (NaN = none yet). */
  series: Series<number>[];
  /** How a value reads, e.g. 0.052 → "5.2%". */
  format: (v: number) => string;
  /** What the axis measures, e.g. "expected calibration error". */
  axisTitle: string;
  /** Short name of each bar under the axis, e.g. "run 2"; the legend carries the full labels. */
  shortLabel: (index: number) => string;
  height?: number;
}

interface Row {
  id: string;
  short: string;
  label: string;
  color: string;
  value: number | null;
}

/**
 * One bar per run for a single number (ECE): bars named briefly under the axis, in the runs'
 * colours, with the full run labels in a legend that wraps, so any number of runs and any
 * label length fit a narrow card.
 */
export function RunBars({ series, format, axisTitle, shortLabel, height = 300 }: RunBarsProps) {
  const rows = useMemo<Row[]>(
    () => series.map((s, i) => ({ id: s.id, short: shortLabel(i), label: s.label, color: s.color, value: finiteOrNull(s.values) })),
    [series, shortLabel],
  );
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
  const ticks = niceTicks(max > 0 ? max : 1);
  const legend = rows.map((r): LegendItem => ({ label: r.label, color: r.color, mark: 'bar' }));
  return (
    <div>
      {legend.length > 0 ? <ChartLegend items={legend} /> : null}
      <BarChart data={rows} responsive style={{ width: '100%', height }} margin={{ top: 24, right: 8, bottom: 4, left: 4 }} barCategoryGap="25%">
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="short" tick={{ ...AXIS_TICK, fill: TEXT, fontSize: 14 }} tickLine={false} height={30} />
        <YAxis
          domain={[0, ticks[ticks.length - 1] ?? 1]}
          ticks={ticks}
          interval={0}
          tickFormatter={format}
          tick={AXIS_TICK}
          width={70}
          label={axisLabel(axisTitle, 'insideLeft', -90, 8)}
        />
        <Bar dataKey={(r: Row) => r.value ?? 0} isAnimationActive={false} maxBarSize={90}>
          {rows.map((r) => (
            <Cell key={r.id} fill={r.color} />
          ))}
          <LabelList dataKey={(r: Row) => (r.value === null ? '—' : format(r.value))} position="top" style={{ fontSize: 14, fontWeight: 600, fill: TEXT }} />
        </Bar>
        {rowTooltip<Row>(
          (row) => (
            <TooltipBox title={row.label}>
              <TooltipRow label={axisTitle} value={row.value === null ? '—' : format(row.value)} color={row.color} />
            </TooltipBox>
          ),
        )}
      </BarChart>
    </div>
  );
}
