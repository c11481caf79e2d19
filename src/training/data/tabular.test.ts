import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BadDataError, buildTable, guessLabelColumn, hasHeader } from './tabular';

const rowsOf = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data;

describe('own tabular data', () => {
  it('detects header, delimiter and label column, and standardises the features', () => {
    const rows = rowsOf('a\tb\tspecies\n1\t10\tcat\n2\t20\tdog\n3\t30\tcat\n');
    expect(hasHeader(rows)).toBe(true);
    const label = guessLabelColumn(rows, true);
    expect(label).toBe(2);
    const t = buildTable(rows, { header: true, labelColumn: label });
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(t.classNames).toEqual(['cat', 'dog']);
    expect([...t.y]).toEqual([0, 1, 0]);
    expect(t.counts).toEqual([2, 1]);
    const col = [t.x[0], t.x[2], t.x[4]] as number[];
    expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(Math.sqrt(col.reduce((a, b) => a + b * b, 0) / 3)).toBeCloseTo(1, 5);
    expect(t.mean[1]).toBeCloseTo(20, 5);
  });

  it('takes a numeric label column named like one, and reads files without a header', () => {
    const named = rowsOf('x,label,z\n1,0,2\n3,1,4\n');
    expect(guessLabelColumn(named, hasHeader(named))).toBe(1);
    const plain = rowsOf('1;2;0\n3;4;1\n5;6;1\n');
    expect(hasHeader(plain)).toBe(false);
    const t = buildTable(plain, { header: false, labelColumn: 2 });
    expect(t.featureNames).toEqual(['column 1', 'column 2']);
    expect(t.counts).toEqual([1, 2]);
  });

  it('refuses bad input with a message naming the row and column', () => {
    const expectBad = (text: string, labelColumn: number, pattern: RegExp) => {
      const rows = rowsOf(text);
      expect(() => buildTable(rows, { header: hasHeader(rows), labelColumn })).toThrow(BadDataError);
      expect(() => buildTable(rows, { header: hasHeader(rows), labelColumn })).toThrow(pattern);
    };
    expectBad('a,b,c\nx,y,cat\nz,w,dog\n', 2, /no numeric feature column: row 2 holds "x", "y"/);
    expectBad('a,b,c\n1,2,cat\n3,oops,dog\n', 2, /Row 3, column "b": "oops" is not a number/);
    expectBad('a,b,c\n1,2,cat\n3,4,cat\n', 2, /one class only/);
    expectBad('a,b,c\n1,2,cat\n3,dog\n', 2, /Row 3 has 2 cells; the first row has 3/);
    expectBad('a\n1\n2\n', 0, /one column/);
  });
});
