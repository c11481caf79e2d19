import { describe, expect, it } from 'vitest';
import { canMove, isBusy, isEnded, isLive, isTraining, keepsModel, knobReevaluatesNow, methodOffers, RUN_PHASES, RUN_STATUS, type RunPhase } from './lifecycle';
import { METHODS } from './methods/registry';

const ENDED: RunPhase[] = ['done', 'stopped', 'error', 'interrupted'];
const LIVE: RunPhase[] = ['starting', 'warming-up', 'running', 'paused'];

describe('run lifecycle', () => {
  it('sorts every status into exactly one of queued, live and ended', () => {
    expect([...RUN_PHASES].sort()).toEqual([...new Set(['queued', ...RUN_STATUS, 'interrupted'])].sort());
    for (const s of RUN_PHASES) {
      expect([s === 'queued', isLive(s), isEnded(s)].filter(Boolean), s).toHaveLength(1);
      expect(isBusy(s), s).toBe(!isEnded(s));
    }
    expect(isEnded(undefined) || isLive(undefined) || isBusy(undefined)).toBe(false);
  });

  it('never leaves an ended status, never goes back to queued, and never stays put as a move', () => {
    for (const from of RUN_PHASES) {
      expect(canMove(from, from), from).toBe(false);
      expect(canMove(from, 'queued'), from).toBe(false);
      for (const to of RUN_PHASES) if (isEnded(from)) expect(canMove(from, to), `${from} → ${to}`).toBe(false);
    }
  });

  it('lets a waiting or live run reach every live and every ended status', () => {
    for (const from of ['queued', ...LIVE] as RunPhase[]) {
      for (const to of [...LIVE, ...ENDED]) if (to !== from) expect(canMove(from, to), `${from} → ${to}`).toBe(true);
    }
    // A Step pressed while the run still loads pauses it before its warm-up begins.
    expect(canMove('paused', 'warming-up')).toBe(true);
  });

  it('says what each status allows', () => {
    expect(RUN_PHASES.filter(isTraining)).toEqual(['warming-up', 'running']);
    expect(RUN_PHASES.filter(knobReevaluatesNow)).toEqual(['paused', 'done']);
  });

  it('gives a live knob to the post-hoc methods only, and keeps their model once done', () => {
    const withKnob = METHODS.filter((m) => methodOffers(m.id).liveKnob !== undefined).map((m) => m.id);
    expect(withKnob).toEqual(expect.arrayContaining(['la-posthoc', 'tau-norm']));
    expect(withKnob).not.toContain('ce');
    expect(keepsModel('done', 'la-posthoc')).toBe(true);
    expect(keepsModel('stopped', 'la-posthoc')).toBe(false);
    expect(keepsModel('done', 'ce')).toBe(false);
  });
});
