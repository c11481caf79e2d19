/**
 * How long a training worker may stay silent before its run is declared lost. A worker that is
 * killed (by the browser, an extension, a crash of its process) fires no error event: without a
 * watchdog its run would show "running" forever. Every worker beats twice a second and reports
 * the longest its event loop has been busy so far (its slowest step, measured); the bridge
 * allows a silence of a few of those, plus a margin, before it ends the run with a reason.
 */

/** How often the bridge checks its workers. */
export const WATCHDOG_CHECK_MS = 1000;
/**
 * Silence allowed before the first training step: loading the backend, the data, timing the
 * backends and compiling the first kernels have no measure yet (a software-GPU CNN step alone
 * takes ~8 s here; DESIGN.md).
 */
export const STARTUP_SILENCE_MS = 120_000;
/** The least silence allowed once training: a busy machine delays timers for seconds. */
export const MIN_SILENCE_MS = 15_000;
/** Silence allowed, in multiples of the slowest step seen so far, plus MARGIN_MS. */
export const STALL_FACTOR = 3;
export const MARGIN_MS = 5_000;

/** The silence, in ms, after which a run is lost: from its slowest step when it has trained. */
export function silenceLimitMs(longestStallMs: number, hasTrained: boolean): number {
  if (!hasTrained) return Math.max(STARTUP_SILENCE_MS, STALL_FACTOR * longestStallMs + MARGIN_MS);
  return Math.max(MIN_SILENCE_MS, STALL_FACTOR * longestStallMs + MARGIN_MS);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** The run's error message when its worker fell silent. */
export function silenceMessage(silentMs: number, longestStallMs: number, step: number | undefined): string {
  const kept = step ? ` Its results up to step ${step.toLocaleString('en')} are kept;` : '';
  return (
    `The training worker stopped responding: no sign of life for ${seconds(silentMs)}, while its slowest step so far took ${seconds(longestStallMs)}. ` +
    `The browser may have stopped it (memory, a crash) or it hung.${kept} press ↻ to run it again.`
  );
}

/**
 * Whether the page itself was frozen (a sleeping laptop, a background tab): its own check came
 * this late. Silences measured across such a gap say nothing about the workers.
 */
export function pageWasFrozen(sinceLastCheckMs: number): boolean {
  return sinceLastCheckMs > 5 * WATCHDOG_CHECK_MS;
}
