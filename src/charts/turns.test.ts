import { afterEach, describe, expect, it, vi } from 'vitest';
import { cancelTurn, finishTurn, requestTurn, waitingTurns } from './turns';

afterEach(() => vi.useRealTimers());

describe('charts take turns to redraw', () => {
  it('runs one turn per task, the next only after the chart reports its redraw', () => {
    vi.useFakeTimers();
    const order: string[] = [];
    const a = () => order.push('a');
    const b = () => order.push('b');
    const c = () => order.push('c');
    requestTurn(a);
    requestTurn(b);
    requestTurn(a); // already waiting: one turn only
    requestTurn(c);
    expect(order).toEqual([]); // never in the task that asked
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['a']);
    vi.advanceTimersByTime(50);
    expect(order).toEqual(['a']); // a has not drawn yet
    finishTurn(a);
    expect(order).toEqual(['a']); // the next turn is a task of its own
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['a', 'b']);
    cancelTurn(c);
    finishTurn(b);
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['a', 'b']);
    expect(waitingTurns()).toBe(0);
  });

  it('goes on after a timeout when a chart never reports (e.g. it unmounted)', () => {
    vi.useFakeTimers();
    const order: string[] = [];
    const silent = () => order.push('silent');
    const next = () => order.push('next');
    requestTurn(silent);
    requestTurn(next);
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['silent']);
    vi.advanceTimersByTime(100);
    expect(order).toEqual(['silent', 'next']);
    finishTurn(next);
    vi.advanceTimersByTime(0);
  });
});
