import { compressToEncodedURIComponent } from 'lz-string';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNDS } from '../../training/config';
import { METHODS } from '../../training/methods/registry';
import { defaultWorkspace, MAX_RUNS, type RunEntry } from '../workspace';
import { workspace } from './arbitraries';
import { decodePayload, encodeState, fromLinkState, hashOf, MAX_LINK_CHARS, payloadOfHash, toLinkState, type DecodeResult } from './codec';
import { parseLinkState, type LinkState } from './schema';

const withoutIds = <T extends { runs: { id: string }[] }>(ws: T) => ({ ...ws, runs: ws.runs.map(({ id: _id, ...rest }) => rest) });

function validState(): LinkState {
  return toLinkState(defaultWorkspace());
}

/** A decode outcome is fine when it is a valid state or an error a person can read. */
function expectWellFormed(result: DecodeResult): void {
  if (result.ok) {
    // Whatever decodes must also pass the schema again: nothing half-valid gets through.
    expect(parseLinkState(result.state).ok).toBe(true);
  } else {
    expect(result.error.message.length).toBeGreaterThan(20);
    expect(result.error.message.length).toBeLessThan(400);
  }
}

describe('share link round trip', () => {
  it('gives back the same workspace for random valid workspaces (property)', () => {
    fc.assert(
      fc.property(workspace, (ws) => {
        // Normalise once through the schema so settings added to it later (with defaults) are
        // part of the expected value; the generator must still produce only valid workspaces.
        const normalised = parseLinkState(toLinkState(ws));
        expect(normalised.ok).toBe(true);
        if (!normalised.ok) return;
        expect(normalised.state).toMatchObject(toLinkState(ws));

        const payload = encodeState(normalised.state);
        expect(payload.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
        const decoded = decodePayload(payload);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(decoded.state).toEqual(normalised.state);
        const again = fromLinkState(decoded.state, (() => { let i = 0; return () => `run-${i++}`; })());
        expect(withoutIds(again)).toEqual(withoutIds({ ...ws, shared: normalised.state.shared }));
      }),
      { numRuns: 400 },
    );
  });

  it('carries Muon and the associative memory (optimiser, its learning rate, dataset, d, profile, model) and their lesson variants', () => {
    const base = toLinkState(defaultWorkspace());
    const state: LinkState = {
      ...base,
      shared: {
        ...base.shared,
        dataset: { ...base.shared.dataset, kind: 'assoc-memory', classes: 20, memoryDim: 48, profile: 'power', rho: 20 },
        model: { ...base.shared.model, kind: 'assoc' },
        optimizer: { ...base.shared.optimizer, kind: 'muon', muonLearningRate: 0.05, weightDecay: 0.01 },
      },
    };
    const parsed = parseLinkState(state);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const decoded = decodePayload(encodeState(state));
    expect(decoded.ok && decoded.state.shared).toEqual(state.shared);
    // The linear memory says which model it takes, and which methods.
    const mlp = parseLinkState({ ...state, shared: { ...state.shared, model: { ...state.shared.model, kind: 'mlp' } } });
    expect(mlp.ok ? '' : mlp.errors.join(' ')).toMatch(/Linear memory W/);
    const ride = parseLinkState({ ...state, runs: [{ method: { id: 'ride', params: {} } }] });
    expect(ride.ok).toBe(false);
  });

  it('carries presentation mode when on, and reads links made before it as off', () => {
    const plain = toLinkState(defaultWorkspace());
    // Links without the field (all links made before it) keep their meaning and their text.
    expect('present' in plain).toBe(false);
    const old = decodePayload(encodeState(plain));
    expect(old.ok && fromLinkState(old.state).present).toBeFalsy();
    const presenting = decodePayload(hashOf({ ...defaultWorkspace(), present: true }).slice(3));
    expect(presenting.ok && presenting.state.present).toBe(true);
    expect(presenting.ok && fromLinkState(presenting.state).present).toBe(true);
    expect(parseLinkState({ ...plain, present: 'yes' }).ok).toBe(false);
    const off = parseLinkState({ ...plain, present: false });
    expect(off.ok && 'present' in off.state).toBe(false);
  });

  it('reads a workspace from a location hash and ignores other hashes', () => {
    const ws = defaultWorkspace();
    const hash = hashOf(ws);
    expect(hash.startsWith('#w=')).toBe(true);
    const payload = payloadOfHash(hash);
    expect(payload).not.toBeNull();
    expect(decodePayload(payload ?? '').ok).toBe(true);
    expect(payloadOfHash('')).toBeNull();
    expect(payloadOfHash('#section-2')).toBeNull();
  });

  it('keeps the largest workspace well under the length limit', () => {
    const ws = defaultWorkspace();
    const widest = [...METHODS].sort((a, b) => b.params.length - a.params.length)[0];
    if (!widest) throw new Error('no methods');
    const runs = Array.from({ length: MAX_RUNS }, (_, i) => ({
      id: String(i),
      method: { id: widest.id, params: Object.fromEntries(widest.params.map((p) => [p.key, p.min + (p.max - p.min) / 3])) },
    }));
    const payload = encodeState(toLinkState({ ...ws, runs }));
    expect(payload.length).toBeLessThan(MAX_LINK_CHARS / 2);
  });
});

describe('bad links', () => {
  const valid = encodeState(validState());
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

  it('never throws on thousands of random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 600 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (text) => {
        expectWellFormed(decodePayload(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on thousands of mutated valid links (cut, changed, inserted, deleted characters)', () => {
    const mutation = fc.oneof(
      fc.nat().map((n) => (s: string) => s.slice(0, n % (s.length + 1))),
      fc.tuple(fc.nat(), fc.constantFrom(...ALPHABET)).map(([n, c]) => (s: string) => { const i = n % s.length; return s.slice(0, i) + c + s.slice(i + 1); }),
      fc.tuple(fc.nat(), fc.string({ maxLength: 8 })).map(([n, t]) => (s: string) => { const i = n % (s.length + 1); return s.slice(0, i) + t + s.slice(i); }),
      fc.tuple(fc.nat(), fc.nat({ max: 20 })).map(([n, k]) => (s: string) => { const i = n % (s.length + 1); return s.slice(0, i) + s.slice(i + k); }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        expectWellFormed(decodePayload(mutations.reduce((s, m) => m(s), valid)));
      }),
      { numRuns: 4000 },
    );
  });

  it('never throws on well-compressed links that carry wrong data', () => {
    const leafEdit = fc.tuple(fc.constantFrom('shared.epochs', 'shared.dataset.kind', 'shared.dataset.nMax', 'shared.model.width', 'runs', 'runs.0.method.id', 'runs.0.method.params', 'view', 'selected', 'v', 'lesson', 'shared', 'shared.splits'), fc.jsonValue());
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), leafEdit.map(([path, value]) => setPath(validState(), path, value))), (data) => {
        expectWellFormed(decodePayload(compressToEncodedURIComponent(JSON.stringify(data) ?? 'null')));
      }),
      { numRuns: 3000 },
    );
  });

  it('explains each kind of damage', () => {
    const cases: [string, string, RegExp][] = [
      ['x'.repeat(MAX_LINK_CHARS + 1), 'too-long', /too long \(8,001 characters/],
      ['abc<script>', 'bad-characters', /characters that a Long-Tail Lab link never has/],
      ['', 'damaged', /cut off/],
      [valid.slice(0, Math.floor(valid.length / 2)), 'damaged', /cut off|damaged/],
      [compressToEncodedURIComponent('{"v":1,'), 'not-data', /not to a workspace/],
    ];
    for (const [payload, kind, message] of cases) {
      const result = decodePayload(payload);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect([kind, 'damaged', 'not-data']).toContain(result.error.kind);
      expect(result.error.message).toMatch(message);
    }
  });

  it('names the setting a tampered link breaks, and refuses unknown ids and costly values', () => {
    const tampered = (edit: (s: LinkState) => unknown) => {
      const result = decodePayload(compressToEncodedURIComponent(JSON.stringify(edit(validState()))));
      if (result.ok) throw new Error('expected an error');
      return result.error;
    };
    expect(tampered((s) => ({ ...s, shared: { ...s.shared, epochs: 100000 } })).message).toMatch(`Epochs: must be at most ${BOUNDS.epochs.max}`);
    expect(tampered((s) => ({ ...s, shared: { ...s.shared, dataset: { ...s.shared.dataset, nMax: 1e9 } } })).message).toMatch(`largest class: must be at most ${BOUNDS.nMax.max}`);
    expect(tampered((s) => ({ ...s, shared: { ...s.shared, model: { ...s.shared.model, width: 100000 } } })).message).toMatch(`Hidden units per layer: must be at most ${BOUNDS.width.max}`);
    expect(tampered((s) => ({ ...s, shared: { ...s.shared, dataset: { ...s.shared.dataset, kind: 'imagenet' } } })).message).toMatch(/Dataset: must be one of blobs, spiral\b/);
    expect(tampered((s) => ({ ...s, runs: [{ method: { id: '<img src=x onerror=alert(1)>', params: {} } }] })).message).toMatch(/Run 1: method: unknown method/);
    expect(tampered((s) => ({ ...s, runs: Array.from({ length: MAX_RUNS + 1 }, () => s.runs[0]) })).message).toMatch(/Runs: too many \(at most 8\)/);
    expect(tampered((s) => ({ ...s, runs: [{ method: { id: 'ce', params: { constructor: 1 } } }] })).message).toMatch(/Run 1: parameter "constructor"/);
    expect(tampered((s) => ({ ...s, v: 7 })).message).toMatch(/newer version/);
    expect(tampered((s) => ({ ...s, selected: 3 })).message).toMatch(/points at run 4/);
    expect(tampered(() => [1, 2, 3]).message).toMatch(/not a Long-Tail Lab workspace/);
  });

  it('carries a choice parameter (BatchFormer’s base loss) and refuses a value that is not one of its options', () => {
    for (const baseLoss of [0, 1]) {
      const state: LinkState = { ...validState(), runs: [{ method: { id: 'batchformer', params: { baseLoss } } }] };
      const decoded = decodePayload(encodeState(state));
      expect(decoded.ok && decoded.state.runs[0]?.method).toEqual({ id: 'batchformer', params: { baseLoss } });
    }
    const result = decodePayload(compressToEncodedURIComponent(JSON.stringify({ ...validState(), runs: [{ method: { id: 'batchformer', params: { baseLoss: 0.5 } } }] })));
    expect(!result.ok && result.error.message).toMatch(/Run 1: parameter "baseLoss".*one of 0 \(Cross-entropy\), 1 \(Balanced softmax\)/);
  });

  it('carries RIDE’s router switch (a choice) and refuses a value that is not one of its options', () => {
    for (const router of [0, 1]) {
      const state: LinkState = { ...validState(), runs: [{ method: { id: 'ride', params: { router, lambda: 0.3 } } }] };
      const decoded = decodePayload(encodeState(state));
      // The other parameters come back with their defaults filled in.
      expect(decoded.ok && decoded.state.runs[0]?.method).toMatchObject({ id: 'ride', params: { router, lambda: 0.3 } });
    }
    const result = decodePayload(compressToEncodedURIComponent(JSON.stringify({ ...validState(), runs: [{ method: { id: 'ride', params: { router: 2 } } }] })));
    expect(!result.ok && result.error.message).toMatch(/Run 1: parameter "router"/);
  });

  it('carries the ViT model and DeiT-LT with its parameters, and refuses DeiT-LT without the ViT', () => {
    const ws = defaultWorkspace();
    const shared = {
      ...ws.shared,
      dataset: { ...ws.shared.dataset, kind: 'digits' as const, nMax: 100, rho: 20, testPerClass: 50 },
      model: { ...ws.shared.model, kind: 'vit' as const, vitWidth: 32, vitBlocks: 3, vitHeads: 2 },
    };
    const runs: RunEntry[] = [
      { id: 'a', method: { id: 'ce', params: {} } },
      { id: 'b', method: { id: 'deit-lt', params: { teacherEpochs: 7, alpha: 0.5, drwStart: 0.75 } } },
    ];
    const decoded = decodePayload(hashOf({ ...ws, shared, runs, selected: 1 }).slice(3));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.state.shared.model).toMatchObject({ kind: 'vit', vitWidth: 32, vitBlocks: 3, vitHeads: 2 });
    expect(decoded.state.runs.map((r) => r.method)).toEqual(runs.map((r) => r.method));
    const refused = decodePayload(compressToEncodedURIComponent(JSON.stringify({ ...validState(), runs: [{ method: { id: 'deit-lt', params: {} } }] })));
    expect(!refused.ok && refused.error.message).toMatch(/needs the VIT model/);
  });

  it('accepts a link whose "$" and "+" a mail app percent-encoded', () => {
    const encoded = valid.replace(/\$/g, '%24').replace(/\+/g, '%2B');
    expect(decodePayload(encoded).ok).toBe(true);
  });
});

/** A copy of `state` with the value at a dotted path replaced (arrays by index). */
function setPath(state: LinkState, path: string, value: unknown): unknown {
  const root = structuredClone(state) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = root;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1] ?? ''] = value;
  return root;
}
