import { useEffect, useRef } from 'react';
import { classColor } from './palette';
import { pixelRatio } from './useWidth';

/** One example as the gallery shows it: a grey image, or a point among the training points. */
export type ExampleInput =
  | { kind: 'image'; shape: readonly [number, number]; pixels: Uint8Array; offset: number }
  | { kind: 'point'; all: Float32Array; allLabels: Int32Array; extent: { min: number; max: number }; x: number; y: number; label: number };

/**
 * A small canvas: the image itself (nearest-neighbour, so 8×8 digits stay crisp), or for 2-D
 * data every training point faint in its class colour and this example as a ringed dot, so one
 * sees whether it sits inside its class or among another's.
 */
export function ExampleThumb({ input, size = 72, label }: { input: ExampleInput; size?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = pixelRatio(canvas);
    canvas.width = Math.round(size * ratio);
    canvas.height = Math.round(size * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size, size);
    if (input.kind === 'image') {
      const [h, w] = input.shape;
      const image = new ImageData(w, h);
      for (let p = 0; p < h * w; p++) {
        const v = input.pixels[input.offset + p] ?? 0;
        image.data.set([v, v, v, 255], p * 4);
      }
      const tile = document.createElement('canvas');
      tile.width = w;
      tile.height = h;
      tile.getContext('2d')?.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tile, 0, 0, size, size);
      return;
    }
    const { min, max } = input.extent;
    const at = (v: number, flip: boolean) => (flip ? 1 - (v - min) / (max - min) : (v - min) / (max - min)) * size;
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(0, 0, size, size);
    ctx.globalAlpha = 0.35;
    for (let i = 0; i < input.allLabels.length; i++) {
      ctx.fillStyle = classColor(input.allLabels[i] ?? 0);
      ctx.fillRect(at(input.all[2 * i] ?? 0, false) - 0.75, at(input.all[2 * i + 1] ?? 0, true) - 0.75, 1.5, 1.5);
    }
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(at(input.x, false), at(input.y, true), 5, 0, 2 * Math.PI);
    ctx.fillStyle = classColor(input.label);
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#0f172a';
    ctx.stroke();
  }, [input, size]);
  return <canvas ref={ref} role="img" aria-label={label} style={{ width: size, height: size, display: 'block', border: '1px solid #e2e8f0', borderRadius: 4 }} />;
}
