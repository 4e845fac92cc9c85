/**
 * The extension's one IndexedDB database ("arxiv-pith"), owned by the background.
 *
 * Four tables:
 * - `papers`   metadata cache (bounded, least recently seen evicted first)
 * - `fulltext` full-text analysis cache per paper version (bounded, LRU)
 * - `taglines` generated taglines per paper version and engine (bounded, LRU)
 * - `saved`    THE USER'S LIBRARY: full snapshots, never evicted by anything here
 *
 * Version 1 is the shape that shipped. Every later change of stored shape is a new
 * `version(n)` with an `upgrade()` and a test on real version-1 data; the old declarations
 * stay so that a browser still holding an old database upgrades in place
 * (https://dexie.org/docs/Dexie/Dexie.version()). The database instance is created
 * lazily by `getDb()` / `openPithDb()`, never at import time.
 */
import Dexie, { type EntityTable } from 'dexie';
import { copyPaperMeta, type FulltextAnalysis, type PaperMeta, type Tagline } from '@/utils/paper';
// Which engine produced a tagline: the values of the `taglineEngine` setting.
import type { TaglineEngine } from '@/utils/settings';

export const DB_NAME = 'arxiv-pith';

// ---------------------------------------------------------------------------
// Row shapes
// ---------------------------------------------------------------------------

/** A cached paper: its metadata plus when a page last showed it (drives LRU eviction). */
export interface CachedPaper extends PaperMeta {
  seenAt: number;
}


/**
 * What the full-text step concluded for one paper version, as cached. Only conclusions are
 * cached; a failed fetch is retried next time (messaging's `FulltextResult` adds the
 * transient 'error' and 'cancelled').
 */
export type FulltextCacheResult =
  | { status: 'ok'; analysis: FulltextAnalysis }
  /** arXiv has no HTML version: nothing to fetch, the card says so. */
  | { status: 'no-html' };

export type FulltextRow = FulltextCacheResult & {
  /** `fulltextKey(id, version)`. */
  key: string;
  id: string;
  version: number | null;
  seenAt: number;
};

export interface TaglineRow {
  /** `taglineKey(id, version, engine)`. */
  key: string;
  id: string;
  version: number | null;
  engine: TaglineEngine;
  tagline: Tagline;
  seenAt: number;
}

/**
 * A saved paper: a full snapshot, so the library works offline and outlives every cache.
 * This is the shape the popup shows, BibTeX/JSON export write and JSON import reads.
 */
export interface SavedPaper extends PaperMeta {
  tagline: Tagline | null;
  /** Formal statements by printed name; null = never analysed (unknown, not zero). */
  theorems: Record<string, number> | null;
  figureCount: number | null;
  /** First figure of the HTML version (absolute URL) and its caption. */
  firstFigure: { src: string; caption: string } | null;
  /** Epoch milliseconds. */
  savedAt: number;
}

/**
 * What `saved` stores: the snapshot plus fields derived from it at write time, so the
 * popup can search 10,000 papers with one `includes` per row and sort by an index
 * instead of lowercasing every title on every keystroke.
 */
export interface SavedRow extends SavedPaper {
  /** Lowercased, accent-folded title + authors + tagline + abstract + id + categories. */
  searchText: string;
  /** Lowercased, accent-folded title for the "sort by title" index. */
  sortTitle: string;
}

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

/**
 * Version 1, as shipped. `saved` is indexed by what the popup sorts on (saved date,
 * published date, title); the caches by `seenAt` for eviction. Search is not indexed: a substring scan over the
 * precomputed `searchText` of 10,000 rows takes a few milliseconds, an index would not
 * help with "contains" queries anyway.
 */
const SCHEMA_V1 = {
  papers: 'id, seenAt',
  fulltext: 'key, seenAt',
  taglines: 'key, seenAt',
  saved: 'id, savedAt, published, sortTitle',
} as const;

export interface CacheLimits {
  papers: number;
  fulltext: number;
  taglines: number;
}

export const DEFAULT_CACHE_LIMITS: Readonly<CacheLimits> = Object.freeze({
  papers: 20_000,
  fulltext: 5_000,
  taglines: 20_000,
});

export class PithDb extends Dexie {
  // `declare`: no class-field initialisers, which would overwrite the tables Dexie
  // attaches in `stores()`.
  declare papers: EntityTable<CachedPaper, 'id'>;
  declare fulltext: EntityTable<FulltextRow, 'key'>;
  declare taglines: EntityTable<TaglineRow, 'key'>;
  declare saved: EntityTable<SavedRow, 'id'>;
  readonly limits: CacheLimits;

  constructor(name: string = DB_NAME, limits: Partial<CacheLimits> = {}) {
    super(name);
    this.limits = { ...DEFAULT_CACHE_LIMITS, ...limits };
    this.version(1).stores(SCHEMA_V1);
  }
}

// ---------------------------------------------------------------------------
// Opening
// ---------------------------------------------------------------------------

