import type { RunSnapshot } from './snapshot';
import type { Trainer } from './trainer';

/** How far the loop may go before it reports: at most `maxSteps` steps or `maxMs` of stepping. */
export interface AdvanceRequest {
  maxSteps: number;
  maxMs: number;
}

/**
 * Share of training time that evaluation may take. Evaluating a CNN on thousands of test images
 * costs many training steps; the loop then repeats the last test metrics in between (the
 * training loss stays live) so that evaluation never takes more than about this share.
 */
export const EVALUATION_SHARE = 0.25;

/**
 * The training loop as an async generator of snapshots. It yields the untrained model's
 * snapshot first, then one after each chunk of steps. The consumer paces it: `next(request)`
 * sets the next chunk (one step for "Step", a time slice for "Run"), and simply not calling
 * `next` is a pause. It returns when all steps are done; errors (e.g. divergence) are thrown.
 */
export async function* trainingLoop(
  trainer: Trainer,
  first: AdvanceRequest,
  { evaluationShare = EVALUATION_SHARE }: { evaluationShare?: number } = {},
): AsyncGenerator<RunSnapshot, void, AdvanceRequest | undefined> {
  let request = first;
  request = (yield await trainer.evaluate()) ?? request;
  while (!trainer.done) {
    const started = performance.now();
    let steps = 0;
    do {
      trainer.trainStep();
      steps++;
    } while (!trainer.done && steps < request.maxSteps && performance.now() - started < request.maxMs);
    const test = trainer.done || request.maxSteps === 1 || trainer.evaluationMs <= evaluationShare * trainer.trainingMs;
    request = (yield await trainer.evaluate({ test })) ?? request;
  }
}
