/**
 * The arithmetic of the hand-drawn SVG charts: scales, category bands, grouped bars, line paths
 * and hit-testing. Scales, paths and bisection come from d3 (what recharts is built on); our own
 * SVG renderer draws them, which was measured faster than recharts for live redraws. Pure
 * functions, so they are tested against hand-computed values and cost nothing on every redraw.
 */
import { bisectCenter, range } from 'd3-array';
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { line as d3line } from 'd3-shape';

/** Maps a domain interval onto a pixel interval; `invert` goes back (for hover read-outs). */
export interface LinearScale {
  (v: number): number;
  invert(px: number): number;
}

/** `v` from [d0, d1] onto [r0, r1] (d3-scale). A flat domain maps everything to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): LinearScale {
  return scaleLinear().domain([d0, d1]).range([r0, r1]);
}

/** Base-10 log scale; values at or below zero are clamped to `d0` (log 0 has no place). */
export function logScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const scale = scaleLog().domain([d0, d1]).range([r0, r1]);
  return (v) => scale(Math.max(v, d0));
}

/**
 * `count` equal categories side by side over [r0, r1]. `gap` is the share of each category's
 * step left empty, half on either side, so neighbours' marks never touch.
 */
export interface Bands {
  count: number;
  /** Width of one category, gap included. */
  step: number;
  /** Width of what is drawn inside a category. */
  width: number;
  /** Left edge of category i, gap included (where a background band starts). */
  edge(i: number): number;
  /** Left edge of what is drawn in category i. */
  start(i: number): number;
  center(i: number): number;
  /** The category under pixel x, or -1 outside every category. */
  at(x: number): number;
}

/** A d3 band scale whose outer padding is half its inner one, so every category is one step wide. */
export function bands(count: number, r0: number, r1: number, gap: number): Bands {
  const band = scaleBand<number>().domain(range(count)).range([r0, r1]).paddingInner(gap).paddingOuter(gap / 2);
  const step = count > 0 ? band.step() : 0;
  const width = count > 0 ? band.bandwidth() : 0;
  // Categories past the domain (a label stride, a hover at the edge) continue the same grid.
  const start = (i: number) => band(i) ?? r0 + i * step + (step - width) / 2;
  return {
    count,
    step,
    width,
    edge: (i) => start(i) - (step - width) / 2,
    start,
    center: (i) => start(i) + width / 2,
    at: (x) => {
      if (step <= 0) return -1;
      const i = Math.floor((x - r0) / step);
      return i >= 0 && i < count ? i : -1;
    },
  };
}

/** Where bar i of `count` grouped bars sits inside one category of width `width`. */
export interface Group {
  barWidth: number;
  offset(i: number): number;
}

/**
 * `count` bars side by side in a category, `gap` px apart, none wider than `maxBar`; the group
 * is centred when the bars cannot fill the category.
 */
export function groupBars(width: number, count: number, gap: number, maxBar: number): Group {
  if (count <= 0) return { barWidth: 0, offset: () => 0 };
  const gaps = gap * (count - 1);
  const barWidth = Math.max(1, Math.min(maxBar, (width - gaps) / count));
  const total = barWidth * count + gaps;
  const left = (width - total) / 2;
  return { barWidth, offset: (i) => left + i * (barWidth + gap) };
}

/**
 * An SVG path through the points in order (d3-shape), lifting the pen at a null or non-finite y
 * (a gap in the data) so a missing value never reads as a straight line across it. One decimal
 * is a tenth of a pixel: finer digits only lengthen the path string.
 */
const line = d3line<{ x: number; y: number | null }>()
  .defined((p) => p.y !== null && Number.isFinite(p.y))
  .x((p) => p.x)
  .y((p) => p.y ?? 0)
  .digits(1);

export function linePath(points: readonly { x: number; y: number | null }[]): string {
  return line(points) ?? '';
}

/** Index of the value of `sorted` (ascending) nearest to `x` (d3-array's bisection); -1 when empty. */
export function nearestIndex(sorted: ArrayLike<number>, x: number): number {
  return sorted.length === 0 ? -1 : bisectCenter(sorted, x);
}

/**
 * Which of `count` category labels to write when they cannot all fit: every k-th, k the
 * smallest whole number that leaves `minSpacing` px between written labels, plus the last.
 */
export function labelStride(count: number, step: number, minSpacing: number): number {
  if (count <= 1 || step >= minSpacing) return 1;
  return Math.ceil(minSpacing / Math.max(step, 1e-9));
}

/** Gap between the pointer and the tooltip, so the tooltip never hides what it describes. */
const POINTER_GAP = 14;

/**
 * The tooltip's left edge: right of the pointer if it fits in `width`, else left of it, and
 * never past the chart's left edge.
 */
export function tooltipLeft(pointerX: number, tooltipWidth: number, width: number): number {
  if (pointerX + POINTER_GAP + tooltipWidth <= width) return pointerX + POINTER_GAP;
  return Math.max(0, pointerX - POINTER_GAP - tooltipWidth);
}
