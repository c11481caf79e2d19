import { describe, expect, it } from 'vitest';
import { buildTable } from '../../training/data/tabular';
import { fileValue, firstRowsOf } from './DatasetCard';

describe('the own-data card’s samples', () => {
  it('takes the first rows of each class in stored order, fewer where a class has fewer', () => {
    expect(firstRowsOf(Int32Array.from([1, 0, 1, 1, 2, 0, 1]), 3, 2)).toEqual([[1, 5], [0, 2], [4]]);
  });

  it('shows a table’s values as they were in the file, not standardised', () => {
    const t = buildTable(
      [
        ['a', 'b', 'label'],
        ['1.5', '200', 'x'],
        ['2.5', '100', 'y'],
        ['-3', '100', 'y'],
      ],
      { header: true, labelColumn: 2 },
    );
    const data = { x: t.x, featureNames: t.featureNames, mean: t.mean, std: t.std };
    expect([0, 1, 2].map((r) => [fileValue(data, r, 0), fileValue(data, r, 1)])).toEqual([
      ['1.5', '200'],
      ['2.5', '100'],
      ['-3', '100'],
    ]);
    // Data stored without its statistics shows the standardised values.
    expect(fileValue({ ...data, mean: undefined, std: undefined }, 0, 1)).toBe((t.x[1] ?? 0).toFixed(2));
  });
});
