import type { ReactNode } from 'react';
import { GRID, LABEL_FONT, MUTED, TEXT, TICK_FONT } from '../theme';

/**
 * Axes, grid and frame of the hand-drawn charts. Every style is an SVG attribute, not CSS: the
 * PNG export serialises the SVG on its own, and only attributes travel with it.
 */

/** The plotting rectangle inside the SVG, in pixels. */
export interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Tick {
  value: number;
  /** Pixel position along the axis. */
  at: number;
}

const AXIS_LINE = '#94a3b8';
const TICK_LENGTH = 5;

/** The chart's SVG root: block-level (no baseline gap under it) and sized in pixels. */
export function ChartSvg({ width, height, label, children }: { width: number; height: number; label: string; children: ReactNode }) {
  return (
    <svg width={width} height={height} role="img" aria-label={label} style={{ display: 'block', overflow: 'visible' }}>
      {children}
    </svg>
  );
}

/** Grid lines across the plot at the ticks: horizontal for a y axis (rows), vertical for an x axis. */
function GridLines({ plot, ticks, rows }: { plot: Plot; ticks: readonly Tick[]; rows: boolean }) {
  return (
    <g>
      {ticks.map((t) =>
        rows ? (
          <line key={t.value} x1={plot.left} x2={plot.right} y1={t.at} y2={t.at} stroke={GRID} />
        ) : (
          <line key={t.value} x1={t.at} x2={t.at} y1={plot.top} y2={plot.bottom} stroke={GRID} />
        ),
      )}
    </g>
  );
}

export const GridRows = (props: { plot: Plot; ticks: readonly Tick[] }) => <GridLines {...props} rows />;
export const GridColumns = (props: { plot: Plot; ticks: readonly Tick[] }) => <GridLines {...props} rows={false} />;

/** A vertical axis on the left or right edge of the plot, with its title turned along it. */
export function YAxis(props: { plot: Plot; side: 'left' | 'right'; ticks: readonly Tick[]; format: (v: number) => string; title?: string; titleOffset: number }) {
  const { plot, side, ticks, format, title, titleOffset } = props;
  const left = side === 'left';
  const x = left ? plot.left : plot.right;
  const dir = left ? -1 : 1;
  const middle = (plot.top + plot.bottom) / 2;
  const titleX = x + dir * titleOffset;
  return (
    <g>
      <line x1={x} x2={x} y1={plot.top} y2={plot.bottom} stroke={AXIS_LINE} />
      {ticks.map((t) => (
        <g key={t.value}>
          <line x1={x} x2={x + dir * TICK_LENGTH} y1={t.at} y2={t.at} stroke={AXIS_LINE} />
          <text x={x + dir * (TICK_LENGTH + 3)} y={t.at} dy="0.35em" textAnchor={left ? 'end' : 'start'} fontSize={TICK_FONT} fill={MUTED}>
            {format(t.value)}
          </text>
        </g>
      ))}
      {title ? (
        <text x={titleX} y={middle} transform={`rotate(${left ? -90 : 90} ${titleX} ${middle})`} textAnchor="middle" fontSize={LABEL_FONT} fill={TEXT}>
          {title}
        </text>
      ) : null}
    </g>
  );
}

/** A numeric horizontal axis under the plot, with its title centred below the ticks. */
export function XAxis(props: { plot: Plot; ticks: readonly Tick[]; format: (v: number) => string; title?: string }) {
  const { plot, ticks, format, title } = props;
  return (
    <g>
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={AXIS_LINE} />
      {ticks.map((t) => (
        <g key={t.value}>
          <line x1={t.at} x2={t.at} y1={plot.bottom} y2={plot.bottom + TICK_LENGTH} stroke={AXIS_LINE} />
          <text x={t.at} y={plot.bottom + TICK_LENGTH + 3} dy="0.8em" textAnchor="middle" fontSize={TICK_FONT} fill={MUTED}>
            {format(t.value)}
          </text>
        </g>
      ))}
      {title ? (
        <text x={(plot.left + plot.right) / 2} y={plot.bottom + 38} textAnchor="middle" fontSize={LABEL_FONT} fill={TEXT}>
          {title}
        </text>
      ) : null}
    </g>
  );
}

/**
 * Category names under the plot, one per band centre; turned by 40° when they would collide,
 * and every `stride`-th only (plus the last) when even that is too tight.
 */
export function CategoryAxis(props: {
  plot: Plot;
  centers: readonly number[];
  labels: readonly string[];
  rotate: boolean;
  stride: number;
  fontSize: number;
  fill: string;
}) {
  const { plot, centers, labels, rotate, stride, fontSize, fill } = props;
  const y = plot.bottom + 8;
  return (
    <g>
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={AXIS_LINE} />
      {labels.map((label, i) => {
        if (i % stride !== 0 && i !== labels.length - 1) return null;
        const x = centers[i] ?? 0;
        return rotate ? (
          <text key={i} x={x} y={y} dy="0.7em" textAnchor="end" transform={`rotate(-40 ${x} ${y})`} fontSize={fontSize} fill={fill}>
            {label}
          </text>
        ) : (
          <text key={i} x={x} y={y} dy="0.8em" textAnchor="middle" fontSize={fontSize} fill={fill}>
            {label}
          </text>
        );
      })}
    </g>
  );
}
