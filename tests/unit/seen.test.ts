import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { useFreshDbs } from '../helpers/fresh-db';
import { openPithDb } from '../../background/db/schema';
import { countSeen, lookupLabels, lookupSeen, recordSightings, seenKey, setNotInterested } from '../../background/db/seen';
import { createSeenService } from '../../background/seen-service';
import { savePaper, getSaved, listSavedIds } from '../../background/db/library';
import type { SavedPaper } from '../../utils/saved-paper';
import { toSavedRow } from '../../utils/saved-paper';

const freshDb = useFreshDbs('seen-db');

function savedPaper(i: number): SavedPaper {
  return {
    id: `2609.${String(20000 + i)}`,
    version: 1,
    title: `Saved paper ${i}`,
    authors: ['Enrique Zuazua'],
    abstract: 'We prove it.',
    comments: null,
    journalRef: null,
    doi: null,
    primaryCategory: 'math.OC',
    categories: ['math.OC'],
    published: '2026-09-22',
    updated: null,
    hasHtml: true,
    tagline: null,
    theorems: null,
    figureCount: null,
    statements: null,
    firstFigure: null,
    savedAt: 1_700_000_000_000 + i,
  };
}

const at = (id: string) => ({ id, listing: '/list/cs.LG/new', section: 'new', category: 'cs.LG' });

/** Version 2 exactly as it shipped (SCHEMA_V1 + SCHEMA_V2 of background/db/schema.ts). */
function openV2(name: string): Dexie {
  const v2 = new Dexie(name);
  const v1 = { papers: 'id, seenAt', fulltext: 'key, seenAt', taglines: 'key, seenAt', saved: 'id, savedAt, published, sortTitle' };
  v2.version(1).stores(v1);
  v2.version(2).stores({ ...v1, seen: 'id, lastSeen', labels: 'id', relevance: 'key' });
  return v2;
}

