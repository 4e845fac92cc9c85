/**
 * The three cache tables (papers, fulltext, taglines) under one policy: every read marks the
 * row seen (coarse LRU recency), every write goes through quota recovery and then brings its
 * table back within its bound, least recently seen first. `saved` is never evicted here.
 */
import { copyPaperMeta, type PaperMeta, type Tagline } from '@/utils/paper';
import type { TaglineEngine } from '@/utils/settings';
import {
  fulltextKey,
  taglineKey,
  type CacheLimits,
  type CachedPaper,
  type FulltextCacheResult,
  type FulltextRow,
  type PithDb,
  type TaglineRow,
} from './schema';

// ---------------------------------------------------------------------------
// Quota
// ---------------------------------------------------------------------------

/**
 * Dexie surfaces a full disk either as QuotaExceededError or as an AbortError whose
 * `inner` is the QuotaExceededError (https://dexie.org/docs/DexieErrors/Dexie.QuotaExceededError).
 */
export function isQuotaError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (name === 'QuotaExceededError') return true;
    e = inner;
  }
  return false;
}

/** Raised when a write still fails for lack of space after the caches were emptied. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/**
 * Run `op`; on a quota error evict the oldest half of every cache table (never `saved`)
 * and retry once. A second quota error becomes a StorageFullError with a message fit for
 * the user; other errors pass through untouched.
 */
