import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSaved, savePaper } from '../../background/db/library';
import { openPithDb, type PithDb } from '../../background/db/schema';
import { createLibraryService, type LibraryService } from '../../background/library-service';
import { exportLibraryJson } from '../../utils/library-io';
import { REAL_META, StubMetadata, snapshot, until } from '../helpers/library-stubs';
import { extractTagline } from '../../utils/tagline';

const HIGGS = REAL_META.get('1207.7214')!;
const COMIC = REAL_META.get('2508.16190')!;
const OLD = REAL_META.get('1601.00001')!;

async function tombstones(): Promise<Record<string, number>> {
  return ((await browser.storage.local.get('removedIds'))['removedIds'] as Record<string, number> | undefined) ?? {};
}

let db: PithDb;
let metadata: StubMetadata;
let service: LibraryService;
const tabMessages: unknown[] = [];

beforeEach(() => {
  db = openPithDb(`test-${Math.random().toString(36).slice(2)}`);
  metadata = new StubMetadata();
  service = createLibraryService(db, metadata);
  tabMessages.length = 0;
  // fake-browser has tabs.query (one default tab) but no tabs.sendMessage: record broadcasts.
  fakeBrowser.tabs.sendMessage = vi.fn(async (_tabId: number, message: unknown) => {
    tabMessages.push(message);
    return undefined;
  }) as unknown as typeof fakeBrowser.tabs.sendMessage;
});

afterEach(async () => {
  // Drop pending sync-mirror timers so they cannot write into the next test's storage.
  vi.clearAllTimers();
  vi.useRealTimers();
  db.close();
  await db.delete();
});

describe('library service: save, remove, restore', () => {
  it('put stamps savedAt, keeps it on re-save, and lists ids newest first', async () => {
    const { savedAt: _a, ...higgs } = snapshot(HIGGS, 0);
    const { savedAt: _b, ...comic } = snapshot(COMIC, 0);
    const { savedAt: _c, ...old } = snapshot(OLD, 0);
    const before = Date.now();
    await expect(service.put(higgs)).resolves.toEqual({ ok: true });
    const first = (await getSaved(db, '1207.7214'))!.savedAt;
    expect(first).toBeGreaterThanOrEqual(before);
    await new Promise((r) => setTimeout(r, 5));
    await service.put(comic);
    await new Promise((r) => setTimeout(r, 5));
    await service.put(old);
    expect(await service.ids()).toEqual(['1601.00001', '2508.16190', '1207.7214']);

    // Re-saving (e.g. with a fresher snapshot) keeps the original savedAt and order.
    await new Promise((r) => setTimeout(r, 5));
    await service.put({ ...higgs, theorems: { Theorem: 5 } });
    const row = (await getSaved(db, '1207.7214'))!;
    expect(row.savedAt).toBe(first);
    expect(row.theorems).toEqual({ Theorem: 5 });
    expect(await service.ids()).toEqual(['1601.00001', '2508.16190', '1207.7214']);
  });

  it('remove returns the snapshot; restore puts it back with its savedAt', async () => {
    const higgs = snapshot(HIGGS, 1_000);
    const comic = snapshot(COMIC, 2_000);
    await service.restore(higgs);
    await service.restore(comic);
    expect(await service.ids()).toEqual(['2508.16190', '1207.7214']);

    const { removed } = await service.remove('1207.7214');
    expect(removed).toEqual(higgs);
    expect(removed).not.toHaveProperty('searchText');
    expect(await service.ids()).toEqual(['2508.16190']);
    await expect(service.remove('1207.7214')).resolves.toEqual({ removed: null });

    await expect(service.restore(removed!)).resolves.toEqual({ ok: true });
    expect((await getSaved(db, '1207.7214'))?.savedAt).toBe(1_000);
    expect(await service.ids()).toEqual(['2508.16190', '1207.7214']);
    const back = (await service.remove('1207.7214')).removed;
    expect(back).toEqual(higgs);
  });

  it('removal leaves a tombstone; saving again clears it', async () => {
    await service.restore(snapshot(HIGGS, 1_000));
    await service.remove('1207.7214');
    await until('tombstone written', async () => '1207.7214' in (await tombstones()));
    await service.restore(snapshot(HIGGS, 1_000));
    await until('tombstone cleared', async () => !('1207.7214' in (await tombstones())));
  });

  it('announces changes to open tabs', async () => {
    await service.restore(snapshot(COMIC, 1_000));
    await until('added broadcast', () => tabMessages.length >= 1);
    await service.remove('2508.16190');
    await until('removed broadcast', () => tabMessages.length >= 2);
    expect(tabMessages).toEqual([
      { pith: 1, type: 'saved:changed', data: { added: ['2508.16190'], removed: [], tags: {} } },
      { pith: 1, type: 'saved:changed', data: { added: [], removed: ['2508.16190'] } },
    ]);
  });

  it('putById saves a snapshot from the metadata service, or says why not', async () => {
    await expect(service.putById('2508.16190')).resolves.toEqual({
      ok: true,
      title: 'ComicScene154: A Scene Dataset for Comic Analysis',
    });
    const row = (await getSaved(db, '2508.16190'))!;
    expect(row.abstract).toBe(COMIC.abstract);
    expect(row.tagline).toEqual(extractTagline({ title: COMIC.title, abstract: COMIC.abstract }));
    expect(row.theorems).toBeNull();
    expect(metadata.calls).toEqual([{ ids: ['2508.16190'], priority: 'visible' }]);

    await expect(service.putById('2509.99999')).resolves.toEqual({
      ok: false,
      message: 'arXiv returned no entry for this id',
    });
    expect(await service.ids()).toEqual(['2508.16190']);
  });
});

