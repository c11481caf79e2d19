/**
 * Imports a folder or a zip of class folders inside the import worker: unzip (fflate) within the
 * limits, decode each image with createImageBitmap, resize on an OffscreenCanvas to 28 × 28 grey,
 * with progress. An image that does not decode is named and stops the import: nothing half-way.
 */
import { unzipSync } from 'fflate';
import { groupByClass, greyOf, IMAGE_LIMITS } from '../training/data/imageFolder';
import type { OwnData } from '../training/data/own';
import { BadDataError } from '../training/data/tabular';
import { sha256Hex } from '../storage/ownData';

type Progress = (stage: string, fraction: number) => void;
const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };
const mimeOf = (path: string) => MIME[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';

/**
 * The entries of a zip, refusing a zip bomb from the sizes its directory declares before inflating.
 * fflate inflates each entry into a buffer of its declared size (measured: an entry of 5 MB that
 * declares 10 bytes unpacks to 10 bytes), so a zip that understates its sizes cannot unpack to more.
 */
export async function zipEntries(file: File): Promise<{ hash: string; entries: { path: string; item: Blob }[] }> {
  if (file.size > IMAGE_LIMITS.maxZipBytes) throw new BadDataError(`${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MB; zips up to ${IMAGE_LIMITS.maxZipBytes / 2 ** 20} MB can be imported.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const hash = await sha256Hex(bytes);
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.originalSize > IMAGE_LIMITS.maxImageBytes) throw new BadDataError(`${file.name}: ${f.name} unpacks to ${(f.originalSize / 2 ** 20).toFixed(0)} MB, more than an image may (${IMAGE_LIMITS.maxImageBytes / 2 ** 20} MB): refused (a zip bomb, or not an image).`);
        total += f.originalSize;
        if (total > IMAGE_LIMITS.maxTotalBytes) throw new BadDataError(`${file.name} unpacks to more than ${IMAGE_LIMITS.maxTotalBytes / 2 ** 20} MB: refused (a zip bomb, or too much data for a browser tab).`);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof BadDataError) throw e;
    throw new BadDataError(`${file.name} is not a readable zip file (${e instanceof Error ? e.message : String(e)}).`);
  }
  const entries = Object.entries(files).map(([path, data]) => ({ path, item: new Blob([data as Uint8Array<ArrayBuffer>], { type: mimeOf(path) }) }));
  return { hash, entries };
}

/** A folder's files (webkitRelativePath), hashed as the list of "path:SHA-256" so that order does not matter. */
export async function folderEntries(files: readonly File[]): Promise<{ hash: string; entries: { path: string; item: Blob }[] }> {
  const entries = files.map((f) => ({ path: f.webkitRelativePath || f.name, item: f as Blob }));
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  let total = 0;
  const lines: string[] = [];
  for (const e of entries) {
    total += e.item.size;
    if (total > IMAGE_LIMITS.maxTotalBytes) throw new BadDataError(`The folder holds more than ${IMAGE_LIMITS.maxTotalBytes / 2 ** 20} MB: too much for a browser tab.`);
    lines.push(`${e.path}:${await sha256Hex(await e.item.arrayBuffer())}`);
  }
  return { hash: await sha256Hex(new TextEncoder().encode(lines.join('\n'))), entries };
}

/** Decodes and resizes every image of the class folders into a stored data set. */
export async function decodeImages(source: string, fileBytes: number, hash: string, entries: { path: string; item: Blob }[], progress: Progress): Promise<OwnData> {
  const { classNames, files } = groupByClass(entries, source);
  const size = IMAGE_LIMITS.size;
  const x = new Float32Array(files.length * size * size);
  const y = new Int32Array(files.length);
  const counts = new Array<number>(classNames.length).fill(0);
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new BadDataError('This browser cannot draw images off the main thread (no OffscreenCanvas 2-D context).');
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (!f) continue;
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(f.item, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
    } catch {
      throw new BadDataError(`${f.path} is not a readable PNG, JPEG or WebP image. Nothing was imported.`);
    }
    ctx.clearRect(0, 0, size, size);
    ctx.drawImage(bitmap, 0, 0, size, size);
    bitmap.close();
    greyOf(ctx.getImageData(0, 0, size, size).data, x, i * size * size);
    y[i] = f.label;
    counts[f.label] = (counts[f.label] ?? 0) + 1;
    if (i % 25 === 0) progress('Decoding images', i / files.length);
  }
  return { hash, name: source, fileBytes, inputShape: [size, size, 1], featureNames: [], classNames, x, y, counts };
}
