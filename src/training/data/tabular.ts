/**
 * Own tabular data: rows of text cells (as a CSV parser gives them) become standardised numeric
 * features and integer labels. Pure, so that the import worker and the tests share it. Every
 * refusal is a BadDataError whose message names the row or column and what is wrong, and nothing
 * is returned half-built.
 */

/** Limits that keep an import within what a browser tab trains on. */
export const TABLE_LIMITS = { maxRows: 200_000, maxFeatures: 256, maxClasses: 100, maxBytes: 50 * 1024 * 1024 } as const;

export class BadDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadDataError';
  }
}

export interface Table {
  /** Feature column names (the header, or "column 1" … without one). */
  featureNames: string[];
  /** Label values in first-seen order, sorted by count later by the card. */
  classNames: string[];
  /** Row-major standardised features, rows × featureNames.length. */
  x: Float32Array;
  y: Int32Array;
  /** Rows per class, as found. */
  counts: number[];
  /** Per-feature mean and standard deviation used to standardise. */
  mean: Float32Array;
  std: Float32Array;
}

const isNumeric = (cell: string | undefined): boolean => cell !== undefined && cell.trim() !== '' && Number.isFinite(Number(cell));

/** A first row is a header when some of its cells are not numbers but the second row's are. */
export function hasHeader(rows: readonly (readonly string[])[]): boolean {
  const [first, second] = rows;
  if (!first) return false;
  if (!second) return !first.every(isNumeric);
  if (first.some((cell, i) => !isNumeric(cell) && isNumeric(second[i]))) return true;
  // All text (a file without numbers): a header when no first-row value recurs in its column.
  const below = rows.slice(1, 200);
  return first.every((cell, i) => !isNumeric(cell) && below.every((r) => r[i] !== cell));
}

/**
 * The column most likely to be the label: a column named like one, else the last column whose
 * values are not all numbers, else the last column.
 */
export function guessLabelColumn(rows: readonly (readonly string[])[], header: boolean): number {
  const first = rows[0] ?? [];
  if (header) {
    const named = first.findIndex((h) => /^(label|class|target|y|category)$/i.test(h.trim()));
    if (named >= 0) return named;
  }
  const sample = rows.slice(header ? 1 : 0, 200);
  for (let c = first.length - 1; c >= 0; c--) if (sample.some((r) => !isNumeric(r[c]))) return c;
  return Math.max(0, first.length - 1);
}

export interface TableOptions {
  header: boolean;
  labelColumn: number;
}

/** Builds the table; throws BadDataError naming the first problem found. */
export function buildTable(rows: readonly (readonly string[])[], { header, labelColumn }: TableOptions): Table {
  // A trailing newline gives an empty last row: not data.
  const body = rows.slice(header ? 1 : 0).filter((r) => !(r.length === 1 && r[0]?.trim() === ''));
  const width = rows[0]?.length ?? 0;
  if (body.length === 0) throw new BadDataError('The file has no data rows.');
  if (width < 2) throw new BadDataError('The file has one column: it needs at least one feature column and a label column (is the delimiter a comma, tab or semicolon?).');
  if (labelColumn < 0 || labelColumn >= width) throw new BadDataError(`There is no column ${labelColumn + 1} to take the labels from.`);
  if (body.length > TABLE_LIMITS.maxRows) throw new BadDataError(`The file has ${body.length} rows; at most ${TABLE_LIMITS.maxRows} can be trained on here.`);
  const names = header ? (rows[0] ?? []).map((h, i) => h.trim() || `column ${i + 1}`) : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const featureCols = names.map((_, i) => i).filter((i) => i !== labelColumn);
  if (featureCols.length > TABLE_LIMITS.maxFeatures) throw new BadDataError(`The file has ${featureCols.length} feature columns; at most ${TABLE_LIMITS.maxFeatures} are supported.`);
  const d = featureCols.length;
  const x = new Float32Array(body.length * d);
  const y = new Int32Array(body.length);
  const classIndex = new Map<string, number>();
  const lineOffset = header ? 2 : 1;
  const firstRow = body[0] ?? [];
  if (!featureCols.some((c) => isNumeric(firstRow[c]))) {
    throw new BadDataError(`The file has no numeric feature column: row ${lineOffset} holds ${featureCols.slice(0, 3).map((c) => `"${(firstRow[c] ?? '').slice(0, 20)}"`).join(', ')} where numbers are expected.`);
  }
  body.forEach((row, r) => {
    if (row.length !== width) throw new BadDataError(`Row ${r + lineOffset} has ${row.length} cells; the first row has ${width}.`);
    featureCols.forEach((c, j) => {
      const cell = row[c] ?? '';
      if (!isNumeric(cell)) {
        throw new BadDataError(`Row ${r + lineOffset}, column "${names[c]}": "${cell.slice(0, 40)}" is not a number. Feature columns must be numeric; is "${names[c]}" the label column?`);
      }
      x[r * d + j] = Number(cell);
    });
    const label = (row[labelColumn] ?? '').trim();
    if (label === '') throw new BadDataError(`Row ${r + lineOffset} has no label in column "${names[labelColumn]}".`);
    let k = classIndex.get(label);
    if (k === undefined) {
      k = classIndex.size;
      if (k >= TABLE_LIMITS.maxClasses) throw new BadDataError(`Column "${names[labelColumn]}" has more than ${TABLE_LIMITS.maxClasses} different values: is it really the label column?`);
      classIndex.set(label, k);
    }
    y[r] = k;
  });
  if (classIndex.size < 2) throw new BadDataError(`Column "${names[labelColumn]}" holds one class only ("${[...classIndex.keys()][0] ?? ''}"): a classifier needs at least two.`);
  const counts = new Array<number>(classIndex.size).fill(0);
  for (const k of y) counts[k] = (counts[k] ?? 0) + 1;
  const { mean, std } = standardise(x, body.length, d);
  return { featureNames: featureCols.map((c) => names[c] ?? ''), classNames: [...classIndex.keys()], x, y, counts, mean, std };
}

/**
 * Standardises each column in place to mean 0 and standard deviation 1 (a constant column is only
 * centred), so that features of any scale train alike. Returns the statistics used.
 */
export function standardise(x: Float32Array, rows: number, d: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (x[r * d + j] ?? 0);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) / rows;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      const v = (x[r * d + j] ?? 0) - (mean[j] ?? 0);
      sq[j] = (sq[j] ?? 0) + v * v;
    }
  }
  const std = Float64Array.from(sq, (s) => Math.sqrt(s / rows));
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      const s = std[j] ?? 0;
      x[r * d + j] = ((x[r * d + j] ?? 0) - (mean[j] ?? 0)) / (s > 1e-12 ? s : 1);
    }
  }
  return { mean: Float32Array.from(mean), std: Float32Array.from(std) };
}
