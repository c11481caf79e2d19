import { describe, expect, it } from 'vitest';
import { defaultWorkspace } from '../workspace';
import { decodePayload, encodeState, fromLinkState, toLinkState } from './codec';

describe('share link: SBCL', () => {
  it('carries an SBCL run with its parameters next to its bases, and refuses parameters out of bounds', () => {
    const ws = defaultWorkspace();
    const base = ws.runs[0];
    if (!base) throw new Error('the default workspace has a run');
    const sbcl = { ...structuredClone(base), id: 'sbcl-run', method: { id: 'sbcl', params: { temperature: 0.2, beta: 0.5, warmup: 0.3, recluster: 0.2, stage2Start: 0.6 } } };
    const crt = { ...structuredClone(base), id: 'crt-run', method: { id: 'crt', params: { stage2Start: 0.6 } } };
    const state = toLinkState({ ...ws, runs: [sbcl, crt] });
    const decoded = decodePayload(encodeState(state));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const back = fromLinkState(decoded.state);
    expect(back.runs.map((r) => r.method)).toEqual([sbcl.method, crt.method]);
    const tampered = { ...state, runs: [{ method: { id: 'sbcl', params: { beta: 99 } } }] };
    expect(decodePayload(encodeState(tampered as typeof state)).ok).toBe(false);
  });
});
