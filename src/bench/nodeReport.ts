/** The Node.js bench's table: medians per scenario and backend, set against PyTorch on the same machine. */
import type { BenchResult } from './protocol';

/** scripts/pytorch_reference.py's output: the same models and batches in PyTorch. */
export interface ReferenceTimes {
  torch: string;
  cpuThreads: number;
  gpu: string | null;
  /** Per scenario and device ('cpu': all threads, 'cpu2': two threads, 'cuda'). */
  scenarios: Record<string, Record<string, { medianMs: number; p25Ms: number; p75Ms: number; batchSize: number }>>;
}

export interface NodeBenchRow {
  scenarioId: string;
  backend: string;
  ok: boolean;
  error?: string;
  medianMs?: number;
  p25Ms?: number;
  p75Ms?: number;
  samplesPerSecond?: number;
  /** Median ms per step without a read-back after each (runBench's `pipelined`). */
  pipelinedMs?: number;
  /** Median ms of one tiny read-back. */
  readbackMs?: number;
  /** This backend's median over PyTorch's on the same machine, per PyTorch device (2 = half as fast). */
  vsTorch?: Record<string, number>;
  finishMs?: number;
  tensors?: string;
}

/** The q-quantile by the nearest-rank rule (q = 0.5 on an even count: the mean of the middle two). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  if (q === 0.5 && s.length % 2 === 0) return (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const fmt = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

export function summariseNodeRuns(results: readonly BenchResult[], reference: ReferenceTimes | null): { rows: NodeBenchRow[]; table: string } {
  const rows = results.map((r): NodeBenchRow => {
    if (!r.ok) return { scenarioId: r.scenarioId, backend: r.label, ok: false, error: r.error ?? 'failed' };
    const medianMs = quantile(r.stepMs, 0.5);
    const torch = reference?.scenarios[r.scenarioId];
    return {
      scenarioId: r.scenarioId,
      backend: r.label,
      ok: true,
      medianMs,
      p25Ms: quantile(r.stepMs, 0.25),
      p75Ms: quantile(r.stepMs, 0.75),
      samplesPerSecond: (r.batchSize * 1000) / medianMs,
      ...(r.pipelinedStepMs ? { pipelinedMs: quantile(r.pipelinedStepMs, 0.5) } : {}),
      ...(r.readbackMs ? { readbackMs: quantile(r.readbackMs, 0.5) } : {}),
      ...(torch ? { vsTorch: Object.fromEntries(Object.entries(torch).map(([device, t]) => [device, medianMs / t.medianMs])) } : {}),
      ...(r.finish ? { finishMs: r.finish.wallMs } : {}),
      tensors: `${r.tensorsStart} → ${r.tensorsEnd} → ${r.tensorsAfterDispose}`,
    };
  });
  const devices = [...new Set(Object.values(reference?.scenarios ?? {}).flatMap((t) => Object.keys(t)))];
  const lines = [['scenario', 'backend', 'ms/step median (p25–p75)', 'samples/s', 'pipelined ms/step', 'read-back ms', ...devices.map((d) => `× PyTorch ${d}`), 'finish s', 'tensors'].join(' | ')];
  for (const row of rows) {
    if (!row.ok) {
      lines.push(`${row.scenarioId} | ${row.backend} | failed: ${row.error}`);
      continue;
    }
    const ratios = devices.map((d) => fmt(row.vsTorch?.[d]));
    const finish = fmt(row.finishMs === undefined ? undefined : row.finishMs / 1000);
    lines.push([row.scenarioId, row.backend, `${fmt(row.medianMs)} (${fmt(row.p25Ms)}–${fmt(row.p75Ms)})`, fmt(row.samplesPerSecond, 0), fmt(row.pipelinedMs), fmt(row.readbackMs), ...ratios, finish, row.tensors].join(' | '));
  }
  for (const [id, times] of Object.entries(reference?.scenarios ?? {})) {
    for (const [device, t] of Object.entries(times)) {
      lines.push(`${id} | PyTorch ${reference?.torch} ${device} | ${fmt(t.medianMs)} (${fmt(t.p25Ms)}–${fmt(t.p75Ms)}) | ${fmt((t.batchSize * 1000) / t.medianMs, 0)}`);
    }
  }
  return { rows, table: lines.join('\n') };
}
