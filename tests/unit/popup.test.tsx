import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb } from '@/background/db/schema';
import { removeSaved, savePaper } from '@/background/db/library';
import { type SavedPaper } from '@/utils/saved-paper';
import { onBackgroundMessages, type Handlers, type ToBackground } from '@/utils/messaging';
import { App } from '@/entrypoints/popup/App';
import { visibleRange, ROW_HEIGHT } from '@/components/SavedList';
import { importOutcome } from '@/components/LibraryTransfer';
import { savedPaper } from '../helpers/papers';

function paper(over: Partial<SavedPaper> & { id: string }): SavedPaper {
  return savedPaper({
    version: 2,
    authors: ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville', 'Emmy Noether'],
    abstract: 'An abstract.',
    ...over,
  });
}

const seed: SavedPaper[] = [
  paper({
    id: '2605.00001',
    title: 'Training infinitely deep and wide transformers',
    tagline: { headline: 'Gradient flow reaches global minima for infinite-depth transformers', qualifier: null },
    published: '2026-05-18',
    savedAt: 3_000,
  }),
  paper({ id: '2604.00002', title: 'Zeta functions of $\\mathbb{F}_q$-curves', published: '2026-04-02', savedAt: 5_000 }),
  paper({ id: 'math/0601001', title: 'An old-style paper on sheaves', published: '2006-01-01', savedAt: 4_000, hasHtml: false }),
];

let container: HTMLElement;
let unregister: (() => void) | null = null;
const calls: { type: string; data: unknown }[] = [];

/** The background, in-process: the same handlers the real one runs, over the same database. */
function stubBackground(extra: Handlers<ToBackground> = {}) {
  const db = getDb();
  unregister = onBackgroundMessages({
    'saved:remove': async ({ id }) => {
      calls.push({ type: 'saved:remove', data: { id } });
      return { removed: (await removeSaved(db, id)) ?? null };
    },
    'saved:restore': async ({ paper: p }) => {
      calls.push({ type: 'saved:restore', data: p });
      await savePaper(db, p);
      return { ok: true };
    },
    ...extra,
  });
}

