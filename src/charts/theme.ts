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
/** The highlight of the chart a lesson's step speaks of (white text on it passes WCAG AA). */
export const FOCUS = '#b45309';

export const TICK_FONT = 13;
export const LABEL_FONT = 13;
export const TITLE_FONT = 15;
export const SMALL_FONT = 12;

/** 0.734 → "73%" (or "73.4%" with digits = 1); non-finite → an em dash, the sign for "no data". */
export function formatPercent(v: number | null | undefined, digits = 0): string {
  return v == null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** NaN cannot be plotted; the charts read null as "no point" and break the line there. */
export function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}
