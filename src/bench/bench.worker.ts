/// <reference lib="webworker" />
/** The bench page's worker: one scenario on one backend per worker (src/bench/runBench.ts). */
import type { BenchRequest } from './protocol';
import { runBench } from './runBench';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<BenchRequest>) => {
  runBench(e.data).then(
    (result) => scope.postMessage(result),
    (error: unknown) =>
      scope.postMessage({
        scenarioId: e.data.scenarioId,
        backend: e.data.backend,
        label: e.data.backend,
        threads: null,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
};
