import { describe, expect, it } from 'vitest';
import { defaultWorkspace } from '../workspace';
import { decodePayload, encodeState, fromLinkState, hashOf, toLinkState } from './codec';
import { parseLinkState } from './schema';

describe('the memorisation explorer in a link', () => {
  it('round-trips t and the subset fraction', () => {
    const ws = { ...defaultWorkspace(), memorisation: { models: 120, fraction: 0.6 } };
    const decoded = decodePayload(hashOf(ws).slice(3));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.state.memorisation).toEqual({ models: 120, fraction: 0.6 });
    expect(fromLinkState(decoded.state).memorisation).toEqual({ models: 120, fraction: 0.6 });
  });

  it('is absent from links that never opened it, and old links read without it', () => {
    const plain = toLinkState(defaultWorkspace());
    expect('memorisation' in plain).toBe(false);
    const old = decodePayload(encodeState(plain));
    expect(old.ok && fromLinkState(old.state).memorisation).toBeUndefined();
  });

  it('refuses values out of bounds with a readable message', () => {
    const plain = toLinkState(defaultWorkspace());
    const tooMany = parseLinkState({ ...plain, memorisation: { models: 100000, fraction: 0.7 } });
    expect(tooMany.ok).toBe(false);
    expect(!tooMany.ok && tooMany.errors[0]).toMatch(/Memorisation explorer: models \(t\): must be at most 400/);
    expect(parseLinkState({ ...plain, memorisation: { models: 50, fraction: 1 } }).ok).toBe(false);
    expect(parseLinkState({ ...plain, memorisation: { models: 2.5, fraction: 0.7 } }).ok).toBe(false);
  });
});
