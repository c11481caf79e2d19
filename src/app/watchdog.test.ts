import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAll } from './actions';
import { discardAllRuns } from './bridge';
import { useLab } from './store';
import { FakeWorker } from './fakeWorker';
import { MIN_SILENCE_MS, silenceLimitMs, STARTUP_SILENCE_MS, WATCHDOG_CHECK_MS } from './watchdog';

const runs = () => useLab.getState().workspace.runs.map((r) => useLab.getState().runs[r.id]);

/** Advances time in watchdog checks, with `each` called before every check (the workers' beats). */
function advance(ms: number, each: () => void = () => {}): void {
  for (let t = 0; t < ms; t += WATCHDOG_CHECK_MS) {
    each();
    vi.advanceTimersByTime(WATCHDOG_CHECK_MS);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('navigator', { hardwareConcurrency: 3 });
  useLab.setState(useLab.getInitialState(), true);
  useLab.getState().addRunEntry('focal');
  startAll();
  vi.runOnlyPendingTimers();
});

afterEach(() => {
  discardAllRuns();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('worker watchdog', () => {
  it('allows a silence of a few of the slowest steps, more before the first step', () => {
    expect(silenceLimitMs(100, true)).toBe(MIN_SILENCE_MS);
    expect(silenceLimitMs(8000, true)).toBe(3 * 8000 + 5000);
    expect(silenceLimitMs(0, false)).toBe(STARTUP_SILENCE_MS);
    expect(silenceLimitMs(60_000, false)).toBe(3 * 60_000 + 5000);
  });

  it('marks a silent run failed with a reason, and the other run goes on', () => {
    const [a, b] = FakeWorker.all as [FakeWorker, FakeWorker];
    for (const w of [a, b]) {
      w.reportStatus('running');
      w.snapshot(10);
      w.beat(400);
    }
    // Worker a dies without an error event: it simply stops talking.
    advance(MIN_SILENCE_MS - 2 * WATCHDOG_CHECK_MS, () => b.beat(400));
    expect(runs().map((r) => r?.status)).toEqual(['running', 'running']);
    advance(3 * WATCHDOG_CHECK_MS, () => b.beat(400));
    const [ra, rb] = runs();
    expect(ra?.status).toBe('error');
    expect(ra?.error?.kind).toBe('unresponsive');
    expect(ra?.error?.message).toMatch(/stopped responding: no sign of life for 1\d s, while its slowest step so far took 0\.4 s/);
    expect(ra?.error?.message).toMatch(/results up to step 10 are kept/);
    expect(ra?.latest?.step).toBe(10); // nothing it reached is lost
    expect(a.terminated).toBe(true);
    expect(rb?.status).toBe('running');
    expect(b.terminated).toBe(false);
  });

  it('waits longer for a run whose steps are slow, as measured', () => {
    const [a, b] = FakeWorker.all as [FakeWorker, FakeWorker];
    for (const w of [a, b]) {
      w.reportStatus('running');
      w.snapshot(3);
    }
    a.beat(8000); // an 8-second step was seen: up to 29 s of silence is legitimate
    advance(25_000, () => b.beat(10));
    expect(runs()[0]?.status).toBe('running');
    advance(6000, () => b.beat(10));
    expect(runs()[0]?.status).toBe('error');
  });

  it('gives a starting run the start-up allowance', () => {
    const [a] = FakeWorker.all as [FakeWorker];
    a.reportStatus('starting');
    advance(STARTUP_SILENCE_MS - 2 * WATCHDOG_CHECK_MS);
    expect(runs()[0]?.status).toBe('starting');
    advance(3 * WATCHDOG_CHECK_MS);
    expect(runs()[0]?.status).toBe('error');
  });

  it('does not blame workers for a page that was frozen (a sleeping laptop)', () => {
    const [a] = FakeWorker.all as [FakeWorker];
    a.reportStatus('running');
    a.snapshot(5);
    a.beat(100);
    // The page's timers did not run for a minute: the first check after that resets the clocks.
    vi.setSystemTime(Date.now() + 60_000);
    vi.advanceTimersByTime(WATCHDOG_CHECK_MS);
    expect(runs()[0]?.status).toBe('running');
    advance(MIN_SILENCE_MS + 2 * WATCHDOG_CHECK_MS);
    expect(runs()[0]?.status).toBe('error');
  });

  it('lets a failed run train again', () => {
    const [a] = FakeWorker.all as [FakeWorker];
    a.reportStatus('running');
    a.snapshot(5);
    advance(MIN_SILENCE_MS + 2 * WATCHDOG_CHECK_MS);
    expect(runs()[0]?.status).toBe('error');
    startAll();
    vi.runOnlyPendingTimers();
    expect(runs()[0]?.status).toBe('queued');
    const fresh = FakeWorker.all.at(-2);
    fresh?.reportStatus('running');
    expect(runs()[0]?.status).toBe('running');
  });
});
