/**
 * What the library syncs between browsers (issue 12, section 6), as a ledger of timed facts
 * per arXiv id, and the compact text it is stored as in `storage.sync`. Pure: the background's
 * storage layer (background/saved-sync.ts) and sync service (background/library-sync.ts) use it.
 *
 * Per id, three last-writer-wins registers, each with its time (epoch seconds):
 * - `saved`: saved (on) or removed (off, a tombstone) — a newer save beats an older removal
 *   and a newer removal an older save; at the same second the save wins (nothing is lost);
 * - `tags`: the paper's tag set as last edited (merged per paper by time);
 * - `notInterested`: the reader's "not interested" mark, set or cleared.
 * Never model weights (derived, rebuilt on each browser) and never notes (they stay local and
 * travel in the JSON export). An id absent from a ledger means "nothing known", never
 * "removed": a partial or truncated payload therefore cannot remove anything.
 *
 * Text format 2 (format 1, ids only, is what the first build shipped: `decodeIdsV1`):
 *
 *   <tag>,<tag>,...|<group>;<group>;...
 *   group = <prefix>:<entry>,<entry>,...      prefix "2609" or "math/0601", as in format 1
 *   entry = <gap><fields>                      gap: distance to the previous number
 *   fields: +<t> saved / -<t> removed; *<t>.<i>.<i> tags (indexes into the tag list), or
 *           ^<t>.<i>... with <t> counted from the save's time; !<t> marked / ~<t> unmarked
 *           "not interested"
 *
 * Numbers are base 62 (0-9, a-z, A-Z). Tags are percent-encoded (encodeURIComponent), so the
 * text is plain ASCII without quotes, backslashes or separators inside a tag. Times `<t>`
 * are seconds since the start of the id's own month (a paper is not saved before it
 * appeared): 4 characters within 171 days of it, 5 within 29 years. Tags are mostly set when
 * the paper is saved, so their time from the save's takes one or two characters. A realistic
 * library (a fifth tagged, a fifth saved long after it appeared) costs 9-10 bytes per paper:
 * about 9,600 papers fit the budget, and past it the newest are kept.
 */
import { parseArxivId } from './arxiv-ids';
import { cleanTags } from './tags';

export interface Stamp {
  on: boolean;
  /** Epoch seconds. */
  at: number;
}

export interface TagStamp {
  tags: string[];
  /** Epoch seconds. */
  at: number;
}

export interface LedgerEntry {
  saved?: Stamp;
  tags?: TagStamp;
  notInterested?: Stamp;
}

export type Ledger = Map<string, LedgerEntry>;

/** Epoch ms to the ledger's seconds. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

// ---------------------------------------------------------------------------
// Merge (pure, commutative, idempotent)
// ---------------------------------------------------------------------------

function newerStamp(a: Stamp | undefined, b: Stamp | undefined): Stamp | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.on ? a : b;
}

function newerTags(a: TagStamp | undefined, b: TagStamp | undefined): TagStamp | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.at !== b.at) return a.at > b.at ? a : b;
  // Same second on two browsers: any fixed choice converges; take the larger set's text.
  return a.tags.join('\n') >= b.tags.join('\n') ? a : b;
}

export function mergeEntries(a: LedgerEntry | undefined, b: LedgerEntry | undefined): LedgerEntry {
  const saved = newerStamp(a?.saved, b?.saved);
  const tags = newerTags(a?.tags, b?.tags);
  const notInterested = newerStamp(a?.notInterested, b?.notInterested);
  return { ...(saved ? { saved } : {}), ...(tags ? { tags } : {}), ...(notInterested ? { notInterested } : {}) };
}

/** Every id of both ledgers, each register the newer of the two. */
export function mergeLedgers(a: Ledger, b: Ledger): Ledger {
  const out: Ledger = new Map(a);
  for (const [id, e] of b) out.set(id, mergeEntries(out.get(id), e));
  return out;
}

