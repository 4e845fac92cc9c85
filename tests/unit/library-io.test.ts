import { useFreshDbs } from '../helpers/fresh-db';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSaved, listSavedIds, mergeImport, savePaper } from '../../background/db/library';
import { toSavedRow, type SavedPaper } from '../../utils/saved-paper';
import {
  MAX_IMPORT_BYTES,
  checkImportSize,
  exportLibraryJson,
  parseLibraryImport,
  validateSavedPaper,
} from '../../utils/library-io';

const freshDb = useFreshDbs('test-library-io');
afterEach(() => {
  vi.restoreAllMocks();
});

function saved(i: number, over: Partial<SavedPaper> = {}): SavedPaper {
  return {
    id: `2609.${String(20000 + i)}`,
    version: 2,
    title: `Gradient flow $\\nabla f$ paper ${i}`,
    authors: ['Raphaël Barboni', 'Maarten V. de Hoop'],
    abstract: 'We prove that gradient flow converges.',
    comments: '12 pages',
    journalRef: null,
    doi: '10.1000/xyz',
    primaryCategory: 'math.OC',
    categories: ['math.OC', 'cs.LG'],
    published: '2026-09-21',
    updated: '2026-09-23',
    hasHtml: true,
    tagline: { headline: 'Gradient flow reaches global minima', qualifier: 'when initial loss is small' },
    theorems: { Theorem: 2, Lemma: 5 },
    figureCount: 4,
    firstFigure: { src: `https://arxiv.org/html/2609.${20000 + i}v2/x1.png`, caption: 'Figure 1: setup' },
    statements: null,
    savedAt: 1_780_000_000_000 + i,
    ...over,
  };
}

function fileWith(papers: unknown[], over: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'arxiv-pith-library', version: 1, exportedAt: '2026-10-01T00:00:00.000Z', papers, ...over });
}

describe('export', () => {
  it('writes the documented envelope, one paper per line, without derived fields', () => {
    const rows = [toSavedRow(saved(1)), toSavedRow(saved(2))];
    const text = exportLibraryJson(rows, new Date('2026-10-01T12:00:00Z'));
    const data = JSON.parse(text);
    expect(data).toMatchObject({ format: 'arxiv-pith-library', version: 1, exportedAt: '2026-10-01T12:00:00.000Z', count: 2 });
    expect(data.papers).toEqual([saved(1), saved(2)]);
    expect(text).not.toContain('searchText');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('{"id"'))).toHaveLength(2);
    expect(JSON.parse(exportLibraryJson([])).papers).toEqual([]);
  });

  it('round-trips through import unchanged', () => {
    const papers = [saved(1), saved(2, { firstFigure: null, theorems: null, tagline: null, doi: null })];
    const result = parseLibraryImport(exportLibraryJson(papers));
    expect(result).toEqual({ ok: true, papers, skipped: 0, problems: [], duplicates: 0 });
  });
});