let sharedDb: PithDb | null = null;

/** The extension's database, created on first use (not at import time). */
export function getDb(): PithDb {
  sharedDb ??= new PithDb(DB_NAME);
  return sharedDb;
}

/** A separately named instance: tests, benchmarks, or custom cache limits. */
export function openPithDb(name: string = DB_NAME, limits: Partial<CacheLimits> = {}): PithDb {
  return new PithDb(name, limits);
}

// ---------------------------------------------------------------------------
// Keys and derived fields
// ---------------------------------------------------------------------------

/** Full-text analyses are per version; an unknown version is cached as "latest". */
export function fulltextKey(id: string, version: number | null): string {
  return `${id}@${version === null ? 'latest' : `v${version}`}`;
}

export function taglineKey(id: string, version: number | null, engine: TaglineEngine): string {
  return `${fulltextKey(id, version)}#${engine}`;
}

/** Lowercase and strip diacritics, so "raphael" finds "Raphaël". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function buildSearchText(p: SavedPaper): string {
  const parts = [
    p.title,
    p.authors.join(' '),
    p.tagline?.headline ?? '',
    p.tagline?.qualifier ?? '',
    p.abstract ?? '',
    p.id,
    p.categories.join(' '),
  ];
  return foldText(parts.join('\n').replace(/\s+/g, ' '));
}

export function toSavedRow(p: SavedPaper): SavedRow {
  const snapshot = toSavedPaper(p);
  return {
    ...snapshot,
    searchText: buildSearchText(snapshot),
    sortTitle: foldText(snapshot.title).replace(/\s+/g, ' ').trim(),
  };
}

/** Drop derived fields (and anything else unknown) from a row: the portable snapshot. */
export function toSavedPaper(p: SavedPaper): SavedPaper {
  return {
    ...copyPaperMeta(p),
    tagline: p.tagline ? { headline: p.tagline.headline, qualifier: p.tagline.qualifier } : null,
    theorems: p.theorems ? { ...p.theorems } : null,
    figureCount: p.figureCount,
    firstFigure: p.firstFigure ? { src: p.firstFigure.src, caption: p.firstFigure.caption } : null,
    savedAt: p.savedAt,
  };
}

// ---------------------------------------------------------------------------
// Quota handling
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
// Eviction
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
export async function enforceCacheLimit(db: PithDb, name: CacheTableName): Promise<number> {
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

// ---------------------------------------------------------------------------
// papers
// ---------------------------------------------------------------------------

/** Cached metadata for `ids`, in the same order; missing ids give undefined. */
export async function getPapers(db: PithDb, ids: readonly string[]): Promise<(CachedPaper | undefined)[]> {
  return db.papers.bulkGet([...ids]);
}

/**
 * Merge `metas` into the cache and mark them seen now. A null/empty field in the new
 * record means "this source did not say" (a listing page has no DOI, the API has no
 * has-HTML flag), so the value already cached is kept rather than erased.
 */
export async function putPapers(db: PithDb, metas: readonly PaperMeta[], now = Date.now()): Promise<void> {
  if (metas.length === 0) return;
  await withQuotaRecovery(
    db,
    () =>
      db.transaction('rw', db.papers, async () => {
        const existing = await db.papers.bulkGet(metas.map((m) => m.id));
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
  await enforceCacheLimit(db, 'papers');
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


/**
 * LRU needs only coarse recency: a paper seen within this window is not rewritten, so
 * reloading a listing costs reads only. 20,000 cached papers are weeks of browsing.
 */
export const TOUCH_GRANULARITY_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// fulltext
// ---------------------------------------------------------------------------

/** The cached analysis of one version (also marks it seen, so it survives eviction). */
export async function getFulltext(
  db: PithDb,
  id: string,
  version: number | null,
  now = Date.now(),
): Promise<FulltextRow | undefined> {
  const key = fulltextKey(id, version);
  const row = await db.fulltext.get(key);
  if (row) {
    await db.fulltext.update(key, { seenAt: now });
    row.seenAt = now;
  }
  return row;
}

export async function putFulltext(
  db: PithDb,
  id: string,
  version: number | null,
  result: FulltextCacheResult,
  now = Date.now(),
): Promise<FulltextRow> {
  const row: FulltextRow = { ...result, key: fulltextKey(id, version), id, version, seenAt: now };
  await withQuotaRecovery(db, () => db.fulltext.put(row), 'cache a full-text analysis');
  await enforceCacheLimit(db, 'fulltext');
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
  const key = taglineKey(id, version, engine);
  const row = await db.taglines.get(key);
  if (!row) return undefined;
  await db.taglines.update(key, { seenAt: now });
  return row.tagline;
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
  await withQuotaRecovery(db, () => db.taglines.put(row), 'cache a tagline');
  await enforceCacheLimit(db, 'taglines');
}

// ---------------------------------------------------------------------------
// saved (the library)
// ---------------------------------------------------------------------------

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
