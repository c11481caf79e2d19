/// <reference lib="webworker" />
/**
 * The training worker: one per run. It owns every tensor of its run and talks to the app only
 * through the typed messages of protocol.ts.
 */
import { snapshotTransferables } from '../training/snapshot';
import { destroyDevice, lostDeviceMessage } from './backend';
import { REQUEST, EVENT, HEARTBEAT, type RunRef, type WorkerEvent, type WorkerRequest } from './protocol';
import { RunDriver } from './runDriver';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let driver: RunDriver | null = null;
let currentAttempt = '';

function post(event: WorkerEvent): void {
  if (event.type === EVENT.snapshot) scope.postMessage(event, snapshotTransferables(event.snapshot));
  else if (event.type === EVENT.done) scope.postMessage(event, [event.headNorms.buffer as ArrayBuffer]);
  else if (event.type === EVENT.dataset) {
    const { points, images } = event.dataset;
    const buffers = [points?.x, points?.y, images?.pixels, images?.labels].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
    scope.postMessage(event, buffers);
  } else scope.postMessage(event);
}

/** How often the worker says it is alive (the bridge's watchdog listens). */
const HEARTBEAT_MS = 500;

/**
 * Beats from a timer, so a beat is late exactly when the worker's event loop was busy: the
 * longest such delay is the run's slowest legitimate step, measured, which the watchdog scales
 * into how long a silence it tolerates. A worker that is killed or hangs simply stops beating.
 */
function startHeartbeat(ref: RunRef): void {
  let last = performance.now();
  let longestStallMs = 0;
  setInterval(() => {
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - last);
    last = now;
    scope.postMessage({ type: HEARTBEAT, ...ref, longestStallMs: Math.round(longestStallMs) });
  }, HEARTBEAT_MS);
}

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const request = e.data;
  if (request.type === REQUEST.start) {
    if (driver) return; // one run per worker
    currentAttempt = request.attempt;
    startHeartbeat({ runId: request.runId, attempt: request.attempt });
    driver = new RunDriver(request, request.speed, post);
    void driver.start(request.config, request.cpuThreads);
    return;
  }
  if (!driver || request.attempt !== currentAttempt) return;
  switch (request.type) {
    case REQUEST.pause:
      return driver.pause();
    case REQUEST.resume:
      return driver.resume();
    case REQUEST.step:
      return driver.step();
    case REQUEST.stop:
      return driver.stop();
    case REQUEST.setSpeed:
      return driver.setSpeed(request.speed);
    case REQUEST.adjust:
      return driver.adjust(request.value);
    case REQUEST.fault:
      // Test-only (the bridge sends it only under browser automation); the run sees the loss
      // through the device's `lost` promise, as it would a real one.
      if (request.fault === 'lose-device') destroyDevice();
      return;
  }
};

// Anything that escapes the driver still ends the run with a message, never silently.
// A lost WebGPU device makes pending GPU calls fail first: say that the device was lost.
scope.addEventListener('unhandledrejection', (e) => {
  void lostDeviceMessage().then((lost) => {
    if (lost) driver?.fail('device-lost', lost);
    else driver?.fail('exception', `Training stopped on an unexpected error: ${String(e.reason)}`);
  });
});
