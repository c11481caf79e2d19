import type { SplitName } from './types';

/**
 * The numbers of BatchFormer's attention view, from the epoch's class × class sums
 * (snapshot.ts BatchAttentionSnapshot): rows are attending classes, columns attended ones.
 */

/** How a cell is read: the share of the row's attention, or that share against uniform attention. */
export type AttentionMode = 'share' | 'lift';

/** Row-normalised C × C values (row r: where class r's attention went, summing to 1); NaN for a row with no queries. */
export function attentionShares(sums: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(classes * classes);
  for (let r = 0; r < classes; r++) {
    let total = 0;
    for (let c = 0; c < classes; c++) total += sums[r * classes + c] ?? 0;
    for (let c = 0; c < classes; c++) out[r * classes + c] = total > 0 ? (sums[r * classes + c] ?? 0) / total : NaN;
  }
  return out;
}

/**
 * Attention against uniform attention: 1 where class r attends to class c as much as class c's
 * share of the batches would give it, above 1 where it prefers c. NaN where c never met r.
 */
export function attentionLift(attention: ArrayLike<number>, uniform: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(classes * classes);
  for (let i = 0; i < out.length; i++) {
    const u = uniform[i] ?? 0;
    out[i] = u > 0 ? (attention[i] ?? 0) / u : NaN;
  }
  return out;
}

/** Shares between splits: [from][to] = share of the attention of `from` classes' samples that went to `to` classes. */
export function splitShares(sums: ArrayLike<number>, splits: readonly SplitName[]): Record<SplitName, Record<SplitName, number>> {
  const names: SplitName[] = ['many', 'medium', 'few'];
  const blank = () => ({ many: 0, medium: 0, few: 0 });
  const totals: Record<SplitName, Record<SplitName, number>> = { many: blank(), medium: blank(), few: blank() };
  const c = splits.length;
  for (let r = 0; r < c; r++) {
    for (let k = 0; k < c; k++) {
      const from = splits[r];
      const to = splits[k];
      if (from && to) totals[from][to] += sums[r * c + k] ?? 0;
    }
  }
  for (const from of names) {
    const row = totals[from];
    const all = row.many + row.medium + row.few;
    for (const to of names) row[to] = all > 0 ? row[to] / all : NaN;
  }
  return totals;
}

/** The matrix as CSV: one row per attending class, columns per attended class, then the uniform baseline's share. */
export function attentionCsv(attention: ArrayLike<number>, uniform: ArrayLike<number>, classNames: readonly string[]): string {
  const c = classNames.length;
  const share = attentionShares(attention, c);
  const base = attentionShares(uniform, c);
  // As the results CSV: a leading = + - @ would make a spreadsheet evaluate the cell.
  const quote = (text: string) => {
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const cell = (v: number) => (Number.isFinite(v) ? String(v) : '');
  const header = ['from_class', ...classNames.map((n) => `to_${n}`), ...classNames.map((n) => `uniform_to_${n}`)].map(quote);
  const rows = classNames.map((name, r) => [quote(name), ...Array.from({ length: c }, (_, k) => cell(share[r * c + k] ?? NaN)), ...Array.from({ length: c }, (_, k) => cell(base[r * c + k] ?? NaN))]);
  return [header, ...rows].map((row) => row.join(',')).join('\r\n') + '\r\n';
}
