/**
 * Drives one run inside the worker: builds the data and trainer, pulls snapshots from the
 * training loop at the pace the user asked for, and turns every failure into an error event.
 */
import { parseRunConfig, type RunConfig } from '../training/config';
import type { Dataset } from '../training/data/dataset';
import { trainingLoop, type AdvanceRequest } from '../training/run';
import type { RunSnapshot } from '../training/snapshot';
import { prepareRun, type PreparedRun } from '../training/unlabelled/phase';
import type { ComputeOptions } from '../training/models/build';
import { isEnded, isTraining, keepsModel, knobReevaluatesNow, methodOffers } from '../training/lifecycle';
import { DivergenceError, Trainer } from '../training/trainer';
import type { BackendName } from '../training/config';
import { autoCandidates, BackendUnavailableError, computeOptionsFor, initBackend, lostDeviceMessage, setWasmThreadCount, wasmThreadsInUse, watchDeviceLoss } from './backend';
import { calibrate } from './calibrate';
import { DataUnavailableError } from './dataLoader';
import { loadDataset } from './datasets';
import { summarise } from './summary';
import { EVENT, SPEEDS, type BackendAttempt, type ErrorKind, type RunStatus, type RunRef, type Speed, type WorkerEvent } from './protocol';

/** Longest stretch of training between two snapshots: ~10 snapshots a second at most. */
const SLICE_MS = 100;

export type Post = (event: WorkerEvent) => void;

export class RunDriver {
  private status: RunStatus = 'starting';
  private speed: Speed;
  private pendingSteps = 0;
  private wake: (() => void) | null = null;
  private trainer: Trainer | null = null;
  /** Serialises re-evaluations after the live knob moved; only the latest value matters. */
  private adjusting: Promise<void> = Promise.resolve();
  private pendingAdjust: number | null = null;
  private readonly ref: RunRef;
  private readonly post: Post;

  constructor(ref: RunRef, speed: Speed, post: Post) {
    this.ref = { runId: ref.runId, attempt: ref.attempt };
    this.speed = speed;
    this.post = post;
  }

  async start(rawConfig: unknown, cpuThreads = 1): Promise<void> {
    try {
      const parsed = parseRunConfig(rawConfig);
      if (!parsed.ok) return this.fail('invalid-config', `The run's settings are invalid: ${parsed.errors.join('; ')}.`);
      setWasmThreadCount(cpuThreads);
      await this.train(parsed.config);
    } catch (e) {
      if (e instanceof DivergenceError) this.fail('diverged', e.message);
      else if (e instanceof BackendUnavailableError) this.fail('backend-unavailable', e.message);
      else if (e instanceof DataUnavailableError) this.fail('data-unavailable', e.message);
      else {
        const lost = await lostDeviceMessage();
        if (lost) this.fail('device-lost', lost);
        else this.fail('exception', `Training stopped on an unexpected error: ${e instanceof Error ? e.message : String(e)}`);
      }
    } finally {
      // A finished run with a live knob keeps its model, so the knob can still move.
      if (!(this.trainer && keepsModel(this.status, this.trainer.config.method.id))) this.release();
    }
  }

