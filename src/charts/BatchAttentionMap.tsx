import { useMemo, useRef } from 'react';
import { attentionLift, attentionShares, type AttentionMode } from './attentionMatrix';
import { byFrequency } from './order';
import { SPLIT_LABELS } from './palette';
import { ChartSvg } from './svg/Axes';
import { MUTED, SMALL_FONT, TEXT } from './theme';
import type { SplitName } from './types';
import { useWidth } from './useWidth';

export interface BatchAttentionMapProps {
  /** C × C sums of attention, row = attending class, column = attended class (BatchAttentionSnapshot.attention). */
  attention: ArrayLike<number>;
  /** The same under uniform attention (BatchAttentionSnapshot.uniform). */
  uniform: ArrayLike<number>;
  classNames: readonly string[];
  /** Training counts: rows and columns are ordered by them, most frequent first. */
  counts: readonly number[];
  splits: readonly SplitName[];
  mode: AttentionMode;
}

const TOP = 22;
/** Labels are cut after this many characters. */
const MAX_LABEL = 12;
/** Rough width of one character of a label at SMALL_FONT, to size the margins to the names. */
const CHAR_WIDTH = 6.8;
const MIN_SIZE = 150;
const MAX_SIZE = 440;
/** Lift is drawn on a log₂ scale, saturating at 1/4× and 4×. */
const LIFT_RANGE = 2;

/** Fill of a cell: sequential blue for shares (of the largest one), blue–orange around 1 for lift. */
function fill(mode: AttentionMode, value: number, maxShare: number): { color: string; strength: number } {
  if (!Number.isFinite(value)) return { color: '#f1f5f9', strength: 0 };
  if (mode === 'share') {
    const t = maxShare > 0 ? Math.min(1, value / maxShare) : 0;
    return { color: `rgba(37, 99, 235, ${(0.04 + 0.96 * t).toFixed(3)})`, strength: t };
  }
  const log = value > 0 ? Math.log2(value) : -LIFT_RANGE;
  const t = Math.min(1, Math.abs(log) / LIFT_RANGE);
  return { color: log >= 0 ? `rgba(234, 88, 12, ${(0.04 + 0.9 * t).toFixed(3)})` : `rgba(37, 99, 235, ${(0.04 + 0.9 * t).toFixed(3)})`, strength: t };
}

const formatCell = (mode: AttentionMode, v: number) => (!Number.isFinite(v) ? '—' : mode === 'share' ? `${Math.round(v * 100)}` : v.toFixed(1));

/**
 * Where BatchFormer's attention went in training, class by class: each row is the class of the
 * samples that attend, each column the class of the samples they attend to, both most frequent
 * first, split boundaries marked. 'share': what part of the row's attention each class got;
 * 'lift': that part against what uniform attention would give (1 = as often as the batches offer
 * that class). The paper's claim, "tail classes learn from head classes", is the bottom-left block.
 */
