import { useEffect, useRef } from 'react';
import type { DecisionGrid } from '../training/snapshot';
import { classColor } from './palette';
import { pixelRatio } from './useWidth';
import { BORDER, MUTED, TEXT } from './theme';

export interface DecisionBoundaryProps {
  /** Predicted class and confidence per cell; null before the first evaluation. */
  grid: DecisionGrid | null;
  /** Training points: x row-major [n, 2], y their classes. */
  points: { x: Float32Array; y: Int32Array } | null;
  classes: number;
  /** The square of data space shown, the same on both axes. */
  extent: { min: number; max: number };
  /** Side of the square canvas, CSS px. */
  size?: number;
}

/** Cell opacity: a floor so that unsure regions still show their class, rising with confidence. */
const ALPHA_FLOOR = 0.15;
const ALPHA_RANGE = 0.55;
const DOT_RADIUS = 2.5;

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Paints the grid at one pixel per cell; the caller scales it up to the canvas. */
function gridImage(grid: DecisionGrid): HTMLCanvasElement | null {
  const n = grid.size;
  const cells = document.createElement('canvas');
  cells.width = n;
  cells.height = n;
  const ctx = cells.getContext('2d');
  if (!ctx) return null;
  const image = ctx.createImageData(n, n);
  const colors = new Map<number, [number, number, number]>();
  for (let row = 0; row < n; row++) {
    // Grid row 0 is the lowest y, but canvas row 0 is the top: flip.
    const imageRow = n - 1 - row;
    for (let col = 0; col < n; col++) {
      const cell = row * n + col;
      const c = grid.predicted[cell] ?? 0;
      let color = colors.get(c);
      if (!color) colors.set(c, (color = rgb(classColor(c))));
      const conf = Math.min(1, Math.max(0, grid.confidence[cell] ?? 0));
      const o = 4 * (imageRow * n + col);
      image.data[o] = color[0];
      image.data[o + 1] = color[1];
      image.data[o + 2] = color[2];
      image.data[o + 3] = Math.round(255 * (ALPHA_FLOOR + ALPHA_RANGE * conf));
    }
  }
  ctx.putImageData(image, 0, 0);
  return cells;
}

function draw(canvas: HTMLCanvasElement, props: Required<DecisionBoundaryProps>) {
  const { grid, points, classes, extent, size } = props;
  // Back the canvas with device pixels so dots and edges stay crisp on HiDPI projectors and laptops.
  // Read at each draw (snapshots arrive every ~100 ms), which also picks up a window moved to a
  // screen of another density without a listener of its own.
  const dpr = pixelRatio(canvas);
  canvas.width = Math.round(size * dpr);
  canvas.height = Math.round(size * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);

  const span = extent.max - extent.min || 1;
  const toX = (v: number) => ((v - extent.min) / span) * size;
  const toY = (v: number) => size - ((v - extent.min) / span) * size;

  if (grid && grid.size > 0) {
    const cells = gridImage(grid);
    if (cells) {
      // Cells are a coarse 64 × 64 sample: hard edges show the model's resolution honestly.
      ctx.imageSmoothingEnabled = false;
      const x0 = toX(grid.min);
      const x1 = toX(grid.max);
      ctx.drawImage(cells, x0, toY(grid.max), x1 - x0, toY(grid.min) - toY(grid.max));
    }
  }

  if (points) {
    const n = Math.min(points.y.length, Math.floor(points.x.length / 2));
    // Bucket by class and draw class 0 (the most frequent) first, so rare classes end up on top.
    const byClass: number[][] = Array.from({ length: Math.max(1, classes) }, () => []);
    for (let i = 0; i < n; i++) {
      const c = points.y[i] ?? 0;
      (byClass[c] ?? byClass[byClass.length - 1])?.push(i);
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#ffffff';
    byClass.forEach((indices, c) => {
      ctx.fillStyle = classColor(c);
      for (const i of indices) {
        ctx.beginPath();
        ctx.arc(toX(points.x[2 * i] ?? 0), toY(points.x[2 * i + 1] ?? 0), DOT_RADIUS, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    });
  }
}

/**
 * Decision regions of a 2-D classifier with its training points on top: where a rare class's
 * region shrinks around its few points, the long tail is visible as geometry.
 */
export function DecisionBoundary(props: DecisionBoundaryProps) {
  const { grid, points, classes, extent, size = 320 } = props;
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (ref.current) draw(ref.current, { grid, points, classes, extent: { min: extent.min, max: extent.max }, size });
  }, [grid, points, classes, extent.min, extent.max, size]);

  const label = grid
    ? `Decision regions of ${classes} classes over a ${grid.size} by ${grid.size} grid, with ${points?.y.length ?? 0} training points`
    : `Training points of ${classes} classes; decision regions appear after the first evaluation`;

  return (
    <div style={{ display: 'inline-flex', flexDirection: 'column', gap: 8, maxWidth: '100%' }}>
      <canvas
        ref={ref}
        role="img"
        aria-label={label}
        // aspect-ratio keeps the picture square when a narrow card squeezes it below `size`.
        style={{ width: size, maxWidth: '100%', aspectRatio: '1 / 1', height: 'auto', border: `1px solid ${BORDER}`, borderRadius: 4, display: 'block' }}
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 9px', maxWidth: size, fontSize: 13, color: TEXT }}>
        <span style={{ color: MUTED }}>class</span>
        {Array.from({ length: classes }, (_, c) => (
          <span key={c} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span style={{ width: 12, height: 12, borderRadius: '50%', background: classColor(c), display: 'inline-block' }} />
            {c}
          </span>
        ))}
      </div>
    </div>
  );
}
