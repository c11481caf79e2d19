import { useCallback, type ReactNode } from 'react';
import { TooltipBox } from '../TooltipBox';
import type { Plot } from './Axes';
import type { Bands } from './geometry';

/** What a category chart's layout gives the hover: the plot box and the category bands. */
export interface BandLayout {
  plot: Plot;
  x: Bands;
}

/** The shading of the hovered category, top to bottom of the plot. */
export function BandShade({ plot, x, index, opacity = 0.05 }: BandLayout & { index: number; opacity?: number }) {
  return <rect x={x.edge(index)} y={plot.top} width={x.step} height={plot.bottom - plot.top} fill="#0f172a" fillOpacity={opacity} />;
}

/**
 * Hover for the category charts (bars per class, split or run): the category under the pointer
 * inside the plot, and its band shaded.
 */
export function useBandHover(layout: (width: number) => BandLayout) {
  const hitTest = useCallback(
    (px: number, py: number, width: number) => {
      const { plot, x } = layout(width);
      const i = x.at(px);
      return i >= 0 && py >= plot.top && py <= plot.bottom ? i : null;
    },
    [layout],
  );
  const highlight = useCallback((i: number, width: number) => <BandShade {...layout(width)} index={i} />, [layout]);
  return { hitTest, highlight };
}

/** The tooltip of category i: its row's label as the title, then what `body` says of the row. */
export function bandTooltip<R extends { label: string }>(rows: readonly R[], body: (row: R) => ReactNode) {
  return (i: number) => {
    const row = rows[i];
    return row ? <TooltipBox title={row.label}>{body(row)}</TooltipBox> : null;
  };
}
