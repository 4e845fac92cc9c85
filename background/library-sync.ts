/**
 * Sync of the library between browsers (issue 12, section 6), in the background: this
 * browser's ledger (utils/sync-ledger.ts) is built from the database and a few times kept in
 * storage.local, merged with the one in storage.sync, the registers the other side won are
 * applied here, and the merged ledger is written back when it says more than what is stored.
 * Every browser doing the same converges: the merge is commutative and idempotent.
 *
 * Nothing is lost: an id absent from storage.sync means nothing; a removal is applied only
 * from a complete, checked payload; a save that cannot be fetched now stays in the merged
 * payload for the next try; a newer build's payload is neither read nor overwritten.
 *
 * Kept in storage.local (never synced):
 * - `removedIds`: id -> epoch ms of its removal here (the shipped build's tombstones, same key);
 * - `syncTimes`: `resaved` (a paper removed and then saved again here: when), `tagsAt` (last
 *   tag edit here or applied from sync), `unmarked` ("not interested" cleared: when).
 */
import { browser } from 'wxt/browser';
import { removeSaved, savePaper, updateSaved } from './db/library';
import { setNotInterested } from './db/seen';
import type { PithDb } from './db/schema';
import type { MetadataService } from './metadata-service';
import { planLedgerSync, readLedgerFromSync, watchSyncedLedger, writeLedgerToSync, type SyncReadResult } from './saved-sync';
import { extractTagline } from '@/utils/tagline';
import { SYNC_STATUS_KEY, type SyncStatus } from '@/utils/sync-status';
import { mergeLedgers, toSeconds, type Ledger, type LedgerEntry, type Stamp, type TagStamp } from '@/utils/sync-ledger';

const TOMBSTONES_KEY = 'removedIds';
const SYNC_TIMES_KEY = 'syncTimes';
/** Newest entries kept per map (tombstones as the shipped build kept them). */
const TOMBSTONES_MAX = 5_000;
const TIMES_MAX = 20_000;
/** Local changes within this pause are synced with one write (storage.sync's write-rate quota). */
const LOCAL_DELAY_MS = 2_000;

type TimeMap = Record<string, number>;
interface SyncTimes {
  resaved: TimeMap;
  tagsAt: TimeMap;
  unmarked: TimeMap;
}

/**
 * Where the times above live: storage.local, or (tests: two "browsers" sharing one sync area)
 * any area with `get` and `set`. The raw area rather than `wxt/utils/storage` items, so that
 * it can be handed in.
 */
