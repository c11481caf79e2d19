import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs' BackendWasm this kernel uses. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

let patched = false;

/**
 * The 2×2, stride-2 case (the CNN's pools), unrolled: the four candidates of a window are read
 * directly, first maximum wins (as in tfjs), and each window is written exactly once.
 */
function maxPoolGrad2x2(x: Float32Array, g: Float32Array, out: Float32Array, b: number, h: number, w: number, c: number, oh: number, ow: number): void {
  const rowStride = w * c;
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < oh; oy++) {
      const top = (n * h + 2 * oy) * rowStride;
      const gRow = (n * oh + oy) * ow * c;
      for (let ox = 0; ox < ow; ox++) {
        const i00 = top + 2 * ox * c;
        const gBase = gRow + ox * c;
        for (let ch = 0; ch < c; ch++) {
          const a = i00 + ch;
          const bIndex = a + c;
          const cIndex = a + rowStride;
          const dIndex = cIndex + c;
          let best = a;
          if (x[bIndex]! > x[best]!) best = bIndex;
          if (x[cIndex]! > x[best]!) best = cIndex;
          if (x[dIndex]! > x[best]!) best = dIndex;
          out[best] = g[gBase + ch]!;
        }
      }
    }
  }
}

/**
 * The gradient of max-pooling with non-overlapping windows (stride = window, no padding: the
 * CNN's 2×2 pools) routes each output's gradient to the first maximum of its window. tfjs'
 * wasm MaxPoolGrad walks every window for every input element; this single pass over the
 * input, working in the wasm heap, measured several times faster on the reference CNN.
 * Other pooling shapes keep the original kernel.
 */
export function patchWasmMaxPoolGrad(): void {
  const original = getKernel('MaxPoolGrad', 'wasm');
  if (patched || !original) return;
  const fallback = original.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as unknown as WasmBackendLike;
    const input = inputs.input as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const disjoint =
      info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth && info.padInfo.top === 0 && info.padInfo.left === 0;
    if (!disjoint || input.dtype !== 'float32') return fallback(args);

    const dx = backend.makeOutput(input.shape, 'float32');
    const x = backend.typedArrayFromHeap(input);
    const g = backend.typedArrayFromHeap(dy);
    const out = backend.typedArrayFromHeap(dx);
    out.fill(0);
    const { batchSize: b, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
    if (fh === 2 && fw === 2) {
      maxPoolGrad2x2(x, g, out, b, h, w, c, oh, ow);
      return dx;
    }
    for (let n = 0; n < b; n++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const gBase = ((n * oh + oy) * ow + ox) * c;
          for (let ch = 0; ch < c; ch++) {
            let best = -Infinity;
            let bestIndex = -1;
            for (let fy = 0; fy < fh; fy++) {
              const row = (n * h + oy * fh + fy) * w;
              for (let fx = 0; fx < fw; fx++) {
                const index = (row + ox * fw + fx) * c + ch;
                const v = x[index] ?? -Infinity;
                if (v > best) {
                  best = v;
                  bestIndex = index;
                }
              }
            }
            if (bestIndex >= 0) out[bestIndex] = (out[bestIndex] ?? 0) + (g[gBase + ch] ?? 0);
          }
        }
      }
    }
    return dx;
  };
  unregisterKernel('MaxPoolGrad', 'wasm');
  registerKernel({ ...original, kernelFunc });
  patched = true;
}