export function BatchAttentionMap({ attention, uniform, classNames, counts, splits, mode }: BatchAttentionMapProps) {
  const box = useRef<HTMLElement>(null);
  const width = useWidth(box);
  const c = classNames.length;
  const label = (k: number) => {
    const name = classNames[k] ?? `class ${k}`;
    return name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
  };
  // Margins sized to the longest name, so that a phone keeps its width for the cells.
  const longest = Math.max(1, ...classNames.map((_, k) => label(k).length));
  const LEFT = Math.round(longest * CHAR_WIDTH + 10);
  const BOTTOM = Math.round(longest * CHAR_WIDTH * 0.72 + 16);
  const RIGHT = Math.round(longest * CHAR_WIDTH * 0.72);
  const size = width > 0 ? Math.max(MIN_SIZE, Math.min(MAX_SIZE, width - LEFT - RIGHT)) : 320;
  const cell = size / Math.max(1, c);
  const order = useMemo(() => byFrequency(counts), [counts]);
  const values = useMemo(() => (mode === 'share' ? attentionShares(attention, c) : attentionLift(attention, uniform, c)), [mode, attention, uniform, c]);
  const baseline = useMemo(() => attentionShares(uniform, c), [uniform, c]);
  const maxShare = useMemo(() => (mode === 'share' ? Math.max(0, ...Array.from(values).filter(Number.isFinite)) : 1), [mode, values]);
  // Split boundaries along the frequency order, with each group's first position and length.
  const groups = useMemo(() => {
    const out: { split: SplitName; start: number; length: number }[] = [];
    order.forEach((k, i) => {
      const split = splits[k];
      if (!split) return;
      const last = out[out.length - 1];
      if (last && last.split === split) last.length++;
      else out.push({ split, start: i, length: 1 });
    });
    return out;
  }, [order, splits]);
  const showNumbers = cell >= 26;
  const showLabels = cell >= 9;
  return (
    <figure ref={box} style={{ margin: 0, overflowX: 'auto' }}>
      <ChartSvg
        width={LEFT + size + RIGHT}
        height={TOP + size + BOTTOM}
        label={`BatchFormer attention between classes (${mode === 'share' ? 'share of each row' : 'against uniform attention'}): rows attend, columns are attended to, most frequent first`}
      >
        {groups.map((g) => (
          <text key={g.split} x={LEFT + (g.start + g.length / 2) * cell} y={TOP - 7} textAnchor="middle" fontSize={SMALL_FONT} fill={MUTED}>
            {g.length * cell >= 40 ? SPLIT_LABELS[g.split] : SPLIT_LABELS[g.split].slice(0, 1)}
          </text>
        ))}
        {order.map((from, row) =>
          order.map((to, col) => {
            const v = values[from * c + to] ?? NaN;
            const { color, strength } = fill(mode, v, maxShare);
            const x = LEFT + col * cell;
            const y = TOP + row * cell;
            const base = baseline[from * c + to] ?? NaN;
            const share = mode === 'share' ? v : (v * base);
            return (
              <g key={`${from}-${to}`}>
                <rect x={x} y={y} width={Math.max(0.5, cell - 1)} height={Math.max(0.5, cell - 1)} fill={color}>
                  <title>{`${classNames[from] ?? from} → ${classNames[to] ?? to}: ${Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '—'} of its attention (uniform: ${Number.isFinite(base) ? `${(base * 100).toFixed(1)}%` : '—'})`}</title>
                </rect>
                {showNumbers ? (
                  <text x={x + cell / 2} y={y + cell / 2} dy="0.35em" textAnchor="middle" fontSize={SMALL_FONT} fill={strength > 0.55 ? '#ffffff' : TEXT} pointerEvents="none">
                    {formatCell(mode, v)}
                  </text>
                ) : null}
              </g>
            );
          }),
        )}
        {groups.slice(1).map((g) => (
          <g key={`line-${g.split}`} stroke={TEXT} strokeWidth={1.5}>
            <line x1={LEFT + g.start * cell - 0.5} x2={LEFT + g.start * cell - 0.5} y1={TOP} y2={TOP + size} />
            <line x1={LEFT} x2={LEFT + size} y1={TOP + g.start * cell - 0.5} y2={TOP + g.start * cell - 0.5} />
          </g>
        ))}
        {showLabels
          ? order.map((k, i) => (
              <g key={`label-${k}`} fontSize={SMALL_FONT} fill={TEXT}>
                <text x={LEFT - 6} y={TOP + (i + 0.5) * cell} dy="0.35em" textAnchor="end">
                  {label(k)}
                </text>
                <text transform={`translate(${LEFT + (i + 0.5) * cell}, ${TOP + size + 8}) rotate(45)`} textAnchor="start" dy="0.35em">
                  {label(k)}
                </text>
              </g>
            ))
          : null}
      </ChartSvg>
      <figcaption style={{ fontSize: SMALL_FONT, color: MUTED }}>
        Rows: the class of the samples that attend; columns: the class they attend to; both most frequent first.{' '}
        {mode === 'share'
          ? 'Numbers: % of the row’s attention (darker = more).'
          : 'Numbers: attention against uniform attention — orange above 1 (attended more than the batches offer that class), blue below.'}
      </figcaption>
    </figure>
  );
}