export interface LocalArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** A stored id -> time map, whatever another build or devtools left there. */
function timeMap(raw: unknown): TimeMap {
  const out: TimeMap = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

function newest(map: TimeMap, max: number): TimeMap {
  const entries = Object.entries(map);
  return entries.length <= max ? map : Object.fromEntries(entries.sort(([, a], [, b]) => b - a).slice(0, max));
}

async function readTombstones(area: LocalArea): Promise<TimeMap> {
  return timeMap((await area.get(TOMBSTONES_KEY))[TOMBSTONES_KEY]);
}

async function readTimes(area: LocalArea): Promise<SyncTimes> {
  const raw = (await area.get(SYNC_TIMES_KEY))[SYNC_TIMES_KEY] as Record<string, unknown> | undefined;
  return { resaved: timeMap(raw?.resaved), tagsAt: timeMap(raw?.tagsAt), unmarked: timeMap(raw?.unmarked) };
}

/** This browser's ledger: the library, its tombstones, the tag edit times and the labels. */
async function localLedger(db: PithDb, tombstones: TimeMap, times: SyncTimes): Promise<Ledger> {
  const ledger: Ledger = new Map();
  for (const [id, at] of Object.entries(tombstones)) ledger.set(id, { saved: { on: false, at: toSeconds(at) } });
  await db.saved.each((row) => {
    const e: LedgerEntry = { saved: { on: true, at: toSeconds(Math.max(row.savedAt, times.resaved[row.id] ?? 0)) } };
    const tagsAt = times.tagsAt[row.id];
    if ((row.tags?.length ?? 0) > 0 || tagsAt !== undefined) e.tags = { tags: [...(row.tags ?? [])], at: toSeconds(tagsAt ?? row.savedAt) };
    ledger.set(row.id, e);
  });
  const mark = (id: string, notInterested: Stamp) => ledger.set(id, { ...ledger.get(id), notInterested });
  for (const [id, at] of Object.entries(times.unmarked)) mark(id, { on: false, at: toSeconds(at) });
  for (const l of await db.labels.toArray()) if (l.label === 'not-interested') mark(l.id, { on: true, at: toSeconds(l.at) });
  return ledger;
}

const sameStamp = (a: Stamp | undefined, b: Stamp | undefined) => a?.on === b?.on && a?.at === b?.at;
const sameTags = (a: TagStamp | undefined, b: TagStamp | undefined) =>
  a?.at === b?.at && (a?.tags ?? []).join('\n') === (b?.tags ?? []).join('\n');

export type SyncReason = 'start' | 'local' | 'remote';

export interface SyncOutcome {
  format: SyncReadResult['format'];
  complete: boolean;
  added: string[];
  removed: string[];
  retagged: string[];
  labelled: string[];
  written: boolean;
}

export interface LibrarySyncDeps {
  db: PithDb;
  metadata: MetadataService;
  /** Papers saved / removed / re-tagged here because another browser did. */
  onLibrary: (added: string[], removed: string[]) => void;
  /** "Not interested" marks set or cleared here because another browser did. */
  onLabels: (ids: string[], on: boolean) => void;
  /** storage.local unless given. */
  localArea?: LocalArea;
}

export interface LibrarySync {
  /** The library changed here: keep the times sync needs, then sync after a short pause. */
  libraryChanged(change: { added?: readonly string[]; removed?: readonly string[]; retagged?: readonly string[] }): Promise<void>;
  /**
   * Make a change and keep its times in one turn of the sync queue. A sync step that ran
   * between a removal's delete and its tombstone saw neither, and saved the paper back from
   * the payload (an undo likewise lost to an older tombstone). `write` says what it changed.
   */
  change<T>(write: () => Promise<{ result: T; added?: readonly string[]; removed?: readonly string[] }>): Promise<T>;
  /** "Not interested" set or cleared here. */
  labelChanged(id: string, on: boolean): Promise<void>;
  /** Merge with storage.sync now (serialised with every other sync step). */
  syncNow(reason: SyncReason): Promise<SyncOutcome>;
  /** Sync once now and whenever storage.sync's payload changes; returns unsubscribe. */
  start(): () => void;
}

export function createLibrarySync({ db, metadata, onLibrary, onLabels, localArea }: LibrarySyncDeps): LibrarySync {
  const area: LocalArea = localArea ?? browser.storage.local;
  /**
   * What the settings page shows (utils/sync-status.ts); a failed write is not fatal. Written
   * only when it says something new: every storage write is a change event in every extension
   * context, and a sync runs at each wake of Firefox's event page (in a Firefox test it woke
   * once a second, and each wake wrote three keys that said the same as before).
   */
  const recordStatus = async (status: Omit<SyncStatus, 'at'>): Promise<void> => {
    try {
      const stored = (await area.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY] as Partial<SyncStatus> | undefined;
      const same = stored && (Object.keys(status) as (keyof typeof status)[]).every((k) => stored[k] === status[k]);
      if (!same) await area.set({ [SYNC_STATUS_KEY]: { ...status, at: Date.now() } satisfies SyncStatus });
    } catch {
      // Not fatal: the settings page says nothing, or what it said before.
    }
  };
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = chain.catch(() => undefined).then(op);
    chain = next;
    return next;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void sync.syncNow('local').catch((error) => console.warn('[arXiv Pith] could not sync the library:', error));
    }, LOCAL_DELAY_MS);
  };

  const changeTimes = async (change: (tombstones: TimeMap, times: SyncTimes) => void) => {
    const tombstones = await readTombstones(area);
    const times = await readTimes(area);
    const before = JSON.stringify([tombstones, times]);
    change(tombstones, times);
    // Unchanged (a sync that applied nothing): no write, no change event (see recordStatus).
    if (JSON.stringify([tombstones, times]) === before) return;
    await area.set({
      [TOMBSTONES_KEY]: newest(tombstones, TOMBSTONES_MAX),
      [SYNC_TIMES_KEY]: {
        resaved: newest(times.resaved, TIMES_MAX),
        tagsAt: newest(times.tagsAt, TIMES_MAX),
        unmarked: newest(times.unmarked, TIMES_MAX),
      },
    });
  };

  async function apply(merged: Ledger, local: Ledger, complete: boolean): Promise<Omit<SyncOutcome, 'format' | 'complete' | 'written'>> {
    const toAdd: string[] = [];
    const toRemove: string[] = [];
    const toRetag: string[] = [];
    const toMark: string[] = [];
    for (const [id, m] of merged) {
      const l = local.get(id);
      const savedHere = l?.saved?.on === true;
      if (m.saved?.on && !savedHere) toAdd.push(id);
      else if (m.saved?.on === false && savedHere) {
        // A removal is applied only from a complete payload: a partial one may lack the later save.
        if (complete) toRemove.push(id);
      } else if (savedHere && m.tags && !sameTags(m.tags, l?.tags)) toRetag.push(id);
      if (m.notInterested && !sameStamp(m.notInterested, l?.notInterested)) toMark.push(id);
    }
    const added: string[] = [];
    if (toAdd.length > 0) {
      const { papers } = await metadata.get(toAdd, 'prefetch');
      for (const id of toAdd) {
        const meta = papers[id];
        if (!meta) continue; // kept in the merged payload, fetched again on the next sync
        const m = merged.get(id)!;
        const tags = m.tags?.tags ?? [];
        await savePaper(db, {
          ...meta,
          tagline: extractTagline({ title: meta.title, abstract: meta.abstract }),
          theorems: null,
          figureCount: null,
          firstFigure: null,
          statements: null,
          savedAt: m.saved!.at * 1000,
          ...(tags.length > 0 ? { tags } : {}),
        });
        added.push(id);
      }
    }
    const removed: string[] = [];
    for (const id of toRemove) if (await removeSaved(db, id)) removed.push(id);
    const retagged: string[] = [];
    for (const id of toRetag) if (await updateSaved(db, id, { tags: merged.get(id)!.tags!.tags })) retagged.push(id);
    const marks = { on: [] as string[], off: [] as string[] };
    for (const id of toMark) {
      const s = merged.get(id)!.notInterested!;
      await setNotInterested(db, id, s.on, s.at * 1000);
      marks[s.on ? 'on' : 'off'].push(id);
    }
    await changeTimes((tombstones, times) => {
      for (const id of added) {
        delete tombstones[id];
        delete times.resaved[id];
        const t = merged.get(id)!.tags;
        if (t) times.tagsAt[id] = t.at * 1000;
      }
      for (const id of removed) {
        tombstones[id] = merged.get(id)!.saved!.at * 1000;
        delete times.tagsAt[id];
        delete times.resaved[id];
      }
      for (const id of retagged) times.tagsAt[id] = merged.get(id)!.tags!.at * 1000;
      for (const id of marks.off) times.unmarked[id] = merged.get(id)!.notInterested!.at * 1000;
      for (const id of marks.on) delete times.unmarked[id];
    });
    if (added.length + removed.length + retagged.length > 0) onLibrary([...added, ...retagged], removed);
    if (marks.on.length > 0) onLabels(marks.on, true);
    if (marks.off.length > 0) onLabels(marks.off, false);
    return { added, removed, retagged, labelled: [...marks.on, ...marks.off] };
  }

  /** Keep the times sync needs for a change made here at `now` (runs inside `serial`). */
  const recordTimes = (now: number, added: readonly string[], removed: readonly string[], retagged: readonly string[]) =>
    changeTimes((tombstones, times) => {
      for (const id of added) {
        // Saved again after a removal: the save is newer than that tombstone, wherever it went.
        if (id in tombstones) times.resaved[id] = now;
        delete tombstones[id];
      }
      for (const id of retagged) times.tagsAt[id] = now;
      for (const id of removed) {
        tombstones[id] = now;
        delete times.resaved[id];
        delete times.tagsAt[id];
      }
    });

  const sync: LibrarySync = {
    change: (write) =>
      serial(async () => {
        const { result, added = [], removed = [] } = await write();
        if (added.length + removed.length > 0) {
          await recordTimes(Date.now(), added, removed, []);
          schedule();
        }
        return result;
      }),
    libraryChanged: ({ added = [], removed = [], retagged = [] }) => {
      // The time of the change, not of its turn in the queue.
      const now = Date.now();
      return serial(async () => {
        await recordTimes(now, added, removed, retagged);
        schedule();
      });
    },
    labelChanged: (id, on) => {
      const now = Date.now();
      return serial(async () => {
        await changeTimes((_, times) => {
          if (on) delete times.unmarked[id];
          else times.unmarked[id] = now;
        });
        schedule();
      });
    },
    syncNow: (reason) =>
      serial(async () => {
        const remote = await readLedgerFromSync();
        const none = { added: [], removed: [], retagged: [], labelled: [] };
        if (remote.format === 'newer') {
          console.warn('[arXiv Pith] the synced library was written by a newer version; left as it is.');
          await recordStatus({ stored: 0, total: await db.saved.count(), truncated: false, newerFormat: true });
          return { format: remote.format, complete: false, ...none, written: false };
        }
        const local = await localLedger(db, await readTombstones(area), await readTimes(area));
        const merged = mergeLedgers(local, remote.ledger);
        const changes = await apply(merged, local, remote.complete);
        // A partial delivery may be completed by the next change event: wait for it rather
        // than overwrite it. Otherwise write what the merge knows beyond what is stored.
        let written = false;
        if (remote.complete || reason !== 'remote') {
          const plan = planLedgerSync(merged);
          // Nothing stored and nothing to say (a fresh profile): no write spent on an empty payload.
          const nothing = remote.format === 0 && remote.complete && merged.size === 0;
          if (plan.text !== remote.text && !nothing) {
            const r = await writeLedgerToSync(merged, plan);
            written = r.changed;
            await recordStatus({ stored: r.stored, total: r.total, truncated: r.truncated, newerFormat: r.newerFormat === true });
          } else {
            await recordStatus({ stored: plan.meta.saved, total: plan.meta.total, truncated: plan.meta.truncated, newerFormat: false });
          }
        }
        return { format: remote.format, complete: remote.complete, ...changes, written };
      }),
    start() {
      void sync.syncNow('start').catch((error) => console.warn('[arXiv Pith] sync failed:', error));
      return watchSyncedLedger(() => void sync.syncNow('remote').catch(() => undefined));
    },
  };
  return sync;
}
