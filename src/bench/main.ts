/**
 * The benchmark page (bench.html): runs the scenario and backends named in the query string,
 * each in a fresh worker, and leaves the results in window.__bench for scripts/bench.mjs.
 * Example: bench.html?scenario=mlp-2d&backends=wasm,wasm:1,webgl&finish=wasm
 * ("wasm:1" is wasm without threads, "wasm:4" with four; plain "wasm" one thread per core)
 * (also &method=balanced-softmax&seed=2&timing=off for the reference comparison,
 * &tf=WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=15 to set tfjs flags)
 */
import type { BackendName } from '../training/config';
import { parseTfFlags, type BenchRequest, type BenchResult } from './protocol';
import { SCENARIOS } from './scenarios';

const out = document.getElementById('out') as HTMLElement;
const params = new URLSearchParams(location.search);
const scenario = SCENARIOS.find((s) => s.id === params.get('scenario')) ?? SCENARIOS[0];
const backends = params.get('backends')?.split(',') ?? scenario?.backends ?? [];
const finishOn = new Set(params.get('finish')?.split(',') ?? scenario?.finishOn ?? []);
const state = window as unknown as { __bench?: { done: boolean; results: BenchResult[] } };

function once(request: BenchRequest): Promise<BenchResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<BenchResult>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ...request, label: request.backend, threads: null, ok: false, error: e.message } as unknown as BenchResult);
    };
    worker.postMessage(request);
  });
}

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  state.__bench = { done: false, results };
  for (const spec of backends) {
    const [backend, threads] = spec.split(':') as [BackendName, string | undefined];
    out.textContent = `running ${scenario?.id} on ${spec}…`;
    const seed = params.get('seed');
    results.push(
      await once({
        scenarioId: scenario?.id ?? '',
        backend,
        finish: finishOn.has(spec),
        method: params.get('method') ?? undefined,
        seed: seed === null ? undefined : Number(seed),
        skipTiming: params.get('timing') === 'off',
        profile: params.has('profile'),
        wasmThreads: threads === undefined ? 0 : Number(threads),
        tfFlags: parseTfFlags(params.get('tf') ?? ''),
        ...(params.get('filterGrad') === 'patches' || params.get('filterGrad') === 'conv' ? { filterGrad: params.get('filterGrad') as 'conv' | 'patches' } : {}),
      }),
    );
  }
  state.__bench = { done: true, results };
  out.textContent = JSON.stringify(results, null, 2);
}

void main();
