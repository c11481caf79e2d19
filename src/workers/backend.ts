/**
 * Choosing the tfjs backend inside the worker. Backends load lazily, so a run on one backend
 * does not pay for downloading the others.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendName } from '../training/config';
import type { ComputeOptions } from '../training/models/build';
import { patchWasmIdentity } from './kernels/wasmIdentity';
import { patchWasmBatchMatMul } from './kernels/wasmMatMul';
import { patchWasmMaxPoolGrad } from './kernels/wasmMaxPoolGrad';
import type { BackendAttempt } from './protocol';

/** The order "auto" tries. */
export const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export class BackendUnavailableError extends Error {
  readonly attempts: BackendAttempt[];
  constructor(message: string, attempts: BackendAttempt[]) {
    super(message);
    this.name = 'BackendUnavailableError';
    this.attempts = attempts;
  }
}

/** The part of the WebGPU API we touch, typed loosely: adapter.info is newer than the DOM typings. */
interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/**
 * A software WebGPU adapter (SwiftShader, or any adapter flagged as a fallback) is about ten
 * times slower than WebGL or wasm on the same machine (docs/design.md, measured facts): "auto" skips it.
 */
export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  const info = adapter.info ?? {};
  if (info.isFallbackAdapter || adapter.isFallbackAdapter) return true;
  return /swiftshader|llvmpipe|software/i.test(`${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`);
}

/** Whether WebGPU is there, whether its adapter is software, and the adapter's name (or why not). */
export async function probeWebGpu(): Promise<{ available: boolean; software: boolean; note: string }> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return { available: false, software: false, note: 'this browser exposes no WebGPU (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { available: false, software: false, note: 'no WebGPU adapter was granted' };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { available: true, software: isSoftwareAdapter(adapter), note: name };
}

/** The WebGL renderer's name, or null without WebGL (OffscreenCanvas works in workers). */
function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|softpipe/i;

/**
 * tfjs' wasm backend caps its thread pool at half of navigator.hardwareConcurrency ("many x86-64
 * processors have 2 threads per core"), which leaves a 2-core machine with one thread. The worker's
 * own navigator is ours to describe: report twice the threads we want, so the cap lets them all.
 */
function reportCoresForWasm(threads: number): void {
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
}

/** Threads for the wasm backend: 0 lets tfjs use one per core, 1 runs without threads. */
let wasmThreadCount = 0;

/** Sets the wasm backend's threads; only takes effect before the backend first starts. */
export function setWasmThreadCount(count: number): void {
  wasmThreadCount = Math.max(0, Math.floor(count));
}

/** Threads the wasm backend runs on (1 without threads), or null before it has started. */
export async function wasmThreadsInUse(): Promise<number | null> {
  if (tf.getBackend() !== 'wasm') return null;
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return getThreadsCount();
}

async function register(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const [wasm, plain, simd, threaded] = await Promise.all([
        import('@tensorflow/tfjs-backend-wasm'),
        import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
        import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
        import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
      ]);
      // Threads need cross-origin isolation (SharedArrayBuffer); tfjs checks for it itself.
      // build-tools/wasmThreads.ts makes the pthread workers start from our bundle.
      const threads = wasmThreadCount === 0 ? navigator.hardwareConcurrency : wasmThreadCount;
      if (threads <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      else {
        wasm.setThreadsCount(threads);
        reportCoresForWasm(threads);
      }
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': plain.default,
        'tfjs-backend-wasm-simd.wasm': simd.default,
        'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
      });
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/**
 * How a model should compute on `backend`. The convolution's filter gradient: as a convolution
 * where that kernel is fast (wasm: ≈ 20 % a CNN step, WebGL), as im2col + a matrix product on
 * WebGPU, whose split-K matrix product beats its convolution there (H100: 7 against 12 ms of
 * kernels a step; README).
 */
export function computeOptionsFor(backend: BackendName): ComputeOptions {
  return { filterGrad: backend === 'webgpu' ? 'patches' : 'conv' };
}

