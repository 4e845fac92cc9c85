/**
 * The user's library (`saved`): full snapshots, written only by the background. A write
 * that hits a full disk empties cache first (cache.ts); if it still fails, a
 * StorageFullError says so: the library is never silently incomplete.
 */
import { toSavedPaper, toSavedRow, type SavedPaper, type SavedRow } from '@/utils/saved-paper';
import { withQuotaRecovery } from './cache';
import type { SortKey } from '@/utils/library-query';
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

/**
 * Change tags and/or note of a saved paper in one transaction (a field left undefined is
 * kept); the row's search text is rebuilt so tags and notes are searchable. Undefined when
 * the paper is not saved.
 */
export async function updateSaved(
  db: PithDb,
  id: string,
  change: { tags?: readonly string[]; note?: string },
): Promise<SavedRow | undefined> {
  return withQuotaRecovery(
    db,
    () =>
      db.transaction('rw', db.saved, async () => {
        const row = await db.saved.get(id);
        if (!row) return undefined;
        const next = toSavedRow({
          ...toSavedPaper(row),
          tags: change.tags !== undefined ? [...change.tags] : row.tags,
          note: change.note !== undefined ? change.note : row.note,
        });
        await db.saved.put(next);
        return next;
      }),
    `update paper ${id}`,
  );
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

/**
 * Tags of the saved papers that have any (for `ids`, or the whole library). Tags are not
 * indexed (an index would need a new database version), so this reads the rows.
 */
export async function listSavedTags(db: PithDb, ids?: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const rows = ids ? (await db.saved.bulkGet([...ids])).filter((r) => r !== undefined) : await db.saved.toArray();
  for (const r of rows) if (r.tags && r.tags.length > 0) out[r.id] = [...r.tags];
  return out;
}

export interface MergeResult {
  /** Papers that were not in the library and now are. */
  added: number;
  /** Papers already saved; the library's own record was kept. */
  kept: number;
  addedIds: string[];
}

/**
 * What an import does to a paper that is already saved: `keep` its record untouched (a JSON
 * backup may be older than the library), or `add-tags`: keep the record and add the file's tags
 * it lacks (a .bib names papers, its keywords are the reader's tags).
 */
export type ExistingPolicy = 'keep' | 'add-tags';

/**
 * Add the imported papers that are not saved yet, and treat saved ones by `existing`, in one
 * transaction: if anything fails (a full disk after cache eviction, a closed database), the
 * library is exactly as before. One read of the primary keys says which ids are saved; only
 * saved rows that may gain tags are read, and each table write is one bulk operation.
 */
export async function mergeImport(
  db: PithDb,
  papers: readonly SavedPaper[],
  { existing = 'keep' }: { existing?: ExistingPolicy } = {},
): Promise<MergeResult> {
  const unique = new Map<string, SavedPaper>();
  for (const p of papers) unique.set(p.id, p);
  const candidates = [...unique.values()];
  return withQuotaRecovery(
    db,
    () =>
      db.transaction('rw', db.saved, async () => {
        const saved = new Set(await db.saved.toCollection().primaryKeys());
        const fresh: SavedPaper[] = [];
        const retag: SavedPaper[] = [];
        for (const p of candidates) {
          if (!saved.has(p.id)) fresh.push(p);
          else if (existing === 'add-tags' && (p.tags?.length ?? 0) > 0) retag.push(p);
        }
        if (fresh.length > 0) await db.saved.bulkAdd(fresh.map(toSavedRow));
        if (retag.length > 0) {
          const rows = await db.saved.bulkGet(retag.map((p) => p.id));
          const changed: SavedRow[] = [];
          retag.forEach((p, i) => {
            const old = rows[i];
            if (!old) return;
            const have = new Set((old.tags ?? []).map((t) => t.toLowerCase()));
            const extra = (p.tags ?? []).filter((t) => !have.has(t.toLowerCase()));
            if (extra.length > 0) changed.push(toSavedRow({ ...toSavedPaper(old), tags: [...(old.tags ?? []), ...extra] }));
          });
          if (changed.length > 0) await db.saved.bulkPut(changed);
        }
        return { added: fresh.length, kept: candidates.length - fresh.length, addedIds: fresh.map((p) => p.id) };
      }),
    `import ${candidates.length} papers`,
  );
}

// ---------------------------------------------------------------------------
// Reads for the popup: only what is shown, through the indexes
// ---------------------------------------------------------------------------

/**
 * Saved ids in the popup's order for `sort`, from that sort's index: keys only, no row is
 * read (10,000 ids take milliseconds; the rows themselves would take a second). Ties follow
 * the index: equal keys in id order, reversed with the newest-first sorts. Papers without a
 * publication date are not in the `published` index: they follow the dated ones, newest
 * saved first.
 */
export async function savedIdsInOrder(db: PithDb, sort: SortKey): Promise<string[]> {
  if (sort === 'saved') return newestFirst(db, 'savedAt');
  if (sort === 'title') return db.saved.orderBy('sortTitle').primaryKeys();
  return db.transaction('r', db.saved, async () => {
    const dated = await newestFirst(db, 'published');
    const bySaved = await newestFirst(db, 'savedAt');
    if (dated.length === bySaved.length) return dated;
    const hasDate = new Set(dated);
    return [...dated, ...bySaved.filter((id) => !hasDate.has(id))];
  });
}

/**
 * Primary keys by `index`, highest first. Read forwards and reversed here: a forward key read
 * is one `getAllKeys` request, while a backward one is a cursor stepping through 10,000 keys
 * (IndexedDB's getAllKeys has no direction), about 40 ms more in the popup. The order is the
 * same: walking an index backwards gives equal keys in descending primary-key order too.
 */
async function newestFirst(db: PithDb, index: 'savedAt' | 'published'): Promise<string[]> {
  return (await db.saved.orderBy(index).primaryKeys()).reverse();
}

/** The rows of `ids` that are saved, by id. */
export async function readSavedRows(db: PithDb, ids: readonly string[]): Promise<Map<string, SavedRow>> {
  const rows = await db.saved.bulkGet([...ids]);
  const out = new Map<string, SavedRow>();
  for (const row of rows) if (row) out.set(row.id, row);
  return out;
}

/** Rows read per request by scanSaved: about 50 ms of deserialising in the popup, never one long task. */
const SCAN_CHUNK = 200;

/**
 * One small value per saved paper (`pick`), read in id-ordered chunks so the whole rows
 * never sit in memory together and no single read is a long task. For what no index holds
 * (tags, search text). Only Dexie calls are awaited, so it can run inside a liveQuery.
 */
export async function scanSaved<T>(db: PithDb, pick: (row: SavedRow) => T, chunk = SCAN_CHUNK): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  let after: string | null = null;
  for (;;) {
    const rows: SavedRow[] = await (after === null ? db.saved.orderBy(':id') : db.saved.where(':id').above(after))
      .limit(chunk)
      .toArray();
    for (const row of rows) out.set(row.id, pick(row));
    if (rows.length < chunk) return out;
    after = rows[rows.length - 1]!.id;
  }
}
