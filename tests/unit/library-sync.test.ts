/**
 * Two "browsers" sharing one storage.sync (fake-browser's): each its own database and its own
 * storage.local, both running the real library service and sync (background/library-sync.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSaved } from '../../background/db/library';
import { toSavedRow } from '../../utils/saved-paper';
import { setNotInterested } from '../../background/db/seen';
import { openPithDb, type PithDb } from '../../background/db/schema';
import { createLibraryService, type LibraryService } from '../../background/library-service';
import type { LocalArea } from '../../background/library-sync';
import { readLedgerFromSync, writeLedgerToSync } from '../../background/saved-sync';
import { syncStatusText, isSyncStatus, SYNC_STATUS_KEY } from '../../utils/sync-status';
import { toSeconds } from '../../utils/sync-ledger';
import { REAL_META, StubMetadata, snapshot, until } from '../helpers/library-stubs';

const HIGGS = REAL_META.get('1207.7214')!;
const COMIC = REAL_META.get('2508.16190')!;
const OLD = REAL_META.get('1601.00001')!;
const T0 = Date.UTC(2026, 10, 20, 12);

/** A storage.local of one "browser" (values cloned, as storage does). */
function memoryArea(): LocalArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(key) {
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
    },
  };
}

interface FakeBrowser {
  db: PithDb;
  local: ReturnType<typeof memoryArea>;
  metadata: StubMetadata;
  library: LibraryService;
  changes: { added: string[]; removed: string[] }[];
  labels: { ids: string[]; on: boolean }[];
  ids(): Promise<string[]>;
}

const open: FakeBrowser[] = [];

function newBrowser(): FakeBrowser {
  const db = openPithDb(`sync-${Math.random().toString(36).slice(2)}`);
  const local = memoryArea();
  const metadata = new StubMetadata();
  const changes: FakeBrowser['changes'] = [];
  const labels: FakeBrowser['labels'] = [];
  const library = createLibraryService(
    db,
    metadata,
    (added, removed) => changes.push({ added, removed }),
    (ids, on) => labels.push({ ids, on }),
    local,
  );
  const b = { db, local, metadata, library, changes, labels, ids: async () => (await library.ids()).sort() };
  open.push(b);
  return b;
}

/** Let the bookkeeping a change queued (tombstones, tag times) run, then sync now. */
const sync = (b: FakeBrowser, reason: 'local' | 'remote' | 'start' = 'local') => b.library.syncNow(reason);

function at(ms: number) {
  vi.setSystemTime(ms);
}

afterEach(async () => {
  vi.clearAllTimers();
  vi.useRealTimers();
  for (const b of open.splice(0)) {
    b.db.close();
    await b.db.delete();
  }
});

/** A settable clock; the sync's 2 s timers are fake too, so none outlives its test. */
function useClock() {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  at(T0);
}
beforeEach(useClock);