describe('import validation', () => {
  it('rejects truncated JSON with a clear message', () => {
    const text = exportLibraryJson([saved(1), saved(2)]);
    const result = parseLibraryImport(text.slice(0, Math.floor(text.length / 2)));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/not valid JSON.*truncated.*Nothing was imported/s);
  });

  it('rejects foreign files: other JSON, other formats, newer versions, wrong shape', () => {
    const cases: [string, RegExp][] = [
      ['[{"id":"2609.20001"}]', /not an arXiv Pith library export/],
      ['{"name":"zotero","items":[]}', /not an arXiv Pith library export/],
      ['"just a string"', /not an arXiv Pith library export/],
      [fileWith([], { format: 'other-extension' }), /not an arXiv Pith library export/],
      [fileWith([], { version: 7 }), /newer version of arXiv Pith \(format version 7\)/],
      [fileWith([], { version: '1' }), /no valid format version/],
      [fileWith([], { papers: { a: 1 } }), /no list of papers/],
      ['', /empty/],
      ['@misc{x, title={y}}', /not valid JSON/],
    ];
    for (const [text, message] of cases) {
      const result = parseLibraryImport(text);
      expect(result.ok, text).toBe(false);
      expect(!result.ok && result.error, text).toMatch(message);
    }
  });

  it('rejects files over 50 MB before parsing them', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const huge = fileWith([]).padEnd(MAX_IMPORT_BYTES + 1, ' ');
    const result = parseLibraryImport(huge);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/50\.0 MB.*at most 50\.0 MB/);
    expect(parse).not.toHaveBeenCalled();
    expect(checkImportSize(MAX_IMPORT_BYTES)).toBeNull();
    expect(checkImportSize(60 * 1024 * 1024)).toMatch(/60\.0 MB/);
  });

  it('skips invalid records, keeps valid ones, and says why', () => {
    const result = parseLibraryImport(
      fileWith([
        saved(1),
        { ...saved(2), id: 'not-an-id' },
        { ...saved(3), title: '' },
        { ...saved(4), savedAt: 'yesterday' },
        { ...saved(5), authors: undefined },
        null,
        saved(6),
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.papers.map((p) => p.id)).toEqual(['2609.20001', '2609.20006']);
    expect(result.skipped).toBe(5);
    expect(result.problems[0]).toMatch(/paper 2: invalid arXiv id "not-an-id"/);
    expect(result.problems).toHaveLength(5);
  });

  it('fails when no record at all is valid', () => {
    const result = parseLibraryImport(fileWith([{ id: 'x' }, { foo: 1 }]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/None of the 2 papers/);
  });

  it('collapses duplicates, keeping the most recently saved record', () => {
    const result = parseLibraryImport(
      fileWith([saved(1, { savedAt: 10, title: 'old' }), saved(2), saved(1, { savedAt: 20, title: 'new' }), saved(1, { savedAt: 5 })]),
    );
    expect(result.ok && result.duplicates).toBe(2);
    expect(result.ok && result.papers.map((p) => [p.id, p.title])).toEqual([
      ['2609.20001', 'new'],
      ['2609.20002', 'Gradient flow $\\nabla f$ paper 2'],
    ]);
  });

  it('normalises ids and values, drops unsafe URLs and junk fields', () => {
    const p = validateSavedPaper({
      ...saved(1),
      id: 'arXiv:2609.20001v3',
      version: undefined,
      savedAt: '2026-09-30T10:00:00Z',
      authors: ['A. One', 7, 'B. Two', null, 'C. Three'],
      firstFigure: { src: 'javascript:alert(1)', caption: 'x' },
      theorems: { Theorem: 2, Lemma: -1, Bogus: 'many' },
      published: 'not a date',
      injected: '<script>',
    });
    expect(typeof p).toBe('object');
    if (typeof p === 'string') return;
    expect(p.id).toBe('2609.20001');
    expect(p.version).toBe(3);
    expect(p.savedAt).toBe(Date.parse('2026-09-30T10:00:00Z'));
    expect(p.authors).toEqual(['A. One', 'B. Two', 'C. Three']);
    expect(p.firstFigure).toBeNull();
    expect(p.theorems).toEqual({ Theorem: 2 });
    expect(p.published).toBeNull();
    expect(p).not.toHaveProperty('injected');
    expect(validateSavedPaper({ ...saved(1), id: 'math.AG/0601001' })).toMatchObject({ id: 'math/0601001' });
  });
});

describe('mergeImport', () => {
  it('adds new papers and keeps the library record for ids already saved', async () => {
    const db = freshDb();
    await savePaper(db, saved(1, { title: 'Library copy', savedAt: 50 }));
    const result = await mergeImport(db, [saved(1, { title: 'Backup copy', savedAt: 99 }), saved(2), saved(3)]);
    expect(result).toEqual({ added: 2, kept: 1, addedIds: ['2609.20002', '2609.20003'] });
    expect((await getSaved(db, '2609.20001'))?.title).toBe('Library copy');
    expect((await getSaved(db, '2609.20002'))?.searchText).toContain('barboni');
    expect(await listSavedIds(db)).toHaveLength(3);
    // Importing the same file again changes nothing.
    expect(await mergeImport(db, [saved(2), saved(3)])).toEqual({ added: 0, kept: 2, addedIds: [] });
  });

  it('is all-or-nothing: a failure mid-way leaves the library as it was', async () => {
    const db = freshDb();
    await savePaper(db, saved(1));
    const bulkAdd = db.saved.bulkAdd.bind(db.saved);
    const failAfterWriting = async (...args: Parameters<typeof bulkAdd>) => {
      await bulkAdd(...args); // the rows are written inside the transaction...
      throw new Error('disk on fire'); // ...then it fails
    };
    // Dexie types its result as PromiseExtended; a plain Promise serves the caller the same.
    vi.spyOn(db.saved, 'bulkAdd').mockImplementation(failAfterWriting as unknown as typeof bulkAdd);
    await expect(mergeImport(db, [saved(2), saved(3)])).rejects.toThrow('disk on fire');
    expect(await listSavedIds(db)).toEqual(['2609.20001']);
  });

  it('imports 10,000 papers from an export file', async () => {
    const db = freshDb();
    const papers = Array.from({ length: 10_000 }, (_, i) => saved(i, { id: `2609.${String(i).padStart(5, '0')}` }));
    let t = performance.now();
    const text = exportLibraryJson(papers);
    const exportMs = performance.now() - t;
    t = performance.now();
    const parsed = parseLibraryImport(text);
    const parseMs = performance.now() - t;
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    t = performance.now();
    const merged = await mergeImport(db, parsed.papers);
    const mergeMs = performance.now() - t;
    console.log(
      `[library-io] 10,000 papers: export ${exportMs.toFixed(0)} ms (${(text.length / 1e6).toFixed(1)} MB), ` +
        `parse+validate ${parseMs.toFixed(0)} ms, merge into fake-indexeddb ${mergeMs.toFixed(0)} ms`,
    );
    expect(merged.added).toBe(10_000);
    expect(await db.saved.count()).toBe(10_000);
  });

  it('import keeps statements, bounded like the analyser\'s, and drops malformed ones', () => {
    const raw = {
      ...saved(3),
      statements: [
        { name: 'Theorem', number: '1', title: '<b>x</b>', text: 'w '.repeat(600_000), anchor: 'T1' },
        { name: 42, text: 'bad' },
        'nonsense',
      ],
    };
    const p = validateSavedPaper(raw);
    if (typeof p === 'string') throw new Error(p);
    expect(p.statements).toHaveLength(1);
    expect(p.statements![0]!.title).toBe('<b>x</b>');
    expect(p.statements![0]!.text.length).toBeLessThanOrEqual(2000);
  });
});
