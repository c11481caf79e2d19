/**
 * A small key-value store on IndexedDB (one database, one object store), on the `idb` package.
 * Values are structured clones, so typed arrays are stored as they are. Every failure becomes a
 * StorageError that says whether storage is full or unavailable, so the app can tell the user
 * instead of losing work silently. The app's saved work and the workers' backend calibrations
 * both keep theirs here, each in its own database.
 */
import { wrap, type IDBPDatabase, type IDBPObjectStore } from 'idb';

export type StorageProblem = 'unavailable' | 'full' | 'failed';

export class StorageError extends Error {
  readonly problem: StorageProblem;
  constructor(problem: StorageProblem, message: string) {
    super(message);
    this.name = 'StorageError';
    this.problem = problem;
  }
}

function classify(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError') return new StorageError('full', `the browser's storage for this site is full (${detail})`);
  if (name === 'SecurityError' || name === 'InvalidStateError') return new StorageError('unavailable', `the browser does not allow storage here (${detail})`);
  return new StorageError('failed', detail || 'unknown storage error');
}

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  entries<T>(prefix: string): Promise<[string, T][]>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Closes the connection (a worker's store: once its work is done). */
  close?(): void;
}

export interface StoreOptions {
  database: string;
  store: string;
  /** The IndexedDB to use; null where the browser has none (private mode, storage off). */
  factory?: IDBFactory | null;
  /** A browser that never answers (a blocked upgrade, a broken profile) counts as unavailable. */
  timeoutMs?: number;
}

/** Opens (creating on first use) a database of one object store. Rejects with a StorageError. */
export function openKeyValueStore({ database, store, factory = (globalThis.indexedDB as IDBFactory | undefined) ?? null, timeoutMs = 4000 }: StoreOptions): Promise<KeyValueStore> {
  return new Promise<KeyValueStore>((resolve, reject) => {
    if (!factory) return reject(new StorageError('unavailable', 'this browser has no IndexedDB (private browsing, or storage turned off)'));
    const timer = setTimeout(() => reject(new StorageError('unavailable', 'the browser did not open its storage in time')), timeoutMs);
    const fail = (e: unknown) => {
      clearTimeout(timer);
      reject(classify(e));
    };
    let open: IDBOpenDBRequest;
    try {
      open = factory.open(database, 1);
    } catch (e) {
      return fail(e);
    }
    // idb's openDB opens the global IndexedDB only; wrapping the request keeps the factory ours.
    open.onupgradeneeded = () => open.result.createObjectStore(store);
    open.onblocked = () => fail(new StorageError('unavailable', 'another tab of this app is upgrading its storage; close it and reload'));
    (wrap(open) as Promise<IDBPDatabase>).then((db) => {
      clearTimeout(timer);
      resolve(keyValueStore(db, store));
    }, fail);
  });
}

function keyValueStore(db: IDBPDatabase, store: string): KeyValueStore {
  const guard = async <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (e) {
      throw classify(e);
    }
  };
  // A write counts only once its transaction commits: quota errors surface there.
  const write = (body: (s: IDBPObjectStore<unknown, [string], string, 'readwrite'>) => Promise<unknown>) =>
    guard(async () => {
      const tx = db.transaction(store, 'readwrite');
      await Promise.all([body(tx.store), tx.done]);
    });
  return {
    get: <T>(key: string) => guard(() => db.get(store, key) as Promise<T | undefined>),
    entries: <T>(prefix: string) =>
      guard(async () => {
        // Keys and values from one transaction, so that they pair up.
        const tx = db.transaction(store);
        const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
        const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
        return keys.map((k, i): [string, T] => [String(k), values[i] as T]);
      }),
    set: (key, value) => write((s) => s.put(value, key)),
    delete: (key) => write((s) => s.delete(key)),
    close: () => db.close(),
  };
}