describe('library service: import', () => {
  it('imports a valid export, keeping savedAt, and keeps records already saved', async () => {
    const mine = snapshot(COMIC, 5_000);
    await service.restore({ ...mine, tagline: { headline: 'My own newer snapshot', qualifier: null } });
    const file = exportLibraryJson([snapshot(HIGGS, 1_000), mine, snapshot(OLD, 3_000)]);

    await expect(service.importText(file)).resolves.toEqual({ ok: true, added: 2, kept: 1, skipped: 0 });
    expect(await service.ids()).toEqual(['2508.16190', '1601.00001', '1207.7214']);
    expect(await getSaved(db, '1207.7214')).toMatchObject(snapshot(HIGGS, 1_000));
    // The library's own record wins over the file's.
    expect((await getSaved(db, '2508.16190'))?.tagline?.headline).toBe('My own newer snapshot');
  });

  it('garbage is an error and changes nothing', async () => {
    await service.restore(snapshot(COMIC, 5_000));
    await until('first broadcast', () => tabMessages.length === 1);
    const before = await service.ids();
    const storedTombstones = await tombstones();
    for (const garbage of [
      'not json at all',
      '',
      '{"format":"zotero","version":1,"papers":[]}',
      '{"format":"arxiv-pith-library","version":99,"papers":[]}',
      '{"format":"arxiv-pith-library","version":1,"papers":[{"id":"<script>"}]}',
      exportLibraryJson([snapshot(HIGGS, 1_000)]).slice(0, 200),
    ]) {
      const result = await service.importText(garbage);
      expect(result.ok, garbage.slice(0, 40)).toBe(false);
      expect(result.ok === false && result.error, garbage.slice(0, 40)).toMatch(/Nothing was imported/);
    }
    expect(await service.ids()).toEqual(before);
    expect(await tombstones()).toEqual(storedTombstones);
    await new Promise((r) => setTimeout(r, 20));
    expect(tabMessages.length).toBe(1);
  });
});

describe('library service: tombstones of concurrent removals', () => {
  it('two removals at once both leave a tombstone', async () => {
    await service.restore(snapshot(HIGGS, 1_000));
    await service.restore(snapshot(COMIC, 2_000));
    await Promise.all([service.remove('1207.7214'), service.remove('2508.16190')]);
    await until('both tombstones', async () => {
      const t = await tombstones();
      return '1207.7214' in t && '2508.16190' in t;
    });
  });
});

describe('library service: ids', () => {
  it('reflects rows written by other code paths (the database is the truth)', async () => {
    await savePaper(db, snapshot(OLD, 9_000));
    await service.restore(snapshot(COMIC, 10_000));
    expect(await service.ids()).toEqual(['2508.16190', '1601.00001']);
  });
});

describe('library service: BibTeX import (issue 12)', () => {
  it('fetches metadata in batches, keeps file tags, merges tags into saved papers, says what it skipped', async () => {
    await service.restore({ ...snapshot(HIGGS, 1_000), tags: ['physics'] });
    const res = await service.importBib([
      { id: '1207.7214', version: null, title: 'Observation of a new particle', authors: [], tags: ['Higgs', 'physics'], keys: ['a'] },
      { id: '2508.16190', version: 1, title: 'ComicScene154', authors: ['X'], tags: ['comics'], keys: ['b'] },
      // arXiv does not know it: saved from the file's own title.
      { id: '2509.99999', version: null, title: 'Only in the file', authors: ['Y. Z.'], tags: [], keys: ['c'] },
      // No metadata and no title: cannot become a paper.
      { id: '2509.99998', version: null, title: null, authors: [], tags: [], keys: ['d'] },
      // Not an id at all (a page could send anything): dropped.
      { id: '<script>', version: null, title: 'x', authors: [], tags: [], keys: ['e'] },
    ]);
    expect(res).toEqual({ ok: true, added: 2, kept: 1, fromFile: 1, failed: [{ id: '2509.99998', reason: 'arXiv returned no entry for this id' }] });
    expect(metadata.calls).toEqual([{ ids: ['2508.16190', '2509.99999', '2509.99998'], priority: 'prefetch' }]);
    expect((await getSaved(db, '1207.7214'))!.tags).toEqual(['physics', 'Higgs']);
    const comic = (await getSaved(db, '2508.16190'))!;
    expect(comic.abstract).toBe(COMIC.abstract);
    expect(comic.tags).toEqual(['comics']);
    expect((await getSaved(db, '2509.99999'))!.title).toBe('Only in the file');
    expect((await browser.storage.local.get('libraryImportProgress'))['libraryImportProgress']).toEqual({ done: 4, total: 4, running: false });
  });

  it('changes nothing when the write fails', async () => {
    await service.restore(snapshot(HIGGS, 1_000));
    const before = await db.saved.toArray();
    db.close();
    const res = await service.importBib([{ id: '2508.16190', version: null, title: 't', authors: [], tags: [], keys: [] }]);
    expect(res.ok).toBe(false);
    await db.open();
    expect(await db.saved.toArray()).toEqual(before);
  });
});
