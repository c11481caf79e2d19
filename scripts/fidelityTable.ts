import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fidelity table (docs/fidelity.md) from the runs in docs/fidelity-results.jsonl: 3-seed
 * means of the app and of PyTorch per method, their gaps, and the issue's "done when" checks
 * on the app's column. Pure apart from reading and writing those two files.
 */
/** One JSON line per run, appended (processes running the two sides at once do not overwrite each other); a later line for the same run replaces an earlier one. */
export const FIDELITY_RESULTS = fileURLToPath(new URL('../docs/fidelity-results.jsonl', import.meta.url));
export const FIDELITY_DOC = fileURLToPath(new URL('../docs/fidelity.md', import.meta.url));

export interface FidelityRow {
  /** "reference" or "kang" (the reference scenario under Kang et al.'s SGD). */
  scenario: string;
  method: string;
  seed: number;
  side: 'app' | 'pytorch';
  /** The app's tfjs backend ('wasm', 'cpu'), or 'torch-cpu'. */
  backend: string;
  overall: number;
  many: number;
  medium: number;
  few: number;
  ece: number;
  /** SADE: the aggregation weights learned on the test set. */
  weights?: number[];
  /** SADE: the same run with equal weights, before the test-time aggregation (the authors' plain test). */
  equalWeights?: { overall: number; many: number; medium: number; few: number; ece: number };
  seconds: number;
}

const KEYS = ['overall', 'many', 'medium', 'few', 'ece'] as const;
type Key = (typeof KEYS)[number];
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : (v * 100).toFixed(1));

export interface Cell {
  seeds: number[];
  means: Record<Key, number>;
  weights?: number[];
  perSeed: FidelityRow[];
}

/** Mean over the seeds of one scenario, method and side; undefined when none ran. */
export function cell(rows: readonly FidelityRow[], scenario: string, method: string, side: 'app' | 'pytorch', seeds?: readonly number[]): Cell | undefined {
  // In seed order, so that two cells' perSeed rows pair up by index.
  const mine = rows.filter((r) => r.scenario === scenario && r.method === method && r.side === side && (!seeds || seeds.includes(r.seed))).sort((x, y) => x.seed - y.seed);
  if (mine.length === 0) return undefined;
  const means = Object.fromEntries(KEYS.map((k) => [k, mean(mine.map((r) => r[k]))])) as Record<Key, number>;
  const w = mine.filter((r) => r.weights).map((r) => r.weights as number[]);
  const weights = w.length ? (w[0] as number[]).map((_, i) => mean(w.map((x) => x[i] ?? NaN))) : undefined;
  return { seeds: mine.map((r) => r.seed), means, weights, perSeed: mine };
}

/** The markdown table: one line per scenario and method that has a run, means over the seeds both sides ran. */
export function table(rows: readonly FidelityRow[], order: readonly string[]): string {
  const head =
    '| method | scenario | seeds (app / PyTorch) | app overall | Many | Medium | Few | ECE | PyTorch overall | Many | Medium | Few | ECE | Δ overall | Δ Few |\n' +
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const lines: string[] = [];
  const scenarios = [...new Set(rows.map((r) => r.scenario))].sort((a, b) => (a === 'reference' ? -1 : b === 'reference' ? 1 : a.localeCompare(b)));
  for (const scenario of scenarios) {
    const ids = [...new Set(rows.filter((r) => r.scenario === scenario).map((r) => r.method))];
    // A derived row ("sade (equal weights)") sorts right after its method.
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.indexOf(id.split(' ')[0] ?? '') + 0.5);
    ids.sort((a, b) => rank(a) - rank(b));
    for (const id of ids) {
      // Both columns over the seeds both sides ran (a side's extra seeds wait for the other's).
      const seedsOf = (side: 'app' | 'pytorch') => cell(rows, scenario, id, side)?.seeds ?? [];
      const common = seedsOf('app').filter((s) => seedsOf('pytorch').includes(s));
      const app = cell(rows, scenario, id, 'app', common.length ? common : undefined);
      const torch = cell(rows, scenario, id, 'pytorch', common.length ? common : undefined);
      const nums = (c?: Cell) => KEYS.map((k) => pct(c?.means[k]));
      const gap = (k: Key) => (app && torch ? ((app.means[k] - torch.means[k]) * 100).toFixed(1) : '–');
      const seeds = `${app?.seeds.join(',') ?? '–'} / ${torch?.seeds.join(',') ?? '–'}`;
      lines.push(`| ${id} | ${scenario} | ${seeds} | ${nums(app).join(' | ')} | ${nums(torch).join(' | ')} | ${gap('overall')} | ${gap('few')} |`);
    }
  }
  return `${head}\n${lines.join('\n')}`;
}