  /** Moves the live post-hoc knob. While training, the next snapshot uses it; otherwise re-evaluate now. */
  adjust(value: number): void {
    const trainer = this.trainer;
    if (!trainer || !this.hasLiveKnob() || !Number.isFinite(value)) return;
    trainer.setPosthoc(value);
    if (!knobReevaluatesNow(this.status)) return;
    const firstInQueue = this.pendingAdjust === null;
    this.pendingAdjust = value;
    if (!firstInQueue) return;
    this.adjusting = this.adjusting.then(async () => {
      this.pendingAdjust = null;
      if (this.trainer !== trainer) return;
      try {
        this.post({ type: EVENT.snapshot, ...this.ref, snapshot: await trainer.evaluate(), adjusted: true });
      } catch (e) {
        this.post({ type: EVENT.error, ...this.ref, kind: 'exception', message: `Re-evaluation failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    });
  }

  pause(): void {
    if (isTraining(this.status)) this.setStatus('paused');
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.setStatus('running');
    this.wakeUp();
  }

  /** One training step, then pause. */
  step(): void {
    if (this.isFinished()) return;
    if (this.status !== 'paused') this.setStatus('paused');
    this.pendingSteps++;
    this.wakeUp();
  }

  stop(): void {
    if (this.status === 'done') return this.release();
    if (this.isFinished()) return;
    this.setStatus('stopped');
    this.wakeUp();
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
  }

  /** A lost WebGPU device (or any fatal error from outside the loop) ends the run. */
  fail(kind: ErrorKind, message: string): void {
    if (this.isFinished()) return;
    this.status = 'error';
    this.post({ type: EVENT.error, ...this.ref, kind, message });
    this.wakeUp();
  }

  private async train(config: RunConfig): Promise<void> {
    this.setStatus('starting');
    const onProgress = (file: string, loaded: number, total: number) => this.post({ type: EVENT.progress, ...this.ref, file, loaded, total });
    // A forced backend starts first (its failure is the user's to see at once); "auto" needs the
    // data to measure the real model on each backend.
    const stage = (text: string) => this.post({ type: EVENT.stage, ...this.ref, text });
    if (config.backend !== 'auto') stage(`starting the ${config.backend} backend`);
    const forced = config.backend === 'auto' ? null : await initBackend(config.backend);
    stage('preparing the data');
    const dataset = await loadDataset(config, onProgress);
    const { backend, attempts } = forced ?? (await this.chooseBackend(config, dataset));
    this.post({ type: EVENT.backend, ...this.ref, backend, attempts, threads: await wasmThreadsInUse() });
    watchDeviceLoss((message) => this.fail('device-lost', message));

    const prepared = await this.extraPhase(config, dataset, computeOptionsFor(backend));
    if (!prepared) return;
    stage('building the model');
    const trainer = new Trainer(config, prepared.dataset, computeOptionsFor(backend), { backbone: prepared.backbone });
    prepared.backbone?.forEach((t) => t.dispose());
    this.trainer = trainer;
    this.post({ type: EVENT.dataset, ...this.ref, dataset: summarise(prepared.dataset, trainer, prepared.report) });
    // A Step sent with the start (Step or → before any run) has paused the run already: keep it so.
    if (this.status === 'starting') this.setStatus('warming-up');

    const loop = trainingLoop(trainer, this.nextRequest());
    let result = await loop.next();
    while (!result.done && !this.isFinished()) {
      const chunkStarted = performance.now();
      this.postSnapshot(result.value);
      if (result.value.step > 0 && this.status === 'warming-up') this.setStatus('running');
      await this.waitUntilAllowed(chunkStarted, result.value);
      if (this.isFinished()) break;
      result = await loop.next(this.nextRequest());
      if (this.pendingSteps > 0) this.pendingSteps--;
    }
    if (result.done && !this.isFinished() && trainer.hasTestTimeAggregation) {
      // SADE: learn the aggregation weights on the unlabelled test inputs, network frozen; each
      // pass is shown as it happens (a re-evaluation, not a training step).
      for await (const pass of trainer.runTestTimeAggregation()) {
        if (this.isFinished()) break;
        this.post({ type: EVENT.snapshot, ...this.ref, snapshot: pass.snapshot, adjusted: true });
      }
    }
    if (result.done && !this.isFinished()) {
      // The last snapshot posted is the final one; `done` adds what only the end has.
      // SADE re-learns its weights on each of the 11 test distributions: seconds, so say so.
      if (trainer.hasTestTimeAggregation) this.post({ type: EVENT.stage, ...this.ref, text: 'scoring every test distribution (test-agnostic sweep)' });
      const sweep = await trainer.testAgnosticSweep();
      this.post({ type: EVENT.done, ...this.ref, headNorms: await trainer.headWeightNorms(), sweep });
      this.setStatus('done');
    }
    await loop.return(undefined);
  }

  /**
   * The extra phase before training that config.unlabelled asks for (pseudo-labelling or
   * rotation pre-training), its progress shown as the run's stage; null when the run was stopped.
   */
  private async extraPhase(config: RunConfig, dataset: Dataset, compute: ComputeOptions): Promise<PreparedRun | null> {
    const phase = prepareRun(config, dataset, compute);
    for (;;) {
      const next = await phase.next();
      if (next.done) return next.value;
      this.post({ type: EVENT.stage, ...this.ref, text: next.value.text });
      await this.sleep(0); // lets Stop arrive
      if (this.isFinished()) {
        await phase.return({ dataset }); // runs the phase's finally: its tensors are freed
        return null;
      }
    }
  }

  private async chooseBackend(config: RunConfig, dataset: Dataset): Promise<{ backend: BackendName; attempts: BackendAttempt[] }> {
    const { candidates, skipped } = await autoCandidates();
    if (candidates.length === 0) return initBackend('auto');
    const measured = await calibrate(config, dataset, candidates, (text) => this.post({ type: EVENT.stage, ...this.ref, text }));
    return { backend: measured.backend, attempts: [...measured.attempts, ...skipped] };
  }

  private hasLiveKnob(): boolean {
    return this.trainer ? methodOffers(this.trainer.config.method.id).liveKnob !== undefined : false;
  }

  private release(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  private nextRequest(): AdvanceRequest {
    if (this.pendingSteps > 0) return { maxSteps: 1, maxMs: Infinity };
    const rate = SPEEDS[this.speed];
    return { maxSteps: Number.isFinite(rate) ? Math.max(1, Math.round((rate * SLICE_MS) / 1000)) : Infinity, maxMs: SLICE_MS };
  }

  /** Waits while paused (unless a single step is pending) and spaces chunks to the chosen speed. */
  private async waitUntilAllowed(chunkStarted: number, last: RunSnapshot): Promise<void> {
    const rate = SPEEDS[this.speed];
    let waited = false;
    if (Number.isFinite(rate) && this.pendingSteps === 0 && last.step > 0) {
      const stepsPerChunk = Math.max(1, Math.round((rate * SLICE_MS) / 1000));
      const wait = (stepsPerChunk / rate) * 1000 - (performance.now() - chunkStarted);
      if (wait > 0) await this.sleep(wait);
      waited = wait > 0;
    }
    // On CPU backends (wasm, cpu) a read-back resolves as a microtask, so at full speed the loop
    // never returned to the event loop: Stop, Pause and the heartbeat waited for the run's end.
    if (!waited) await this.sleep(0);
    while (this.status === 'paused' && this.pendingSteps === 0) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private isFinished(): boolean {
    return isEnded(this.status);
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.post({ type: EVENT.status, ...this.ref, status });
  }

  private postSnapshot(snapshot: RunSnapshot): void {
    this.post({ type: EVENT.snapshot, ...this.ref, snapshot });
  }
}
