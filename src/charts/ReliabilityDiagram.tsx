import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Reliability } from '../training/metrics/calibration';
import { ChartLegend } from './ChartLegend';
import { AXIS_TICK, GRID, MUTED, SMALL_FONT, TEXT, axisLabel, finiteOrNull, formatPercent } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';

export interface ReliabilityDiagramProps {
  reliability: Reliability;
  /** Height of the diagram itself; the count histogram under it adds HISTOGRAM_HEIGHT. */
  height?: number;
}

const ACC_COLOR = '#0072B2';
const GAP_COLOR = '#D55E00';
const HISTOGRAM_HEIGHT = 96;
/** Left and right are shared by both charts so that their x axes line up bin for bin. */
const MARGIN = { top: 8, right: 16, bottom: 0, left: 4 };
/** Room under the diagram for half of its "0%" tick, which sits on the bottom edge. */
const DIAGRAM_MARGIN = { ...MARGIN, bottom: 10 };
const Y_WIDTH = 64;
const X_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

interface Row {
  /** Bin centre on the confidence axis. */
  center: number;
  lo: number;
  hi: number;
  accuracy: number | null;
  confidence: number | null;
  /** [accuracy, mean confidence] in order; null for an empty bin. */
  gap: [number, number] | null;
  count: number;
  /** Fraction of all test predictions in this bin. */
  share: number;
}

function BinTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <TooltipBox title={`confidence ${formatPercent(row.lo)}–${formatPercent(row.hi)}`}>
      <TooltipRow label="predictions" value={`${row.count} (${formatPercent(row.share, 1)})`} />
      <TooltipRow label="accuracy" value={formatPercent(row.accuracy, 1)} color={ACC_COLOR} />
      <TooltipRow label="mean confidence" value={formatPercent(row.confidence, 1)} color={GAP_COLOR} />
    </TooltipBox>
  );
}

/**
 * The reliability diagram of Guo et al. (2017): predictions binned by confidence, each bin's
 * accuracy as a bar. A calibrated model's bars follow the diagonal; the shaded gap between a bar
 * and its bin's mean confidence is what ECE averages (weighted by the histogram below).
 */
export function ReliabilityDiagram(props: ReliabilityDiagramProps) {
  const { reliability, height = 300 } = props;
  const bins = reliability.counts.length;

  const rows = useMemo<Row[]>(() => {
    let total = 0;
    for (const c of reliability.counts) total += c;
    return Array.from({ length: bins }, (_, b) => {
      const count = reliability.counts[b] ?? 0;
      const accuracy = count > 0 ? finiteOrNull(reliability.accuracy[b]) : null;
      const confidence = count > 0 ? finiteOrNull(reliability.confidence[b]) : null;
      return {
        center: (b + 0.5) / bins,
        lo: b / bins,
        hi: (b + 1) / bins,
        accuracy,
        confidence,
        gap: accuracy != null && confidence != null ? [accuracy, confidence] : null,
        count,
        share: total > 0 ? count / total : 0,
      };
    });
  }, [reliability, bins]);

  const maxShare = Math.max(0.01, ...rows.map((r) => r.share));
  // Both charts need the same numeric x axis; only the lower one shows its ticks and title.
  const xAxis = (id: string, visible: boolean) => (
    <XAxis
      xAxisId={id}
      dataKey="center"
      type="number"
      domain={[0, 1]}
      ticks={X_TICKS}
      tickFormatter={(v: number) => formatPercent(v)}
      tick={visible ? AXIS_TICK : false}
      height={visible ? 44 : 4}
      hide={id === 'gap'}
      label={visible ? axisLabel('confidence (top softmax probability)', 'insideBottom', 0, 2) : undefined}
    />
  );

  return (
    <div>
      <ChartLegend
        items={[
          { label: 'accuracy in bin', color: ACC_COLOR, mark: 'bar' },
          { label: 'gap to mean confidence', color: `${GAP_COLOR}66`, mark: 'bar' },
          { label: 'perfect calibration', color: TEXT, mark: 'dashed' },
        ]}
      />
      <div style={{ position: 'relative' }}>
        <ComposedChart data={rows} responsive style={{ width: '100%', height }} margin={DIAGRAM_MARGIN} barCategoryGap={1} barGap={0}>
          <CartesianGrid stroke={GRID} xAxisId="acc" />
          {xAxis('acc', false)}
          {/* A second, hidden axis lets the gap bar overlap the accuracy bar instead of standing beside it. */}
          {xAxis('gap', false)}
          <YAxis
            domain={[0, 1]}
            ticks={X_TICKS}
            interval={0}
            tickFormatter={(v: number) => formatPercent(v)}
            tick={AXIS_TICK}
            width={Y_WIDTH}
            label={axisLabel('accuracy', 'insideLeft', -90, 8)}
          />
          <Bar xAxisId="acc" dataKey="accuracy" fill={ACC_COLOR} stroke="#ffffff" strokeWidth={1} isAnimationActive={false} />
          <Bar
            xAxisId="gap"
            dataKey="gap"
            fill={GAP_COLOR}
            fillOpacity={0.35}
            stroke={GAP_COLOR}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
          <ReferenceLine
            xAxisId="acc"
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke={TEXT}
            strokeWidth={1.5}
            strokeDasharray="6 4"
            ifOverflow="hidden"
          />
          <Tooltip isAnimationActive={false} cursor={{ fill: '#0f172a', fillOpacity: 0.05 }} content={BinTooltip} />
        </ComposedChart>
        <div
          style={{
            position: 'absolute',
            top: MARGIN.top + 6,
            left: MARGIN.left + Y_WIDTH + 10,
            background: 'rgba(255,255,255,0.9)',
            border: `1px solid ${GRID}`,
            borderRadius: 6,
            padding: '4px 8px',
            fontSize: 14,
            lineHeight: 1.35,
            color: TEXT,
            pointerEvents: 'none',
          }}
        >
          <div>
            <b>ECE</b> {formatPercent(reliability.ece, 1)}
          </div>
          <div>
            <b>MCE</b> {formatPercent(reliability.mce, 1)}
          </div>
        </div>
      </div>
      <BarChart data={rows} responsive style={{ width: '100%', height: HISTOGRAM_HEIGHT }} margin={MARGIN} barCategoryGap={1}>
        {xAxis('acc', true)}
        <YAxis
          domain={[0, maxShare]}
          ticks={[0, maxShare]}
          tickFormatter={(v: number) => formatPercent(v)}
          tick={{ ...AXIS_TICK, fontSize: 12 }}
          width={Y_WIDTH}
          allowDataOverflow
        />
        <Bar xAxisId="acc" dataKey="share" fill={MUTED} fillOpacity={0.55} isAnimationActive={false} />
        <Tooltip isAnimationActive={false} cursor={{ fill: '#0f172a', fillOpacity: 0.05 }} content={BinTooltip} />
      </BarChart>
      <div style={{ fontSize: SMALL_FONT, color: MUTED, textAlign: 'center' }}>
        Grey bars: share of test predictions in each confidence bin ({bins} bins).
      </div>
    </div>
  );
}