export interface Check {
  claim: string;
  result: 'pass' | 'fail' | 'not run' | 'info';
  numbers: string;
}

/** The seeds issue #12's "done when" names. */
const ISSUE_SEEDS = [0, 1, 2];

/** The issue's "done when" claims on the app's column (and PyTorch's beside it), over the issue's seeds both methods ran. */
export function checks(rows: readonly FidelityRow[]): Check[] {
  const out: Check[] = [];
  // The issue's checks read seeds 0–2; runs of further seeds feed the "more seeds" lines only.
  const pair = (a: string, b: string, scenario = 'reference', side: 'app' | 'pytorch' = 'app', among: readonly number[] = ISSUE_SEEDS) => {
    const seedsA = cell(rows, scenario, a, side)?.seeds ?? [];
    const seeds = (cell(rows, scenario, b, side)?.seeds ?? []).filter((s) => seedsA.includes(s) && among.includes(s));
    if (seeds.length === 0) return undefined;
    return { a: cell(rows, scenario, a, side, seeds) as Cell, b: cell(rows, scenario, b, side, seeds) as Cell, seeds };
  };
  const fmt = (name: string, c: Cell, keys: Key[]) => `${name} ${keys.map((k) => `${k} ${pct(c.means[k])}`).join(', ')}`;
  const add = (claim: string, a: string, b: string, keys: Key[], holds: (x: Cell, y: Cell) => boolean, scenario = 'reference') => {
    const p = pair(a, b, scenario);
    if (!p) return out.push({ claim, result: 'not run', numbers: '' });
    const torch = pair(a, b, scenario, 'pytorch');
    const torchText = torch ? `; PyTorch: ${fmt(a, torch.a, keys)} vs ${fmt(b, torch.b, keys)} (${holds(torch.a, torch.b) ? 'holds' : 'does not hold'})` : '';
    out.push({ claim, result: holds(p.a, p.b) ? 'pass' : 'fail', numbers: `seeds ${p.seeds.join(',')}: ${fmt(a, p.a, keys)} vs ${fmt(b, p.b, keys)}${torchText}` });
  };
  add('RIDE ≥ LDAM-DRW overall and on Few', 'ride', 'ldam-drw', ['overall', 'few'], (x, y) => x.means.overall >= y.means.overall && x.means.few >= y.means.few);
  // "Within seed noise": the mean gap is at least minus the spread (SD) of the per-seed gaps.
  add('TLC ≥ LDAM-DRW on Few within seed noise', 'tlc', 'ldam-drw', ['few'], (x, y) => {
    const gaps = x.perSeed.map((r, i) => r.few - (y.perSeed[i]?.few ?? NaN));
    const m = mean(gaps);
    const sd = gaps.length > 1 ? Math.sqrt(gaps.reduce((a, g) => a + (g - m) ** 2, 0) / (gaps.length - 1)) : 0;
    return m >= -sd;
  });
  add('SADE (uniform test) ≥ balanced softmax − 1 pp overall, weights near equal (each within 0.1 of ⅓)', 'sade', 'balanced-softmax', ['overall'], (x, y) => {
    const w = x.weights ?? [];
    return x.means.overall >= y.means.overall - 0.01 && w.length > 0 && w.every((v) => Math.abs(v - 1 / 3) <= 0.1);
  });
  add('SADE with equal weights (before the test-time aggregation; the authors’ plain test) ≥ balanced softmax − 1 pp overall', SADE_EQUAL, 'balanced-softmax', ['overall', 'few'], (x, y) => x.means.overall >= y.means.overall - 0.01);
  add('MiSLAS ≥ cross-entropy on Few with a lower ECE', 'label-aware-smoothing', 'ce', ['few', 'ece'], (x, y) => x.means.few >= y.means.few && x.means.ece < y.means.ece);
  add('Remix (Remix-DRW default) > cross-entropy on Few', 'remix', 'ce', ['few'], (x, y) => x.means.few > y.means.few);
  add('Remix (Remix-DRW default) > mixup on Few', 'remix', 'mixup', ['few'], (x, y) => x.means.few > y.means.few);
  add('τ-norm raises Few over cross-entropy under SGD 0.1, momentum 0.9, wd 5e-4', 'tau-norm', 'ce', ['overall', 'few'], (x, y) => x.means.few > y.means.few, 'kang');
  // Where the app ran more seeds than the issue's: the same comparison over all of them, with the per-seed Few gaps.
  const allSeeds = Array.from({ length: 100 }, (_, s) => s);
  for (const [a, b] of [['ride', 'ldam-drw'], ['tlc', 'ldam-drw'], ['sade', 'balanced-softmax']] as const) {
    const p = pair(a, b, 'reference', 'app', allSeeds);
    if (!p || p.seeds.length <= ISSUE_SEEDS.length) continue;
    const gaps = p.a.perSeed.map((r, i) => pct(r.few - (p.b.perSeed[i]?.few ?? NaN))).join(', ');
    out.push({ claim: `${a} against ${b} over more seeds (app)`, result: 'info', numbers: `seeds ${p.seeds.join(',')}: ${fmt(a, p.a, ['overall', 'few'])} vs ${fmt(b, p.b, ['overall', 'few'])}; Few gap per seed ${gaps}` });
  }
  const weights = (side: 'app' | 'pytorch') => cell(rows, 'reference', 'sade', side, ISSUE_SEEDS)?.weights?.map((v) => v.toFixed(3)).join(' / ') ?? '–';
  out.push({ claim: 'SADE’s aggregation weights on the uniform test (mean over seeds; head / balanced / tail expert)', result: 'info', numbers: `app ${weights('app')}, PyTorch ${weights('pytorch')}` });
  return out;
}

