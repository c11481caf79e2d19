import type { SplitName } from './types';

/**
 * Class colours. The first ten avoid pairs that collapse under deuteranopia / protanopia
 * (Okabe–Ito's hues plus Paul Tol's indigo, olive and wine, and a brown), and none is so pale
 * that it vanishes as a dot on white or as a 15 % fill in the decision-boundary view.
 * Classes 10–19 are lower priority (tails of bigger datasets) and take Tableau-20's extra hues.
 */
const CLASS_COLORS = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#332288', // indigo
  '#999933', // olive
  '#882255', // wine
  '#8C564B', // brown
  '#9467BD',
  '#17BECF',
  '#BCBD22',
  '#E377C2',
  '#7F7F7F',
  '#AEC7E8',
  '#FFBB78',
  '#98DF8A',
  '#FF9896',
  '#C5B0D5',
] as const;

/** Colour of class `c`; wraps after 20 classes (beyond that, colour alone cannot tell classes apart). */
export function classColor(c: number): string {
  const n = CLASS_COLORS.length;
  return CLASS_COLORS[((Math.trunc(c) % n) + n) % n] ?? '#7F7F7F';
}

/**
 * Background tints of the Many / Medium / Few bands. They sit behind bars and lines, so they are
 * pale; the bands also carry text labels, so nobody has to tell the tints apart by hue alone.
 */
export const SPLIT_COLORS: Record<SplitName, string> = {
  many: '#DBEAFE',
  medium: '#FEF3C7',
  few: '#FCE7F3',
};

/** Human names of the splits, as the literature writes them. */
export const SPLIT_LABELS: Record<SplitName, string> = {
  many: 'Many',
  medium: 'Medium',
  few: 'Few',
};

/**
 * Colours for overlaid runs or experts: Okabe–Ito order, so the first few runs a teacher compares
 * stay distinct for colour-blind viewers; black comes late because black also reads as "axis".
 */
const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#332288', '#999933', '#000000', '#882255'] as const;

export function seriesColor(i: number): string {
  const n = SERIES_COLORS.length;
  return SERIES_COLORS[((Math.trunc(i) % n) + n) % n] ?? '#000000';
}
