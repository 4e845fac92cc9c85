/**
 * The seen papers (schema version 3: `seenBuckets` + `seenMeta`) and the `labels` table: what
 * listings showed the reader and what they said about it. Written only by the background
 * (background/seen-service.ts).
 *
 * Seen ids are grouped into rows by all but their last three characters ("2609.30123" lives
 * in row "2609.30" as "123"), about one day of arXiv's submissions per row. A listing's ids
 * fall into a few dozen rows, so a lookup is a few dozen reads instead of one per id.
 */
import type { Transaction } from 'dexie';
import type { LabelRow, PithDb, SeenBucketRow, SeenPlace, SeenRow } from './schema';

/** Seen ids kept (about a year of reading several busy categories); oldest evicted first. */
export const SEEN_LIMIT = 200_000;

/** One sighting as the background stores it (seen-service.ts shortens the listing URL). */
export interface Sighting {
  id: string;
  /** The listing's path, e.g. "/list/cs.LG/new". */
  listing: string;
  section: string | null;
  category: string | null;
}

/** What is known of one seen paper. */
export interface SeenEntry extends SeenPlace {
  id: string;
  firstSeen: number;
  lastSeen: number;
}

/** Past this many rows, a lookup reads the rows' whole key range in one request instead. */
const BULK_GET_MAX = 100;

/** Row key and the rest of an id: "2609.30123" -> ["2609.30", "123"]. */
export function seenKey(id: string): [string, string] {
  const cut = Math.max(0, id.length - 3);
  return [id.slice(0, cut), id.slice(cut)];
}

function groupByKey<T>(items: Iterable<T>, idOf: (item: T) => string): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>();
  for (const item of items) {
    const [key, rest] = seenKey(idOf(item));
    let group = out.get(key);
    if (!group) out.set(key, (group = new Map()));
    if (!group.has(rest)) group.set(rest, item);
  }
  return out;
}

/** A row opened for change: plain arrays, an index of its ids and of its places. */
class OpenBucket {
  readonly rest: string[];
  readonly first: number[];
  readonly last: number[];
  readonly place: number[];
  readonly places: SeenPlace[];
  private readonly index = new Map<string, number>();
  private readonly placeIndex = new Map<string, number>();

  constructor(
    readonly key: string,
    row?: SeenBucketRow,
  ) {
    this.rest = row ? [...row.rest] : [];
    this.first = row ? Array.from(row.first) : [];
    this.last = row ? Array.from(row.last) : [];
    this.place = row ? Array.from(row.place) : [];
    this.places = row ? [...row.places] : [];
    this.rest.forEach((r, i) => this.index.set(r, i));
    this.places.forEach((p, i) => this.placeIndex.set(placeId(p), i));
  }

  get size(): number {
    return this.rest.length;
  }

  /** Records a sighting; true when the id is new to the row. */
  see(rest: string, at: number, where: SeenPlace, first = at): boolean {
    const i = this.index.get(rest);
    if (i !== undefined) {
      this.last[i] = Math.max(this.last[i]!, at);
      this.first[i] = Math.min(this.first[i]!, first);
      return false;
    }
    this.index.set(rest, this.rest.length);
    this.rest.push(rest);
    this.first.push(first);
    this.last.push(at);
    this.place.push(this.placeOf(where));
    return true;
  }

  private placeOf(where: SeenPlace): number {
    const id = placeId(where);
    let i = this.placeIndex.get(id);
    if (i === undefined) {
      // A row holds about a day of papers, seen in a handful of listings; a row that somehow
      // gathers 65,535 places shares the last one rather than overflow.
      if (this.places.length >= 0xffff) return this.places.length - 1;
      i = this.places.length;
      this.places.push(where);
      this.placeIndex.set(id, i);
    }
    return i;
  }

  /** Removes up to `n` entries seen no later than `bound`, least recent first; returns how many. */
  evict(n: number, bound: number): number {
    const order = this.last
      .map((t, i) => [t, i] as const)
      .filter(([t]) => t <= bound)
      .sort((a, b) => a[0] - b[0])
      .slice(0, n);
    const drop = new Set(order.map(([, i]) => i));
    const keep = (_: unknown, i: number) => !drop.has(i);
    const rest = this.rest.filter(keep);
    const first = this.first.filter(keep);
    const last = this.last.filter(keep);
    const place = this.place.filter(keep);
    this.rest.splice(0, Infinity, ...rest);
    this.first.splice(0, Infinity, ...first);
    this.last.splice(0, Infinity, ...last);
    this.place.splice(0, Infinity, ...place);
    this.index.clear();
    this.rest.forEach((r, i) => this.index.set(r, i));
    // Places no entry points at any more stay: a few short strings, dropped when the row empties.
    return drop.size;
  }

  row(): SeenBucketRow {
    let oldest = Infinity;
    for (const t of this.last) if (t < oldest) oldest = t;
    return {
      key: this.key,
      oldest,
      rest: this.rest,
      first: Float64Array.from(this.first),
      last: Float64Array.from(this.last),
      place: Uint16Array.from(this.place),
      places: this.places,
    };
  }
}

function placeId(p: SeenPlace): string {
  return JSON.stringify([p.listing, p.section, p.category]);
}

async function readCount(db: PithDb): Promise<number> {
  return (await db.seenMeta.get('seen'))?.ids ?? 0;
}

/** How many seen ids are kept. */
export function countSeen(db: PithDb): Promise<number> {
  return db.transaction('r', db.seenMeta, () => readCount(db));
}

/**
 * Removes the `n` least recently seen ids: from the row holding the oldest sighting, every
 * entry no more recent than the next row's oldest, and again, until `n` are gone. Inside the
 * caller's transaction.
 */
