import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../../training/data/build';
import { trainingLoop } from '../../training/run';
import type { RunSnapshot } from '../../training/snapshot';
import { useCpuBackend } from '../../training/test/setup';
import { Trainer } from '../../training/trainer';
import { parseRunConfig, type RunConfig } from '../../training/config';
import { methodChoice, runConfigOf, sharedOf, type Workspace } from '../workspace';
import { decodePayload, encodeState, fromLinkState, toLinkState } from './codec';
import { linkRunConfigs } from './schema';

beforeAll(useCpuBackend);

function parseOrThrow(input: unknown): RunConfig {
  const parsed = parseRunConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

async function train(config: RunConfig): Promise<RunSnapshot> {
  const trainer = new Trainer(config, buildDataset(config.dataset, config.seed));
  let last: RunSnapshot | undefined;
  for await (const s of trainingLoop(trainer, { maxSteps: 1000, maxMs: Infinity })) last = s;
  trainer.dispose();
  if (!last) throw new Error('no snapshot');
  return last;
}

describe('a shared link reproduces its runs', () => {
  it('trains to the same numbers from the decoded link as from the original workspace (same backend)', async () => {
    const ws: Workspace = {
      // Through the schema, so that settings added to it later take their defaults here too.
      shared: sharedOf(
        parseOrThrow({
          seed: 7,
          dataset: { kind: 'spiral', classes: 4, rho: 20, nMax: 80, noise: 0.6, testPerClass: 30 },
          model: { width: 16, depth: 2 },
          optimizer: { kind: 'adam', learningRate: 0.02 },
          batchSize: 32,
          epochs: 3,
          backend: 'cpu',
        }),
      ),
      runs: [
        { id: 'a', method: methodChoice('ce') },
        { id: 'b', method: methodChoice('balanced-softmax') },
        { id: 'c', method: methodChoice('logit-adjustment', { tau: 1.7 }) },
      ],
      view: 'compare',
      selected: 2,
      lesson: null,
    };
    const decoded = decodePayload(encodeState(toLinkState(ws)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const fromLink = linkRunConfigs(decoded.state);
    const original = ws.runs.map((r) => runConfigOf(ws.shared, r.method));
    expect(fromLink).toEqual(original);
    expect(fromLinkState(decoded.state).runs.map((r) => runConfigOf(decoded.state.shared, r.method))).toEqual(original);

    for (let i = 0; i < original.length; i++) {
      const [a, b] = [await train(original[i] as RunConfig), await train(fromLink[i] as RunConfig)];
      expect(b.step).toBe(a.step);
      expect(b.test.accuracy).toBe(a.test.accuracy);
      expect(b.test.splits).toEqual(a.test.splits);
      expect(b.test.reliability.ece).toBe(a.test.reliability.ece);
      expect(Array.from(b.test.perClass)).toEqual(Array.from(a.test.perClass));
    }
  });
});
