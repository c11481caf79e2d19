/**
 * Loads the image pools shipped in public/data/: the manifest, then each file with progress,
 * checked against its SHA-256 before use and kept in Cache Storage so a second run does not
 * download again. Every failure is an Error whose message a person can act on.
 */
import { decodePool, type ImagePool, type PoolEntry } from '../training/data/images';

const CACHE_NAME = 'long-tail-lab-data-v1';

/** The data could not be had: missing, unreachable or damaged. The message says which. */
export class DataUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataUnavailableError';
  }
}

export type ProgressFn = (file: string, loaded: number, total: number) => void;

interface Manifest {
  format: string;
  files: Record<string, PoolEntry>;
}

export async function fetchManifest(dataUrl: string): Promise<Manifest> {
  const url = new URL('manifest.json', dataUrl).href;
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch (e) {
    throw new DataUnavailableError(`Could not reach the data manifest (${url}): ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
  if (!response.ok) throw new DataUnavailableError(`The data manifest is missing (${url}: HTTP ${response.status}).`);
  const manifest = (await response.json()) as Manifest;
  if (manifest.format !== 'ltd-1') throw new DataUnavailableError(`The data manifest has an unknown format "${manifest.format}".`);
  return manifest;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads a response body, reporting progress against the size the manifest announces. */
async function readWithProgress(response: Response, entry: PoolEntry, onProgress: ProgressFn): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const bytes = new Uint8Array(entry.bytes);
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > bytes.length) throw new DataUnavailableError(`${entry.file} is larger than the manifest says: the file is damaged.`);
    bytes.set(value, loaded);
    loaded += value.length;
    onProgress(entry.file, loaded, entry.bytes);
  }
  return bytes.subarray(0, loaded);
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE_NAME);
  } catch {
    return null; // e.g. storage disabled: still works, only without the cache
  }
}

/** The verified compressed bytes of one file, from the cache or the network. */
async function fetchVerified(dataUrl: string, entry: PoolEntry, onProgress: ProgressFn): Promise<Uint8Array> {
  const url = new URL(entry.file, dataUrl).href;
  const cache = await openCache();
  const cached = await cache?.match(url);
  if (cached) {
    const bytes = new Uint8Array(await cached.arrayBuffer());
    if ((await sha256Hex(bytes)) === entry.sha256) {
      onProgress(entry.file, bytes.length, entry.bytes);
      return bytes;
    }
    await cache?.delete(url); // stale or damaged copy: fetch again
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new DataUnavailableError(`Could not download ${entry.file}: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
  if (!response.ok) throw new DataUnavailableError(`Could not download ${entry.file} (HTTP ${response.status}).`);
  const bytes = await readWithProgress(response, entry, onProgress);
  if (bytes.length !== entry.bytes || (await sha256Hex(bytes)) !== entry.sha256) {
    throw new DataUnavailableError(`${entry.file} failed its checksum: the download is damaged or the file was changed. Reload to try again.`);
  }
  await cache?.put(url, new Response(bytes as Uint8Array<ArrayBuffer>)).catch(() => undefined);
  return bytes;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The decoded pool stored under `key` in the manifest. */
export async function loadPool(dataUrl: string, manifest: Manifest, key: string, onProgress: ProgressFn): Promise<ImagePool> {
  const entry = manifest.files[key];
  if (!entry) throw new DataUnavailableError(`The data manifest has no "${key}".`);
  const bytes = await gunzip(await fetchVerified(dataUrl, entry, onProgress)).catch((e: unknown) => {
    throw new DataUnavailableError(`${entry.file} could not be decompressed: the file is damaged.`, { cause: e });
  });
  try {
    return decodePool(entry, bytes);
  } catch (e) {
    throw new DataUnavailableError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}
