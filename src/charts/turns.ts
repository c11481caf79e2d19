/**
 * Charts take turns to redraw. When new results arrive, every chart on the page has new data;
 * drawing them all in one task blocks the page for hundreds of milliseconds on a slow machine.
 * Here each chart waits for its turn and redraws in a task of its own, so the browser can paint
 * and answer clicks between charts.
 */
import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';

type Turn = () => void;

/** Longest wait for a chart to report its redraw before the next turn goes ahead anyway. */
const TURN_TIMEOUT_MS = 100;

const waiting = new Set<Turn>();
/** The turn being drawn, until its chart reports the redraw (or the timeout passes). */
let current: Turn | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

function schedule(delay: number): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(next, delay);
}

function next(): void {
  timer = null;
  current = null;
  const [turn] = waiting;
  if (!turn) return;
  waiting.delete(turn);
  current = turn;
  turn();
  schedule(TURN_TIMEOUT_MS);
}

/** Queues `turn` (once, in order of request); it runs in a task of its own. */
export function requestTurn(turn: Turn): void {
  waiting.add(turn);
  if (current === null && timer === null) schedule(0);
}

export function cancelTurn(turn: Turn): void {
  waiting.delete(turn);
  if (current === turn) finishTurn(turn);
}

/**
 * The chart of `turn` has drawn (committed): the next turn may start, in a later task, so React
 * renders each chart in a task of its own rather than several together.
 */
export function finishTurn(turn: Turn): void {
  if (current !== turn) return;
  current = null;
  schedule(0);
}

/** Turns still waiting (for tests). */
export function waitingTurns(): number {
  return waiting.size;
}

/**
 * `value` as of this component's last turn, or `undefined` until its first turn: every value,
 * the first one included, waits for a turn. With a React element as the value, the subtree keeps
 * its last rendering (an identical element is not re-rendered) until the turn comes, whatever
 * re-renders above it.
 */
export function useTurnTakingValue<T>(value: T): T | undefined {
  const [shown, setShown] = useState<{ value: T; turn: Turn } | null>(null);
  const latest = useRef(value);
  const pending = useRef<Turn | null>(null);
  useEffect(() => {
    latest.current = value;
    if ((shown && Object.is(value, shown.value)) || pending.current) return;
    const mine: Turn = () => {
      pending.current = null;
      // A transition: React renders the chart in slices, yielding to the browser between them.
      startTransition(() => setShown({ value: latest.current, turn: mine }));
    };
    pending.current = mine;
    requestTurn(mine);
  }, [value, shown]);
  // Committed: let the next chart draw.
  useLayoutEffect(() => {
    if (shown) finishTurn(shown.turn);
  }, [shown]);
  useEffect(
    () => () => {
      if (pending.current) cancelTurn(pending.current);
    },
    [],
  );
  return shown?.value;
}
