import { describe, expect, it } from 'vitest';
import { readSavedRows, savePaper, savedIdsInOrder, scanSaved } from '@/background/db/library';
import { savedPaper } from '../helpers/papers';
import { useFreshDbs } from '../helpers/fresh-db';

const freshDb = useFreshDbs('library-reads');

async function libraryOf(papers: Parameters<typeof savedPaper>[0][]) {
  const db = freshDb();
  for (const p of papers) await savePaper(db, savedPaper(p));
  return db;
}

describe('popup reads of the library', () => {
  it('orders ids by each sort from its index; undated papers follow the dated ones, newest saved first', async () => {
    const db = await libraryOf([
      { id: '2605.00001', title: 'Banach spaces', published: '2026-05-18', savedAt: 3_000 },
      { id: '2604.00002', title: 'Álgebras de Lie', published: '2026-04-02', savedAt: 5_000 },
      { id: 'math/0601001', title: 'cohomology', published: null, savedAt: 4_000 },
      { id: '2606.00003', title: 'Dirichlet forms', published: null, savedAt: 1_000 },
    ]);
    expect(await savedIdsInOrder(db, 'saved')).toEqual(['2604.00002', 'math/0601001', '2605.00001', '2606.00003']);
    expect(await savedIdsInOrder(db, 'published')).toEqual(['2605.00001', '2604.00002', 'math/0601001', '2606.00003']);
    // sortTitle is folded: "Álgebras" sorts as "algebras".
    expect(await savedIdsInOrder(db, 'title')).toEqual(['2604.00002', '2605.00001', 'math/0601001', '2606.00003']);
  });

  it('newest-first orders equal what walking the index backwards gives, ties included', async () => {
    // Keys read forwards and reversed must match IndexedDB's own 'prev' walk: equal saved dates
    // and publication dates in descending id order.
    const db = await libraryOf([
      { id: '2605.00001', published: '2026-05-18', savedAt: 2_000 },
      { id: '2605.00003', published: '2026-05-18', savedAt: 2_000 },
      { id: '2605.00002', published: '2026-05-18', savedAt: 2_000 },
      { id: '2604.00009', published: '2026-04-01', savedAt: 9_000 },
      { id: 'math/0601001', published: null, savedAt: 2_000 },
    ]);
    const backwards = await db.saved.orderBy('savedAt').reverse().primaryKeys();
    expect(await savedIdsInOrder(db, 'saved')).toEqual(backwards);
    const datedBackwards = await db.saved.orderBy('published').reverse().primaryKeys();
    expect(await savedIdsInOrder(db, 'published')).toEqual([...datedBackwards, 'math/0601001']);
    expect(await savedIdsInOrder(db, 'saved')).toEqual(['2604.00009', 'math/0601001', '2605.00003', '2605.00002', '2605.00001']);
  });

  it('reads just the rows asked for, and skips ids that are not saved', async () => {
    const db = await libraryOf([{ id: '2605.00001' }, { id: '2605.00002' }, { id: '2605.00003' }]);
    const rows = await readSavedRows(db, ['2605.00003', '2699.99999', '2605.00001']);
    expect([...rows.keys()]).toEqual(['2605.00003', '2605.00001']);
    expect(rows.get('2605.00001')?.title).toBe('Paper 2605.00001');
  });

  it('scans every row in chunks, keeping only what it picks', async () => {
    const papers = Array.from({ length: 23 }, (_, i) => ({ id: `2605.${String(10_000 + i)}`, tags: i % 5 === 0 ? ['keep'] : [] }));
    const db = await libraryOf(papers);
    // A chunk of 5 over 23 rows: 5 reads, the last one short; one of 23 with none left over.
    for (const chunk of [5, 23, 100]) {
      const tags = await scanSaved(db, (r) => r.tags ?? [], chunk);
      expect(tags.size).toBe(23);
      expect([...tags].filter(([, t]) => t.includes('keep')).map(([id]) => id)).toEqual(
        papers.filter((_, i) => i % 5 === 0).map((p) => p.id),
      );
    }
    expect((await scanSaved(await libraryOf([]), (r) => r.id)).size).toBe(0);
  });
});
