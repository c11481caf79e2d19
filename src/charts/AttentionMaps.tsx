import { useEffect, useRef } from 'react';
import { sizeCanvas, useWidth } from './useWidth';
import { MUTED, SMALL_FONT, TEXT } from './theme';

export interface AttentionMapsProps {
  /** k images, pixels in [0, 1], each h·w·c, channels last. */
  images: Float32Array;
  /** [height, width, channels] of one image. */
  inputShape: readonly number[];
  /** Patches per side. */
  grid: number;
  /** k × grid²: attention weight of each patch. */
  maps: Float32Array;
  labels: Int32Array;
  predicted: Int32Array;
  classNames: readonly string[];
}

const GAP = 10;
const CAPTION = 30;

/**
 * A ViT's CLS-token attention over its patches, one tile per image: the image dark-on-light, and
 * over it each patch tinted in proportion to its weight (the image's largest weight fully
 * tinted), so that the eye sees where the last block looks. Captions: true and predicted class.
 */
export function AttentionMaps({ images, inputShape, grid, maps, labels, predicted, classNames }: AttentionMapsProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLElement>(null);
  const room = useWidth(box);
  const [h = 1, w = 1, c = 1] = inputShape;
  const k = labels.length;
  // Tiles of 120 px, or smaller so that three fit a phone's card.
  const tile = room > 0 ? Math.max(72, Math.min(120, Math.floor((room - 2 * GAP) / 3) - GAP)) : 120;
  const perRow = Math.max(1, Math.min(k, room > 0 ? Math.floor((room + GAP) / (tile + GAP)) : k));
  const rows = Math.ceil(k / perRow);
  const width = perRow * (tile + GAP) - GAP;
  const height = rows * (tile + CAPTION + GAP);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas && sizeCanvas(canvas, width, height);
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    const scratch = document.createElement('canvas');
    scratch.width = w;
    scratch.height = h;
    const sctx = scratch.getContext('2d');
    if (!sctx) return;
    const size = h * w * c;
    const cells = grid * grid;
    for (let i = 0; i < k; i++) {
      const x0 = (i % perRow) * (tile + GAP);
      const y0 = Math.floor(i / perRow) * (tile + CAPTION + GAP);
      const image = sctx.createImageData(w, h);
      for (let p = 0; p < h * w; p++) {
        let sum = 0;
        for (let ch = 0; ch < c; ch++) sum += images[i * size + p * c + ch] ?? 0;
        const v = Math.round(255 * (1 - sum / c));
        image.data.set([v, v, v, 255], 4 * p);
      }
      sctx.putImageData(image, 0, 0);
      ctx.drawImage(scratch, x0, y0, tile, tile);
      const weights = maps.subarray(i * cells, (i + 1) * cells);
      const top = Math.max(1e-9, ...weights);
      const cell = tile / grid;
      // Multiplied onto the image: white (no attention) leaves it as it is, so the strokes stay
      // legible under the strongest tint; orange grows with the patch's share of the image's largest weight.
      ctx.globalCompositeOperation = 'multiply';
      for (let g = 0; g < cells; g++) {
        const r = (weights[g] ?? 0) / top;
        ctx.fillStyle = `rgb(${Math.round(255 - 15 * r)}, ${Math.round(255 - 140 * r)}, ${Math.round(255 - 215 * r)})`;
        ctx.fillRect(x0 + (g % grid) * cell, y0 + Math.floor(g / grid) * cell, cell, cell);
      }
      ctx.globalCompositeOperation = 'source-over';
      ctx.strokeStyle = MUTED;
      ctx.strokeRect(x0 + 0.5, y0 + 0.5, tile - 1, tile - 1);
      const truth = labels[i] ?? 0;
      const guess = predicted[i] ?? 0;
      ctx.font = `${SMALL_FONT + 1}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      ctx.fillStyle = TEXT;
      ctx.fillText(`class ${classNames[truth] ?? truth}`, x0, y0 + tile + 3, tile);
      ctx.fillStyle = guess === truth ? MUTED : '#b3261e';
      ctx.fillText(guess === truth ? 'predicted right' : `predicted ${classNames[guess] ?? guess}`, x0, y0 + tile + 16, tile);
    }
  }, [images, maps, labels, predicted, classNames, grid, h, w, c, k, perRow, tile, width, height]);
  return (
    <figure ref={box} style={{ margin: 0 }}>
      <canvas
        ref={ref}
        role="img"
        aria-label={`CLS-token attention of the last block over the ${grid} × ${grid} patches of ${k} test images`}
        data-testid="attention-canvas"
        style={{ width, height, maxWidth: '100%' }}
      />
      <figcaption style={{ fontSize: SMALL_FONT, color: MUTED }}>
        Orange: how much the CLS token of the last block attends to each patch (mean over heads; the strongest patch of each image deepest).
      </figcaption>
    </figure>
  );
}
