import { describe, expect, it } from 'vitest';
import { attentionCsv, attentionLift, attentionShares, splitShares } from './attentionMatrix';

// Two classes: class 0 (head) attends 30 to itself and 10 to class 1; class 1 (tail) 6 and 2.
const attention = [30, 10, 6, 2];
// Uniform attention gives each row in proportion to the classes' batch shares (3 : 1): here the same.
const uniform = [30, 10, 6, 2];

describe('attention matrix numbers', () => {
  it('normalises rows to shares of the row’s attention', () => {
    expect(Array.from(attentionShares(attention, 2))).toEqual([0.75, 0.25, 0.75, 0.25]);
    expect(Number.isNaN(attentionShares([0, 0, 1, 1], 2)[0])).toBe(true);
  });

  it('reads attention against uniform attention (1 = as often as the batch offers)', () => {
    expect(Array.from(attentionLift(attention, uniform, 2))).toEqual([1, 1, 1, 1]);
    expect(Array.from(attentionLift([4, 0, 0, 4], [2, 2, 2, 2], 2))).toEqual([2, 0, 0, 2]);
    expect(Number.isNaN(attentionLift([1], [0], 1)[0])).toBe(true);
  });

  it('sums the attention between Many / Medium / Few', () => {
    const s = splitShares([6, 2, 2, 1, 1, 0, 3, 1, 0], ['many', 'medium', 'few']);
    expect(s.many.many).toBeCloseTo(0.6);
    expect(s.medium.many).toBeCloseTo(0.5);
    expect(s.few.many).toBeCloseTo(0.75);
    expect(s.few.few).toBe(0);
  });

  it('writes a CSV with one row per attending class and the uniform baseline', () => {
    const lines = attentionCsv(attention, [1, 1, 1, 1], ['cat', '=x, y']).split('\r\n');
    expect(lines[0]).toBe('from_class,to_cat,"to_=x, y",uniform_to_cat,"uniform_to_=x, y"');
    expect(lines[1]).toBe('cat,0.75,0.25,0.5,0.5');
    expect(lines[2]?.startsWith(`"'=x, y",0.75`)).toBe(true);
  });
});
