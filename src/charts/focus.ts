import { createContext } from 'react';

/**
 * The charts a lesson's current step speaks of, by test id (e.g. "chart-splits",
 * "compare-splits"): their cards draw a highlight. A context, so the app points at a chart
 * without threading a prop through every view; charts only read it.
 */
export const ChartFocus = createContext<readonly string[]>([]);
