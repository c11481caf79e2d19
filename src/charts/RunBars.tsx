import { useCallback, useMemo } from 'react';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { niceTicks } from './ticks';
import { CategoryAxis, ChartSvg, GridRows, YAxis, type Plot } from './svg/Axes';
import { bands, linearScale } from './svg/geometry';
import { bandTooltip, useBandHover } from './svg/bandHover';
import { PlotArea } from './svg/PlotArea';
import { MUTED, TEXT, finiteOrNull } from './theme';
import { TooltipRow } from './TooltipBox';
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

const MARGIN = { top: 24, right: 8, bottom: 4, left: 4 };
const Y_AXIS = 70;
const X_AXIS = 30;
/** Share of each run's slot left empty around its bar. */
const BAR_GAP = 0.5;
const MAX_BAR = 90;

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
  const ticks = useMemo(() => {
    const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
    return niceTicks(max > 0 ? max : 1);
  }, [rows]);
  const top = ticks[ticks.length - 1] ?? 1;

  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left: MARGIN.left + Y_AXIS, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom - X_AXIS };
      return { plot, x: bands(rows.length, plot.left, plot.right, BAR_GAP), y: linearScale(0, top, plot.bottom, plot.top) };
    },
    [rows.length, height, top],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, y } = layout(width);
      const yTicks = ticks.map((v) => ({ value: v, at: y(v) }));
      const barWidth = Math.min(x.width, MAX_BAR);
      return (
        <ChartSvg width={width} height={height} label={`${axisTitle} per run`}>
          <GridRows plot={plot} ticks={yTicks} />
          <YAxis plot={plot} side="left" ticks={yTicks} format={format} title={axisTitle} titleOffset={Y_AXIS - 12} />
          <CategoryAxis plot={plot} centers={rows.map((_, i) => x.center(i))} labels={rows.map((r) => r.short)} rotate={false} stride={1} fontSize={14} fill={TEXT} />
          {rows.map((r, i) => {
            const barTop = r.value === null ? plot.bottom : y(r.value);
            const left = x.center(i) - barWidth / 2;
            return (
              <g key={r.id}>
                <rect className="chart-bar" x={left} y={barTop} width={barWidth} height={plot.bottom - barTop} fill={r.color} />
                <text x={x.center(i)} y={barTop - 6} textAnchor="middle" fontSize={14} fontWeight={600} fill={r.value === null ? MUTED : TEXT}>
                  {r.value === null ? '—' : format(r.value)}
                </text>
              </g>
            );
          })}
        </ChartSvg>
      );
    },
    [layout, rows, ticks, format, axisTitle, height],
  );

  const { hitTest, highlight } = useBandHover(layout);

  const tooltip = useMemo(
    () => bandTooltip(rows, (row) => <TooltipRow label={axisTitle} value={row.value === null ? '—' : format(row.value)} color={row.color} />),
    [rows, axisTitle, format],
  );

  const legend = rows.map((r): LegendItem => ({ label: r.label, color: r.color, mark: 'bar' }));
  return (
    <div>
      {legend.length > 0 ? <ChartLegend items={legend} /> : null}
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
    </div>
  );
}
