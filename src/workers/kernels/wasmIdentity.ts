import { getKernel, registerKernel, unregisterKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs' BackendWasm this kernel uses. */
interface WasmBackendLike {
  incRef(dataId: object): void;
}

let patched = false;

/**
 * tfjs clones every tensor it saves for the backward pass (engine.saveTensorsForBackwardMode),
 * and the wasm Identity kernel copies the bytes: 32 copies per reference-CNN step, ≈ 8 ms of
 * ≈ 150 (bench.html?…&profile). tfjs tensors are immutable, so — as the CPU and WebGL backends
 * do — the clone can share the data and count one more reference instead.
 */
export function patchWasmIdentity(): void {
  const original = getKernel('Identity', 'wasm');
  if (patched || !original) return;
  const copy = original.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return copy(args);
    (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  unregisterKernel('Identity', 'wasm');
  registerKernel({ ...original, kernelFunc });
  patched = true;
}