/** The derived method name of SADE's runs evaluated with equal weights, before the test-time aggregation. */
const SADE_EQUAL = 'sade (equal weights)';

/** Each SADE run that recorded its result before the aggregation, also as a row of its own (SADE_EQUAL). */
export function withEqualWeightRows(rows: readonly FidelityRow[]): FidelityRow[] {
  const derived = rows.flatMap((r) => (r.equalWeights ? [{ ...r, ...r.equalWeights, method: SADE_EQUAL, weights: undefined, equalWeights: undefined }] : []));
  return [...rows, ...derived];
}

const runKey = (r: FidelityRow) => `${r.scenario} ${r.method} ${r.seed} ${r.side}`;

/** Every run in the results file, the latest line of each. */
export function loadRows(): FidelityRow[] {
  if (!existsSync(FIDELITY_RESULTS)) return [];
  const lines = readFileSync(FIDELITY_RESULTS, 'utf8').split('\n').filter((l) => l.trim());
  return [...new Map(lines.map((l) => JSON.parse(l) as FidelityRow).map((r) => [runKey(r), r])).values()];
}

export function saveRow(row: FidelityRow) {
  appendFileSync(FIDELITY_RESULTS, JSON.stringify(row) + '\n');
}

/** Rewrites the generated part of docs/fidelity.md (between the markers) from the results file. */
export function writeFidelityDoc(order: readonly string[]) {
  const rows = withEqualWeightRows(loadRows());
  const checkLines = checks(rows).map((c) => `- **${c.result}** — ${c.claim}${c.numbers ? `: ${c.numbers}` : ''}`);
  const generated = `<!-- fidelity:begin (generated by scripts/fidelityTable.ts; do not edit by hand) -->\n${table(rows, order)}\n\nChecks of issue #12's "done when" on the app's column:\n\n${checkLines.join('\n')}\n<!-- fidelity:end -->`;
  const doc = existsSync(FIDELITY_DOC) ? readFileSync(FIDELITY_DOC, 'utf8') : '# Fidelity\n\n<!-- fidelity:begin --><!-- fidelity:end -->\n';
  const next = doc.replace(/<!-- fidelity:begin[\s\S]*?<!-- fidelity:end -->/, generated);
  writeFileSync(FIDELITY_DOC, next);
}
