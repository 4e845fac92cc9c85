import { useFreshDbs } from '../helpers/fresh-db';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { StorageFullError, cacheStats, clearCache, getFulltext, getPapers, getTagline, isQuotaError, putFulltext, putPapers, putTagline } from '../../background/db/cache';
import { getSaved, listSavedIds, removeSaved, savePaper } from '../../background/db/library';
import { openPithDb, type FulltextRow, type PithDb } from '../../background/db/schema';
import { toSavedRow, type SavedPaper } from '../../utils/saved-paper';
import type { PaperMeta } from '../../utils/paper';
import { filterRows } from '../../utils/library-query';

let counter = 0;
/** A fresh, uniquely named database per test (fake-indexeddb is process-global). */
const freshDb = useFreshDbs('test-db');

afterEach(() => {
  vi.restoreAllMocks();
});

function meta(i: number, over: Partial<PaperMeta> = {}): PaperMeta {
  return {
    id: `2609.${String(10000 + i).padStart(5, '0')}`,
    version: 1,
    title: `Paper number ${i}`,
    authors: ['Ada Lovelace', 'Émile Borel'],
    abstract: `We prove that result ${i} holds.`,
    comments: null,
    journalRef: null,
    doi: null,
    primaryCategory: 'math.OC',
    categories: ['math.OC'],
    published: '2026-09-22',
    updated: null,
    hasHtml: true,
    ...over,
  };
}