async function evictOldest(db: PithDb, n: number): Promise<number> {
  let removed = 0;
  while (removed < n) {
    const [a, b] = await db.seenBuckets.orderBy('oldest').limit(2).toArray();
    if (!a) break;
    const open = new OpenBucket(a.key, a);
    const gone = open.evict(n - removed, b?.oldest ?? Infinity);
    if (gone === 0) break; // a malformed row: leave it rather than loop
    removed += gone;
    if (open.size === 0) await db.seenBuckets.delete(a.key);
    else await db.seenBuckets.put(open.row());
  }
  return removed;
}

/**
 * Record a batch of sightings in one transaction: a new id gets its first-seen time and
 * place, a known one only its `lastSeen`. Then the table is brought back to `limit` ids,
 * least recently seen first. Only the seen tables are touched: the library (`saved`) and the
 * labels never are.
 */
export async function recordSightings(db: PithDb, sightings: readonly Sighting[], now = Date.now(), limit = SEEN_LIMIT): Promise<void> {
  if (sightings.length === 0) return;
  const groups = groupByKey(sightings, (s) => s.id);
  const keys = [...groups.keys()];
  await db.transaction('rw', db.seenBuckets, db.seenMeta, async () => {
    const [rows, count] = await Promise.all([db.seenBuckets.bulkGet(keys), readCount(db)]);
    let added = 0;
    const out = keys.map((key, i) => {
      const open = new OpenBucket(key, rows[i]);
      for (const [rest, s] of groups.get(key)!) {
        if (open.see(rest, now, { listing: s.listing, section: s.section, category: s.category })) added++;
      }
      return open.row();
    });
    await db.seenBuckets.bulkPut(out);
    let total = count + added;
    if (total > limit) total -= await evictOldest(db, total - limit);
    await db.seenMeta.put({ key: 'seen', ids: total });
  });
}

/** The seen entries of these ids that exist, by id. */
export async function lookupSeen(db: PithDb, ids: readonly string[]): Promise<Map<string, SeenEntry>> {
  const groups = groupByKey(ids, (id) => id);
  const keys = [...groups.keys()].sort();
  const out = new Map<string, SeenEntry>();
  if (keys.length === 0) return out;
  // Few rows: one get each. Many (a search page of papers from many years): one request for
  // the whole key range, which holds at most the table's few MB.
  const rows =
    keys.length <= BULK_GET_MAX
      ? await db.seenBuckets.bulkGet(keys)
      : await db.seenBuckets.where('key').between(keys[0]!, keys[keys.length - 1]!, true, true).toArray();
  for (const row of rows) {
    const wanted = row && groups.get(row.key);
    if (!wanted) continue;
    row.rest.forEach((rest, i) => {
      if (!wanted.has(rest)) return;
      const where = row.places[row.place[i]!] ?? { listing: '', section: null, category: null };
      const id = row.key + rest;
      out.set(id, { id, firstSeen: row.first[i]!, lastSeen: row.last[i]!, ...where });
    });
  }
  return out;
}

/** The listing part of a URL as stored: its path ("/list/cs.LG/new"), at most 100 characters. */
export function listingOf(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not a URL: keep what was sent, shortened.
  }
  return path.slice(0, 100);
}

/**
 * The version-3 upgrade: every version-2 `seen` row (one per id, with the full listing URL)
 * moves into `seenBuckets`, the total into `seenMeta`, and `seen` is emptied.
 */
export async function migrateSeenRows(tx: Transaction): Promise<void> {
  const old = (await tx.table('seen').toArray()) as SeenRow[];
  if (old.length === 0) return;
  const buckets = new Map<string, OpenBucket>();
  for (const r of old) {
    if (typeof r?.id !== 'string') continue;
    const [key, rest] = seenKey(r.id);
    let open = buckets.get(key);
    if (!open) buckets.set(key, (open = new OpenBucket(key)));
    open.see(rest, r.lastSeen, { listing: listingOf(String(r.url ?? '')), section: r.section ?? null, category: r.category ?? null }, r.firstSeen);
  }
  let ids = 0;
  for (const b of buckets.values()) ids += b.size;
  await tx.table('seenBuckets').bulkPut([...buckets.values()].map((b) => b.row()));
  await tx.table('seenMeta').put({ key: 'seen', ids });
  await tx.table('seen').clear();
}

export async function setNotInterested(db: PithDb, id: string, on: boolean, now = Date.now()): Promise<void> {
  if (on) await db.labels.put({ id, label: 'not-interested', at: now });
  else await db.labels.delete(id);
}

/**
 * The labels of these ids. The labels table holds only what the reader marked by hand, so
 * reading its keys (one request) and getting the few that match beats a get per listing id.
 */
export async function lookupLabels(db: PithDb, ids: readonly string[]): Promise<LabelRow[]> {
  const marked = new Set(await db.labels.toCollection().primaryKeys());
  const hits = ids.filter((id) => marked.has(id));
  if (hits.length === 0) return [];
  return (await db.labels.bulkGet(hits)).filter((r): r is LabelRow => r !== undefined);
}

/**
 * The `limit` most recently seen papers, newest first (the relevance model's rebuild reads them
 * as "passed"). Reads every row: a rebuild is rare, and 200,000 ids are a few MB.
 */
export async function newestSightings(db: PithDb, limit: number): Promise<SeenEntry[]> {
  const all: SeenEntry[] = [];
  await db.seenBuckets.each((row) => {
    for (let i = 0; i < row.rest.length; i++) {
      const place = row.places[row.place[i]!] ?? { listing: '', section: null, category: null };
      all.push({ id: row.key + row.rest[i]!, firstSeen: row.first[i]!, lastSeen: row.last[i]!, ...place });
    }
  });
  all.sort((a, b) => b.lastSeen - a.lastSeen);
  return all.slice(0, Math.max(0, limit));
}
