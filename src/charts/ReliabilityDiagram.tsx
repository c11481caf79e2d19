import { useCallback, useMemo } from 'react';
import type { Reliability } from '../training/metrics/calibration';
import { ChartLegend } from './ChartLegend';
import { ChartSvg, GridColumns, GridRows, XAxis, YAxis, type Plot } from './svg/Axes';
import { linearScale, type LinearScale } from './svg/geometry';
import { PlotArea } from './svg/PlotArea';
import { GRID, MUTED, SMALL_FONT, TEXT, finiteOrNull, formatPercent } from './theme';
import { TooltipBox, TooltipRow } from './TooltipBox';

export interface ReliabilityDiagramProps {
  reliability: Reliability;
  /** Height of the diagram itself; the count histogram under it adds HISTOGRAM_HEIGHT. */
  height?: number;
}

const ACC_COLOR = '#0072B2';
const GAP_COLOR = '#D55E00';
const HISTOGRAM_HEIGHT = 96;
/** Left and right are shared by both plots so that their x axes line up bin for bin; the right
 * margin holds half of the "100%" tick label, which an exported PNG would otherwise cut. */
const LEFT = 4 + 64;
const RIGHT = 22;
const TOP = 8;
/** Room under the diagram for half of its "0%" tick, which sits on the bottom edge. */
const DIAGRAM_BOTTOM = 10;
const HISTOGRAM_X_AXIS = 44;
const X_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

interface Row {
  lo: number;
  hi: number;
  accuracy: number | null;
  confidence: number | null;
  count: number;
  /** Fraction of all test predictions in this bin. */
  share: number;
}

function binTooltip(row: Row | undefined) {
  if (!row) return null;
  return (
    <TooltipBox title={`confidence ${formatPercent(row.lo)}–${formatPercent(row.hi)}`}>
      <TooltipRow label="predictions" value={`${row.count} (${formatPercent(row.share, 1)})`} />
      <TooltipRow label="accuracy" value={formatPercent(row.accuracy, 1)} color={ACC_COLOR} />
      <TooltipRow label="mean confidence" value={formatPercent(row.confidence, 1)} color={GAP_COLOR} />
    </TooltipBox>
  );
}

