import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/setup';
import { describeSummary, efficacyRuns, summarise, type Summary } from './efficacyRuns';

/**
 * mixup, Remix(-DRW) and MiSLAS against plain cross-entropy, trained here on the long-tailed
 * blobs (efficacySetup.ts), seeds 1–3, uniform test set. Measured numbers: the console lines,
 * quoted in the comments and on the cards.
 */
beforeAll(useCpuBackend);

let ce: Summary;
let mixup: Summary;
let remix: Summary;
let plainRemix: Summary;
let mislas: Summary;

describe('augmentation methods against cross-entropy (seeds 1–3)', () => {
  beforeAll(async () => {
    ce = summarise(await efficacyRuns('ce'));
    mixup = summarise(await efficacyRuns('mixup'));
    remix = summarise(await efficacyRuns('remix'));
    plainRemix = summarise(await efficacyRuns('remix', { alpha: 0.2, drwStart: 1 }));
    mislas = summarise(await efficacyRuns('label-aware-smoothing'));
    for (const [name, s] of [['CE', ce], ['mixup', mixup], ['Remix-DRW', remix], ['Remix α 0.2 no DRW', plainRemix], ['MiSLAS', mislas]] as const) {
      console.log(describeSummary(name, s));
    }
  }, 300_000);

  it('mixup alone does not help the tail (its card says so)', () => {
    expect(mixup.few).toBeLessThan(ce.few + 0.1);
  });

  it('Remix as the paper runs it (α = 1, DRW) raises Few over cross-entropy and mixup, without collapse', () => {
    expect(remix.few).toBeGreaterThan(ce.few + 0.2);
    expect(remix.few).toBeGreaterThan(mixup.few + 0.2);
    expect(remix.balanced).toBeGreaterThanOrEqual(ce.balanced - 0.01);
    expect(remix.many).toBeGreaterThan(0.6);
  });

  it('MiSLAS raises Few over cross-entropy with a lower ECE, without collapse', () => {
    expect(mislas.few).toBeGreaterThan(ce.few + 0.2);
    expect(mislas.ece).toBeLessThan(ce.ece);
    expect(mislas.balanced).toBeGreaterThanOrEqual(ce.balanced - 0.01);
    expect(mislas.many).toBeGreaterThan(0.6);
  });
});
