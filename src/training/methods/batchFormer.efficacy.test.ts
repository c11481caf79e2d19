import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/setup';
import { describeSummary, efficacyRuns, summarise, type Summary } from './efficacyRuns';

/**
 * BatchFormer against the same base loss without it (the paper's comparison: balanced softmax
 * ± BatchFormer; and cross-entropy ± BatchFormer), trained here on the long-tailed blobs
 * (efficacySetup.ts), seeds 1–3, uniform test set. The measured numbers (the console lines) are
 * quoted on the method's card: on these 2-D mixtures with a 16-unit MLP the paper's tail gain is
 * small and not the same on every seed, so the test asserts what holds — no collapse, the
 * balanced accuracy of the base kept — rather than the gain.
 */
beforeAll(useCpuBackend);

let ce: Summary;
let bfCe: Summary;
let bs: Summary;
let bfBs: Summary;

describe('BatchFormer against its base loss (seeds 1–3)', () => {
  beforeAll(async () => {
    [ce, bfCe, bs, bfBs] = (
      await Promise.all([efficacyRuns('ce'), efficacyRuns('batchformer', { baseLoss: 0 }), efficacyRuns('balanced-softmax'), efficacyRuns('batchformer', { baseLoss: 1 })])
    ).map(summarise) as [Summary, Summary, Summary, Summary];
    const named = [['CE', 'ce', {}], ['BatchFormer + CE', 'batchformer', { baseLoss: 0 }], ['balanced softmax', 'balanced-softmax', {}], ['BatchFormer + balanced softmax', 'batchformer', { baseLoss: 1 }]] as const;
    for (const [i, [name, id, params]] of named.entries()) {
      console.log(describeSummary(name, [ce, bfCe, bs, bfBs][i] as Summary));
      // Per seed: overall / balanced / Many / Few (the runs are cached, so this trains nothing).
      const per = (await efficacyRuns(id, params)).map((s) => [s.test.accuracy, s.test.balancedAccuracy, s.test.splits.many, s.test.splits.few].map((v) => v.toFixed(3)).join(' / '));
      console.log(`  ${name} per seed (overall / balanced / Many / Few): ${per.join(' | ')}`);
    }
  }, 600_000);

  it('keeps balanced softmax’s balanced accuracy and Few classes, without collapse of the head', () => {
    expect(bfBs.balanced).toBeGreaterThanOrEqual(bs.balanced - 0.01);
    expect(bfBs.few).toBeGreaterThanOrEqual(bs.few - 0.02);
    expect(bfBs.many).toBeGreaterThan(0.7);
    expect(bfBs.many).toBeGreaterThanOrEqual(bs.many - 0.03);
  });

  it('with cross-entropy, keeps the base’s balanced accuracy and its Many classes', () => {
    expect(bfCe.balanced).toBeGreaterThanOrEqual(ce.balanced - 0.02);
    expect(bfCe.many).toBeGreaterThan(0.8);
  });
});
