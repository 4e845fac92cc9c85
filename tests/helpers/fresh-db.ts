/**
 * A fresh, uniquely named Dexie database per test (fake-indexeddb is process-global), closed
 * and deleted after each test. Call at a test file's top level: it registers the cleanup.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { openPithDb, type PithDb } from '@/background/db/schema';

export function useFreshDbs(prefix: string): (limits?: Parameters<typeof openPithDb>[1]) => PithDb {
  const opened: PithDb[] = [];
  let counter = 0;
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return (limits) => {
    const db = openPithDb(`${prefix}-${Date.now()}-${counter++}-${Math.random().toString(36).slice(2)}`, limits);
    opened.push(db);
    return db;
  };
}