describe('sync between two browsers', () => {
  it('save on A appears on B with its tags and save time; the note stays on A', async () => {
    const a = newBrowser();
    const b = newBrowser();
    const { savedAt: _, ...higgs } = snapshot(HIGGS, 0);
    await a.library.put({ ...higgs, tags: ['physics', '<b>HTML</b> tag'], note: 'private note' });
    expect((await sync(a)).written).toBe(true);
    const out = await sync(b, 'remote');
    expect(out).toMatchObject({ format: 2, complete: true, added: ['1207.7214'] });
    const row = (await getSaved(b.db, '1207.7214'))!;
    expect(row.tags).toEqual(['physics', '<b>HTML</b> tag']);
    expect(row.note).toBeUndefined();
    expect(row.savedAt).toBe(toSeconds(T0) * 1000);
    expect(row.abstract).toBe(HIGGS.abstract);
    expect(b.changes).toContainEqual({ added: ['1207.7214'], removed: [] });
    // Nothing more to say: B's merge equals the payload, no write is spent.
    expect((await sync(b)).written).toBe(false);
  });

  it('a sync that finds nothing new writes nothing to storage.local (each write is a change event everywhere)', async () => {
    const a = newBrowser();
    const b = newBrowser();
    const { savedAt: _, ...higgs } = snapshot(HIGGS, 0);
    await a.library.put({ ...higgs, tags: ['physics'] });
    await sync(a);
    await sync(b, 'remote');
    for (const x of [a, b]) {
      const writes: string[] = [];
      const set = x.local.set.bind(x.local);
      x.local.set = async (items) => {
        writes.push(...Object.keys(items));
        return set(items);
      };
      at(T0 + 60_000);
      for (const reason of ['start', 'remote', 'local'] as const) await sync(x, reason);
      expect(writes).toEqual([]);
      // A change still writes its times and, after the sync, the status.
      x.local.set = set;
    }
    await b.library.remove(HIGGS.id);
    await sync(b);
    expect(Object.keys(b.local.data.removedIds as object)).toEqual([HIGGS.id]);
    expect(isSyncStatus(b.local.data[SYNC_STATUS_KEY])).toBe(true);
  });

  it('remove on B removes on A (tombstone with time); a save on A after it wins back', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await a.library.restore(snapshot(HIGGS, T0));
    await a.library.restore(snapshot(COMIC, T0));
    await sync(a);
    await sync(b, 'remote');
    expect(await b.ids()).toEqual(['1207.7214', '2508.16190']);

    at(T0 + 60_000);
    await b.library.remove('1207.7214');
    await sync(b);
    const onA = await sync(a, 'remote');
    expect(onA.removed).toEqual(['1207.7214']);
    expect(await a.ids()).toEqual(['2508.16190']);
    expect((a.local.data.removedIds as Record<string, number>)['1207.7214']).toBe(toSeconds(T0 + 60_000) * 1000);
    expect(a.changes).toContainEqual({ added: [], removed: ['1207.7214'] });

    // Saved again on A later: the newer save beats the older removal, on both.
    at(T0 + 120_000);
    const { savedAt: _, ...higgs } = snapshot(HIGGS, 0);
    await a.library.put(higgs);
    await sync(a);
    expect((await sync(b, 'remote')).added).toEqual(['1207.7214']);
    expect(await b.ids()).toEqual(['1207.7214', '2508.16190']);
  });

  it('undo of a removal (restore with the old savedAt) is newer than the removal', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await a.library.restore(snapshot(COMIC, T0 - 86_400_000));
    await sync(a);
    await sync(b, 'remote');
    at(T0);
    const removed = (await a.library.remove('2508.16190')).removed!;
    await sync(a);
    at(T0 + 5_000);
    await a.library.restore(removed);
    await sync(a);
    await sync(b, 'remote');
    expect(await a.ids()).toEqual(['2508.16190']);
    expect(await b.ids()).toEqual(['2508.16190']);
    expect((await getSaved(a.db, '2508.16190'))!.savedAt).toBe(T0 - 86_400_000);
  });

  it('concurrent save and removal: the later one wins on both, whichever syncs first', async () => {
    for (const order of ['A first', 'B first'] as const) {
      for (const later of ['save', 'removal'] as const) {
        useClock();
        await browser.storage.sync.clear(); // each case starts from an empty sync area
        const a = newBrowser();
        const b = newBrowser();
        await b.library.restore(snapshot(OLD, T0 - 10_000));
        await sync(b);
        await sync(a, 'remote'); // both have it
        // Offline, B removes it and A removes and saves it again (undo), at the times of the case.
        const tRemove = later === 'removal' ? T0 + 20_000 : T0 + 10_000;
        const tSave = later === 'save' ? T0 + 20_000 : T0 + 10_000;
        at(tRemove);
        await b.library.remove('1601.00001');
        at(tSave - 1_000);
        const gone = (await a.library.remove('1601.00001')).removed!;
        at(tSave);
        await a.library.restore(gone);
        at(T0 + 30_000);
        const [first, second] = order === 'A first' ? [a, b] : [b, a];
        await sync(first);
        await sync(second, 'remote');
        await sync(first, 'remote');
        await sync(second, 'remote');
        const expected = later === 'save' ? ['1601.00001'] : [];
        expect({ order, later, a: await a.ids(), b: await b.ids() }).toEqual({ order, later, a: expected, b: expected });
        vi.clearAllTimers();
      }
    }
  });

  it('tag edits merge per paper by time', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await a.library.restore({ ...snapshot(HIGGS, T0), tags: ['one'] });
    await a.library.restore({ ...snapshot(COMIC, T0), tags: ['two'] });
    await sync(a);
    await sync(b, 'remote');
    // Offline, A re-tags HIGGS at +10 s and B re-tags HIGGS at +20 s and COMIC at +5 s.
    at(T0 + 5_000);
    await b.library.update({ id: '2508.16190', tags: ['comics'], note: 'B only' });
    at(T0 + 10_000);
    await a.library.update({ id: '1207.7214', tags: ['physics'] });
    await a.library.update({ id: '2508.16190', note: 'A only' }); // a note edit is not a tag edit
    at(T0 + 20_000);
    await b.library.update({ id: '1207.7214', tags: ['higgs', 'cern'] });
    await sync(a);
    await sync(b, 'remote');
    await sync(a, 'remote');
    for (const x of [a, b]) {
      expect((await getSaved(x.db, '1207.7214'))!.tags).toEqual(['higgs', 'cern']);
      expect((await getSaved(x.db, '2508.16190'))!.tags).toEqual(['comics']);
    }
    expect((await getSaved(a.db, '2508.16190'))!.note).toBe('A only');
    expect((await getSaved(b.db, '2508.16190'))!.note).toBe('B only');
    // Clearing every tag is an edit too.
    at(T0 + 30_000);
    await a.library.update({ id: '1207.7214', tags: [] });
    await sync(a);
    await sync(b, 'remote');
    expect((await getSaved(b.db, '1207.7214'))!.tags ?? []).toEqual([]);
  });

  it('"not interested" marks sync, set and cleared, and reach the relevance model', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await setNotInterested(a.db, '2509.00001', true, T0);
    await a.library.labelChanged('2509.00001', true);
    await sync(a);
    await sync(b, 'remote');
    expect((await b.db.labels.get('2509.00001'))?.at).toBe(toSeconds(T0) * 1000);
    expect(b.labels).toEqual([{ ids: ['2509.00001'], on: true }]);
    at(T0 + 60_000);
    await setNotInterested(a.db, '2509.00001', false);
    await a.library.labelChanged('2509.00001', false);
    await sync(a);
    await sync(b, 'remote');
    expect(await b.db.labels.get('2509.00001')).toBeUndefined();
    expect(b.labels.at(-1)).toEqual({ ids: ['2509.00001'], on: false });
  });

  it('local changes are synced 2 s later, coalesced into one write', async () => {
    const a = newBrowser();
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    await a.library.restore(snapshot(HIGGS, T0));
    await a.library.restore(snapshot(COMIC, T0));
    await a.library.update({ id: '2508.16190', tags: ['x'] });
    expect(set).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_100);
    await until('written', async () => (await readLedgerFromSync()).ledger.size === 2);
    expect(set).toHaveBeenCalledTimes(1);
    expect((await readLedgerFromSync()).ledger.get('2508.16190')?.tags?.tags).toEqual(['x']);
  });

  it('startSync syncs at once and again when another browser writes', async () => {
    const a = newBrowser();
    const b = newBrowser();
    const stop = b.library.startSync();
    await a.library.restore(snapshot(COMIC, Date.now()));
    await sync(a);
    await until('B pulled', async () => (await b.ids()).includes('2508.16190'));
    stop();
  });
});