function saved(i: number, over: Partial<SavedPaper> = {}): SavedPaper {
  return {
    ...meta(i),
    tagline: { headline: `Result ${i} holds for every flow`, qualifier: 'when the loss is small' },
    theorems: { Theorem: 2, Lemma: 5 },
    figureCount: 3,
    firstFigure: { src: `https://arxiv.org/html/2609.${10000 + i}v1/x1.png`, caption: 'Figure 1' },
    statements: null,
    savedAt: 1_700_000_000_000 + i,
    ...over,
  };
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('papers cache', () => {
  it('merges metadata: a source that does not know a field keeps the cached value', async () => {
    const db = freshDb();
    await putPapers(db, [meta(1, { doi: '10.1/x', abstract: 'From the API.', version: 3 })], 100);
    // A listing page: no DOI, no abstract, an older version number.
    await putPapers(db, [meta(1, { doi: null, abstract: null, version: 2, hasHtml: false })], 200);
    const [row] = await getPapers(db, ['2609.10001']);
    expect(row).toMatchObject({ doi: '10.1/x', abstract: 'From the API.', version: 3, hasHtml: false, seenAt: 200 });
    expect(await getPapers(db, ['2609.10001', 'nope'])).toHaveLength(2);
    expect((await getPapers(db, ['nope']))[0]).toBeUndefined();
  });

  it('many ids come back in their order with undefined for the uncached, by range read or per id', async () => {
    const db = freshDb();
    // Cached: every odd paper 1..399 (200 rows), plus one old-style id that sorts after them all.
    await putPapers(db, [...Array.from({ length: 200 }, (_, k) => meta(2 * k + 1)), meta(0, { id: 'math/0601001' })], 100);
    const bulkGet = vi.spyOn(db.papers, 'bulkGet');
    // 120 ids in shuffled order, half of them cached: the range holds few other rows.
    const asked = Array.from({ length: 120 }, (_, k) => meta(((k * 37) % 120) + 1).id);
    const rows = await getPapers(db, asked);
    expect(rows.map((r) => r?.id)).toEqual(asked.map((id) => (Number(id.slice(5)) % 2 === 1 ? id : undefined)));
    expect(bulkGet).not.toHaveBeenCalled();
    // 60 ids whose range (up to the old-style id) holds all 201 rows: per-id reads, same answer.
    const spread = [...Array.from({ length: 59 }, (_, k) => meta(2 * k + 2).id), 'math/0601001'];
    const got = await getPapers(db, spread);
    expect(bulkGet).toHaveBeenCalledTimes(1);
    expect(got.map((r) => r?.id)).toEqual([...Array.from({ length: 59 }, () => undefined), 'math/0601001']);
    // Cached ids on both sides of where the capped range read stops: each is found once.
    const across = [...Array.from({ length: 56 }, (_, k) => meta(2 * k + 2).id), meta(3).id, meta(301).id, meta(399).id, 'math/0601001'];
    const found = await getPapers(db, across);
    expect(found.map((r) => r?.id)).toEqual([...Array.from({ length: 56 }, () => undefined), meta(3).id, meta(301).id, meta(399).id, 'math/0601001']);
    expect(bulkGet.mock.calls.at(-1)?.[0]).toEqual([meta(301).id, meta(399).id, 'math/0601001']);
  });

  it('a page shown again writes nothing unless a field changed or its recency is stale', async () => {
    const db = freshDb();
    const hour = 60 * 60 * 1000;
    await putPapers(db, [meta(1), meta(2)], 1_000);
    const bulkPut = vi.spyOn(db.papers, 'bulkPut');
    await putPapers(db, [meta(1), meta(2)], 2_000);
    expect(bulkPut).not.toHaveBeenCalled();
    await putPapers(db, [meta(1), meta(2, { comments: 'v2 adds a section' })], 3_000);
    expect(bulkPut).toHaveBeenCalledTimes(1);
    expect(bulkPut.mock.calls[0]![0].map((r) => r.id)).toEqual([meta(2).id]);
    await putPapers(db, [meta(1)], 1_000 + hour);
    expect(bulkPut).toHaveBeenCalledTimes(2);
    expect((await getPapers(db, [meta(1).id, meta(2).id])).map((p) => p?.seenAt)).toEqual([1_000 + hour, 3_000]);
    expect((await getPapers(db, [meta(2).id]))[0]?.comments).toBe('v2 adds a section');
  });

  it('evicts least recently seen papers beyond the limit and never touches saved', async () => {
    const db = freshDb({ papers: 10 });
    await savePaper(db, saved(0, { savedAt: 1 }));
    for (let i = 0; i < 15; i++) await putPapers(db, [meta(i)], 1000 + i);
    let keys = await db.papers.orderBy('seenAt').primaryKeys();
    expect(keys).toHaveLength(10);
    expect(keys[0]).toBe(meta(5).id); // 0..4 were the oldest

    // Seeing paper 5 again (over an hour later) makes paper 6 the oldest.
    await putPapers(db, [meta(5)], 1005 + 60 * 60 * 1000);
    await putPapers(db, [meta(20)], 2 * 60 * 60 * 1000);
    keys = await db.papers.orderBy('seenAt').primaryKeys();
    expect(keys).toHaveLength(10);
    expect(keys).not.toContain(meta(6).id);
    expect(keys).toContain(meta(5).id);
    expect(await db.saved.count()).toBe(1);
    expect(await getSaved(db, meta(0).id)).toBeDefined();
  });
});

describe('fulltext and tagline caches', () => {
  it('stores ok and no-html results per version', async () => {
    const db = freshDb();
    await putFulltext(db, '2609.00001', 1, {
      status: 'ok',
      analysis: { theorems: { Theorem: 2 }, figureCount: 1, firstFigure: { src: 'https://x/y.png', caption: 'c' } },
    }, 10);
    await putFulltext(db, '2609.00001', 2, { status: 'no-html' }, 11);

    const v1 = await getFulltext(db, '2609.00001', 1, 99);
    expect(v1?.status === 'ok' && v1.analysis.theorems).toEqual({ Theorem: 2 });
    expect(v1?.seenAt).toBe(99);
    expect((await db.fulltext.get('2609.00001@v1'))?.seenAt).toBe(99);
    expect((await getFulltext(db, '2609.00001', 2))?.status).toBe('no-html');
    expect(await getFulltext(db, '2609.00001', 3)).toBeUndefined();
  });

  it('bounds fulltext and taglines, least recently seen first', async () => {
    const db = freshDb({ fulltext: 3, taglines: 2 });
    for (let i = 0; i < 5; i++) await putFulltext(db, `2609.0000${i}`, 1, { status: 'no-html' }, i);
    expect((await db.fulltext.toCollection().primaryKeys()).sort()).toEqual([
      '2609.00002@v1',
      '2609.00003@v1',
      '2609.00004@v1',
    ]);
    await putTagline(db, 'a', 1, 'extractive', { headline: 'a', qualifier: null }, 1);
    await putTagline(db, 'a', 1, 'endpoint', { headline: 'a2', qualifier: null }, 2);
    await getTagline(db, 'a', 1, 'extractive', 3); // seen again: now the newest
    await putTagline(db, 'b', 1, 'extractive', { headline: 'b', qualifier: null }, 4);
    expect((await db.taglines.toCollection().primaryKeys()).sort()).toEqual(['a@v1#extractive', 'b@v1#extractive']);
  });
});

describe('saved library', () => {
  it('saves, removes with undo, lists newest first', async () => {
    const db = freshDb();
    await savePaper(db, saved(1, { savedAt: 300 }));
    await savePaper(db, saved(2, { savedAt: 100 }));
    await savePaper(db, saved(3, { savedAt: 200 }));
    expect(await listSavedIds(db)).toEqual([saved(1).id, saved(3).id, saved(2).id]);

    const removed = await removeSaved(db, saved(3).id);
    expect(removed).toEqual(saved(3, { savedAt: 200 }));
    expect(removed).not.toHaveProperty('searchText');
    expect(await getSaved(db, saved(3).id)).toBeUndefined();
    expect(await removeSaved(db, 'absent')).toBeUndefined();

    await savePaper(db, removed!);
    expect(await listSavedIds(db)).toEqual([saved(1).id, saved(3).id, saved(2).id]);
    expect((await getSaved(db, saved(3).id))?.savedAt).toBe(200);
  });

  it('precomputes accent-folded search text over title, authors, tagline, abstract, id', async () => {
    // Through the popup's own filter, over a row as savePaper stores it.
    const row = toSavedRow(saved(7, { title: 'Über $L^2$ Flows' }));
    const matches = (query: string) => filterRows([row], query).length === 1;
    expect(matches('uber')).toBe(true);
    expect(matches('EMILE borel')).toBe(true);
    expect(matches('every flow')).toBe(true); // tagline
    expect(matches('result 7 holds')).toBe(true); // abstract
    expect(matches('2609.10007')).toBe(true);
    expect(matches('lovelace missing')).toBe(false);
    expect(matches('   ')).toBe(true);
  });

  it('keeps statements in the snapshot; the search finds words in them', async () => {
    const db = freshDb();
    const statements = [{ name: 'Theorem', number: '2.1', title: 'Well-posedness', text: 'Every Lipschitz flow $\\dot x=f(x)$ is unique.', anchor: 'S2.Thm1' }];
    await savePaper(db, saved(8, { statements }));
    const row = (await getSaved(db, saved(8).id))!;
    expect(row.statements).toEqual(statements);
    expect(filterRows([row], 'lipschitz')).toHaveLength(1);
    expect(filterRows([row], 'well-posedness')).toHaveLength(1);
  });

  it('a version-1 row stored before statements existed reads as statements: null, no schema change needed', async () => {
    const db = freshDb();
    // Exactly the shape version 1 shipped: no `statements` key at all.
    const { statements: _absent, ...v1 } = toSavedRow(saved(9));
    await db.saved.put(v1 as never);
    const row = (await getSaved(db, saved(9).id))!;
    expect('statements' in row).toBe(false);
    const { toSavedPaper } = await import('../../utils/saved-paper');
    expect(toSavedPaper(row).statements).toBeNull();
    // Statements ride inside the snapshot: the saved table gained no index for them.
    expect(db.saved.schema.indexes.map((i) => i.name)).not.toContain('statements');
  });

  it('clearCache empties caches but not the library; cacheStats counts rows', async () => {
    const db = freshDb();
    await putPapers(db, [meta(1), meta(2)]);
    await putFulltext(db, 'x', 1, { status: 'no-html' });
    await putTagline(db, 'x', 1, 'extractive', { headline: 'h', qualifier: null });
    await savePaper(db, saved(1));
    expect(await cacheStats(db)).toMatchObject({ papers: 2, fulltext: 1, taglines: 1, saved: 1 });
    await clearCache(db);
    const stats = await cacheStats(db);
    expect(stats).toMatchObject({ papers: 0, fulltext: 0, taglines: 0, saved: 1 });
    expect(stats.usageBytes === null || typeof stats.usageBytes === 'number').toBe(true);
  });
});

describe('quota handling', () => {
  async function fillCaches(db: PithDb): Promise<void> {
    await db.papers.bulkPut(Array.from({ length: 10 }, (_, i) => ({ ...meta(i), seenAt: i })));
    for (let i = 0; i < 4; i++) await putFulltext(db, `f${i}`, 1, { status: 'no-html' }, i);
    await db.saved.bulkPut([toSavedRow(saved(100)), toSavedRow(saved(101))]);
  }

  it('recognises quota errors, also wrapped by Dexie as AbortError.inner', () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quotaError()))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted'))).toBe(false);
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });

  it('evicts the oldest cache rows and retries once; saved papers are kept', async () => {
    const db = freshDb();
    await fillCaches(db);
    const put = db.saved.put.bind(db.saved);
    const spy = vi.spyOn(db.saved, 'put').mockRejectedValueOnce(quotaError()).mockImplementation(put);

    await savePaper(db, saved(1));
    expect(spy).toHaveBeenCalledTimes(2);
    expect(await getSaved(db, saved(1).id)).toBeDefined();
    expect(await db.saved.count()).toBe(3);
    // Half of each cache went, the least recently seen half.
    expect(await db.papers.orderBy('seenAt').primaryKeys()).toEqual([5, 6, 7, 8, 9].map((i) => meta(i).id));
    expect((await db.fulltext.toCollection().primaryKeys()).sort()).toEqual(['f2@v1', 'f3@v1']);
  });

  it('reports a saved-paper write that still fails with a clear error, library intact', async () => {
    const db = freshDb();
    await fillCaches(db);
    vi.spyOn(db.saved, 'put').mockRejectedValue(new Dexie.AbortError('Transaction aborted', quotaError()));

    const err = await savePaper(db, saved(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect((err as Error).message).toMatch(/save paper 2609\.10001.*storage for this extension is full/s);
    expect(await db.saved.count()).toBe(2);
    expect(await getSaved(db, saved(100).id)).toBeDefined();
  });

  it('lets other errors through without evicting anything', async () => {
    const db = freshDb();
    await fillCaches(db);
    vi.spyOn(db.saved, 'put').mockRejectedValue(new TypeError('boom'));
    await expect(savePaper(db, saved(1))).rejects.toThrow('boom');
    expect(await db.papers.count()).toBe(10);
  });

  it('retries cache writes after eviction too', async () => {
    const db = freshDb();
    await fillCaches(db);
    const put = db.fulltext.put.bind(db.fulltext);
    vi.spyOn(db.fulltext, 'put').mockRejectedValueOnce(quotaError()).mockImplementation(put);
    await putFulltext(db, 'new', 1, { status: 'no-html' }, 100);
    expect(await getFulltext(db, 'new', 1)).toBeDefined();
    expect(await db.saved.count()).toBe(2);
  });
});