describe('schema version 2 (seen, labels)', () => {
  it('upgrades a real version-1 database in place without losing the library or the caches', async () => {
    const name = `v1-upgrade-${Math.random().toString(36).slice(2)}`;
    // Version 1 exactly as it shipped (background/db/schema.ts SCHEMA_V1), written by a v1 build.
    const v1 = new Dexie(name);
    v1.version(1).stores({ papers: 'id, seenAt', fulltext: 'key, seenAt', taglines: 'key, seenAt', saved: 'id, savedAt, published, sortTitle' });
    await v1.table('saved').bulkPut([savedPaper(1), savedPaper(2)].map(toSavedRow));
    await v1.table('papers').put({ ...savedPaper(3), seenAt: 5 });
    v1.close();

    const db = openPithDb(name);
    try {
      await db.open();
      expect(db.verno).toBe(3);
      expect((await listSavedIds(db)).sort()).toEqual(['2609.20001', '2609.20002']);
      expect((await getSaved(db, '2609.20001'))?.title).toBe('Saved paper 1');
      expect(await db.papers.count()).toBe(1);
      await recordSightings(db, [at('2609.20001')], 10);
      expect((await lookupSeen(db, ['2609.20001'])).get('2609.20001')).toMatchObject({ firstSeen: 10, lastSeen: 10, category: 'cs.LG' });
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });
});

describe('schema version 3 (seen ids in buckets)', () => {
  it('moves the seen rows a version-2 build wrote into buckets, losing nothing', async () => {
    const name = `v2-upgrade-${Math.random().toString(36).slice(2)}`;
    const v2 = openV2(name);
    // Rows as the version-2 code (recordSightings before version 3) wrote them: one per id, full URL.
    const rows = [
      { id: '2609.30123', firstSeen: 1_000, lastSeen: 5_000, url: 'https://arxiv.org/list/cs.LG/new', section: 'new', category: 'cs.LG' },
      { id: '2609.30999', firstSeen: 2_000, lastSeen: 2_000, url: 'https://arxiv.org/list/stat.ML/new?skip=0', section: 'cross', category: 'stat.ML' },
      { id: 'math/0601001', firstSeen: 3_000, lastSeen: 3_000, url: 'https://arxiv.org/search/?query=x', section: null, category: null },
      { id: '2510.01881', firstSeen: 4_000, lastSeen: 4_000, url: 'x', section: 'replacement', category: 'cs.LG' },
    ];
    await v2.table('seen').bulkPut(rows);
    await v2.table('saved').put(toSavedRow(savedPaper(1)));
    await v2.table('labels').put({ id: '2609.30123', label: 'not-interested', at: 7 });
    v2.close();

    const db = openPithDb(name);
    try {
      await db.open();
      expect(db.verno).toBe(3);
      const seen = await lookupSeen(db, [...rows.map((r) => r.id), '2609.30124']);
      expect([...seen.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
      expect(seen.get('2609.30123')).toEqual({ id: '2609.30123', firstSeen: 1_000, lastSeen: 5_000, listing: '/list/cs.LG/new', section: 'new', category: 'cs.LG' });
      expect(seen.get('2609.30999')).toMatchObject({ listing: '/list/stat.ML/new', section: 'cross', category: 'stat.ML' });
      expect(seen.get('math/0601001')).toMatchObject({ firstSeen: 3_000, listing: '/search/', section: null, category: null });
      expect(seen.get('2510.01881')).toMatchObject({ listing: 'x', section: 'replacement' });
      expect(await countSeen(db)).toBe(4);
      expect(await db.seen.count()).toBe(0);
      expect(await db.seenBuckets.count()).toBe(3);
      expect(await listSavedIds(db)).toEqual(['2609.20001']);
      expect((await lookupLabels(db, ['2609.30123'])).map((l) => l.id)).toEqual(['2609.30123']);
      // Seen again after the upgrade: the first sighting stays, the count does not double.
      await recordSightings(db, [at('2609.30123'), at('2609.31000')], 9_000);
      expect((await lookupSeen(db, ['2609.30123'])).get('2609.30123')).toMatchObject({ firstSeen: 1_000, lastSeen: 9_000, category: 'cs.LG' });
      expect(await countSeen(db)).toBe(5);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });

  it('splits an id into its row key and the rest', () => {
    expect(seenKey('2609.30123')).toEqual(['2609.30', '123']);
    expect(seenKey('1201.1234')).toEqual(['1201.1', '234']);
    expect(seenKey('hep-th/9901001')).toEqual(['hep-th/9901', '001']);
    expect(seenKey('a1')).toEqual(['', 'a1']);
  });
});

describe('seen table', () => {
  it('keeps first sighting and place, updates last seen', async () => {
    const db = freshDb();
    await recordSightings(db, [at('a1')], 100);
    await recordSightings(db, [{ ...at('a1'), listing: '/list/stat.ML/new', category: 'stat.ML' }], 200);
    expect((await lookupSeen(db, ['a1', 'zz'])).get('a1')).toMatchObject({ firstSeen: 100, lastSeen: 200, category: 'cs.LG' });
    expect((await lookupSeen(db, ['zz'])).size).toBe(0);
  });

  it('is bounded: the least recently seen ids go first, the library and labels never', async () => {
    const db = freshDb();
    await savePaper(db, savedPaper(1));
    await setNotInterested(db, 'old-0', true, 1);
    for (let i = 0; i < 5; i++) await recordSightings(db, [at(`old-${i}`)], 10 + i, 5);
    await recordSightings(db, [at('old-1')], 100, 5); // seen again: now the most recent
    await recordSightings(db, [at('new-0'), at('new-1')], 200, 5);
    const left = [...(await lookupSeen(db, ['old-0', 'old-1', 'old-2', 'old-3', 'old-4', 'new-0', 'new-1'])).keys()].sort();
    expect(left).toEqual(['new-0', 'new-1', 'old-1', 'old-3', 'old-4']);
    expect(await countSeen(db)).toBe(5);
    expect(await listSavedIds(db)).toEqual(['2609.20001']);
    expect((await lookupLabels(db, ['old-0'])).map((l) => l.id)).toEqual(['old-0']);
  });

  it('evicts exactly the least recently seen ids across many rows, as a one-row-per-id table would', async () => {
    const db = freshDb();
    const limit = 60;
    const last = new Map<string, number>(); // every id ever seen, with its latest sighting
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n); // Park-Miller
    for (let t = 1; t <= 40; t++) {
      // Ids from five rows (2609.10xxx ... 2609.14xxx), some seen again; one time per batch.
      const batch = Array.from({ length: 1 + rand(8) }, () => `2609.${10000 + rand(5) * 1000 + rand(40)}`);
      await recordSightings(db, batch.map(at), t * 10, limit);
      for (const id of batch) last.set(id, t * 10);
    }
    expect(last.size).toBeGreaterThan(limit);
    const found = await lookupSeen(db, [...last.keys()]);
    expect(found.size).toBe(limit);
    expect(await countSeen(db)).toBe(limit);
    for (const [id, e] of found) expect(e.lastSeen).toBe(last.get(id));
    // Whatever went is no more recent than whatever stayed.
    const minKept = Math.min(...[...found.values()].map((e) => e.lastSeen));
    for (const [id, when] of last) if (!found.has(id)) expect(when, id).toBeLessThanOrEqual(minKept);
  });

  it('the service answers what a listing needs and rejects nonsense quietly', async () => {
    const db = freshDb();
    const service = createSeenService(db);
    await savePaper(db, savedPaper(1));
    await service.mark([{ id: 'x1', url: 'https://arxiv.org/list/cs.LG/new?skip=25', section: 'new', category: 'cs.LG' }, { id: '', url: 'u', section: null, category: null }, null as never]);
    await service.notInterested('x2', true);
    const state = await service.lookup(['x1', 'x2', '2609.20001', 'x3']);
    expect(Object.keys(state.seen)).toEqual(['x1']);
    expect(state.seen.x1).toMatchObject({ listing: '/list/cs.LG/new', section: 'new', category: 'cs.LG' });
    expect(state.notInterested).toEqual(['x2']);
    expect(state.savedVersions).toEqual({ '2609.20001': 1 });
    await service.notInterested('x2', false);
    expect((await service.lookup(['x2'])).notInterested).toEqual([]);
    await expect(service.lookup(Array.from({ length: 6000 }, (_, i) => `id${i}`))).rejects.toThrow(/At most/);
  });
});
