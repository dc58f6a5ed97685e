// The outbox's IndexedDB (main thread): submissions waiting to be sent, and the ones the server accepted.
import type { OutboxEntry, SentEntry } from './outbox-entries.ts';

export type { OutboxEntry, SentEntry };

const DB_NAME = 'tierlab-results';
const VERSION = 1;
type StoreName = 'outbox' | 'sent';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted (storage full?)'));
  });
}

export class OutboxDb {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<OutboxDb> {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('sent')) db.createObjectStore('sent', { keyPath: 'key' });
    };
    return new OutboxDb(await request(req));
  }

  private async write(store: StoreName, op: (s: IDBObjectStore) => void): Promise<void> {
    const tx = this.db.transaction(store, 'readwrite');
    op(tx.objectStore(store));
    await committed(tx);
  }

  all<T extends OutboxEntry | SentEntry>(store: StoreName): Promise<T[]> {
    return request(this.db.transaction(store).objectStore(store).getAll() as IDBRequest<T[]>);
  }

  put(store: 'outbox', entry: OutboxEntry): Promise<void>;
  put(store: 'sent', entry: SentEntry): Promise<void>;
  put(store: StoreName, entry: OutboxEntry | SentEntry): Promise<void> {
    return this.write(store, (s) => s.put(entry));
  }

  /** Records `sent` and removes its outbox entry in one transaction, so a result is never in both or neither. */
  async markSent(sent: SentEntry): Promise<void> {
    const tx = this.db.transaction(['outbox', 'sent'], 'readwrite');
    tx.objectStore('sent').put(sent);
    tx.objectStore('outbox').delete(sent.key);
    await committed(tx);
  }

  delete(store: StoreName, key: string): Promise<void> {
    return this.write(store, (s) => s.delete(key));
  }
}
