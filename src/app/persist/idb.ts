/** The app's saved work: one IndexedDB key-value store (src/storage/idb.ts). */
import { openKeyValueStore, type KeyValueStore } from '../../storage/idb';

export { StorageError, type KeyValueStore, type StorageProblem } from '../../storage/idb';

/** Opens (creating on first use) the app's database. Rejects with a StorageError. */
export function openStore(factory: IDBFactory | null = (globalThis.indexedDB as IDBFactory | undefined) ?? null): Promise<KeyValueStore> {
  return openKeyValueStore({ database: 'long-tail-lab', store: 'kv', factory });
}
