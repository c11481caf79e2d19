import { describe, expect, it } from 'vitest';
import { bands, groupBars, labelStride, linearScale, linePath, logScale, nearestIndex, tooltipLeft } from './geometry';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges included (SVG y grows downwards)', () => {
    const x = linearScale(0, 10, 50, 250);
    expect(x(0)).toBe(50);
    expect(x(2.5)).toBe(100);
    expect(x(10)).toBe(250);
    const y = linearScale(0, 1, 300, 10);
    expect(y(0)).toBe(300);
    expect(y(0.25)).toBe(227.5);
    expect(y(1)).toBe(10);
  });

  it('inverts a pixel back to a value', () => {
    const x = linearScale(0, 30, 48, 348);
    expect(x.invert(48)).toBe(0);
    expect(x.invert(198)).toBe(15);
    expect(x.invert(x(7))).toBeCloseTo(7, 12);
  });

  it('puts everything in the middle of the range for a flat domain', () => {
    expect(linearScale(3, 3, 0, 100)(3)).toBe(50);
  });
});

describe('logScale', () => {
  it('gives each power of ten the same length, clamping values at or below the floor', () => {
    // Domain 1 … 1000 over 300 … 0: three decades of 100 px each.
    const y = logScale(1, 1000, 300, 0);
    expect(y(1)).toBe(300);
    expect(y(10)).toBeCloseTo(200, 10);
    expect(y(100)).toBeCloseTo(100, 10);
    expect(y(1000)).toBeCloseTo(0, 10);
    expect(y(0)).toBe(300);
    expect(y(-5)).toBe(300);
  });
});

describe('bands', () => {
  // 4 categories over 100 … 500: step 100; gap 0.2 leaves 20 px, 10 on either side.
  const b = bands(4, 100, 500, 0.2);

  it('lays categories out edge to edge with the gap split around each mark', () => {
    expect(b.step).toBe(100);
    expect(b.width).toBe(80);
    expect(b.edge(0)).toBe(100);
    expect(b.edge(4)).toBe(500);
    expect(b.start(1)).toBe(210);
    expect(b.center(3)).toBe(450);
  });

  it('finds the category under a pixel, gaps included, and -1 outside', () => {
    expect(b.at(100)).toBe(0);
    expect(b.at(199.9)).toBe(0);
    expect(b.at(200)).toBe(1);
    expect(b.at(499)).toBe(3);
    expect(b.at(500)).toBe(-1);
    expect(b.at(99)).toBe(-1);
    expect(bands(0, 0, 100, 0.2).at(50)).toBe(-1);
  });
});

describe('groupBars', () => {
  it('splits a category among bars with fixed gaps', () => {
    // 3 bars in 100 px with 4 px gaps: (100 − 8) / 3 px each, filling the category.
    const g = groupBars(100, 3, 4, 90);
    expect(g.barWidth).toBeCloseTo(92 / 3, 10);
    expect(g.offset(0)).toBeCloseTo(0, 10);
    expect(g.offset(2)).toBeCloseTo(100 - 92 / 3, 10);
  });

  it('caps the bar width and centres the group', () => {
    // 2 bars of at most 90 px in 300 px: 90 + 4 + 90 = 184 wide, (300 − 184) / 2 = 58 from the left.
    const g = groupBars(300, 2, 4, 90);
    expect(g.barWidth).toBe(90);
    expect(g.offset(0)).toBe(58);
    expect(g.offset(1)).toBe(152);
  });

  it('has no bars to place for no series', () => {
    expect(groupBars(100, 0, 4, 90).barWidth).toBe(0);
  });
});

describe('linePath', () => {
  it('draws through the points, rounding to a tenth of a pixel', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 12.345, y: 20.06 },
        { x: 30, y: 5 },
      ]),
    ).toBe('M0,10L12.3,20.1L30,5');
  });

  it('lifts the pen at a missing value instead of bridging it', () => {
    expect(
      linePath([
        { x: 0, y: 1 },
        { x: 1, y: null },
        { x: 2, y: 3 },
        { x: 3, y: NaN },
        { x: 4, y: 5 },
        { x: 5, y: 6 },
      ]),
      // d3 closes a lone point (Z): nothing to stroke, as before, and no line across the gaps.
    ).toBe('M0,1ZM2,3ZM4,5L5,6');
    expect(linePath([{ x: 0, y: null }])).toBe('');
  });
});

describe('nearestIndex', () => {
  const epochs = [0, 0.5, 1, 2, 4];

  it('finds the nearest value by binary search, ties to the upper one', () => {
    expect(nearestIndex(epochs, 0.1)).toBe(0);
    expect(nearestIndex(epochs, 0.74)).toBe(1);
    expect(nearestIndex(epochs, 0.75)).toBe(2);
    expect(nearestIndex(epochs, 2.9)).toBe(3);
    expect(nearestIndex(epochs, 3.1)).toBe(4);
    expect(nearestIndex(epochs, -3)).toBe(0);
    expect(nearestIndex(epochs, 99)).toBe(4);
    expect(nearestIndex(new Float64Array([7]), 1)).toBe(0);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});

describe('labelStride', () => {
  it('writes every label that fits, else every k-th', () => {
    expect(labelStride(10, 80, 16)).toBe(1);
    // 100 labels 6 px apart need 16 px: every third (18 px).
    expect(labelStride(100, 6, 16)).toBe(3);
    expect(labelStride(1, 1, 16)).toBe(1);
  });
});

describe('tooltipLeft', () => {
  it('sits right of the pointer when it fits, else left of it, never past the left edge', () => {
    // 14 px from the pointer.
    expect(tooltipLeft(100, 200, 600)).toBe(114);
    // 500 + 14 + 200 > 600: left of the pointer, 500 − 14 − 200.
    expect(tooltipLeft(500, 200, 600)).toBe(286);
    // Too wide either way: pinned to the left edge.
    expect(tooltipLeft(150, 300, 320)).toBe(0);
  });
});
