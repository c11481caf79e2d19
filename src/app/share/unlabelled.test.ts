import { describe, expect, it } from 'vitest';
import { defaultWorkspace } from '../workspace';
import { decodePayload, encodeState, fromLinkState, toLinkState } from './codec';
import { linkRunConfigs, parseLinkState } from './schema';

/** The unlabelled-data setting (training/unlabelled/settings.ts) travels in links like every setting. */
describe('share links carry the unlabelled-data setting', () => {
  it.each([
    [{ kind: 'pseudo-label', ratio: 3.5, rhoU: 50, pretrainEpochs: 10 }, { kind: 'digits', classes: 10, nMax: 60, rho: 20, testPerClass: 50 }, { kind: 'mlp' }],
    [{ kind: 'rotation-pretrain', ratio: 5, rhoU: 100, pretrainEpochs: 7 }, { kind: 'digits', classes: 10, nMax: 100, rho: 20, testPerClass: 50 }, { kind: 'cnn' }],
  ])('round-trips %o', (unlabelled, dataset, model) => {
    const ws = defaultWorkspace();
    const shared = { ...ws.shared, unlabelled, dataset: { ...ws.shared.dataset, ...dataset }, model: { ...ws.shared.model, ...model } } as typeof ws.shared;
    const state = toLinkState({ ...ws, shared });
    expect(parseLinkState(structuredClone(state)).ok).toBe(true);
    const decoded = decodePayload(encodeState(state));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.state.shared.unlabelled).toEqual(unlabelled);
    expect(fromLinkState(decoded.state).shared.unlabelled).toEqual(unlabelled);
    expect(linkRunConfigs(decoded.state)[0]?.unlabelled).toEqual(unlabelled);
  });

  it('reads links made before the setting as "none", and refuses rotation pre-training on 2-D points with a readable reason', () => {
    const old = toLinkState(defaultWorkspace()) as unknown as { shared: Record<string, unknown> };
    delete old.shared.unlabelled;
    const parsed = parseLinkState(old);
    expect(parsed.ok && parsed.state.shared.unlabelled.kind).toBe('none');
    const bad = toLinkState(defaultWorkspace()) as unknown as { shared: Record<string, unknown> };
    bad.shared.unlabelled = { kind: 'rotation-pretrain' };
    const refused = parseLinkState(bad);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors.join(' ')).toMatch(/Unlabelled data.*images only/);
  });
});