describe('scale', () => {
  it('reads a 2,000-entry listing from the cache and rewrites nothing on a reload within the hour', async () => {
    const db = freshDb();
    const metas = Array.from({ length: 2_000 }, (_, i) => meta(i));
    await putPapers(db, metas, 1);
    const ids = metas.map((m) => m.id);
    // Timings of these reads are printed by `npm run bench` (tests/bench/pure.bench.ts).
    const papers = await getPapers(db, ids);
    expect(papers.every((p) => p !== undefined)).toBe(true);
    const bulkPut = vi.spyOn(db.papers, 'bulkPut');
    await putPapers(db, metas, 60_000);
    expect(bulkPut).not.toHaveBeenCalled();
    expect(await db.papers.where('seenAt').equals(1).count()).toBe(2_000);
  });

  it('writes and reads 10,000 saved papers', async () => {
    const db = freshDb();
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      toSavedRow(saved(i, { id: `26${String(Math.floor(i / 1000) + 1).padStart(2, '0')}.${String(i).padStart(5, '0')}` })),
    );
    // Timings of these operations are printed by `npm run bench` (tests/bench/pure.bench.ts).
    await db.transaction('rw', db.saved, () => db.saved.bulkPut(rows));
    const all = await db.saved.orderBy('savedAt').reverse().toArray();
    const hits = filterRows(all, 'result 9999');
    const ids = await listSavedIds(db);
    expect(all).toHaveLength(10_000);
    expect(all[0]?.savedAt).toBe(1_700_000_000_000 + 9999);
    expect(hits.map((h) => h.id)).toEqual(['2610.09999']);
    expect(ids).toHaveLength(10_000);
    expect(await db.saved.count()).toBe(10_000);
  });
});
