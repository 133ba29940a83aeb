/**
 * What this browser keeps, in IndexedDB: the signed-in person's identity (a non-extractable
 * CryptoKey: script can sign with it, nobody can read it out), the verifier keys the person pinned,
 * and the last checkpoint seen of each log (for consistency on the next visit).
 */
const DB_NAME = 'gatekeeper-console';
const STORES = ['identity', 'pins', 'seen'] as const;
type StoreName = (typeof STORES)[number];

export interface Identity {
  readonly clientId: string;
  readonly org: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JsonWebKey & { kid: string; alg: string; use: string };
  /** `enrolled`: made by this browser; `key-file`: the local demo's key file (never offered in AWS). */
  readonly source: 'enrolled' | 'key-file';
  /** False until the person confirms the admin registered the key. */
  readonly active: boolean;
}

export interface SeenCheckpoint {
  readonly size: number;
  readonly rootHash: string;
  readonly seenAt: string;
}

let opened: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      for (const name of STORES) request.result.createObjectStore(name);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable'));
  });
  return opened;
}

async function run<T>(store: StoreName, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const request = act(db.transaction(store, mode).objectStore(store));
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export const get = <T>(store: StoreName, key: string): Promise<T | undefined> =>
  run<T | undefined>(store, 'readonly', (s) => s.get(key));
export const put = (store: StoreName, key: string, value: unknown): Promise<void> =>
  run<void>(store, 'readwrite', (s) => s.put(value, key));
export const remove = (store: StoreName, key: string): Promise<void> =>
  run<void>(store, 'readwrite', (s) => s.delete(key));

export const loadIdentity = () => get<Identity>('identity', 'current');
export const saveIdentity = (identity: Identity) => put('identity', 'current', identity);
export const forgetIdentity = () => remove('identity', 'current');
export const pinnedVkeys = async () => (await get<string[]>('pins', 'vkeys')) ?? [];
export const pinVkeys = (vkeys: readonly string[]) => put('pins', 'vkeys', [...vkeys]);
export const lastSeen = (origin: string) => get<SeenCheckpoint>('seen', origin);
export const rememberSeen = (origin: string, seen: SeenCheckpoint) => put('seen', origin, seen);
