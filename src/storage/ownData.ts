/**
 * Own data sets, kept in this browser's IndexedDB under their content hash and never uploaded.
 * The page stores and deletes them; the training worker reads the one a run names.
 */
import type { OwnData } from '../training/data/own';
import { openKeyValueStore, type KeyValueStore } from './idb';

const PREFIX = 'own:';

export function openOwnStore(): Promise<KeyValueStore> {
  return openKeyValueStore({ database: 'long-tail-lab-own-data', store: 'datasets' });
}

export async function saveOwnData(data: OwnData, store?: KeyValueStore): Promise<void> {
  const s = store ?? (await openOwnStore());
  await s.set(PREFIX + data.hash, data);
}

export async function loadOwnData(hash: string, store?: KeyValueStore): Promise<OwnData | undefined> {
  const s = store ?? (await openOwnStore());
  return s.get<OwnData>(PREFIX + hash);
}

export async function listOwnData(store?: KeyValueStore): Promise<OwnData[]> {
  const s = store ?? (await openOwnStore());
  return (await s.entries<OwnData>(PREFIX)).map(([, v]) => v);
}

export async function deleteOwnData(hash: string, store?: KeyValueStore): Promise<void> {
  const s = store ?? (await openOwnStore());
  await s.delete(PREFIX + hash);
}

/** Bytes the stored copy takes (its arrays), for the size shown next to the delete button. */
export function storedBytes(data: OwnData): number {
  return data.x.byteLength + data.y.byteLength + (data.projection?.byteLength ?? 0) + (data.mean?.byteLength ?? 0) + (data.std?.byteLength ?? 0);
}

/** SHA-256 of bytes as hex: the identity of a file that a link names. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