/** The bin's column on the confidence axis, a pixel in from either side so neighbours stay apart. */
function binRect(x: LinearScale, row: Row): { x: number; width: number } {
  const left = x(row.lo) + 0.5;
  return { x: left, width: Math.max(0, x(row.hi) - 0.5 - left) };
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
      return {
        lo: b / bins,
        hi: (b + 1) / bins,
        accuracy: count > 0 ? finiteOrNull(reliability.accuracy[b]) : null,
        confidence: count > 0 ? finiteOrNull(reliability.confidence[b]) : null,
        count,
        share: total > 0 ? count / total : 0,
      };
    });
  }, [reliability, bins]);
  const maxShare = Math.max(0.01, ...rows.map((r) => r.share));

  const layout = useCallback((width: number, plotHeight: number, bottom: number, yMax: number) => {
    const plot: Plot = { left: LEFT, top: TOP, right: width - RIGHT, bottom: plotHeight - bottom };
    return { plot, x: linearScale(0, 1, plot.left, plot.right), y: linearScale(0, yMax, plot.bottom, plot.top) };
  }, []);
  const diagram = useCallback((width: number) => layout(width, height, DIAGRAM_BOTTOM, 1), [layout, height]);
  const histogram = useCallback((width: number) => layout(width, HISTOGRAM_HEIGHT, HISTOGRAM_X_AXIS, maxShare), [layout, maxShare]);

  const drawDiagram = useCallback(
    (width: number) => {
      const { plot, x, y } = diagram(width);
      const ticks = X_TICKS.map((v) => ({ value: v, at: y(v) }));
      return (
        <ChartSvg width={width} height={height} label="Reliability diagram: accuracy against confidence">
          <GridRows plot={plot} ticks={ticks} />
          <GridColumns plot={plot} ticks={X_TICKS.map((v) => ({ value: v, at: x(v) }))} />
          <YAxis plot={plot} side="left" ticks={ticks} format={(v) => formatPercent(v)} title="accuracy" titleOffset={LEFT - 14} />
          {rows.map((row, b) => {
            if (row.accuracy === null) return null;
            const { x: left, width: w } = binRect(x, row);
            const gapTop = row.confidence === null ? null : Math.max(row.accuracy, row.confidence);
            const gapBottom = row.confidence === null ? null : Math.min(row.accuracy, row.confidence);
            return (
              <g key={b}>
                <rect className="chart-bar" x={left} y={y(row.accuracy)} width={w} height={plot.bottom - y(row.accuracy)} fill={ACC_COLOR} stroke="#ffffff" strokeWidth={1} />
                {gapTop !== null && gapBottom !== null ? (
                  <rect x={left} y={y(gapTop)} width={w} height={y(gapBottom) - y(gapTop)} fill={GAP_COLOR} fillOpacity={0.35} stroke={GAP_COLOR} strokeWidth={1.5} />
                ) : null}
              </g>
            );
          })}
          <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke={TEXT} strokeWidth={1.5} strokeDasharray="6 4" />
        </ChartSvg>
      );
    },
    [diagram, rows, height],
  );

  const drawHistogram = useCallback(
    (width: number) => {
      const { plot, x, y } = histogram(width);
      return (
        <ChartSvg width={width} height={HISTOGRAM_HEIGHT} label="Share of test predictions per confidence bin">
          <YAxis plot={plot} side="left" ticks={[0, maxShare].map((v) => ({ value: v, at: y(v) }))} format={(v) => formatPercent(v)} titleOffset={0} />
          <XAxis plot={plot} ticks={X_TICKS.map((v) => ({ value: v, at: x(v) }))} format={(v) => formatPercent(v)} title="confidence (top softmax probability)" />
          {rows.map((row, b) => {
            const { x: left, width: w } = binRect(x, row);
            return row.share > 0 ? <rect key={b} x={left} y={y(row.share)} width={w} height={plot.bottom - y(row.share)} fill={MUTED} fillOpacity={0.55} /> : null;
          })}
        </ChartSvg>
      );
    },
    [histogram, rows, maxShare],
  );

  // Both plots answer hover with the bin under the pointer, and shade it.
  const hitTestWith = useCallback(
    (geometry: typeof diagram) => (px: number, py: number, width: number) => {
      const { plot, x } = geometry(width);
      const b = Math.floor(x.invert(px) * bins);
      return b >= 0 && b < bins && py >= plot.top && py <= plot.bottom ? b : null;
    },
    [bins],
  );
  const highlightWith = useCallback(
    (geometry: typeof diagram) => (b: number, width: number) => {
      const { plot, x } = geometry(width);
      const row = rows[b];
      if (!row) return null;
      const r = binRect(x, row);
      return <rect x={r.x} y={plot.top} width={r.width} height={plot.bottom - plot.top} fill="#0f172a" fillOpacity={0.05} />;
    },
    [rows],
  );
  const hitDiagram = useMemo(() => hitTestWith(diagram), [hitTestWith, diagram]);
  const hitHistogram = useMemo(() => hitTestWith(histogram), [hitTestWith, histogram]);
  const highlightDiagram = useMemo(() => highlightWith(diagram), [highlightWith, diagram]);
  const highlightHistogram = useMemo(() => highlightWith(histogram), [highlightWith, histogram]);
  const tooltip = useCallback((b: number) => binTooltip(rows[b]), [rows]);

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
        <PlotArea height={height} draw={drawDiagram} hitTest={hitDiagram} tooltip={tooltip} highlight={highlightDiagram} />
        <div
          style={{
            position: 'absolute',
            top: TOP + 6,
            left: LEFT + 10,
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
      <PlotArea height={HISTOGRAM_HEIGHT} draw={drawHistogram} hitTest={hitHistogram} tooltip={tooltip} highlight={highlightHistogram} />
      <div style={{ fontSize: SMALL_FONT, color: MUTED, textAlign: 'center' }}>
        Grey bars: share of test predictions in each confidence bin ({bins} bins).
      </div>
    </div>
  );
}
