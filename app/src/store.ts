import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QueuedAction } from './queue';

/**
 * The browser's own records (IndexedDB), which outlive a reload or a closed
 * tab: the actions waiting to be sent, in the order they were made, and the
 * last answer to each read, shown when the network is gone.
 */
interface FieldAppDb extends DBSchema {
  actions: { key: number; value: QueuedAction };
  views: { key: string; value: { key: string; data: unknown; at: string } };
}

let opened: Promise<IDBPDatabase<FieldAppDb>> | undefined;

export function db(): Promise<IDBPDatabase<FieldAppDb>> {
  opened ??= openDB<FieldAppDb>('field-app', 1, {
    upgrade(database) {
      database.createObjectStore('actions', { keyPath: 'id', autoIncrement: true });
      database.createObjectStore('views', { keyPath: 'key' });
    },
  });
  return opened;
}
