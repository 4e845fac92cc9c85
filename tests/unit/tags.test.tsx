/**
 * Tags and notes (issue 12): the tag rules, the saved-paper shape, JSON round trip, the
 * background's saved:update and the popup's tag filter and editor.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { getDb } from '@/background/db/schema';
import { getSaved, listSavedTags, savePaper, updateSaved } from '@/background/db/library';
import { toSavedPaper, toSavedRow, type SavedPaper } from '@/utils/saved-paper';
import { exportLibraryJson, parseLibraryImport } from '@/utils/library-io';
import { cleanNote, cleanTags, MAX_TAG_LENGTH, MAX_TAGS_PER_PAPER, parseTagInput, tagCounts, withTag } from '@/utils/tags';
import { onBackgroundMessages } from '@/utils/messaging';
import { App } from '@/entrypoints/popup/App';
import { savedPaper } from '../helpers/papers';

describe('tag rules', () => {
  it('cleans, bounds and de-duplicates tags case-insensitively, keeping order', () => {
    expect(cleanTags(['  optimal   transport ', 'ML', 'ml', '', 3, 'a\u0000b'])).toEqual(['optimal transport', 'ML', 'a b']);
    expect(parseTagInput('reading; ml , to read,,')).toEqual(['reading', 'ml', 'to read']);
    const long = 'x'.repeat(10_000);
    expect(cleanTags([long])[0]).toHaveLength(MAX_TAG_LENGTH);
    expect(cleanTags(Array.from({ length: 50 }, (_, i) => `t${i}`))).toHaveLength(MAX_TAGS_PER_PAPER);
    // HTML is text: kept as typed, shown with textContent.
    expect(cleanTags(['<img src=x onerror=alert(1)>'])).toEqual(['<img src=x onerror=alert(1)>']);
  });

  it('keeps line breaks of notes and drops other control characters', () => {
    expect(cleanNote('first\r\nsecond\u0007 ')).toBe('first\nsecond');
    expect(cleanNote(42)).toBe('');
  });

  it('counts tags most used first and filters by exact tag', () => {
    const papers = [{ tags: ['b', 'a'] }, { tags: ['a'] }, {}];
    expect(tagCounts(papers)).toEqual([
      { tag: 'a', count: 2 },
      { tag: 'b', count: 1 },
    ]);
    expect(withTag(papers, 'b')).toEqual([papers[0]]);
    expect(withTag(papers, null)).toBe(papers);
  });
});

describe('saved shape and JSON', () => {
  const tagged = savedPaper({ id: '2605.00001', tags: ['ml', 'to read'], note: 'Check Lemma 3.\nCompare with [2].' });
  const plain = savedPaper({ id: '2605.00002' });

  it('keeps tags and note in the snapshot and in the search text; untagged rows keep the old shape', () => {
    expect(toSavedPaper(tagged)).toEqual(tagged);
    expect(Object.keys(toSavedPaper(plain))).not.toContain('tags');
    expect(Object.keys(toSavedPaper(plain))).not.toContain('note');
    expect(toSavedRow(tagged).searchText).toContain('to read');
    expect(toSavedRow(tagged).searchText).toContain('lemma 3');
  });

  it('round-trips tags and notes exactly through export and import', () => {
    const text = exportLibraryJson([tagged, plain]);
    const parsed = parseLibraryImport(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.papers).toEqual([tagged, plain]);
    expect(exportLibraryJson(parsed.papers, new Date(0))).toBe(exportLibraryJson([tagged, plain], new Date(0)));
  });

  it('cleans hostile tags and notes in an import file', () => {
    const text = exportLibraryJson([plain]).replace(
      '"savedAt":1000',
      `"savedAt":1000,"tags":["${'y'.repeat(10_000)}",{"x":1},"ok"],"note":12`,
    );
    const parsed = parseLibraryImport(text);
    expect(parsed.ok && parsed.papers[0]?.tags).toEqual(['y'.repeat(MAX_TAG_LENGTH), 'ok']);
    expect(parsed.ok && 'note' in parsed.papers[0]!).toBe(false);
  });
});

describe('background and popup', () => {
  let container: HTMLElement;
  let unregister: (() => void) | null = null;

  beforeEach(async () => {
    await getDb().saved.clear();
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
    unregister?.();
    unregister = null;
  });

  async function waitFor<T>(fn: () => T | null | undefined | false, what: string): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() - t0 > 3_000) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('updateSaved changes tags and note, keeps the rest, and is a no-op for unknown ids', async () => {
    const db = getDb();
    const p: SavedPaper = savedPaper({ id: '2605.00003', title: 'Sheaves', savedAt: 7 });
    await savePaper(db, p);
    await updateSaved(db, p.id, { tags: ['Geometry', 'geometry', ' topology '] });
    await updateSaved(db, p.id, { note: 'read §2' });
    const row = (await getSaved(db, p.id))!;
    expect(toSavedPaper(row)).toEqual({ ...p, tags: ['Geometry', 'topology'], note: 'read §2' });
    expect(row.searchText).toContain('topology');
    expect(await listSavedTags(db)).toEqual({ '2605.00003': ['Geometry', 'topology'] });
    await updateSaved(db, p.id, { tags: [], note: '' });
    expect(Object.keys(toSavedPaper((await getSaved(db, p.id))!))).not.toContain('tags');
    expect(await updateSaved(db, '2605.99999', { tags: ['x'] })).toBeUndefined();
  });

  it('filters the popup by tag and edits tags and note through saved:update', async () => {
    const db = getDb();
    await savePaper(db, savedPaper({ id: '2605.00001', title: 'Transport one', tags: ['ot'], savedAt: 3 }));
    await savePaper(db, savedPaper({ id: '2605.00002', title: 'Transport two', tags: ['ot', 'ml'], savedAt: 2 }));
    await savePaper(db, savedPaper({ id: '2605.00003', title: 'Untagged', savedAt: 1 }));
    const updates: unknown[] = [];
    unregister = onBackgroundMessages({
      'saved:update': async (change) => {
        updates.push(change);
        const row = await updateSaved(db, change.id, change);
        return row ? { ok: true, tags: row.tags ?? [], note: row.note ?? '' } : { ok: false, message: 'gone' };
      },
    });
    render(<App />, container);
    const ids = () => [...container.querySelectorAll<HTMLElement>('[data-pith="saved-item"]')].map((e) => e.dataset.arxivId);
    const select = await waitFor(() => container.querySelector<HTMLSelectElement>('[data-pith="tag-filter"]'), 'tag filter');
    expect([...select.options].map((o) => o.value)).toEqual(['', 'ot', 'ml']);
    await waitFor(() => ids().length === 3, 'all rows');
    select.value = 'ml';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => ids().length === 1, 'one ml row');
    expect(ids()).toEqual(['2605.00002']);
    const tagsEl = container.querySelector('[data-pith="saved-tags"]')!;
    expect(tagsEl.textContent).toBe('otml');

    (container.querySelector('[data-pith="saved-edit"]') as HTMLButtonElement).click();
    const form = await waitFor(() => container.querySelector<HTMLFormElement>('[data-pith="saved-editor"]'), 'editor');
    const tagsInput = form.querySelector<HTMLInputElement>('input[name="tags"]')!;
    expect(tagsInput.value).toBe('ot, ml');
    tagsInput.value = 'ml, <b>bold</b>';
    tagsInput.dispatchEvent(new Event('input', { bubbles: true }));
    const note = form.querySelector<HTMLTextAreaElement>('textarea[name="note"]')!;
    note.value = 'Use in chapter 2';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await waitFor(() => updates.length > 0, 'update sent');
    await waitFor(() => container.querySelector('[data-pith="saved-note"]')?.textContent === 'Use in chapter 2', 'note shown');
    expect(updates).toEqual([{ id: '2605.00002', tags: ['ml', '<b>bold</b>'], note: 'Use in chapter 2' }]);
    // Shown as text, never as markup.
    expect(container.querySelector('[data-pith="saved-tags"] b')).toBeNull();
    expect(container.querySelector('[data-pith="saved-editor"]')).toBeNull();
  });
});

describe('popup BibTeX import helpers', () => {
  it('tells a .bib from a JSON export by name, else by its first character', async () => {
    const { looksLikeBibtex } = await import('@/components/LibraryTransfer');
    expect(looksLikeBibtex('zotero.bib', '{')).toBe(true);
    expect(looksLikeBibtex('export.json', '@misc{')).toBe(false);
    expect(looksLikeBibtex('noext', '  @article{a,')).toBe(true);
    expect(looksLikeBibtex('noext', '{"format":')).toBe(false);
  });

  it('reports what a .bib import did, naming skipped entries', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseBibtexImport } = await import('@/utils/bibtex-import');
    const { bibOutcome } = await import('@/components/LibraryTransfer');
    const parsed = parseBibtexImport(readFileSync('tests/fixtures/bib/zotero.bib', 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const text = bibOutcome({ added: parsed.entries.length, kept: 0, fromFile: 0, failed: [] }, parsed.skipped, parsed.duplicates);
    expect(text).toMatch(new RegExp(`^Added ${parsed.entries.length}, 0 already there`));
    if (parsed.skipped.length > 0) expect(text).toContain(`${parsed.skipped.length} skipped without an arXiv id`);
  });
});
