/**
 * The extension's one IndexedDB database ("arxiv-pith"), owned by the background.
 *
 * Four tables:
 * - `papers`   metadata cache (bounded, least recently seen evicted first)
 * - `fulltext` full-text analysis cache per paper version (bounded, LRU)
 * - `taglines` generated taglines per paper version and engine (bounded, LRU)
 * - `saved`    THE USER'S LIBRARY: full snapshots, never evicted by anything here
 *
 * Every change of stored shape is a new `version(n)` with an `upgrade()`; the old
 * declarations stay so that a browser still holding an old database upgrades in place
 * (https://dexie.org/docs/Dexie/Dexie.version()). The database instance is created
 * lazily by `getDb()` / `openPithDb()`, never at import time.
 */
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import { copyPaperMeta, type FulltextAnalysis, type PaperMeta, type Tagline } from './paper';
// Which engine produced a tagline: the values of the `taglineEngine` setting.
import type { TaglineEngine } from './settings';

export const DB_NAME = 'arxiv-pith';

// ---------------------------------------------------------------------------
// Row shapes
// ---------------------------------------------------------------------------

/** A cached paper: its metadata plus when a page last showed it (drives LRU eviction). */
export interface CachedPaper extends PaperMeta {
  seenAt: number;
}


/**
 * What the full-text step concluded for one paper version, as cached. (Named apart from
 * messaging's `FulltextResult`, which also has a transient 'cancelled' that is never cached;
 * its 'ok' / 'no-html' / 'error' values are assignable to this type.)
 */
export type FulltextCacheResult =
  /**
   * `analyser`: the FULLTEXT_ANALYSER_VERSION that made `analysis` (absent on rows written
   * before versions were stored, i.e. version 1); an older one is re-fetched when next shown.
   */
  | { status: 'ok'; analysis: FulltextAnalysis; analyser?: number }
  /** arXiv has no HTML version: nothing to fetch, the card says so. */
  | { status: 'no-html' }
  /** Fetch or analysis failed; `fetchedAt` lets the caller decide when to retry. */
  | { status: 'error'; message: string; reason?: string };

export type FulltextRow = FulltextCacheResult & {
  /** `fulltextKey(id, version)`. */
  key: string;
  id: string;
  version: number | null;
  seenAt: number;
  fetchedAt: number;
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

/**
 * The first shipped (version 1) shape of a `saved` row. Kept here, frozen, because the
 * v1 -> v2 upgrade reads it: authors were one display string, the tagline two loose
 * strings, theorems/figure did not exist and nothing was precomputed for search.
 */
export interface SavedRowV1 {
  id: string;
  version: number | null;
  title: string;
  /** "A. Author, B. Author and C. Author" */
  authors: string;
  abstract: string | null;
  primaryCategory: string | null;
  published: string | null;
  tagline: string | null;
  qualifier: string | null;
  savedAt: number;
}

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

/** Version 1, the first shipped schema. Never edit: real browsers may still hold it. */
export const SCHEMA_V1 = {
  papers: 'id, seenAt',
  fulltext: 'key, seenAt',
  saved: 'id, savedAt',
} as const;

/**
 * Version 2 (current): adds `taglines`, and indexes `saved` by what the popup sorts on
 * (saved date, published date, title). Search is not indexed: a substring scan over the
 * precomputed `searchText` of 10,000 rows takes a few milliseconds, an index would not
 * help with "contains" queries anyway.
 */
export const SCHEMA_V2 = {
  papers: 'id, seenAt',
  fulltext: 'key, seenAt',
  taglines: 'key, seenAt',
  saved: 'id, savedAt, published, sortTitle',
} as const;

export const CURRENT_DB_VERSION = 2;

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
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeV1ToV2);
  }
}

