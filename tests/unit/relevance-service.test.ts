/**
 * The relevance model in the background (issue 12): trained from the library, persisted in
 * the database (schema version 2, upgraded from a real version-1 database), scoring papers
 * like the saved ones above unrelated ones with a readable why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openPithDb, type PithDb } from '../../background/db/schema';
import { savePaper, getSaved } from '../../background/db/library';
import { createRelevanceService } from '../../background/relevance-service';
import { putPapers } from '../../background/db/cache';
import { newestSightings, recordSightings } from '../../background/db/seen';
import { loadRelevanceCorpus, type CorpusPaper } from '../helpers/relevance-corpus';
import type { SavedPaper } from '../../utils/saved-paper';
import { toSavedRow } from '../../utils/saved-paper';

const corpus = loadRelevanceCorpus();

function saved(p: CorpusPaper, savedAt: number, tags?: string[]): SavedPaper {
  const { source: _s, position: _p, ...meta } = p;
  return { ...meta, tagline: null, theorems: null, figureCount: null, firstFigure: null, statements: null, savedAt, ...(tags ? { tags } : {}) };
}

/** Papers of one primary category with an abstract, and papers of a far-away one. */
function byCategory(prefix: string): CorpusPaper[] {
  return corpus.filter((p) => p.abstract && p.primaryCategory?.startsWith(prefix));
}