describe('sync never loses the library', () => {
  /** B has three papers; the payload (written "by A") says all three were removed later. */
  async function removalPayload(b: FakeBrowser) {
    await b.library.restore(snapshot(HIGGS, T0));
    await b.library.restore(snapshot(COMIC, T0));
    await b.library.restore(snapshot(OLD, T0));
    const later = toSeconds(T0) + 3_600;
    const ledger = new Map(['1207.7214', '2508.16190', '1601.00001'].map((id) => [id, { saved: { on: false, at: later } }]));
    // Filler, so the payload has several chunks.
    for (let i = 1; i <= 4_000; i++) ledger.set(`2510.${String(i * 3).padStart(5, '0')}`, { saved: { on: true, at: later } });
    await writeLedgerToSync(ledger);
    return browser.storage.sync.get(null);
  }

  it('a corrupt or missing chunk removes nothing here; once whole, the removals apply', async () => {
    const b = newBrowser();
    const good = await removalPayload(b);
    const chunks = Object.keys(good).filter((k) => k.startsWith('savedIds.'));
    expect(chunks.length).toBeGreaterThan(2);
    await browser.storage.sync.set({ 'savedIds.0': (good['savedIds.0'] as string).slice(0, -3) + 'zzz' });
    expect(await sync(b, 'remote')).toMatchObject({ complete: false, removed: [], written: false });
    await browser.storage.sync.remove(chunks.at(-1)!);
    await browser.storage.sync.set({ 'savedIds.0': good['savedIds.0'] });
    expect(await sync(b, 'remote')).toMatchObject({ complete: false, removed: [], written: false });
    expect(await b.ids()).toEqual(['1207.7214', '1601.00001', '2508.16190']);
    await browser.storage.sync.set(good);
    expect((await sync(b, 'remote')).removed.sort()).toEqual(['1207.7214', '1601.00001', '2508.16190']);
  });

  it('a garbage header removes nothing, and the next local sync repairs the payload', async () => {
    const b = newBrowser();
    await b.library.restore(snapshot(COMIC, T0));
    await browser.storage.sync.set({ savedIds: 'garbage', 'savedIds.0': '\u0000\u0001' });
    expect(await sync(b, 'remote')).toMatchObject({ complete: false, removed: [], written: false });
    expect(await b.ids()).toEqual(['2508.16190']);
    expect((await sync(b, 'local')).written).toBe(true);
    const read = await readLedgerFromSync();
    expect(read).toMatchObject({ format: 2, complete: true });
    expect([...read.ledger.keys()]).toEqual(['2508.16190']);
  });

  it('reads the shipped format 1 (ids only), honours its tombstones, rewrites it as format 2', async () => {
    const b = newBrowser();
    await b.library.restore(snapshot(OLD, T0));
    // What the shipped build left: its tombstone (epoch ms) and a format-1 payload of three ids.
    await b.local.set({ removedIds: { '1207.7214': T0 - 1_000 } });
    await browser.storage.sync.set({
      savedIds: { v: 1, chunks: 1, count: 2, total: 2, truncated: false },
      'savedIds.0': '1207:5ke;2508:chq',
    });
    const out = await sync(b, 'start');
    expect(out).toMatchObject({ format: 1, complete: true, added: ['2508.16190'], written: true });
    expect(await b.ids()).toEqual(['1601.00001', '2508.16190']);
    const now = await readLedgerFromSync();
    expect(now).toMatchObject({ format: 2, complete: true });
    expect(now.ledger.get('1207.7214')?.saved?.on).toBe(false);
    expect(now.ledger.get('2508.16190')?.saved?.on).toBe(true);
    expect(now.ledger.get('1601.00001')?.saved?.on).toBe(true);
  });

  it('a newer build\'s payload is left alone and reported; the library is unchanged', async () => {
    const b = newBrowser();
    await b.library.restore(snapshot(OLD, T0));
    const newer = { savedIds: { v: 3, chunks: 1 }, 'savedIds.0': 'v3 things' };
    await browser.storage.sync.set(newer);
    for (const reason of ['start', 'local', 'remote'] as const) expect(await sync(b, reason)).toMatchObject({ format: 'newer', written: false });
    expect(await browser.storage.sync.get(null)).toEqual(newer);
    expect(await b.ids()).toEqual(['1601.00001']);
    const status = b.local.data[SYNC_STATUS_KEY];
    expect(isSyncStatus(status) && status.newerFormat).toBe(true);
    expect(syncStatusText(isSyncStatus(status) ? status : null)).toMatch(/^Sync is paused: a newer version/);
  });

  it('a save that cannot be fetched now stays in the payload for the next try', async () => {
    const b = newBrowser();
    await writeLedgerToSync(new Map([['2509.99999', { saved: { on: true, at: toSeconds(T0) } }]]));
    await b.library.restore(snapshot(COMIC, T0));
    expect(await sync(b, 'local')).toMatchObject({ added: [], written: true });
    expect((await readLedgerFromSync()).ledger.get('2509.99999')?.saved?.on).toBe(true);
    expect(b.metadata.calls).toEqual([{ ids: ['2509.99999'], priority: 'prefetch' }]);
  });

  it('a full quota keeps the newest and says so in the sync status', async () => {
    const b = newBrowser();
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      ...snapshot(COMIC, T0 - i * 60_000),
      id: `${2401 + Math.floor(i / 2_000)}.${String(1 + ((i * 7) % 2_000) * 9).padStart(5, '0')}`,
    }));
    await b.db.saved.bulkPut(rows.map(toSavedRow));
    const out = await sync(b, 'local');
    expect(out.written).toBe(true);
    const status = b.local.data[SYNC_STATUS_KEY];
    expect(isSyncStatus(status)).toBe(true);
    if (!isSyncStatus(status)) return;
    expect(status).toMatchObject({ truncated: true, total: 12_000, newerFormat: false });
    expect(status.stored).toBeGreaterThan(5_000);
    expect(status.stored).toBeLessThan(12_000);
    expect(syncStatusText(status)).toContain(`the newest ${status.stored.toLocaleString('en')} of 12,000`);
    // The newest saves are the ones kept.
    const kept = (await readLedgerFromSync()).ledger;
    expect(kept.has(rows[0]!.id)).toBe(true);
    expect(kept.has(rows.at(-1)!.id)).toBe(false);
    console.log(`[library-sync] 12,000 saved: the newest ${status.stored} synced`);
  }, 60_000);
});