/** Split a v1 author string ("A, B and C", "A and B") into names. */
export function splitAuthorString(authors: string): string[] {
  return authors
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

/** v1 -> v2: reshape every saved row in place; nothing is dropped. */
async function upgradeV1ToV2(tx: Transaction): Promise<void> {
  await tx
    .table('saved')
    .toCollection()
    .modify((row: SavedRowV1, ctx: { value: unknown }) => {
      // Replacing `ctx.value` swaps the whole stored object for the new shape (same key).
      ctx.value = upgradeSavedRowV1(row);
    });
}

/** Pure v1 -> v2 mapping of one saved row (exported for tests and import of old exports). */
export function upgradeSavedRowV1(old: SavedRowV1): SavedRow {
  // Tolerate rows that already hold a list (written by a pre-release build).
  const rawAuthors: unknown = old.authors;
  const authors = Array.isArray(rawAuthors)
    ? rawAuthors.filter((a): a is string => typeof a === 'string')
    : typeof rawAuthors === 'string'
      ? splitAuthorString(rawAuthors)
      : [];
  const paper: SavedPaper = {
    id: old.id,
    version: old.version ?? null,
    title: old.title,
    authors,
    abstract: old.abstract ?? null,
    comments: null,
    journalRef: null,
    doi: null,
    primaryCategory: old.primaryCategory ?? null,
    categories: old.primaryCategory ? [old.primaryCategory] : [],
    published: old.published ?? null,
    updated: null,
    hasHtml: null,
    tagline: old.tagline ? { headline: old.tagline, qualifier: old.qualifier ?? null } : null,
    theorems: null,
    figureCount: null,
    firstFigure: null,
    savedAt: old.savedAt,
  };
  return toSavedRow(paper);
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

/** Every whitespace-separated term of `query` occurs in the row (AND search). */
export function savedMatches(row: Pick<SavedRow, 'searchText'>, query: string): boolean {
  const terms = foldText(query).split(/\s+/).filter((t) => t.length > 0);
  return terms.every((t) => row.searchText.includes(t));
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

/** Bring every cache table within its limit; returns rows evicted per table. */
export async function enforceCacheLimits(db: PithDb): Promise<Record<CacheTableName, number>> {
  const out: Record<CacheTableName, number> = { papers: 0, fulltext: 0, taglines: 0 };
  for (const name of CACHE_TABLES) out[name] = await enforceCacheLimit(db, name);
  return out;
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

/**
 * Mark cached papers as seen now (unknown ids are ignored). Rows already seen within
 * TOUCH_GRANULARITY_MS are left alone; pass `granularityMs = 0` to force.
 */
export async function touchPapers(
  db: PithDb,
  ids: readonly string[],
  now = Date.now(),
  granularityMs = TOUCH_GRANULARITY_MS,
): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction('rw', db.papers, async () => {
    const rows = await db.papers.bulkGet([...ids]);
    const stale = rows.filter((r): r is CachedPaper => r !== undefined && r.seenAt <= now - granularityMs);
    if (stale.length > 0) await db.papers.bulkPut(stale.map((r) => ({ ...r, seenAt: now })));
    return stale.length;
  });
}

// ---------------------------------------------------------------------------
// fulltext
// ---------------------------------------------------------------------------

/**
 * Mark a cached analysis as untrusted (its first figure did not load): it stays usable,
 * and the next request for it fetches the paper again. No-op when nothing is cached.
 */
export async function markFulltextStale(db: PithDb, id: string, version: number | null): Promise<void> {
  const key = fulltextKey(id, version);
  await db.fulltext.where('key').equals(key).modify((row) => {
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
  const key = fulltextKey(id, version);
  const row = await db.fulltext.get(key);
  if (row) {
    await db.fulltext.update(key, { seenAt: now });
    row.seenAt = now;
  }
  return row;
}

/**
 * Cached analyses of many versions at once (a whole listing): one bulk read and one bulk
 * seenAt update (of rows not seen within TOUCH_GRANULARITY_MS) instead of a round trip
 * per card. Same order as `refs`.
 */
export async function getFulltextMany(
  db: PithDb,
  refs: readonly { id: string; version: number | null }[],
  now = Date.now(),
): Promise<(FulltextRow | undefined)[]> {
  if (refs.length === 0) return [];
  const keys = refs.map((r) => fulltextKey(r.id, r.version));
  const rows = await db.fulltext.bulkGet(keys);
  const found = rows.filter((r): r is FulltextRow => r !== undefined && r.seenAt <= now - TOUCH_GRANULARITY_MS);
  if (found.length > 0) {
    await db.fulltext.bulkUpdate(found.map((r) => ({ key: r.key, changes: { seenAt: now } })));
    for (const r of found) r.seenAt = now;
  }
  return rows;
}

export async function putFulltext(
  db: PithDb,
  id: string,
  version: number | null,
  result: FulltextCacheResult,
  now = Date.now(),
): Promise<FulltextRow> {
  const row: FulltextRow = { ...result, key: fulltextKey(id, version), id, version, seenAt: now, fetchedAt: now };
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

/** Undo of `removeSaved`: puts the record back exactly, original `savedAt` included. */
export async function restoreSaved(db: PithDb, record: SavedPaper): Promise<SavedRow> {
  return savePaper(db, record);
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
