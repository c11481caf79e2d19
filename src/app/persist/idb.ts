/**
 * A minimal key-value store on IndexedDB (one database, one object store), in the manner of
 * idb-keyval. Values are structured clones, so typed arrays are stored as they are. Every
 * failure becomes a StorageError that says whether storage is full or unavailable, so the app
 * can tell the user instead of losing work silently.
 */

export type StorageProblem = 'unavailable' | 'full' | 'failed';

export class StorageError extends Error {
  readonly problem: StorageProblem;
  constructor(problem: StorageProblem, message: string) {
    super(message);
    this.name = 'StorageError';
    this.problem = problem;
  }
}

const DB_NAME = 'long-tail-lab';
const STORE = 'kv';
/** A browser that never answers (a blocked upgrade, a broken profile) counts as unavailable. */
const OPEN_TIMEOUT_MS = 4000;

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
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(classify(req.error));
  });
}

/** Opens (creating on first use) the app's database. Rejects with a StorageError. */
export function openStore(factory: IDBFactory | null = (globalThis.indexedDB as IDBFactory | undefined) ?? null): Promise<KeyValueStore> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    if (!factory) return reject(new StorageError('unavailable', 'this browser has no IndexedDB (private browsing, or storage turned off)'));
    const timer = setTimeout(() => reject(new StorageError('unavailable', 'the browser did not open its storage in time')), OPEN_TIMEOUT_MS);
    let open: IDBOpenDBRequest;
    try {
      open = factory.open(DB_NAME, 1);
    } catch (e) {
      clearTimeout(timer);
      return reject(classify(e));
    }
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => {
      clearTimeout(timer);
      resolve(open.result);
    };
    open.onerror = () => {
      clearTimeout(timer);
      reject(classify(open.error));
    };
    open.onblocked = () => {
      clearTimeout(timer);
      reject(new StorageError('unavailable', 'another tab of this app is upgrading its storage; close it and reload'));
    };
  }).then((db) => wrap(db));
}

function wrap(db: IDBDatabase): KeyValueStore {
  const run = async <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    try {
      const tx = db.transaction(STORE, mode);
      const result = request(body(tx.objectStore(STORE)));
      // A write counts only once its transaction commits: quota errors surface there.
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(classify(tx.error));
        tx.onerror = () => reject(classify(tx.error));
      });
      const [value] = await Promise.all([result, done]);
      return value;
    } catch (e) {
      throw classify(e);
    }
  };
  return {
    get: <T>(key: string) => run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
    entries: async <T>(prefix: string) => {
      try {
        // Keys and values from one transaction, so that they pair up.
        const store = db.transaction(STORE, 'readonly').objectStore(STORE);
        const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
        const [keys, values] = await Promise.all([request(store.getAllKeys(range)), request(store.getAll(range) as IDBRequest<T[]>)]);
        return keys.map((k, i): [string, T] => [String(k), values[i] as T]);
      } catch (e) {
        throw classify(e);
      }
    },
    set: async (key, value) => {
      await run('readwrite', (s) => s.put(value, key));
    },
    delete: async (key) => {
      await run('readwrite', (s) => s.delete(key));
    },
  };
}
