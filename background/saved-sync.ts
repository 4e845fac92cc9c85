/**
 * The library's ledger (utils/sync-ledger.ts: saves, removals, tags and "not interested"
 * marks, each with its time) in `storage.sync`, so a reader signed into the browser elsewhere
 * gets the same library (the snapshots themselves are re-fetched there).
 *
 * chrome.storage.sync quotas (https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync):
 * QUOTA_BYTES 102,400 in total (key lengths + JSON of values), QUOTA_BYTES_PER_ITEM 8,192,
 * MAX_ITEMS 512, and MAX_WRITE_OPERATIONS_PER_MINUTE 120. The ledger's text is split into
 * chunks of 8,000 characters (`savedIds.0`, `savedIds.1`, ...) under one header, `savedIds` =
 * { v: 2, chunks, sums, entries, saved, total, truncated }; `sums` (one FNV-1a hash per chunk)
 * tells a chunk that has not arrived yet or arrived damaged from a good one, so only whole,
 * checked chunks are ever decoded. Past the budget the entries with the NEWEST times that fit
 * are kept and `truncated` is set.
 *
 * Format 1 (the shipped first build: ids only, header { v: 1, chunks, count, total,
 * truncated }) is read as saves and rewritten as format 2 by the next write. A header of a
 * format above 2 was written by a newer build: it is neither read nor overwritten.
 *
 * Unlike the settings and the endpoint key, this is not a `wxt/utils/storage` item: its chunk
 * keys vary with the library's size, the write must be one `set` call (write-rate quota), and
 * a pull must hear about every chunk key, while an item has one fixed key and watches only that.
 */
import { browser } from 'wxt/browser';
import {
  decodeIdsV1,
  decodeLedger,
  encodeLedger,
  entryTime,
  isSavedEntry,
  ledgerFromIdsV1,
  type Ledger,
  type LedgerEntry,
} from '@/utils/sync-ledger';

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
export const SYNC_FORMAT = 2;

export interface LedgerMeta {
  v: typeof SYNC_FORMAT;
  chunks: number;
  /** FNV-1a hash of each chunk's text. */
  sums: number[];
  /** Ids in the text; `saved`: how many of them are saved (not removed). */
  entries: number;
  saved: number;
  /** Saved papers the writer's ledger had (saved < total when truncated). */
  total: number;
  truncated: boolean;
}

export interface SyncWriteResult {
  /** Saved papers now in storage.sync, and in the ledger written. */
  stored: number;
  total: number;
  truncated: boolean;
  /** Bytes the payload takes against QUOTA_BYTES. */
  bytes: number;
  /** False when storage already held exactly this payload (no write spent). */
  changed: boolean;
  /** storage.sync holds a newer build's format: left alone, nothing written. Present only then. */
  newerFormat?: true;
}

export interface SyncReadResult {
  /** 0: nothing stored; 1 or 2: the format read; 'newer': a newer build's, not read. */
  format: 0 | 1 | 2 | 'newer';
  ledger: Ledger;
  /**
   * False while sync has delivered only some chunks (items arrive separately) or data is
   * damaged: `ledger` then holds what the whole, checked chunks say; absent ids mean nothing.
   */
  complete: boolean;
  truncated: boolean;
  /** The text as stored when complete (format 2): a write of the same text is skipped. */
  text: string | null;
}

/** FNV-1a, 32 bits: enough to tell a damaged or stale chunk, not a defence against anyone. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function itemBytes(key: string, value: unknown): number {
  // Chrome counts the key length plus the JSON of the value (ASCII here: tags are percent-encoded).
  return key.length + JSON.stringify(value).length;
}

export interface SyncPlan {
  items: Record<string, unknown>;
  meta: LedgerMeta;
  bytes: number;
  text: string;
}

function planFor(entries: readonly [string, LedgerEntry][], total: number): SyncPlan {
  const text = encodeLedger(entries);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
  const saved = entries.reduce((n, [, e]) => n + (isSavedEntry(e) ? 1 : 0), 0);
  const meta: LedgerMeta = {
    v: SYNC_FORMAT,
    chunks: chunks.length,
    sums: chunks.map(fnv1a),
    entries: entries.length,
    saved,
    total,
    truncated: saved < total,
  };
  const items: Record<string, unknown> = { [SAVED_IDS_META_KEY]: meta };
  chunks.forEach((c, i) => (items[`${CHUNK_KEY_PREFIX}${i}`] = c));
  const bytes = Object.entries(items).reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
  return { items, meta, bytes, text };
}

const fits = (plan: SyncPlan, budget: number) => plan.bytes <= budget && plan.meta.chunks + 1 <= SYNC_MAX_ITEMS;

/**
 * What to write for `ledger` within `budgetBytes`: all of it, or the entries with the newest
 * times that fit (the encoded size only grows with more entries, so binary search).
 */
