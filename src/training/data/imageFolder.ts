/**
 * Own image data: a folder or a zip with one subfolder per class. Pure helpers the import worker
 * uses: which files belong to which class, the limits that refuse a zip bomb or a file too large,
 * and RGBA → grey.
 */
import { BadDataError } from './tabular';

export const IMAGE_LIMITS = {
  /** Side of the square images are resized to (grey, like Fashion-MNIST). */
  size: 28,
  maxImages: 60_000,
  maxClasses: 100,
  /** Bytes of one image, and of all of them together once unpacked (a zip bomb fails here). */
  maxImageBytes: 20 * 2 ** 20,
  maxTotalBytes: 1024 * 2 ** 20,
  /** The zip file itself. */
  maxZipBytes: 500 * 2 ** 20,
} as const;

const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;

/** Files of a class folder: "<anything>/<class>/<name>.png". Hidden files and macOS metadata are skipped. */
export function classOfPath(path: string): string | null {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.some((p) => p.startsWith('.') || p === '__MACOSX')) return null;
  if (parts.length < 2 || !IMAGE_EXT.test(parts[parts.length - 1] ?? '')) return null;
  return parts[parts.length - 2] ?? null;
}

export interface ClassFiles<T> {
  classNames: string[];
  /** [class index, file] in a stable order (class, then path). */
  files: { label: number; path: string; item: T }[];
}

/** Groups image files by their class folder; refuses fewer than two classes. */
export function groupByClass<T>(entries: readonly { path: string; item: T }[], source: string): ClassFiles<T> {
  const found = entries.map((e) => ({ ...e, cls: classOfPath(e.path) })).filter((e): e is typeof e & { cls: string } => e.cls !== null);
  const classNames = [...new Set(found.map((e) => e.cls))].sort();
  if (classNames.length < 2) {
    throw new BadDataError(
      found.length === 0
        ? `${source} holds no PNG, JPEG or WebP images in class folders: it needs one subfolder per class (e.g. cats/1.png, dogs/2.png).`
        : `${source} has one class folder only ("${classNames[0]}"): a classifier needs at least two.`,
    );
  }
  if (classNames.length > IMAGE_LIMITS.maxClasses) throw new BadDataError(`${source} has ${classNames.length} class folders; at most ${IMAGE_LIMITS.maxClasses} are supported.`);
  if (found.length > IMAGE_LIMITS.maxImages) throw new BadDataError(`${source} holds ${found.length} images; at most ${IMAGE_LIMITS.maxImages} can be trained on here.`);
  const index = new Map(classNames.map((c, i) => [c, i]));
  const files = found.map((e) => ({ label: index.get(e.cls) ?? 0, path: e.path, item: e.item })).sort((a, b) => a.label - b.label || (a.path < b.path ? -1 : 1));
  return { classNames, files };
}

/**
 * Luma (ITU-R BT.601) of RGBA pixels, in [0, 1]; transparency counts as white paper behind.
 * Rounded to 8 bits (k / 255, as the shipped pools are), so that the PyTorch export carries the
 * pixels as bytes and train.py sees exactly the app's values.
 */
export function greyOf(rgba: Uint8ClampedArray | Uint8Array, out: Float32Array, offset = 0): void {
  for (let p = 0; p < rgba.length / 4; p++) {
    const a = (rgba[4 * p + 3] ?? 255) / 255;
    const y = 0.299 * (rgba[4 * p] ?? 0) + 0.587 * (rgba[4 * p + 1] ?? 0) + 0.114 * (rgba[4 * p + 2] ?? 0);
    out[offset + p] = Math.round(a * y + (1 - a) * 255) / 255;
  }
}
