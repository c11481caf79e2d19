import { useLayoutEffect, useState } from 'react';

/**
 * The content width of `ref`'s element, followed as it resizes (a phone turned, a sidebar
 * folded, presentation mode); 0 until first measured. Every chart sizes itself from it, so no
 * chart is wider than the card it sits in.
 */
export function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Whole pixels: sub-pixel jitter from the layout must not redraw the chart.
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * Device pixels per CSS pixel of `el` as drawn: the screen's ratio times any CSS zoom around it
 * (presentation mode), so a canvas enlarged on a projector stays sharp.
 */
export function pixelRatio(el: HTMLElement): number {
  const zoom = el.offsetWidth > 0 ? el.getBoundingClientRect().width / el.offsetWidth : 1;
  return (window.devicePixelRatio || 1) * (Number.isFinite(zoom) && zoom > 0 ? zoom : 1);
}

/**
 * Sizes a canvas for `width` × `height` CSS pixels backed by device pixels (pixelRatio), clears
 * it and returns its context drawing in CSS pixels; null where the canvas has no 2-D context.
 */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const dpr = pixelRatio(canvas);
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
