import { useEffect, useRef } from 'react';
import { sizeCanvas, useWidth } from './useWidth';
import { MUTED, SMALL_FONT, TEXT } from './theme';

export interface ImageGridProps {
  /** [height, width] of one grey image. */
  shape: readonly [number, number];
  classNames: readonly string[];
  /** Training images per class: the tail's row is short because the tail has few. */
  counts: readonly number[];
  /** Sample images, 8-bit grey, row-major, `labels[i]` the class of image i. */
  pixels: Uint8Array;
  labels: Int32Array;
  /** Thumbnails per row at most. */
  perRow?: number;
  /** Thumbnail side, CSS px. */
  thumb?: number;
}

const LABEL_WIDTH = 170;
/** On a phone the class names get less room, so that the images keep some. */
const NARROW_LABEL_WIDTH = 110;

/**
 * One row of training images per class, classes in the dataset's order (class 0 most frequent).
 * The row holds as many images as the class has, up to `perRow`, so the eye sees how empty the
 * tail is before any chart says so.
 */
export function ImageGrid({ shape, classNames, counts, pixels, labels, perRow: maxPerRow = 16, thumb = 30 }: ImageGridProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLElement>(null);
  const room = useWidth(box);
  const [h, w] = shape;
  const rows = classNames.length;
  const labelWidth = room > 0 && room < 480 ? NARROW_LABEL_WIDTH : LABEL_WIDTH;
  // As many thumbnails as the card has room for (at least four, to show the head is full).
  const perRow = room > 0 ? Math.max(4, Math.min(maxPerRow, Math.floor((room - labelWidth) / (thumb + 2)))) : maxPerRow;
  const width = labelWidth + perRow * (thumb + 2);
  const height = rows * (thumb + 4);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas && sizeCanvas(canvas, width, height);
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    const tile = document.createElement('canvas');
    tile.width = w;
    tile.height = h;
    const tileCtx = tile.getContext('2d');
    if (!tileCtx) return;
    const placed = new Array<number>(rows).fill(0);
    const size = h * w;
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i] ?? 0;
      const slot = placed[c] ?? 0;
      if (slot >= perRow) continue;
      placed[c] = slot + 1;
      const image = tileCtx.createImageData(w, h);
      for (let p = 0; p < size; p++) {
        // Fashion-MNIST and digits are light-on-dark; draw dark-on-light, as on paper.
        const v = 255 - (pixels[i * size + p] ?? 0);
        image.data.set([v, v, v, 255], 4 * p);
      }
      tileCtx.putImageData(image, 0, 0);
      ctx.drawImage(tile, labelWidth + slot * (thumb + 2), c * (thumb + 4) + 2, thumb, thumb);
    }
    ctx.font = `${SMALL_FONT + 1}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (let c = 0; c < rows; c++) {
      ctx.fillStyle = TEXT;
      ctx.fillText(classNames[c] ?? String(c), 4, c * (thumb + 4) + thumb / 2 + 2, labelWidth - 50);
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'right';
      ctx.fillText(`${counts[c] ?? 0}`, labelWidth - 8, c * (thumb + 4) + thumb / 2 + 2);
      ctx.textAlign = 'left';
    }
  }, [pixels, labels, classNames, counts, rows, h, w, perRow, thumb, width, height, labelWidth]);
  return (
    <figure ref={box} style={{ margin: 0, overflowX: 'auto' }}>
      <canvas ref={ref} role="img" aria-label="Training images per class, one row per class" style={{ width, height }} />
      <figcaption style={{ fontSize: SMALL_FONT, color: MUTED }}>
        One row per class with its number of training images; a row shows at most {perRow}. The tail rows are short.
      </figcaption>
    </figure>
  );
}
