import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import manifest from '../../../public/data/manifest.json';
import type { ImagePools } from '../data/build';
import { decodePool, type PoolEntry } from '../data/images';

/** Test support: the shipped digits pools, read from public/data as the worker would download them. */
export function digitsPools(): ImagePools {
  const entries = manifest.files as unknown as Record<string, PoolEntry>;
  const load = (key: string) => {
    const entry = entries[key];
    if (!entry) throw new Error(`no ${key} in the manifest`);
    return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../../public/data/${entry.file}`, import.meta.url)))));
  };
  return { train: load('digits-train'), test: load('digits-test') };
}
