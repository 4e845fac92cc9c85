/**
 * Mirror of the saved paper ids in `storage.sync`, so a reader signed into the browser
 * elsewhere gets the same library (the snapshots themselves are re-fetched there).
 *
 * chrome.storage.sync quotas (https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync):
 * QUOTA_BYTES 102,400 in total (key lengths + JSON of values), QUOTA_BYTES_PER_ITEM 8,192,
 * MAX_ITEMS 512, and MAX_WRITE_OPERATIONS_PER_MINUTE 120. Plain ids ("2609.22268," = 11
 * bytes) would overflow at about 9,000 papers, so ids are stored compactly:
 *
 *   "2608:1a,3;2609:h7q,2,1c;math/0601:1"    (one string, split into ≤ 8 KB chunks)
 *
 * Ids are grouped by their prefix (new style `YYMM`, old style `archive/YYMM`), numbers are
 * sorted and written as base-36 gaps from the previous one. A group's number width follows
 * from its prefix (4 digits up to 1412, 5 from 1501, 3 for old style), so zeros need not be
 * stored. A realistic library costs about 3 bytes per id: 10,000 ids take about 30 KB.
 *
 * Items: `savedIds` = { v, chunks, count, total, truncated } and `savedIds.0`, `savedIds.1`,
 * ... the chunks. Past the budget the NEWEST saved ids that fit are kept (the caller passes
 * ids newest first) and `truncated` is set; the order of ids within the mirror is not kept.
 *
 * Unlike the settings, the endpoint key and the removal tombstones, this mirror is not a
 * `wxt/utils/storage` item: its chunk keys vary with the library's size, the write must be
 * one `set` call (write-rate quota), and a pull must hear about every chunk key, while an
 * item has one fixed key and watches only that.
 */
import { browser } from 'wxt/browser';
import { parseArxivId } from '@/utils/arxiv-ids';

export const SYNC_QUOTA_BYTES = 102_400;
export const SYNC_QUOTA_BYTES_PER_ITEM = 8_192;
export const SYNC_MAX_ITEMS = 512;
/** Left free for settings and anything else this extension keeps in storage.sync. */
export const SYNC_RESERVED_BYTES = 10_240;
export const SAVED_IDS_BUDGET_BYTES = SYNC_QUOTA_BYTES - SYNC_RESERVED_BYTES;

export const SAVED_IDS_META_KEY = 'savedIds';
const CHUNK_KEY_PREFIX = `${SAVED_IDS_META_KEY}.`;
/** Chunk text length: key (≤ 12 chars) + 2 JSON quotes + 8,000 stays under 8,192 per item. */
const CHUNK_CHARS = 8_000;
const FORMAT_VERSION = 1;

export interface SavedIdsMeta {
  v: number;
  chunks: number;
  /** Ids stored in the chunks. */
  count: number;
  /** Ids the library had when written (count < total when truncated). */
  total: number;
  truncated: boolean;
}

export interface SyncWriteResult {
  /** Ids now mirrored. */
  stored: number;
  /** Distinct valid ids passed in. */
  total: number;
  truncated: boolean;
  /** Bytes the mirror takes against QUOTA_BYTES. */
  bytes: number;
  /** Inputs that were not arXiv ids (not mirrored). */
  invalid: number;
  /** False when storage already held exactly this mirror (no write spent). */
  changed: boolean;
  /**
   * The mirror in storage was written by a newer build in a format this one cannot read: it
   * was left alone (overwriting it would lose what that build stored), nothing was written.
   * Present only then.
   */
  newerFormat?: true;
}

export interface SyncReadResult {
  ids: string[];
  truncated: boolean;
  /** Ids the writing browser had; larger than ids.length when truncated. */
  total: number;
  /**
   * False while sync has delivered only some chunks (items can arrive separately) or the
   * data is damaged: use `ids` as a partial list and read again on the next change.
   */
  complete: boolean;
  /** Written by a newer build in a format this one cannot read (ids empty, nothing lost). Present only then. */
  newerFormat?: true;
}

// ---------------------------------------------------------------------------
// Compact encoding (pure)
// ---------------------------------------------------------------------------

