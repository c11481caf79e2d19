import { useEffect, useMemo, useRef } from 'react';
import { sizeCanvas, useWidth } from './useWidth';
import { byFrequency } from './order';
import { MUTED, SMALL_FONT, TEXT } from './theme';

export interface ConfusionMatrixProps {
  /** C × C counts, row-major: row = true class, column = predicted class. */
  matrix: Float32Array;
  classNames: readonly string[];
  /** Training counts: rows and columns are ordered by them, most frequent first. */
  counts: readonly number[];
  /** Largest side of the square of cells, CSS px; a narrower card makes it smaller. */
  size?: number;
}

const LABEL_SPACE = 96;
/** Room at the right for the last column's label, which runs down and to the right at 45°. */
const RIGHT_SPACE = 44;
/** Below this side the cells of ten classes are too small to read: the card scrolls instead. */
const MIN_SIZE = 160;

/**
 * Row-normalised confusion matrix, classes in order of training frequency. Under imbalance the
 * mass leaks left: tail classes (bottom rows) are predicted as head classes (left columns).
 */
export function ConfusionMatrix({ matrix, classNames, counts, size: maxSize = 380 }: ConfusionMatrixProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLElement>(null);
  const width = useWidth(box);
  // Fits the card (a phone is narrower than the 476 px this drew at before), never below MIN_SIZE.
  const size = width > 0 ? Math.max(MIN_SIZE, Math.min(maxSize, width - LABEL_SPACE - RIGHT_SPACE)) : maxSize;
  const order = useMemo(() => byFrequency(counts), [counts]);
  const c = classNames.length;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas && sizeCanvas(canvas, size + LABEL_SPACE + RIGHT_SPACE, size + LABEL_SPACE);
    if (!ctx) return;
    const cell = size / c;
    ctx.font = `${SMALL_FONT}px system-ui, sans-serif`;
    order.forEach((trueClass, row) => {
      let total = 0;
      for (let k = 0; k < c; k++) total += matrix[trueClass * c + k] ?? 0;
      order.forEach((predClass, col) => {
        const share = total > 0 ? (matrix[trueClass * c + predClass] ?? 0) / total : 0;
        // Blue for the diagonal (right), orange off it (wrong), darker = larger share of the row.
        ctx.fillStyle = row === col ? `rgba(37, 99, 235, ${0.08 + 0.92 * share})` : `rgba(234, 88, 12, ${share > 0 ? 0.08 + 0.92 * share : 0})`;
        ctx.fillRect(LABEL_SPACE + col * cell, row * cell, cell - 1, cell - 1);
        if (cell >= 28 && share >= 0.005) {
          ctx.fillStyle = share > 0.5 ? '#ffffff' : TEXT;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(`${Math.round(share * 100)}`, LABEL_SPACE + (col + 0.5) * cell, (row + 0.5) * cell);
        }
      });
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(classNames[trueClass] ?? String(trueClass), LABEL_SPACE - 6, (row + 0.5) * cell, LABEL_SPACE - 8);
    });
    ctx.save();
    ctx.fillStyle = TEXT;
    order.forEach((predClass, col) => {
      ctx.save();
      ctx.translate(LABEL_SPACE + (col + 0.5) * cell, size + 6);
      ctx.rotate(Math.PI / 4);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(classNames[predClass] ?? String(predClass), 0, 0, LABEL_SPACE * 1.3);
      ctx.restore();
    });
    ctx.restore();
  }, [matrix, classNames, order, c, size]);
  return (
    <figure ref={box} style={{ margin: 0, overflowX: 'auto' }}>
      <canvas
        ref={ref}
        role="img"
        aria-label="Confusion matrix: rows are true classes, columns predicted classes, both ordered by training frequency"
        style={{ width: size + LABEL_SPACE + RIGHT_SPACE, height: size + LABEL_SPACE, display: 'block' }}
      />
      <figcaption style={{ fontSize: SMALL_FONT, color: MUTED }}>
        Rows: true class; columns: predicted class; both most frequent first. Numbers: % of the row. Orange cells to the left of the
        diagonal are tail examples taken for head classes.
      </figcaption>
    </figure>
  );
}
