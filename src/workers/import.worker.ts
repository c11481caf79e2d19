/**
 * Imports a person's CSV / TSV off the main thread: size check, SHA-256 of the bytes (the identity
 * a link names), parsing with Papa Parse (delimiter detected) in chunks with progress, then on
 * request the standardised table and its two principal components. Nothing leaves the browser.
 */
import Papa from 'papaparse';
import type { OwnData } from '../training/data/own';
import { pca2 } from '../training/data/pca';
import { BadDataError, buildTable, guessLabelColumn, hasHeader, TABLE_LIMITS } from '../training/data/tabular';
import { sha256Hex } from '../storage/ownData';
import { decodeImages, folderEntries, zipEntries } from './imageImport';
import type { ImportReply, ImportRequest } from './ownImport';

let parsed: { rows: string[][]; header: boolean; hash: string; name: string; bytes: number } | null = null;

const post = (reply: ImportReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);

async function parse(file: File): Promise<void> {
  parsed = null;
  if (file.size > TABLE_LIMITS.maxBytes) {
    throw new BadDataError(`${file.name} is ${(file.size / 2 ** 20).toFixed(1)} MB; files up to ${TABLE_LIMITS.maxBytes / 2 ** 20} MB can be imported here.`);
  }
  post({ type: 'progress', stage: 'Reading', fraction: 0 });
  const bytes = await file.arrayBuffer();
  const hash = await sha256Hex(bytes);
  const text = new TextDecoder().decode(bytes);
  const rows: string[][] = [];
  let delimiter = ',';
  const chunkSize = 1 << 20;
  // Parsing slice by slice keeps the progress moving; a slice ends at a line break so no row is cut.
  let at = 0;
  let first = true;
  while (at < text.length) {
    let end = Math.min(text.length, at + chunkSize);
    if (end < text.length) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
    }
    const result = Papa.parse<string[]>(text.slice(at, end), { skipEmptyLines: 'greedy', delimiter: first ? '' : delimiter });
    if (first) delimiter = result.meta.delimiter;
    first = false;
    const bad = result.errors.find((e) => e.type === 'Quotes');
    if (bad) throw new BadDataError(`${file.name}, row ${rows.length + (bad.row ?? 0) + 1}: ${bad.message}.`);
    for (const r of result.data) rows.push(r);
    if (rows.length > TABLE_LIMITS.maxRows + 1) throw new BadDataError(`${file.name} has more than ${TABLE_LIMITS.maxRows} rows; at most ${TABLE_LIMITS.maxRows} can be trained on here.`);
    at = end;
    post({ type: 'progress', stage: 'Parsing', fraction: at / text.length });
  }
  if (rows.length === 0) throw new BadDataError(`${file.name} is empty.`);
  const header = hasHeader(rows);
  const width = rows[0]?.length ?? 0;
  const columns = header ? (rows[0] ?? []).map((h, i) => h.trim() || `column ${i + 1}`) : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  parsed = { rows, header, hash, name: file.name, bytes: file.size };
  post({ type: 'parsed', hash, name: file.name, columns, header, labelColumn: guessLabelColumn(rows, header), rows: rows.length - (header ? 1 : 0), delimiter });
}

function build(labelColumn: number): void {
  if (!parsed) throw new BadDataError('Choose a file first.');
  post({ type: 'progress', stage: 'Standardising', fraction: 0.5 });
  const table = buildTable(parsed.rows, { header: parsed.header, labelColumn });
  const d = table.featureNames.length;
  const data: OwnData = {
    hash: parsed.hash,
    name: parsed.name,
    fileBytes: parsed.bytes,
    inputShape: [d],
    featureNames: table.featureNames,
    classNames: table.classNames,
    x: table.x,
    y: table.y,
    counts: table.counts,
    mean: table.mean,
    std: table.std,
    projection: d > 2 ? pca2(table.x, table.y.length, d) : undefined,
  };
  post({ type: 'built', data }, [data.x.buffer, data.y.buffer]);
}

async function images(zip: File | undefined, folder: File[] | undefined): Promise<void> {
  const progress = (stage: string, fraction: number) => post({ type: 'progress', stage, fraction });
  progress('Reading', 0);
  const { hash, entries } = zip ? await zipEntries(zip) : await folderEntries(folder ?? []);
  const source = zip?.name ?? folder?.[0]?.webkitRelativePath.split('/')[0] ?? 'folder';
  const bytes = zip?.size ?? (folder ?? []).reduce((a, f) => a + f.size, 0);
  const data = await decodeImages(source, bytes, hash, entries, progress);
  post({ type: 'built', data }, [data.x.buffer, data.y.buffer]);
}

self.onmessage = (event: MessageEvent<ImportRequest>) => {
  const request = event.data;
  const work =
    request.type === 'parse' ? parse(request.file) : request.type === 'images' ? images(request.zip, request.folder) : Promise.resolve().then(() => build(request.labelColumn));
  work.catch((e: unknown) => {
    if (request.type === 'parse') parsed = null;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
};
