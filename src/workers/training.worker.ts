/// <reference lib="webworker" />
/**
 * The training worker: one per run. It owns every tensor of its run and talks to the app only
 * through the typed messages of protocol.ts.
 */
import { snapshotTransferables } from '../training/snapshot';
import { REQUEST, EVENT, type WorkerEvent, type WorkerRequest } from './protocol';
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

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const request = e.data;
  if (request.type === REQUEST.start) {
    if (driver) return; // one run per worker
    currentAttempt = request.attempt;
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
  }
};

// Anything that escapes the driver still ends the run with a message, never silently.
scope.addEventListener('unhandledrejection', (e) => {
  driver?.fail('exception', `Training stopped on an unexpected error: ${String(e.reason)}`);
});