/** Split a canonical id into group prefix and number: "2609.22268" -> ["2609", 22268]. */
function splitId(id: string): [string, number] | null {
  const dot = id.indexOf('.');
  if (!id.includes('/') && dot === 4) return [id.slice(0, 4), Number(id.slice(5))];
  const m = /^([a-z-]+\/\d{4})(\d{3})$/.exec(id);
  return m?.[1] && m[2] ? [m[1], Number(m[2])] : null;
}

function joinId(prefix: string, num: number): string {
  if (prefix.includes('/')) return `${prefix}${String(num).padStart(3, '0')}`;
  const width = Number(prefix) >= 1501 ? 5 : 4;
  return `${prefix}.${String(num).padStart(width, '0')}`;
}

/** Encode canonical ids (see the file comment). Unknown shapes are skipped. */
export function encodeIds(ids: readonly string[]): string {
  const groups = new Map<string, number[]>();
  for (const id of ids) {
    const parts = splitId(id);
    if (!parts) continue;
    const list = groups.get(parts[0]);
    if (list) list.push(parts[1]);
    else groups.set(parts[0], [parts[1]]);
  }
  const out: string[] = [];
  for (const prefix of [...groups.keys()].sort()) {
    const nums = [...new Set(groups.get(prefix))].sort((a, b) => a - b);
    let prev = 0;
    const gaps = nums.map((n) => {
      const gap = n - prev;
      prev = n;
      return gap.toString(36);
    });
    out.push(`${prefix}:${gaps.join(',')}`);
  }
  return out.join(';');
}

/** Decode what `encodeIds` wrote; damaged parts are skipped, never thrown on. */
export function decodeIds(text: string): string[] {
  const ids: string[] = [];
  if (!text) return ids;
  for (const group of text.split(';')) {
    const colon = group.indexOf(':');
    if (colon <= 0) continue;
    const prefix = group.slice(0, colon);
    let n = 0;
    for (const gap of group.slice(colon + 1).split(',')) {
      const step = parseInt(gap, 36);
      if (!Number.isFinite(step) || step < 0) break; // the rest of this group is unreliable
      n += step;
      const id = parseArxivId(joinId(prefix, n))?.id;
      if (id) ids.push(id);
    }
  }
  return ids;
}

function itemBytes(key: string, value: unknown): number {
  // Chrome counts the key length plus the JSON of the value, in UTF-8 bytes (ASCII here).
  return key.length + JSON.stringify(value).length;
}

export interface SyncPlan {
  items: Record<string, unknown>;
  meta: SavedIdsMeta;
  bytes: number;
}

function planFor(ids: readonly string[], total: number): SyncPlan {
  const encoded = encodeIds(ids);
  const chunks: string[] = [];
  for (let i = 0; i < encoded.length; i += CHUNK_CHARS) chunks.push(encoded.slice(i, i + CHUNK_CHARS));
  const meta: SavedIdsMeta = {
    v: FORMAT_VERSION,
    chunks: chunks.length,
    count: ids.length,
    total,
    truncated: ids.length < total,
  };
  const items: Record<string, unknown> = { [SAVED_IDS_META_KEY]: meta };
  chunks.forEach((c, i) => (items[`${CHUNK_KEY_PREFIX}${i}`] = c));
  const bytes = Object.entries(items).reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
  return { items, meta, bytes };
}

/** Canonical, de-duplicated ids in the given (newest first) order, and how many were not ids. */
function canonicalIds(ids: readonly string[]): { list: string[]; invalid: number } {
  const seen = new Set<string>();
  let invalid = 0;
  for (const raw of ids) {
    const id = parseArxivId(raw)?.id;
    if (!id || !splitId(id)) invalid++;
    else seen.add(id);
  }
  return { list: [...seen], invalid };
}

/**
 * What to write for `ids` (newest first) within `budgetBytes`: the longest newest-first
 * prefix whose encoding fits. The encoded size only grows with more ids, so binary search.
 */