export async function withQuotaRecovery<T>(
  db: PithDb,
  op: () => Promise<T>,
  what = 'write to the extension database',
): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (!isQuotaError(err)) throw err;
    await evictFraction(db, 0.5);
    try {
      return await op();
    } catch (err2) {
      if (!isQuotaError(err2)) throw err2;
      throw new StorageFullError(
        `Could not ${what}: the browser's storage for this extension is full, even after ` +
          `clearing cached papers. Free disk space or remove saved papers, then try again.`,
        err2,
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Eviction and recency
// ---------------------------------------------------------------------------

type CacheTableName = keyof CacheLimits;
const CACHE_TABLES: readonly CacheTableName[] = ['papers', 'fulltext', 'taglines'];

function cacheTable(db: PithDb, name: CacheTableName) {
  // The three cache tables share the `seenAt` index, which is all eviction needs.
  return db.table<{ seenAt: number }, string>(name);
}

/** Delete the `count` least recently seen rows of one cache table. */
async function evictOldest(db: PithDb, name: CacheTableName, count: number): Promise<number> {
  if (count <= 0) return 0;
  const table = cacheTable(db, name);
  const keys = await table.orderBy('seenAt').limit(count).primaryKeys();
  await table.bulkDelete(keys);
  return keys.length;
}

/** Bring one cache table back within its limit (least recently seen first). */
async function enforceCacheLimit(db: PithDb, name: CacheTableName): Promise<number> {
  const excess = (await cacheTable(db, name).count()) - db.limits[name];
  return evictOldest(db, name, excess);
}

/** Under quota pressure: drop the oldest `fraction` of every cache table. */
async function evictFraction(db: PithDb, fraction: number): Promise<void> {
  for (const name of CACHE_TABLES) {
    const n = await cacheTable(db, name).count();
    await evictOldest(db, name, Math.ceil(n * fraction));
  }
}

/**
 * LRU needs only coarse recency: a paper seen again within this window is not rewritten, so
 * reloading a 2,000-entry listing costs reads only. 20,000 cached papers are weeks of browsing.
 */
const TOUCH_GRANULARITY_MS = 60 * 60 * 1000;

/** A write to one cache table under the shared policy: quota recovery, then the table's bound. */
async function writeCache<T>(db: PithDb, name: CacheTableName, op: () => Promise<T>, what: string): Promise<T> {
  const out = await withQuotaRecovery(db, op, what);
  await enforceCacheLimit(db, name);
  return out;
}

/**
 * One row of a cache table, marked seen now so that it survives eviction. (Per-card reads
 * are one row each, so they always write their recency; only whole-listing writes of
 * `papers` use TOUCH_GRANULARITY_MS.)
 */
async function readCache<R extends { seenAt: number }>(
  db: PithDb,
  name: 'fulltext' | 'taglines',
  key: string,
  now: number,
): Promise<R | undefined> {
  const table = db.table<R, string>(name);
  const row = await table.get(key);
  if (row) {
    await table.update(key, { seenAt: now } as never);
    row.seenAt = now;
  }
  return row;
}

// ---------------------------------------------------------------------------
// papers
// ---------------------------------------------------------------------------

/** From this many ids on, one read of their key range may beat a read per id. */
const RANGE_READ_MIN_IDS = 50;
/** ...reading at most this many rows of the range per id asked for. */
const RANGE_READ_MAX_ROWS_PER_ID = 2;

/**
 * Cached metadata for `ids`, in the same order; missing ids give undefined.
 *
 * A listing's ids are close together (one week's submissions), so the rows between its first
 * and last id are mostly the ones asked for: then one `getAll` over that key range (what
 * Dexie's `toArray` on a primary-key range runs) replaces a `get` per id, which Chrome pays
 * for request by request. The read is capped at twice as many rows as ids, which needs no
 * count of the range first (a count walks the range too: a second pass over the same rows);
 * when the cap is reached the range is mostly other papers (old-style ids sort after all new
 * ones), and only the ids past the last row read are then read one by one.
 */
export async function getPapers(db: PithDb, ids: readonly string[]): Promise<(CachedPaper | undefined)[]> {
  const list = [...ids];
  if (list.length < RANGE_READ_MIN_IDS) return db.papers.bulkGet(list);
  let lo = list[0]!;
  let hi = lo;
  for (const id of list) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const cap = list.length * RANGE_READ_MAX_ROWS_PER_ID;
  return db.transaction('r', db.papers, async () => {
    const rows = await db.papers.where(':id').between(lo, hi, true, true).limit(cap).toArray();
    const byId = new Map(rows.map((row) => [row.id, row] as const));
    if (rows.length === cap) {
      // JavaScript compares strings by UTF-16 code units, as IndexedDB orders string keys.
      const last = rows[rows.length - 1]!.id;
      const rest = list.filter((id) => id > last);
      const more = await db.papers.bulkGet(rest);
      rest.forEach((id, i) => {
        const row = more[i];
        if (row) byId.set(id, row);
      });
    }
    return list.map((id) => byId.get(id));
  });
}

/**
 * Merge `metas` into the cache and mark them seen now. A null/empty field in the new
 * record means "this source did not say" (a listing page has no DOI, the API has no
 * has-HTML flag), so the value already cached is kept rather than erased.
 */
export async function putPapers(db: PithDb, metas: readonly PaperMeta[], now = Date.now()): Promise<void> {
  if (metas.length === 0) return;
  await writeCache(
    db,
    'papers',
    () =>
      db.transaction('rw', db.papers, async () => {
        const existing = await getPapers(db, metas.map((m) => m.id));
        const rows: CachedPaper[] = [];
        metas.forEach((m, i) => {
          const old = existing[i];
          const merged = mergeMeta(old, m);
          // A page seen again shows what the cache holds: no write unless something changed
          // or the row's recency is stale (reloading a 2,000-entry listing costs reads only).
          const unchanged =
            old !== undefined &&
            now - old.seenAt < TOUCH_GRANULARITY_MS &&
            JSON.stringify(merged) === JSON.stringify(copyPaperMeta(old));
          if (!unchanged) rows.push({ ...merged, seenAt: now });
        });
        if (rows.length > 0) await db.papers.bulkPut(rows);
      }),
    'cache paper metadata',
  );
}

function mergeMeta(old: PaperMeta | undefined, next: PaperMeta): PaperMeta {
  if (!old) return copyPaperMeta(next);
  const pick = <T>(a: T | null, b: T | null): T | null => (b ?? a);
  const pickList = (a: string[], b: string[]): string[] => (b.length > 0 ? [...b] : [...a]);
  return {
    id: next.id,
    // Never go back to an older version because a stale page showed one.
    version:
      next.version === null ? old.version : old.version === null ? next.version : Math.max(old.version, next.version),
    title: next.title || old.title,
    authors: pickList(old.authors, next.authors),
    abstract: pick(old.abstract, next.abstract),
    comments: pick(old.comments, next.comments),
    journalRef: pick(old.journalRef, next.journalRef),
    doi: pick(old.doi, next.doi),
    primaryCategory: pick(old.primaryCategory, next.primaryCategory),
    categories: pickList(old.categories, next.categories),
    published: pick(old.published, next.published),
    updated: pick(old.updated, next.updated),
    hasHtml: pick(old.hasHtml, next.hasHtml),
  };
}

// ---------------------------------------------------------------------------
// fulltext
// ---------------------------------------------------------------------------

/**
 * Mark a cached analysis as untrusted (its first figure did not load): it stays usable,
 * and the next request for it fetches the paper again. No-op when nothing is cached.
 */
export async function markFulltextStale(db: PithDb, id: string, version: number | null): Promise<void> {
  await db.fulltext.where('key').equals(fulltextKey(id, version)).modify((row) => {
    if (row.status === 'ok') row.analyser = 0;
  });
}

/** The cached analysis of one version (also marks it seen, so it survives eviction). */
export async function getFulltext(
  db: PithDb,
  id: string,
  version: number | null,
  now = Date.now(),
): Promise<FulltextRow | undefined> {
  return readCache<FulltextRow>(db, 'fulltext', fulltextKey(id, version), now);
}

export async function putFulltext(
  db: PithDb,
  id: string,
  version: number | null,
  result: FulltextCacheResult,
  now = Date.now(),
): Promise<FulltextRow> {
  const row: FulltextRow = { ...result, key: fulltextKey(id, version), id, version, seenAt: now };
  await writeCache(db, 'fulltext', () => db.fulltext.put(row), 'cache a full-text analysis');
  return row;
}

// ---------------------------------------------------------------------------
// taglines
// ---------------------------------------------------------------------------

export async function getTagline(
  db: PithDb,
  id: string,
  version: number | null,
  engine: TaglineEngine,
  now = Date.now(),
): Promise<Tagline | undefined> {
  const row = await readCache<TaglineRow>(db, 'taglines', taglineKey(id, version, engine), now);
  return row?.tagline;
}

export async function putTagline(
  db: PithDb,
  id: string,
  version: number | null,
  engine: TaglineEngine,
  tagline: Tagline,
  now = Date.now(),
): Promise<void> {
  const row: TaglineRow = { key: taglineKey(id, version, engine), id, version, engine, tagline, seenAt: now };
  await writeCache(db, 'taglines', () => db.taglines.put(row), 'cache a tagline');
}

// ---------------------------------------------------------------------------
// Maintenance
// ---------------------------------------------------------------------------

/** Empty every cache table in one transaction; `saved` is not part of it. */
export async function clearCache(db: PithDb): Promise<void> {
  await db.transaction('rw', [db.papers, db.fulltext, db.taglines], async () => {
    await Promise.all([db.papers.clear(), db.fulltext.clear(), db.taglines.clear()]);
  });
}

export interface CacheStats {
  papers: number;
  fulltext: number;
  taglines: number;
  saved: number;
  /**
   * Bytes the extension's origin uses in total (navigator.storage.estimate), or null
   * where the browser does not say. Per-table sizes would need reading every row.
   */
  usageBytes: number | null;
}

export async function cacheStats(db: PithDb): Promise<CacheStats> {
  const [papers, fulltext, taglines, saved] = await Promise.all([
    db.papers.count(),
    db.fulltext.count(),
    db.taglines.count(),
    db.saved.count(),
  ]);
  let usageBytes: number | null = null;
  try {
    const estimate = await globalThis.navigator?.storage?.estimate?.();
    usageBytes = typeof estimate?.usage === 'number' ? estimate.usage : null;
  } catch {
    usageBytes = null;
  }
  return { papers, fulltext, taglines, saved, usageBytes };
}
