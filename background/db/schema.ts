/**
 * The extension's one IndexedDB database ("arxiv-pith"): row shapes, the schema, opening.
 * Written only by the background (background/db/cache.ts, background/db/library.ts); the
 * popup and options page open it to read the library with liveQuery.
 *
Tables:
 * - `papers`   metadata cache (bounded, least recently seen evicted first)
 * - `fulltext` full-text analysis cache per paper version (bounded, LRU)
 * - `taglines` generated taglines per paper version and engine (bounded, LRU)
 * - `saved`    THE USER'S LIBRARY: full snapshots, never evicted
 * - `seen`     (v2) one row per seen paper; emptied by version 3, which moved them to:
 * - `seenBuckets` (v3) seen papers, many ids per row (bounded, least recently seen first)
 * - `seenMeta` (v3) how many ids `seenBuckets` holds
 * - `labels`   (v2) the reader's own judgements ("not interested"), never evicted
 * - `relevance` the relevance model's state (version 2; derived, rebuilt when missing)
 *
 * Version 1 is the shape that shipped. Every later change of stored shape is a new
 * `version(n)` with an `upgrade()` and a test on real version-1 data; the old declarations
 * stay so that a browser still holding an old database upgrades in place
 * (https://dexie.org/docs/Dexie/Dexie.version()). The database instance is created lazily
 * by `getDb()` / `openPithDb()`, never at import time.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { FulltextAnalysis, PaperMeta, Tagline } from '@/utils/paper';
import type { SavedRow } from '@/utils/saved-paper';
import { migrateSeenRows } from './seen';
// Which engine produced a tagline: the values of the `taglineEngine` setting.
import type { TaglineEngine } from '@/utils/settings';

const DB_NAME = 'arxiv-pith';

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
  /**
   * `analyser`: the FULLTEXT_ANALYSER_VERSION that made `analysis` (absent on rows cached
   * before versions were stored); an older one is re-fetched when its card is next shown.
   */
  | { status: 'ok'; analysis: FulltextAnalysis; analyser?: number }
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

/**
 * Version 2: adds `seen` (indexed by `lastSeen` for oldest-first eviction) and `labels`
 * (issue 11, triage), and `relevance`, the relevance model's state (issue 12: one row, derived
 * from the labels, rebuilt when missing). No existing row changes shape, so the upgrade has
 * nothing to rewrite. Tags and notes of saved papers are optional fields of `saved` rows.
 */
const SCHEMA_V2 = {
  ...SCHEMA_V1,
  seen: 'id, lastSeen',
  labels: 'id',
  relevance: 'key',
} as const;

/**
 * Version 3 (issue 11 leftovers): seen papers move from one row per id (`seen`) to rows of up
 * to 1,000 ids sharing all but their last three characters (`seenBuckets`, indexed by each
 * row's least recent sighting for eviction), with the id total in `seenMeta`. A listing's
 * 2,000 ids then cost a few dozen reads instead of 2,000 (each an IPC hop in Chromium), and
 * the table a quarter of the disk. The upgrade moves every version-2 row
 * (background/db/seen.ts migrateSeenRows) and leaves `seen` empty; it stays declared so that
 * the upgrade can read it.
 */
const SCHEMA_V3 = {
  ...SCHEMA_V2,
  seenBuckets: 'key, oldest',
  seenMeta: 'key',
} as const;

/** Version 2's row for one paper a listing showed the reader; read only by the version-3 upgrade. */
export interface SeenRow {
  id: string;
  /** Epoch ms of the first and the latest sighting. */
  firstSeen: number;
  lastSeen: number;
  /** Where it was first seen: the listing URL, its section and the card's primary category. */
  url: string;
  section: string | null;
  category: string | null;
}

/** Where a paper was first seen: the listing's path (not its full URL), section, category. */
export interface SeenPlace {
  listing: string;
  section: string | null;
  category: string | null;
}

/**
 * Seen papers whose ids share `key` (the id without its last three characters): entry i is
 * the id `key + rest[i]`, first and last seen at `first[i]` / `last[i]` (epoch ms), first seen
 * at `places[place[i]]`. Parallel typed arrays clone and store far more compactly than one
 * object per id.
 */
export interface SeenBucketRow {
  key: string;
  /** The smallest of `last`: which row holds the least recently seen ids. */
  oldest: number;
  rest: string[];
  first: Float64Array;
  last: Float64Array;
  place: Uint16Array;
  places: SeenPlace[];
}

/** `{ key: 'seen', ids }`: how many ids `seenBuckets` holds, kept in step by each write. */
export interface SeenMetaRow {
  key: 'seen';
  ids: number;
}

/** A reader's judgement of a paper; relevance (issue 12) learns from these. */
export interface LabelRow {
  id: string;
  label: 'not-interested';
  at: number;
}

/** The relevance engine's state (utils/relevance RelevanceState; typed arrays clone as is). */
export interface RelevanceRow {
  key: string;
  state: unknown;
  savedAt: number;
}

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
  declare relevance: EntityTable<RelevanceRow, 'key'>;
  /** Empty since version 3 (see SCHEMA_V3). */
  declare seen: EntityTable<SeenRow, 'id'>;
  declare seenBuckets: EntityTable<SeenBucketRow, 'key'>;
  declare seenMeta: EntityTable<SeenMetaRow, 'key'>;
  declare labels: EntityTable<LabelRow, 'id'>;
  readonly limits: CacheLimits;

  constructor(name: string = DB_NAME, limits: Partial<CacheLimits> = {}) {
    super(name);
    this.limits = { ...DEFAULT_CACHE_LIMITS, ...limits };
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2);
    this.version(3)
      .stores(SCHEMA_V3)
      .upgrade((tx) => migrateSeenRows(tx));
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

/** Full-text analyses are per version; an unknown version is cached as "latest". */
export function fulltextKey(id: string, version: number | null): string {
  return `${id}@${version === null ? 'latest' : `v${version}`}`;
}

export function taglineKey(id: string, version: number | null, engine: TaglineEngine): string {
  return `${fulltextKey(id, version)}#${engine}`;
}