export function planSavedIdsSync(ids: readonly string[], budgetBytes = SAVED_IDS_BUDGET_BYTES): SyncPlan & { invalid: number } {
  const { list, invalid } = canonicalIds(ids);
  const full = planFor(list, list.length);
  if (full.bytes <= budgetBytes && full.meta.chunks + 1 <= SYNC_MAX_ITEMS) return { ...full, invalid };
  let lo = 0;
  let hi = list.length - 1; // the full list is known not to fit
  let best = planFor([], list.length);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const plan = planFor(list.slice(0, mid), list.length);
    if (plan.bytes <= budgetBytes && plan.meta.chunks + 1 <= SYNC_MAX_ITEMS) {
      best = plan;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return { ...best, invalid };
}

// ---------------------------------------------------------------------------
// storage.sync
// ---------------------------------------------------------------------------

function chunkKeysIn(all: Record<string, unknown>): string[] {
  return Object.keys(all).filter((k) => k.startsWith(CHUNK_KEY_PREFIX));
}

/**
 * Mirror `ids` (newest saved first, e.g. `listSavedIds(db)`) to storage.sync. One `set`
 * and at most one `remove` call; nothing is written when the mirror is already current,
 * which keeps rapid saves inside the write-rate quota. Callers should still debounce.
 */
export async function writeSavedIdsToSync(ids: readonly string[]): Promise<SyncWriteResult> {
  const plan = planSavedIdsSync(ids);
  const current = await browser.storage.sync.get(null);
  if (isNewerFormat(current[SAVED_IDS_META_KEY])) {
    return { stored: 0, total: plan.meta.total, truncated: false, bytes: 0, invalid: plan.invalid, changed: false, newerFormat: true };
  }
  const stale = chunkKeysIn(current).filter((k) => !(k in plan.items));
  const unchanged =
    stale.length === 0 &&
    Object.entries(plan.items).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v));
  if (!unchanged) {
    await browser.storage.sync.set(plan.items);
    if (stale.length > 0) await browser.storage.sync.remove(stale);
  }
  return {
    stored: plan.meta.count,
    total: plan.meta.total,
    truncated: plan.meta.truncated,
    bytes: plan.bytes,
    invalid: plan.invalid,
    changed: !unchanged,
  };
}

/** A mirror header whose format version is above this build's (whatever else it holds). */
function isNewerFormat(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const version = (v as Record<string, unknown>).v;
  return typeof version === 'number' && version > FORMAT_VERSION;
}

function isMeta(v: unknown): v is SavedIdsMeta {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return (
    typeof m.v === 'number' &&
    typeof m.chunks === 'number' &&
    Number.isInteger(m.chunks) &&
    m.chunks >= 0 &&
    m.chunks <= SYNC_MAX_ITEMS &&
    typeof m.count === 'number' &&
    typeof m.total === 'number' &&
    typeof m.truncated === 'boolean'
  );
}

/** The mirrored ids. Never throws on damaged or partial data (see `complete`). */
export async function readSavedIdsFromSync(): Promise<SyncReadResult> {
  const meta = (await browser.storage.sync.get(SAVED_IDS_META_KEY))[SAVED_IDS_META_KEY];
  if (meta === undefined) return { ids: [], truncated: false, total: 0, complete: true };
  if (isNewerFormat(meta)) return { ids: [], truncated: false, total: 0, complete: false, newerFormat: true };
  if (!isMeta(meta)) return { ids: [], truncated: false, total: 0, complete: false }; // damaged
  const keys = Array.from({ length: meta.chunks }, (_, i) => `${CHUNK_KEY_PREFIX}${i}`);
  const got = keys.length > 0 ? await browser.storage.sync.get(keys) : {};
  let text = '';
  let missing = false;
  for (const key of keys) {
    const chunk = got[key];
    if (typeof chunk === 'string') text += chunk;
    else missing = true;
  }
  // A missing chunk leaves a hole; decoding across it would invent wrong ids, so only the
  // chunks before the first hole are decoded.
  if (missing) {
    text = '';
    for (const key of keys) {
      const chunk = got[key];
      if (typeof chunk !== 'string') break;
      text += chunk;
    }
    text = text.slice(0, text.lastIndexOf(';') + 1);
  }
  const ids = decodeIds(text);
  return { ids, truncated: meta.truncated, total: meta.total, complete: !missing && ids.length === meta.count };
}

/**
 * Call `cb` when another browser (or this one) changed the mirror. Chunks may arrive in
 * separate events, so the callback should re-read and check `complete`. Returns unsubscribe.
 */
export function watchSyncedSavedIds(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'sync') return;
    if (Object.keys(changes).some((k) => k === SAVED_IDS_META_KEY || k.startsWith(CHUNK_KEY_PREFIX))) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