/** Makes `name` the active backend; null on success, else why it failed. */
export async function activateBackend(name: BackendName): Promise<string | null> {
  try {
    await register(name);
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (name === 'wasm') {
      patchWasmBatchMatMul();
      patchWasmMaxPoolGrad();
      patchWasmIdentity();
    }
    return ok && tf.getBackend() === name ? null : `tfjs could not initialise ${name}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The backends "auto" may measure, in AUTO_ORDER, without software GPU adapters (SwiftShader,
 * llvmpipe): measured here 7–100× slower than wasm for these models, and their shader
 * compilation alone would blow the calibration budget.
 */
export async function autoCandidates(): Promise<{ candidates: BackendName[]; skipped: BackendAttempt[] }> {
  const candidates: BackendName[] = [];
  const skipped: BackendAttempt[] = [];
  for (const name of AUTO_ORDER) {
    if (name === 'webgpu') {
      const probe = await probeWebGpu();
      if (!probe.available || probe.software) {
        skipped.push({ backend: name, ok: false, note: probe.available ? `skipped: software adapter (${probe.note})` : probe.note });
        continue;
      }
    }
    if (name === 'webgl') {
      const renderer = webglRenderer();
      if (renderer === null || SOFTWARE_RENDERER.test(renderer)) {
        skipped.push({ backend: name, ok: false, note: renderer ? `skipped: software renderer (${renderer})` : 'no WebGL2 here' });
        continue;
      }
    }
    candidates.push(name);
  }
  return { candidates, skipped };
}

/**
 * Initialises the chosen backend, or for "auto" the first that works in AUTO_ORDER, skipping
 * a software WebGPU adapter. A forced backend that fails is an error, not a silent fallback.
 * (Runs use `calibrate` for "auto"; this order is the fallback when nothing can be measured.)
 */
export async function initBackend(choice: BackendChoice): Promise<{ backend: BackendName; attempts: BackendAttempt[] }> {
  const attempts: BackendAttempt[] = [];
  const candidates = choice === 'auto' ? AUTO_ORDER : [choice];
  for (const name of candidates) {
    if (name === 'webgpu') {
      const probe = await probeWebGpu();
      if (!probe.available) {
        attempts.push({ backend: name, ok: false, note: probe.note });
        continue;
      }
      if (probe.software && choice === 'auto') {
        attempts.push({ backend: name, ok: false, note: `skipped: software adapter (${probe.note}) is slower than the alternatives` });
        continue;
      }
    }
    if (name === 'webgl' && choice === 'auto') {
      const renderer = webglRenderer();
      if (renderer && SOFTWARE_RENDERER.test(renderer)) {
        // Measured here: a small MLP trains ~7× faster on wasm than on SwiftShader's WebGL.
        attempts.push({ backend: name, ok: false, note: `skipped: software renderer (${renderer}) is slower than WebAssembly` });
        continue;
      }
    }
    const failure = await activateBackend(name);
    if (failure === null) {
      attempts.push({ backend: name, ok: true, note: choice === 'auto' ? 'first working backend in the auto order' : 'chosen by you' });
      return { backend: name, attempts };
    }
    attempts.push({ backend: name, ok: false, note: failure });
  }
  const tried = attempts.map((a) => `${a.backend}: ${a.note}`).join('; ');
  throw new BackendUnavailableError(
    choice === 'auto' ? `No tfjs backend could start (${tried}).` : `The ${choice} backend is not available here (${tried}). Pick another backend or "auto".`,
    attempts,
  );
}

/** The part of a GPUDevice the loss handling touches (the DOM typings here have no WebGPU). */
interface DeviceLike {
  lost?: Promise<{ message?: string; reason?: string }>;
  destroy?: () => void;
  createBuffer?: (descriptor: { size: number; usage: number }) => { mapAsync(mode: number): Promise<void>; destroy(): void };
}

const currentDevice = () => (tf.getBackend() === 'webgpu' ? ((tf.backend() as unknown as { device?: DeviceLike }).device ?? null) : null);

const lostText = (detail: string) =>
  `The WebGPU device was lost${detail}. The GPU was reset, its driver restarted or the browser reclaimed it; ` +
  'the results so far are kept. Run it again, or pick another backend if it happens again.';

/** The watched WebGPU device, and the message of its loss once its `lost` promise settles. */
let watched: { device: DeviceLike; lost: Promise<string> } | null = null;

/** Calls `onLost` if the WebGPU device behind the current backend is lost. */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  const device = currentDevice();
  if (!device?.lost) return;
  const lost = device.lost.then((info) => lostText(`${info.reason ? ` (${info.reason})` : ''}${info.message ? `: ${info.message}` : ''}`));
  watched = { device, lost };
  void lost.then(onLost);
}

/** Whether the device fails to map a fresh buffer, which a healthy device always does. */
async function deviceFailsToMap(device: DeviceLike): Promise<boolean> {
  const MAP_READ = 0x1; // GPUBufferUsage.MAP_READ and GPUMapMode.READ
  const buffer = device.createBuffer?.({ size: 4, usage: MAP_READ });
  if (!buffer) return false;
  try {
    await buffer.mapAsync(MAP_READ);
    return false;
  } catch {
    return true;
  } finally {
    buffer.destroy();
  }
}

/**
 * The loss message when the watched WebGPU device is lost, else null. Asked after an operation
 * failed: on a lost device that happens before (or without) its `lost` promise settling, and the
 * run should then say that the device was lost, not quote the failed call. A device that neither
 * maps a fresh buffer nor reports its loss within `waitMs` is taken as lost: after a destroy,
 * Chromium's worker-side WebGPU was seen to settle nothing at all, which no healthy device does.
 */
export async function lostDeviceMessage(waitMs = 2000): Promise<string | null> {
  if (!watched) return null;
  const silent = lostText(': it no longer answers');
  const probed = deviceFailsToMap(watched.device).then((failed) => (failed ? silent : null));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(silent), waitMs)));
  try {
    return await Promise.race([watched.lost, probed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Destroys the WebGPU device under the current backend (fault injection); false without one. */
export function destroyDevice(): boolean {
  const device = currentDevice();
  device?.destroy?.();
  return device?.destroy !== undefined;
}