let db: PithDb;
let name: string;
beforeEach(() => {
  name = `rel-${Math.random().toString(36).slice(2)}`;
  db = openPithDb(name);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('relevance service', () => {
  it('has no model (no scores) with an empty library', async () => {
    const svc = createRelevanceService(db);
    const some = corpus.slice(0, 3);
    expect(await svc.score(some)).toBeNull();
    await svc.flush();
  });

  it('scores a paper like two saved ones above unrelated ones, with a sensible why, and keeps its state', async () => {
    const math = byCategory('math.');
    const cs = byCategory('cs.');
    expect(math.length).toBeGreaterThan(10);
    expect(cs.length).toBeGreaterThan(10);
    const svc = createRelevanceService(db);
    await svc.observe(corpus);
    const [a, b, like] = [math[0]!, math[1]!, math[2]!];
    await savePaper(db, saved(a, 1_000));
    await savePaper(db, saved(b, 2_000));
    await svc.libraryChanged([a.id, b.id], []);
    const unrelated = cs.slice(0, 10);
    const scores = (await svc.score([like, ...unrelated]))!;
    expect(scores).not.toBeNull();
    const mine = scores[like.id]!;
    for (const u of unrelated) expect(mine.score).toBeGreaterThan(scores[u.id]?.score ?? 0);
    expect([a.title, b.title]).toContain(mine.like);
    expect(mine.terms.length).toBeGreaterThan(0);

    // Persisted: a new service on the same database scores the same without the library.
    await svc.flush();
    expect(await db.relevance.count()).toBe(1);
    await db.saved.clear();
    const again = createRelevanceService(db);
    const scores2 = (await again.score([like]))!;
    expect(scores2[like.id]!.score).toBeCloseTo(mine.score, 5);

    // A removal unlabels: with nothing saved, no model.
    await again.libraryChanged([], [a.id, b.id]);
    expect(await again.score([like])).toBeNull();
  }, 20_000);

  it('an import-sized library change is labelled in chunks, to its last id', async () => {
    const math = byCategory('math.');
    const cs = byCategory('cs.');
    const svc = createRelevanceService(db);
    await svc.observe(corpus);
    const [a, b, like] = [math[0]!, math[1]!, math[2]!];
    await savePaper(db, saved(a, 1_000));
    await savePaper(db, saved(b, 2_000));
    // 700 ids the library does not hold (removed meanwhile), then the two saved ones: the
    // third chunk of 250 is the one that makes the model.
    const gone = Array.from({ length: 700 }, (_, i) => `2611.${String(10000 + i)}`);
    await svc.libraryChanged([...gone, a.id, b.id], []);
    const scores = (await svc.score([like, ...cs.slice(0, 5)]))!;
    expect(scores).not.toBeNull();
    expect([a.title, b.title]).toContain(scores[like.id]!.like);
    await svc.flush();
  }, 20_000);
});

describe('triage labels feed the model', () => {
  const quantum = corpus.filter((p) => p.abstract && p.primaryCategory === 'quant-ph');
  const meta = (p: CorpusPaper) => {
    const { source: _s, position: _p, ...m } = p;
    return m;
  };

  it('"not interested" (by id, text from the cache) pushes similar papers down, off undoes it; passed never overrides saved', async () => {
    expect(quantum.length).toBeGreaterThan(16);
    await putPapers(db, corpus.map(meta));
    const svc = createRelevanceService(db, () => Date.UTC(2026, 11, 1));
    await svc.observe(corpus);
    for (const [i, p] of quantum.slice(0, 6).entries()) await savePaper(db, saved(p, Date.UTC(2026, 10, 1) + i));
    await svc.libraryChanged(quantum.slice(0, 6).map((p) => p.id), []);
    // Sightings of other papers: weak negatives.
    await svc.labelIds(corpus.filter((p) => p.primaryCategory !== 'quant-ph').slice(0, 40).map((p) => p.id), 'passed', true);
    const target = quantum[12]!;
    const before = (await svc.score([target]))![target.id]!.score;
    await svc.labelIds(quantum.slice(6, 12).map((p) => p.id), 'not-interested', true);
    const after = (await svc.score([target]))![target.id]!.score;
    expect(after).toBeLessThan(before);
    await svc.labelIds(quantum.slice(6, 12).map((p) => p.id), 'not-interested', false);
    const undone = (await svc.score([target]))![target.id]!.score;
    expect(undone).toBeGreaterThan(after);
    // A saved paper seen again stays a positive: its own nearest saved paper is another one, and it still scores high.
    await svc.labelIds([quantum[0]!.id], 'passed', true);
    const self = (await svc.score([quantum[0]!]))![quantum[0]!.id]!;
    expect(self.score).toBeGreaterThan(0.5);
    // An id the cache does not hold is no label (and no crash).
    await svc.labelIds(['2601.99999', '', 42 as never], 'not-interested', true);
    await svc.flush();
  }, 30_000);

  it('a rebuilt model (no stored state) reads "not interested" marks and sightings back from the database', async () => {
    await putPapers(db, corpus.map(meta));
    for (const [i, p] of quantum.slice(0, 6).entries()) await savePaper(db, saved(p, Date.UTC(2026, 10, 1) + i));
    const target = quantum[12]!;
    await recordSightings(
      db,
      corpus.filter((p) => p.primaryCategory !== 'quant-ph').slice(0, 40).map((p) => ({ id: p.id, listing: '/list/cs.LG/new', section: 'new', category: 'cs.LG' })),
      Date.UTC(2026, 10, 21),
    );
    expect((await newestSightings(db, 100)).length).toBe(40);
    const plain = createRelevanceService(db, () => Date.UTC(2026, 11, 1));
    await plain.observe(corpus);
    const base = (await plain.score([target]))![target.id]!.score;
    await db.relevance.clear();
    await db.labels.bulkPut(quantum.slice(6, 12).map((p) => ({ id: p.id, label: 'not-interested' as const, at: Date.UTC(2026, 10, 20) })));
    const rebuilt = createRelevanceService(db, () => Date.UTC(2026, 11, 1));
    await rebuilt.observe(corpus);
    const marked = (await rebuilt.score([target]))![target.id]!.score;
    expect(marked).toBeLessThan(base);
  }, 30_000);
});

describe('database version 2', () => {
  it('upgrades a real version-1 database in place: the library and caches survive, relevance is added', async () => {
    const v1Name = `v1-${Math.random().toString(36).slice(2)}`;
    // Version 1 exactly as it shipped (background/db/schema.ts SCHEMA_V1).
    const v1 = new Dexie(v1Name);
    v1.version(1).stores({ papers: 'id, seenAt', fulltext: 'key, seenAt', taglines: 'key, seenAt', saved: 'id, savedAt, published, sortTitle' });
    const rows = corpus.slice(0, 50).map((p, i) => toSavedRow(saved(p, 1_000 + i)));
    await v1.table('saved').bulkAdd(rows);
    const { source: _s, position: _p, ...meta } = corpus[60]!;
    await v1.table('papers').add({ ...meta, seenAt: 5 });
    v1.close();

    const v2 = openPithDb(v1Name);
    await v2.open();
    expect(v2.verno).toBe(3);
    expect(await v2.saved.count()).toBe(50);
    expect(await getSaved(v2, rows[7]!.id)).toEqual(rows[7]);
    expect((await v2.papers.get(meta.id))?.seenAt).toBe(5);
    expect(await v2.relevance.count()).toBe(0);
    // Rows of version 1 have no tags: tagging one works in place.
    await v2.saved.update(rows[0]!.id, { tags: ['x'] });
    expect((await v2.saved.get(rows[0]!.id))?.tags).toEqual(['x']);
    v2.close();
    await Dexie.delete(v1Name);
  });
});
