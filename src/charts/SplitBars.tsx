import { useCallback, useMemo } from 'react';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { SPLIT_COLORS, SPLIT_LABELS } from './palette';
import { CategoryAxis, ChartSvg, GridRows, YAxis, type Plot } from './svg/Axes';
import { bands, groupBars, linearScale } from './svg/geometry';
import { bandTooltip, useBandHover } from './svg/bandHover';
import { PlotArea } from './svg/PlotArea';
import { MUTED, TEXT, finiteOrNull, formatPercent } from './theme';
import { TooltipRow } from './TooltipBox';
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

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const MARGIN = { top: 24, right: 8, bottom: 4, left: 4 };
const Y_AXIS = 70;
const X_AXIS = 30;
/** Share of each split's slot left empty around its group of bars. */
const GROUP_GAP = 0.44;
const BAR_GAP = 4;
const MAX_BAR = 90;
/** Width of a 14 px label character, about; and the height of a second label line. */
const CHAR_WIDTH = 7.6;
const LINE_HEIGHT = 17;

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

  const layout = useCallback(
    (width: number) => {
      const plot: Plot = { left: MARGIN.left + Y_AXIS, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom - X_AXIS };
      const x = bands(rows.length, plot.left, plot.right, GROUP_GAP);
      // On a phone "Medium (3 classes)" is wider than its slot: the count goes on a second line.
      const twoLines = x.step < Math.max(...rows.map((r) => r.label.length)) * CHAR_WIDTH;
      if (twoLines) plot.bottom -= LINE_HEIGHT;
      return { plot, x, twoLines, group: groupBars(x.width, series.length, BAR_GAP, MAX_BAR), y: linearScale(0, 1, plot.bottom, plot.top) };
    },
    [rows, series.length, height],
  );

  const draw = useCallback(
    (width: number) => {
      const { plot, x, group, y, twoLines } = layout(width);
      const ticks = TICKS.map((v) => ({ value: v, at: y(v) }));
      // Many runs make narrow bars: smaller labels keep neighbours from running together.
      const labelSize = series.length > 4 ? 11 : 13;
      return (
        <ChartSvg width={width} height={height} label="Mean class accuracy in Many, Medium and Few">
          {/* The same tints as the bands of the frequency chart, so the two charts read as one story. */}
          {rows.map((r, i) => (
            <rect key={r.split} x={x.edge(i)} y={plot.top} width={x.step} height={plot.bottom - plot.top} fill={SPLIT_COLORS[r.split]} fillOpacity={0.6} />
          ))}
          <GridRows plot={plot} ticks={ticks} />
          <YAxis plot={plot} side="left" ticks={ticks} format={(v) => formatPercent(v)} title="mean class accuracy" titleOffset={Y_AXIS - 12} />
          {twoLines ? (
            <g>
              {rows.map((r, i) => (
                <text key={r.split} x={x.center(i)} y={plot.bottom + 8} dy="0.8em" textAnchor="middle" fontSize={14} fill={TEXT}>
                  <tspan x={x.center(i)}>{SPLIT_LABELS[r.split]}</tspan>
                  <tspan x={x.center(i)} dy={LINE_HEIGHT} fill={MUTED}>
                    {r.label.slice(SPLIT_LABELS[r.split].length + 1)}
                  </tspan>
                </text>
              ))}
            </g>
          ) : null}
          <CategoryAxis plot={plot} centers={rows.map((_, i) => x.center(i))} labels={twoLines ? [] : rows.map((r) => r.label)} rotate={false} stride={1} fontSize={14} fill={TEXT} />
          {rows.map((r, i) =>
            series.map((s, k) => {
              const v = r.acc[k];
              const left = x.start(i) + group.offset(k);
              const top = v === null || v === undefined ? plot.bottom : y(v);
              return (
                <g key={`${r.split}:${s.id}`}>
                  {/* An empty split keeps a zero-height bar and an em dash on the baseline, so "no classes here" never reads as "0 %". */}
                  <rect className="chart-bar" x={left} y={top} width={group.barWidth} height={plot.bottom - top} fill={s.color} />
                  <text x={left + group.barWidth / 2} y={top - 6} textAnchor="middle" fontSize={labelSize} fontWeight={600} fill={v == null ? MUTED : TEXT}>
                    {formatPercent(v)}
                  </text>
                </g>
              );
            }),
          )}
        </ChartSvg>
      );
    },
    [layout, rows, series, height],
  );

  const { hitTest, highlight } = useBandHover(layout);

  const tooltip = useMemo(
    () => bandTooltip(rows, (row) => series.map((s, k) => <TooltipRow key={s.id} label={s.label} value={formatPercent(row.acc[k], 1)} color={s.color} />)),
    [rows, series],
  );

  const legend = series.map((s): LegendItem => ({ label: s.label, color: s.color, mark: 'bar' }));
  return (
    <div>
      {legend.length > 0 ? <ChartLegend items={legend} /> : null}
      <PlotArea height={height} draw={draw} hitTest={hitTest} tooltip={tooltip} highlight={highlight} />
    </div>
  );
}
