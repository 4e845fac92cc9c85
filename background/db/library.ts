/**
 * The user's library (`saved`): full snapshots, written only by the background. A write
 * that hits a full disk empties cache first (cache.ts); if it still fails, a
 * StorageFullError says so: the library is never silently incomplete.
 */
import { toSavedPaper, toSavedRow, type SavedPaper, type SavedRow } from '@/utils/saved-paper';
import { withQuotaRecovery } from './cache';
import type { PithDb } from './schema';

/**
 * Save (or re-save) a snapshot. On a full disk the caches are evicted and the write
 * retried; if it still fails, a StorageFullError says so — the library is never
 * silently incomplete.
 */
export async function savePaper(db: PithDb, snapshot: SavedPaper): Promise<SavedRow> {
  const row = toSavedRow(snapshot);
  await withQuotaRecovery(db, () => db.saved.put(row), `save paper ${snapshot.id}`);
  return row;
}

export async function getSaved(db: PithDb, id: string): Promise<SavedRow | undefined> {
  return db.saved.get(id);
}

/** Remove a saved paper and hand back its snapshot, so the caller can offer undo. */
export async function removeSaved(db: PithDb, id: string): Promise<SavedPaper | undefined> {
  return db.transaction('rw', db.saved, async () => {
    const row = await db.saved.get(id);
    if (!row) return undefined;
    await db.saved.delete(id);
    return toSavedPaper(row);
  });
}

/** Saved ids, newest saved first (the order saved-sync keeps when it must truncate). */
export async function listSavedIds(db: PithDb): Promise<string[]> {
  return db.saved.orderBy('savedAt').reverse().primaryKeys();
}

export interface MergeResult {
  /** Papers that were not in the library and now are. */
  added: number;
  /** Papers already saved; the library's own record was kept. */
  kept: number;
  addedIds: string[];
}

/**
 * Add the imported papers that are not saved yet, in one transaction: if anything fails
 * (a full disk after cache eviction, a closed database), the library is exactly as before.
 */
export async function mergeImport(db: PithDb, papers: readonly SavedPaper[]): Promise<MergeResult> {
  const unique = new Map<string, SavedPaper>();
  for (const p of papers) unique.set(p.id, p);
  const candidates = [...unique.values()];
  return withQuotaRecovery(
    db,
    () =>
      db.transaction('rw', db.saved, async () => {
        // Only whether each id is saved matters: one read of the keys (getAllKeys), not a
        // read of every candidate's whole record.
        const saved = new Set(await db.saved.toCollection().primaryKeys());
        const fresh = candidates.filter((p) => !saved.has(p.id));
        if (fresh.length > 0) await db.saved.bulkAdd(fresh.map(toSavedRow));
        return { added: fresh.length, kept: candidates.length - fresh.length, addedIds: fresh.map((p) => p.id) };
      }),
    `import ${candidates.length} papers`,
  );
}