async function waitFor<T>(fn: () => T | null | undefined | false, what: string, timeout = 3_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const items = () => [...container.querySelectorAll<HTMLElement>('[data-pith="saved-item"]')];
const itemIds = () => items().map((el) => el.dataset.arxivId);
const search = () => container.querySelector<HTMLInputElement>('[data-pith="library-search"]');

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function mount() {
  render(<App />, container);
}

beforeEach(async () => {
  calls.length = 0;
  await getDb().saved.clear();
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
  unregister?.();
  unregister = null;
  vi.useRealTimers();
  // Spies (tabs.query) must not outlive the test: the next file in this worker shares the fake browser.
  vi.restoreAllMocks();
});

describe('popup', () => {
  it('lists saved papers newest first with the stable test contract', async () => {
    for (const p of seed) await savePaper(getDb(), p);
    await mount();
    await waitFor(() => items().length === 3, 'three rows');
    expect(itemIds()).toEqual(['2604.00002', 'math/0601001', '2605.00001']);
    const first = items()[2]!;
    // Tagline as the headline, the title below it, first three authors, category and date.
    expect(first.querySelector('.saved-headline')?.textContent).toContain('Gradient flow reaches global minima');
    expect(first.querySelector('.saved-title')?.textContent).toContain('Training infinitely deep');
    expect(first.textContent).toContain('Ada Lovelace, Charles Babbage, Mary Somerville +1 more');
    expect(first.textContent).toContain('math.OC');
    expect(first.textContent).toContain('2026-05-18');
    const hrefs = [...first.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('https://arxiv.org/abs/2605.00001');
    expect(hrefs).toContain('https://arxiv.org/pdf/2605.00001');
    expect(hrefs).toContain('https://arxiv.org/html/2605.00001');
    // No HTML link for a paper arXiv has no HTML version of.
    const old = items().find((el) => el.dataset.arxivId === 'math/0601001')!;
    expect([...old.querySelectorAll('a')].some((a) => a.getAttribute('href')?.includes('/html/'))).toBe(false);
    // Math in the title goes through KaTeX.
    const zeta = items()[0]!;
    expect(zeta.querySelector('.katex')).not.toBeNull();
    // Labelled search box.
    const box = search()!;
    expect(box.type).toBe('search');
    expect(container.querySelector(`label[for="${box.id}"]`)?.textContent).toMatch(/search/i);
  });

  it('filters as you type, over title, authors, tagline and id', async () => {
    for (const p of seed) await savePaper(getDb(), p);
    await mount();
    await waitFor(() => items().length === 3, 'three rows');
    type(search()!, 'transformers');
    await waitFor(() => items().length === 1, 'one match');
    expect(itemIds()).toEqual(['2605.00001']);
    type(search()!, 'global minima');
    await waitFor(() => itemIds()[0] === '2605.00001' && items().length === 1, 'tagline match');
    type(search()!, 'math/0601');
    await waitFor(() => itemIds()[0] === 'math/0601001', 'id match');
    expect(container.textContent).toContain('1 of 3 shown');
    type(search()!, 'nothing matches this');
    await waitFor(() => items().length === 0 && container.textContent?.includes('No saved paper matches'), 'no match');
    type(search()!, '');
    await waitFor(() => items().length === 3, 'all back');
  });

  it('shows the main theorem on the row and finds words in statements', async () => {
    const statements = [
      { name: 'Lemma', number: '1', title: null, text: 'A helper about $\\epsilon$-nets.', anchor: 'L1' },
      { name: 'Theorem', number: '2', title: 'Main result', text: 'Gradient flow is contractive in $W_2$.', anchor: 'T2' },
    ];
    await savePaper(getDb(), { ...seed[0]!, statements });
    for (const p of seed.slice(1)) await savePaper(getDb(), p);
    await mount();
    await waitFor(() => items().length === 3, 'three rows');
    const row = items().find((el) => el.dataset.arxivId === seed[0]!.id)!;
    const line = row.querySelector('[data-pith="saved-statement"]')!;
    expect(line.textContent).toContain('Theorem 2 (Main result).');
    expect(line.textContent).toContain('contractive');
    expect(line.querySelector('.katex')).not.toBeNull();
    type(search()!, 'helper about');
    await waitFor(() => items().length === 1, 'statement match');
    expect(itemIds()).toEqual([seed[0]!.id]);
  });

  it('sorts by published date and by title', async () => {
    for (const p of seed) await savePaper(getDb(), p);
    await mount();
    await waitFor(() => items().length === 3, 'three rows');
    const select = container.querySelector<HTMLSelectElement>('select[name="sort"]')!;
    select.value = 'published';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => itemIds()[0] === '2605.00001', 'published order');
    expect(itemIds()).toEqual(['2605.00001', '2604.00002', 'math/0601001']);
    select.value = 'title';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => itemIds()[0] === 'math/0601001', 'title order');
    expect(itemIds()).toEqual(['math/0601001', '2605.00001', '2604.00002']);
  });

  it('removes through the background and Undo restores the exact snapshot', async () => {
    stubBackground();
    for (const p of seed) await savePaper(getDb(), p);
    const before = await getDb().saved.get('2605.00001');
    await mount();
    await waitFor(() => items().length === 3, 'three rows');
    const row = items().find((el) => el.dataset.arxivId === '2605.00001')!;
    row.querySelector<HTMLButtonElement>('[data-pith="saved-remove"]')!.click();
    await waitFor(() => items().length === 2, 'row removed');
    expect(calls).toEqual([{ type: 'saved:remove', data: { id: '2605.00001' } }]);
    expect(await getDb().saved.get('2605.00001')).toBeUndefined();
    const undo = await waitFor(() => container.querySelector<HTMLButtonElement>('[data-pith="undo"]'), 'undo');
    expect(container.querySelector('[data-pith="undo-toast"]')?.textContent).toContain('Removed');
    undo.click();
    await waitFor(() => items().length === 3, 'row restored');
    expect(calls[1]?.type).toBe('saved:restore');
    expect(await getDb().saved.get('2605.00001')).toEqual(before);
    expect(itemIds()).toEqual(['2604.00002', 'math/0601001', '2605.00001']);
    expect(container.querySelector('[data-pith="undo"]')).toBeNull();
  });

  it('hides a removed row at once, and brings it back when the background refuses', async () => {
    let release: () => void = () => undefined;
    stubBackground({
      'saved:remove': () =>
        new Promise((_, reject) => {
          release = () => reject(new Error('database is busy'));
        }),
    });
    for (const p of seed) await savePaper(getDb(), p);
    await mount();
    await waitFor(() => items().length === 3, 'three rows');
    items()[0]!.querySelector<HTMLButtonElement>('[data-pith="saved-remove"]')!.click();
    // Before the background answers (the database still holds the row).
    await waitFor(() => items().length === 2, 'optimistic removal');
    expect(await getDb().saved.get('2604.00002')).toBeDefined();
    release();
    await waitFor(() => items().length === 3, 'row back after the failure');
    await waitFor(() => container.textContent?.includes('Could not remove'), 'error notice');
    expect(container.querySelector('[data-pith="undo"]')).toBeNull();
  });

  it('shows an empty state that tells a new user what to do', async () => {
    await mount();
    const empty = await waitFor(() => container.querySelector('[data-pith="library-empty"]'), 'empty state');
    expect(empty.textContent).toMatch(/arXiv listing/);
    expect(empty.textContent).toMatch(/save/);
    expect(items()).toHaveLength(0);
    // Import stays available to a new user.
    expect(container.querySelector('input[type="file"][accept*=".json"]')).not.toBeNull();
  });

  it('renders only the rows in view for a large library', async () => {
    const many = Array.from({ length: 2_000 }, (_, i) =>
      paper({ id: `2605.${String(10_000 + i)}`, title: `Paper number ${i}`, savedAt: 10_000 + i }),
    );
    await getDb().transaction('rw', getDb().saved, async () => {
      for (const p of many) await savePaper(getDb(), p);
    });
    const t0 = performance.now();
    await mount();
    await waitFor(() => items().length > 0 && container.textContent?.includes('2000 saved'), 'rows');
    console.log(`[popup] 2,000 saved papers: list shown after ${(performance.now() - t0).toFixed(0)} ms (happy-dom)`);
    expect(items().length).toBeLessThan(30);
    expect(itemIds()[0]).toBe('2605.11999');
    const list = container.querySelector<HTMLElement>('.saved-list')!;
    expect(list.style.height).toBe(`${2_000 * ROW_HEIGHT}px`);
    const t1 = performance.now();
    type(search()!, 'number 1234');
    await waitFor(() => itemIds()[0] === '2605.11234', 'search result');
    console.log(`[popup] keystroke to result: ${(performance.now() - t1).toFixed(1)} ms (happy-dom, incl. polling)`);
  });

  it('computes the visible range with overscan', () => {
    expect(visibleRange(0, 440, 10_000, 100, 4)).toEqual([0, 9]);
    expect(visibleRange(1_000, 440, 10_000, 100, 4)).toEqual([6, 19]);
    expect(visibleRange(999_900, 440, 10_000, 100, 4)).toEqual([9_995, 10_000]);
    expect(visibleRange(0, 440, 3, 100, 4)).toEqual([0, 3]);
  });

  it('offers to save the arXiv paper in the active tab', async () => {
    const saved: string[] = [];
    stubBackground({
      'saved:put-by-id': async ({ id }) => {
        saved.push(id);
        await savePaper(getDb(), paper({ id, title: 'From the tab', savedAt: 9_000 }));
        return { ok: true, title: 'From the tab' };
      },
    });
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2609.22268v2' });
    await fakeBrowser.tabs.update(tab.id!, { active: true });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    await mount();
    const button = await waitFor(
      () => container.querySelector<HTMLButtonElement>('[data-pith="save-current-tab"] button'),
      'save this page',
    );
    expect(button.textContent).toContain('2609.22268');
    button.click();
    await waitFor(() => itemIds().includes('2609.22268'), 'saved row');
    expect(saved).toEqual(['2609.22268']);
  });

  it('rejects an oversized import before reading it', async () => {
    const sent: string[] = [];
    stubBackground({
      'library:import': async ({ text }) => {
        sent.push(text);
        return { ok: true, added: 0, kept: 0, skipped: 0 };
      },
    });
    await mount();
    const input = await waitFor(() => container.querySelector<HTMLInputElement>('[data-pith="library-import"]'), 'input');
    const file = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: 60 * 1024 * 1024 });
    const read = vi.spyOn(file, 'text');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const status = () => container.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? '';
    await waitFor(() => status().includes('at most'), 'size message');
    expect(status()).toMatch(/Nothing was imported/);
    expect(read).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('imports a file through the background and reports the outcome', async () => {
    stubBackground({
      'library:import': async ({ text }) =>
        text.includes('arxiv-pith-library')
          ? { ok: true, added: 5, kept: 3, skipped: 1 }
          : { ok: false, error: 'This file is not an arXiv Pith library export. Nothing was imported.' },
    });
    await mount();
    const input = await waitFor(() => container.querySelector<HTMLInputElement>('[data-pith="library-import"]'), 'input');
    const status = () => container.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? '';
    const pick = (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    pick(new File(['{"format":"arxiv-pith-library"}'], 'lib.json'));
    await waitFor(() => status().includes('Added 5'), 'outcome');
    expect(status()).toBe('Added 5, 3 already there, 1 skipped.');
    pick(new File(['{"foo":1}'], 'other.json'));
    await waitFor(() => status().includes('not an arXiv Pith'), 'error');
    expect(importOutcome({ added: 2, kept: 0, skipped: 0 })).toBe('Added 2, 0 already there');
  });
});