export function planLedgerSync(ledger: Ledger, budgetBytes = SAVED_IDS_BUDGET_BYTES): SyncPlan {
  const all = [...ledger];
  const total = all.reduce((n, [, e]) => n + (isSavedEntry(e) ? 1 : 0), 0);
  const full = planFor(all, total);
  if (fits(full, budgetBytes)) return full;
  const newest = all.sort((a, b) => entryTime(b[1]) - entryTime(a[1]));
  let lo = 0;
  let hi = newest.length - 1; // the full ledger is known not to fit
  let best = planFor([], total);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const plan = planFor(newest.slice(0, mid), total);
    if (fits(plan, budgetBytes)) {
      best = plan;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

function chunkKeysIn(all: Record<string, unknown>): string[] {
  return Object.keys(all).filter((k) => k.startsWith(CHUNK_KEY_PREFIX));
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A header whose format version is above this build's (whatever else it holds). */
function isNewerFormat(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const version = (v as Record<string, unknown>).v;
  return typeof version === 'number' && version > SYNC_FORMAT;
}

function chunkCount(meta: Record<string, unknown>): number | null {
  return isCount(meta.chunks) && meta.chunks <= SYNC_MAX_ITEMS ? meta.chunks : null;
}

/** The chunks' texts in order, up to the first that is missing (or fails `check`). */
function wholeChunks(all: Record<string, unknown>, count: number, check: (text: string, i: number) => boolean): { text: string; complete: boolean } {
  let text = '';
  for (let i = 0; i < count; i++) {
    const chunk = all[`${CHUNK_KEY_PREFIX}${i}`];
    if (typeof chunk !== 'string' || !check(chunk, i)) return { text, complete: false };
    text += chunk;
  }
  return { text, complete: true };
}

/** Decode what storage.sync holds (as `get(null)` returned it). Never throws. */
export function readLedgerFrom(all: Record<string, unknown>): SyncReadResult {
  const empty = (format: SyncReadResult['format'], complete: boolean): SyncReadResult => ({
    format,
    ledger: new Map(),
    complete,
    truncated: false,
    text: null,
  });
  const raw = all[SAVED_IDS_META_KEY];
  if (raw === undefined) return empty(0, true);
  if (isNewerFormat(raw)) return empty('newer', false);
  if (typeof raw !== 'object' || raw === null) return empty(0, false); // damaged header
  const meta = raw as Record<string, unknown>;
  const count = chunkCount(meta);
  if (count === null) return empty(0, false);
  if (meta.v === 1) {
    // Format 1 has no sums: a missing chunk leaves a hole, and decoding across it would invent
    // wrong ids, so only chunks before the first hole are decoded, cut at a whole group.
    const got = wholeChunks(all, count, () => true);
    const text = got.complete ? got.text : got.text.slice(0, got.text.lastIndexOf(';') + 1);
    const ids = decodeIdsV1(text);
    return {
      format: 1,
      ledger: ledgerFromIdsV1(ids),
      complete: got.complete && ids.length === meta.count,
      truncated: meta.truncated === true,
      text: null,
    };
  }
  if (meta.v !== SYNC_FORMAT || !Array.isArray(meta.sums) || meta.sums.length !== count) return empty(0, false);
  const sums = meta.sums as unknown[];
  const got = wholeChunks(all, count, (text, i) => sums[i] === fnv1a(text));
  // After a bad chunk only whole groups of the good ones are read (a group may continue there).
  const text = got.complete ? got.text : got.text.slice(0, Math.max(got.text.lastIndexOf(';'), got.text.indexOf('|')) + 1);
  const { ledger, damaged } = decodeLedger(text);
  const complete = got.complete && damaged === 0 && ledger.size === meta.entries;
  return { format: 2, ledger, complete, truncated: meta.truncated === true, text: complete ? text : null };
}

export async function readLedgerFromSync(): Promise<SyncReadResult> {
  return readLedgerFrom(await browser.storage.sync.get(null));
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/**
 * Write `ledger` to storage.sync: one `set` and at most one `remove` call, nothing when it
 * already holds exactly this payload (the write-rate quota). A newer build's payload is left
 * alone. Callers merge first (background/library-sync.ts): this replaces what is stored.
 * `plan` is `planLedgerSync(ledger)` when the caller has it already.
 */
export async function writeLedgerToSync(ledger: Ledger, plan: SyncPlan = planLedgerSync(ledger)): Promise<SyncWriteResult> {
  const current = await browser.storage.sync.get(null);
  const result = { stored: plan.meta.saved, total: plan.meta.total, truncated: plan.meta.truncated, bytes: plan.bytes };
  if (isNewerFormat(current[SAVED_IDS_META_KEY])) return { ...result, stored: 0, truncated: false, bytes: 0, changed: false, newerFormat: true };
  const stale = chunkKeysIn(current).filter((k) => !(k in plan.items));
  const unchanged =
    stale.length === 0 && Object.entries(plan.items).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v));
  if (!unchanged) {
    await browser.storage.sync.set(plan.items);
    if (stale.length > 0) await browser.storage.sync.remove(stale);
  }
  return { ...result, changed: !unchanged };
}

/**
 * Call `cb` when another browser (or this one) changed the payload. Chunks may arrive in
 * separate events, so the callback should re-read and check `complete`. Returns unsubscribe.
 */
export function watchSyncedLedger(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'sync') return;
    if (Object.keys(changes).some((k) => k === SAVED_IDS_META_KEY || k.startsWith(CHUNK_KEY_PREFIX))) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
