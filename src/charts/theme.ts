/**
 * Shared visual constants. Sizes are chosen for a projector at the back of a classroom: axis ticks
 * never below 12 px, titles 15 px.
 */
export const TEXT = '#0f172a';
export const MUTED = '#475569';
export const BORDER = '#e2e8f0';
export const GRID = '#e2e8f0';
/** Neutral fill for training-count bars, so that the coloured accuracy lines stand out on top. */
export const COUNT_BAR = '#94a3b8';

export const TICK_FONT = 13;
export const LABEL_FONT = 13;
export const TITLE_FONT = 15;
export const SMALL_FONT = 12;

/** Recharts `tick` prop for every axis. */
export const AXIS_TICK = { fontSize: TICK_FONT, fill: MUTED } as const;

/** Recharts axis-title label; `angle` for vertical axes. */
export function axisLabel(value: string, position: 'insideBottom' | 'insideLeft' | 'insideRight', angle = 0, offset = 0) {
  return { value, position, angle, offset, style: { fontSize: LABEL_FONT, fill: TEXT, textAnchor: 'middle' as const } };
}

/** 0.734 → "73%" (or "73.4%" with digits = 1); non-finite → an em dash, the sign for "no data". */
export function formatPercent(v: number | null | undefined, digits = 0): string {
  return v == null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** NaN cannot be plotted; recharts treats null as "no point" and breaks the line there. */
export function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}
