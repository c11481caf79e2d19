import { tooltipLeft } from './geometry';
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useWidth } from '../useWidth';

/** What the pointer is over: a key the chart chose (a category index, an epoch …) and where. */
export interface Hover<K> {
  key: K;
  /** Pointer position in the chart's pixels. */
  x: number;
  y: number;
}

export interface PlotAreaProps<K> {
  height: number;
  /**
   * The chart at a given width. It is redrawn only when the width or this function changes,
   * never on hover, so keep it stable (useCallback) in the chart.
   */
  draw: (width: number) => ReactNode;
  /** What is under pixel (x, y) at this width; null for nothing worth a tooltip. */
  hitTest: (x: number, y: number, width: number) => K | null;
  /** The hover read-out (HTML), placed beside the pointer. */
  tooltip: (key: K) => ReactNode;
  /** Marks drawn over the chart for the hovered key (SVG), e.g. a band or a cursor line. */
  highlight?: (key: K, width: number) => ReactNode;
}

/**
 * The box every hand-drawn chart sits in: it measures the width, draws the chart once per data
 * change (hovering redraws only the tooltip and the highlight, in a layer of their own) and keeps
 * the tooltip inside the card. The tooltip is HTML so it can hold the same rows as everywhere else.
 */
export function PlotArea<K>({ height, draw, hitTest, tooltip, highlight }: PlotAreaProps<K>) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const [hover, setHover] = useState<Hover<K> | null>(null);
  const chart = useMemo(() => (width > 0 ? draw(width) : null), [draw, width]);
  const tip = useRef<HTMLDivElement>(null);

  // Beside the pointer, on whichever side has room, and inside the chart where it fits: the
  // tooltip's width is known only once drawn, so it is placed here, before the browser paints.
  useLayoutEffect(() => {
    const el = tip.current;
    if (!el || hover === null) return;
    el.style.left = `${tooltipLeft(hover.x, el.offsetWidth, width)}px`;
  });

  const onMove = (e: React.MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    // Under CSS zoom (presentation mode) the pointer moves in zoomed pixels, the chart is drawn in
    // its own: scale back, or the tooltip would name the bar to the right of the one pointed at.
    const scale = e.currentTarget.offsetWidth > 0 ? rect.width / e.currentTarget.offsetWidth : 1;
    const x = (e.clientX - rect.left) / scale;
    const y = (e.clientY - rect.top) / scale;
    const key = hitTest(x, y, width);
    setHover(key === null ? null : { key, x, y });
  };

  return (
    <div ref={box} style={{ position: 'relative', width: '100%', height }} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
      {chart}
      {hover !== null && highlight ? (
        <svg width={width} height={height} style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }} aria-hidden="true">
          {highlight(hover.key, width)}
        </svg>
      ) : null}
      {hover !== null ? (
        <div
          ref={tip}
          data-testid="chart-tooltip"
          style={{
            position: 'absolute',
            top: Math.max(0, Math.min(hover.y + 12, height - 40)),
            pointerEvents: 'none',
            zIndex: 2,
            whiteSpace: 'nowrap',
          }}
        >
          {tooltip(hover.key)}
        </div>
      ) : null}
    </div>
  );
}