/** The newest time of an entry: what "keep the newest" sorts by when the quota is full. */
export function entryTime(e: LedgerEntry): number {
  return Math.max(e.saved?.at ?? -Infinity, e.tags?.at ?? -Infinity, e.notInterested?.at ?? -Infinity);
}

export function isSavedEntry(e: LedgerEntry | undefined): boolean {
  return e?.saved?.on === true;
}

// ---------------------------------------------------------------------------
// Ids: groups of a prefix and a number (shared with format 1)
// ---------------------------------------------------------------------------

/** Split a canonical id into group prefix and number: "2609.22268" -> ["2609", 22268]. */
export function splitId(id: string): [string, number] | null {
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

/** Epoch seconds at the start of the month a group prefix names ("2609", "hep-th/9901"). */
function monthStart(prefix: string): number {
  const yymm = prefix.slice(-4);
  const yy = Number(yymm.slice(0, 2));
  const mm = Number(yymm.slice(2));
  // Old-style ids run from 1991 to 2007, new-style from 2007: two digits are unambiguous.
  const year = prefix.includes('/') && yy >= 91 ? 1900 + yy : 2000 + yy;
  return toSeconds(Date.UTC(year, Math.min(Math.max(mm, 1), 12) - 1, 1));
}

/** Format 1's ids as ledger entries: saved, at the start of their month (the earliest they can have been). */
export function ledgerFromIdsV1(ids: readonly string[]): Ledger {
  const ledger: Ledger = new Map();
  for (const id of ids) {
    const parts = splitId(id);
    if (parts) ledger.set(id, { saved: { on: true, at: monthStart(parts[0]) } });
  }
  return ledger;
}

/** Decode format 1 (ids only, as the first build wrote them); damaged parts are skipped. */
export function decodeIdsV1(text: string): string[] {
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

// ---------------------------------------------------------------------------
// Format 2 text
// ---------------------------------------------------------------------------

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGIT_VALUE = new Map([...DIGITS].map((c, i) => [c, i]));

/** A non-negative integer in base 62. */
export function toB62(n: number): string {
  let v = Math.max(0, Math.floor(n));
  let out = '';
  do {
    out = DIGITS[v % 62]! + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out;
}

/** NaN unless `s` is base-62 digits (at most 9: beyond any time or gap written here). */
export function fromB62(s: string): number {
  if (s.length === 0 || s.length > 9) return NaN;
  let v = 0;
  for (const c of s) {
    const d = DIGIT_VALUE.get(c);
    if (d === undefined) return NaN;
    v = v * 62 + d;
  }
  return v;
}

/** Encode entries (any order); ids that are not arXiv ids are skipped. */
export function encodeLedger(entries: Iterable<[string, LedgerEntry]>): string {
  const groups = new Map<string, [number, LedgerEntry][]>();
  const tagIndex = new Map<string, number>();
  for (const [id, e] of entries) {
    const parts = splitId(id);
    if (!parts) continue;
    const list = groups.get(parts[0]);
    if (list) list.push([parts[1], e]);
    else groups.set(parts[0], [[parts[1], e]]);
  }
  const out: string[] = [];
  for (const prefix of [...groups.keys()].sort()) {
    const base = monthStart(prefix);
    const rel = (at: number, from = base) => toB62(Math.floor(at) - from);
    const list = groups.get(prefix)!.sort((a, b) => a[0] - b[0]);
    let prev = 0;
    const encoded: string[] = [];
    for (const [num, e] of list) {
      if (num === prev && encoded.length > 0) continue; // a duplicate number: the first is kept
      let fields = '';
      // A time before the id's month (a wrong clock) is written as the month's start.
      const savedAt = e.saved ? Math.max(base, Math.floor(e.saved.at)) : null;
      if (e.saved) fields += `${e.saved.on ? '+' : '-'}${rel(savedAt!)}`;
      // Tags of a removed paper say nothing: a later save elsewhere brings its own.
      if (e.tags && e.saved?.on !== false) {
        const idx = e.tags.tags.map((t) => {
          let i = tagIndex.get(t);
          if (i === undefined) tagIndex.set(t, (i = tagIndex.size));
          return `.${toB62(i)}`;
        });
        const at = Math.max(base, Math.floor(e.tags.at));
        fields += savedAt !== null && at >= savedAt ? `^${rel(at, savedAt)}` : `*${rel(at)}`;
        fields += idx.join('');
      }
      if (e.notInterested) fields += `${e.notInterested.on ? '!' : '~'}${rel(Math.max(base, e.notInterested.at))}`;
      if (fields === '') continue;
      encoded.push(`${toB62(num - prev)}${fields}`);
      prev = num;
    }
    if (encoded.length > 0) out.push(`${prefix}:${encoded.join(',')}`);
  }
  const dict = [...tagIndex.keys()].map((t) => encodeURIComponent(t)).join(',');
  return `${dict}|${out.join(';')}`;
}

const ENTRY_RE = /^([0-9a-zA-Z]+)((?:[-+*^!~][0-9a-zA-Z]+(?:\.[0-9a-zA-Z]+)*)+)$/;
const FIELD_RE = /([-+*^!~])([0-9a-zA-Z]+)((?:\.[0-9a-zA-Z]+)*)/g;

/**
 * Decode what `encodeLedger` wrote. Damaged parts are skipped, never thrown on: an unreadable
 * entry ends its group (later gaps would name wrong ids), an unknown tag index drops that tag
 * set. `damaged` counts what was skipped.
 */
export function decodeLedger(text: string): { ledger: Ledger; damaged: number } {
  const ledger: Ledger = new Map();
  let damaged = 0;
  const bar = text.indexOf('|');
  if (bar < 0) return { ledger, damaged: text === '' ? 0 : 1 };
  const dict: (string | null)[] = [];
  if (bar > 0) {
    for (const raw of text.slice(0, bar).split(',')) {
      let tag: string | null = null;
      try {
        tag = cleanTags([decodeURIComponent(raw)])[0] ?? null;
      } catch {
        damaged++;
      }
      dict.push(tag);
    }
  }
  for (const group of text.slice(bar + 1).split(';')) {
    if (group === '') continue;
    const colon = group.indexOf(':');
    const prefix = colon > 0 ? group.slice(0, colon) : '';
    if (!prefix || !parseArxivId(joinId(prefix, 1))) {
      damaged++;
      continue;
    }
    const base = monthStart(prefix);
    let n = 0;
    for (const raw of group.slice(colon + 1).split(',')) {
      const m = ENTRY_RE.exec(raw);
      if (!m) {
        damaged++;
        break; // the rest of this group is unreliable
      }
      n += fromB62(m[1]!);
      const id = parseArxivId(joinId(prefix, n))?.id;
      if (!id) {
        damaged++;
        break;
      }
      const entry: LedgerEntry = {};
      for (const f of m[2]!.matchAll(FIELD_RE)) {
        const kind = f[1]!;
        // `^`: counted from the save's time (the encoder writes `+`/`-` before it).
        const at = (kind === '^' ? (entry.saved?.at ?? base) : base) + fromB62(f[2]!);
        if (kind === '+' || kind === '-') entry.saved = { on: kind === '+', at };
        else if (kind === '!' || kind === '~') entry.notInterested = { on: kind === '!', at };
        else {
          const idx = f[3] ? f[3].slice(1).split('.') : [];
          const tags = idx.map((i) => dict[fromB62(i)]);
          if (tags.every((t): t is string => typeof t === 'string')) entry.tags = { tags: cleanTags(tags), at };
          else damaged++;
        }
      }
      ledger.set(id, mergeEntries(ledger.get(id), entry));
    }
  }
  return { ledger, damaged };
}
