/**
 * The arithmetic of the hand-drawn SVG charts: scales, category bands, grouped bars, line paths
 * and hit-testing. Pure functions, so they are tested against hand-computed values and cost
 * nothing to call on every redraw.
 */

/** Maps a domain interval onto a pixel interval; `invert` goes back (for hover read-outs). */
export interface LinearScale {
  (v: number): number;
  invert(px: number): number;
}

/** `v` from [d0, d1] onto [r0, r1]. A flat domain maps everything to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): LinearScale {
  const span = d1 - d0;
  const scale = ((v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0))) as LinearScale;
  scale.invert = (px: number) => (r1 === r0 ? d0 : d0 + ((px - r0) / (r1 - r0)) * span);
  return scale;
}

/** Base-10 log scale; values at or below zero are clamped to `d0` (log 0 has no place). */
export function logScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const inner = linearScale(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => inner(Math.log10(Math.max(v, d0)));
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

export function bands(count: number, r0: number, r1: number, gap: number): Bands {
  const step = count > 0 ? (r1 - r0) / count : 0;
  const width = step * (1 - gap);
  return {
    count,
    step,
    width,
    edge: (i) => r0 + i * step,
    start: (i) => r0 + i * step + (step - width) / 2,
    center: (i) => r0 + (i + 0.5) * step,
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

/** One decimal is a tenth of a pixel: finer digits only lengthen the path string. */
function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * An SVG path through the points in order, lifting the pen at a null y (a gap in the data)
 * so a missing value never reads as a straight line across it.
 */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let d = '';
  let penDown = false;
  for (const { x, y } of points) {
    if (y === null || !Number.isFinite(y)) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${px(x)} ${px(y)}`;
    penDown = true;
  }
  return d;
}

/** Index of the value of `sorted` (ascending) nearest to `x`; -1 when empty. Ties go to the lower. */
export function nearestIndex(sorted: ArrayLike<number>, x: number): number {
  const n = sorted.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs((sorted[lo] ?? 0) - x) <= Math.abs((sorted[hi] ?? 0) - x) ? lo : hi;
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
