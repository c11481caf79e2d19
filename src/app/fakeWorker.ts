/**
 * Test support: a stand-in for a module worker (vi.stubGlobal('Worker', FakeWorker)) that
 * records what the app asks of it and lets a test speak for it. Shared by the bridge and
 * watchdog tests.
 */
import { EVENT, HEARTBEAT, type RunRef, type RunStatus, type WorkerMessage, type WorkerRequest } from '../workers/protocol';
import { fixtureRun } from './testFixtures';

export class FakeWorker {
  static all: FakeWorker[] = [];
  received: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(request: WorkerRequest) {
    this.received.push(request);
  }
  terminate() {
    this.terminated = true;
  }
  /** The attempt id the app gave this worker. */
  get attempt(): string {
    return this.received[0]?.attempt ?? '';
  }
  /** The run and attempt this worker trains, as its messages name them. */
  get ref(): RunRef {
    return { runId: this.received[0]?.runId ?? '', attempt: this.attempt };
  }
  report(message: WorkerMessage) {
    this.onmessage?.({ data: message } as MessageEvent<WorkerMessage>);
  }
  reportStatus(status: RunStatus) {
    this.report({ type: EVENT.status, ...this.ref, status });
  }
  /** A heartbeat naming the longest the worker's event loop has been busy. */
  beat(longestStallMs: number) {
    this.report({ type: HEARTBEAT, ...this.ref, longestStallMs });
  }
  /** A snapshot of the fixture run at `step`. */
  snapshot(step: number) {
    const latest = fixtureRun('x').latest;
    if (latest) this.report({ type: EVENT.snapshot, ...this.ref, snapshot: { ...latest, step } });
  }
}
