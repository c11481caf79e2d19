import { getKernel, registerKernel, unregisterKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

let patched = false;

/**
 * tfjs' wasm BatchMatMul sends every product with a transposed operand to a naive loop instead
 * of XNNPACK's GEMM, and backpropagation through a dense layer is exactly such a product
 * (dW = xᵀ·dy). This wrapper transposes the operand explicitly (a fast copy) and multiplies on
 * the fast path. Measured on the reference CNN step (batch 128, 2-core machine): see README.
 */
export function patchWasmBatchMatMul(): void {
  const original = getKernel('BatchMatMul', 'wasm');
  const transpose = getKernel('Transpose', 'wasm');
  if (patched || !original || !transpose) return;
  const matMul = original.kernelFunc;
  const transposeFunc = transpose.kernelFunc;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return matMul({ inputs, backend, attrs });
    const temporaries: TensorInfo[] = [];
    const swapLastTwo = (t: TensorInfo): TensorInfo => {
      const rank = t.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      const out = transposeFunc({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
      temporaries.push(out);
      return out;
    };
    const a = transposeA ? swapLastTwo(inputs.a as TensorInfo) : (inputs.a as TensorInfo);
    const b = transposeB ? swapLastTwo(inputs.b as TensorInfo) : (inputs.b as TensorInfo);
    const out = matMul({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) (backend as { disposeData(id: object): void }).disposeData(t.dataId);
    return out;
  };
  unregisterKernel('BatchMatMul', 'wasm');
  registerKernel({ ...original, kernelFunc });
  patched = true;
}
