import { MUTED, SMALL_FONT, TEXT } from './theme';

/** How a legend entry's swatch is drawn, matching the mark it explains. */
export type LegendMark = 'line' | 'thickLine' | 'dashed' | 'bar' | 'band' | 'dot';

export interface LegendItem {
  label: string;
  color: string;
  mark: LegendMark;
}

function Swatch({ color, mark }: { color: string; mark: LegendMark }) {
  if (mark === 'bar' || mark === 'band') {
    const border = mark === 'band' ? `1px solid ${MUTED}33` : 'none';
    return <span style={{ display: 'inline-block', width: 14, height: 12, background: color, border, borderRadius: 2 }} />;
  }
  if (mark === 'dot') {
    return <span style={{ display: 'inline-block', width: 10, height: 10, background: color, borderRadius: '50%' }} />;
  }
  const width = mark === 'thickLine' ? 4 : 2.5;
  return (
    <svg width={22} height={10} aria-hidden="true">
      <line x1={1} x2={21} y1={5} y2={5} stroke={color} strokeWidth={width} strokeDasharray={mark === 'dashed' ? '5 3' : undefined} />
    </svg>
  );
}

/**
 * An HTML legend: it wraps on narrow cards instead of overlapping the plot, as an in-plot
 * legend can, and reads the same in every chart.
 */
export function ChartLegend({ items, note }: { items: readonly LegendItem[]; note?: string }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 16px', fontSize: 13, color: TEXT, margin: '2px 0 6px' }}>
      {items.map((item) => (
        <span key={`${item.mark}:${item.label}`} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <Swatch color={item.color} mark={item.mark} />
          {item.label}
        </span>
      ))}
      {note ? <span style={{ fontSize: SMALL_FONT, color: MUTED }}>{note}</span> : null}
    </div>
  );
}
