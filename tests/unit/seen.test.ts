import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { useFreshDbs } from '../helpers/fresh-db';
import { openPithDb } from '../../background/db/schema';
import { lookupLabels, lookupSeen, recordSightings, setNotInterested } from '../../background/db/seen';
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

const at = (id: string) => ({ id, url: 'https://arxiv.org/list/cs.LG/new', section: 'new', category: 'cs.LG' });

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
      expect(db.verno).toBe(2);
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

describe('seen table', () => {
  it('keeps first sighting and place, updates last seen', async () => {
    const db = freshDb();
    await recordSightings(db, [at('a1')], 100);
    await recordSightings(db, [{ ...at('a1'), url: 'https://arxiv.org/list/stat.ML/new', category: 'stat.ML' }], 200);
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
    expect(await db.seen.count()).toBe(5);
    expect(await listSavedIds(db)).toEqual(['2609.20001']);
    expect((await lookupLabels(db, ['old-0'])).map((l) => l.id)).toEqual(['old-0']);
  });

  it('the service answers what a listing needs and rejects nonsense quietly', async () => {
    const db = freshDb();
    const service = createSeenService(db);
    await savePaper(db, savedPaper(1));
    await service.mark([at('x1'), { id: '', url: 'u', section: null, category: null }, null as never]);
    await service.notInterested('x2', true);
    const state = await service.lookup(['x1', 'x2', '2609.20001', 'x3']);
    expect(Object.keys(state.seen)).toEqual(['x1']);
    expect(state.notInterested).toEqual(['x2']);
    expect(state.savedVersions).toEqual({ '2609.20001': 1 });
    await service.notInterested('x2', false);
    expect((await service.lookup(['x2'])).notInterested).toEqual([]);
    await expect(service.lookup(Array.from({ length: 6000 }, (_, i) => `id${i}`))).rejects.toThrow(/At most/);
  });
});
