import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import {
  SAVED_IDS_BUDGET_BYTES,
  SYNC_MAX_ITEMS,
  SYNC_QUOTA_BYTES,
  SYNC_QUOTA_BYTES_PER_ITEM,
  decodeIds,
  encodeIds,
  planSavedIdsSync,
  readSavedIdsFromSync,
  watchSyncedSavedIds,
  writeSavedIdsToSync,
} from '../../background/saved-sync';

/** Deterministic pseudo-random generator (mulberry32), so the test data is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `n` distinct realistic ids, newest saved first: papers spread over 2015-2026 (5-digit
 * numbers up to ~30,000 a month), some 2007-2014 (4-digit) and some old-style ones.
 */
function realisticIds(n: number, seed = 1): string[] {
  const rand = rng(seed);
  const out = new Set<string>();
  while (out.size < n) {
    const r = rand();
    if (r < 0.85) {
      const yy = 15 + Math.floor(rand() * 12);
      const mm = 1 + Math.floor(rand() * 12);
      out.add(`${yy}${String(mm).padStart(2, '0')}.${String(1 + Math.floor(rand() * 29_999)).padStart(5, '0')}`);
    } else if (r < 0.95) {
      const yy = 8 + Math.floor(rand() * 7);
      const mm = 1 + Math.floor(rand() * 12);
      out.add(`${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(1 + Math.floor(rand() * 9_999)).padStart(4, '0')}`);
    } else {
      const archive = ['math', 'hep-th', 'cond-mat', 'quant-ph', 'astro-ph'][Math.floor(rand() * 5)]!;
      const yy = [95, 98, 0, 3, 6][Math.floor(rand() * 5)]!;
      const mm = 1 + Math.floor(rand() * 12);
      out.add(`${archive}/${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(1 + Math.floor(rand() * 998)).padStart(3, '0')}`);
    }
  }
  return [...out];
}

async function syncUsage(): Promise<{ bytes: number; items: number; maxItem: number }> {
  const all = await browser.storage.sync.get(null);
  let bytes = 0;
  let maxItem = 0;
  for (const [k, v] of Object.entries(all)) {
    const size = k.length + JSON.stringify(v).length;
    bytes += size;
    maxItem = Math.max(maxItem, size);
  }
  return { bytes, items: Object.keys(all).length, maxItem };
}

describe('compact id encoding', () => {
  it('round-trips new-style (4 and 5 digit) and old-style ids', () => {
    const ids = ['2609.22268', '2609.00001', '0704.0001', '1412.9999', '1501.00001', 'math/0601001', 'hep-th/9901001', 'math/0601010'];
    const text = encodeIds(ids);
    expect(text).toBe('0704:1;1412:7pr;1501:1;2609:1,h6j;hep-th/9901:1;math/0601:1,9');
    expect(new Set(decodeIds(text))).toEqual(new Set(ids));
    expect(decodeIds(text)).toHaveLength(ids.length);
  });

  it('decodes damaged text without throwing or inventing ids', () => {
    expect(decodeIds('')).toEqual([]);
    expect(decodeIds('garbage')).toEqual([]);
    expect(decodeIds('2609:1,!!,2;9999:1;0704:1')).toEqual(['2609.00001', '0704.0001']);
  });
});

describe('storage.sync mirror', () => {
  it('stores 10,000 saved ids within every sync quota and reads them back', async () => {
    const ids = realisticIds(10_000);
    const t = performance.now();
    const result = await writeSavedIdsToSync(ids);
    const writeMs = performance.now() - t;
    const usage = await syncUsage();
    console.log(
      `[saved-sync] 10,000 ids: ${usage.bytes} bytes in ${usage.items} items ` +
        `(${(usage.bytes / 10_000).toFixed(2)} bytes/id, largest item ${usage.maxItem} B), planned+written in ${writeMs.toFixed(0)} ms`,
    );
    expect(result).toMatchObject({ stored: 10_000, total: 10_000, truncated: false, invalid: 0, changed: true });
    expect(result.bytes).toBe(usage.bytes);
    expect(usage.bytes).toBeLessThanOrEqual(SAVED_IDS_BUDGET_BYTES);
    expect(usage.maxItem).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
    expect(usage.items).toBeLessThanOrEqual(SYNC_MAX_ITEMS);

    const read = await readSavedIdsFromSync();
    expect(read.complete).toBe(true);
    expect(read.truncated).toBe(false);
    expect(read.total).toBe(10_000);
    expect(read.ids).toHaveLength(10_000);
    expect(new Set(read.ids)).toEqual(new Set(ids));
  });

  it('past the quota keeps the newest ids that fit and reports truncated', async () => {
    const ids = realisticIds(60_000, 7); // newest first
    const result = await writeSavedIdsToSync(ids);
    const usage = await syncUsage();
    expect(result.truncated).toBe(true);
    expect(result.total).toBe(60_000);
    expect(result.stored).toBeGreaterThan(10_000);
    expect(result.stored).toBeLessThan(60_000);
    expect(usage.bytes).toBeLessThanOrEqual(SAVED_IDS_BUDGET_BYTES);
    expect(usage.maxItem).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
    // Filled up to the budget: one more id (a new group costs at most ~16 bytes) would not fit.
    expect(result.bytes).toBeGreaterThan(SAVED_IDS_BUDGET_BYTES - 16);
    expect(planSavedIdsSync(ids).meta.count).toBe(result.stored);

    const read = await readSavedIdsFromSync();
    expect(read).toMatchObject({ truncated: true, total: 60_000, complete: true });
    expect(new Set(read.ids)).toEqual(new Set(ids.slice(0, result.stored)));
    console.log(`[saved-sync] 60,000 ids: kept the newest ${result.stored} in ${result.bytes} bytes`);
  });

  it('leaves room for settings under the total quota', async () => {
    await browser.storage.sync.set({ settings: { version: 2, theme: 'dark', endpointBaseUrl: 'http://localhost:11434/v1' } });
    await writeSavedIdsToSync(realisticIds(60_000, 3));
    expect((await syncUsage()).bytes).toBeLessThanOrEqual(SYNC_QUOTA_BYTES);
  });

  it('shrinks: stale chunks are removed when the library gets smaller', async () => {
    await writeSavedIdsToSync(realisticIds(10_000));
    const before = (await syncUsage()).items;
    expect(before).toBeGreaterThan(2);
    await writeSavedIdsToSync(['2609.22268', '2609.22269v2']);
    const all = await browser.storage.sync.get(null);
    expect(Object.keys(all).sort()).toEqual(['savedIds', 'savedIds.0']);
    expect((await readSavedIdsFromSync()).ids.sort()).toEqual(['2609.22268', '2609.22269']);
    await writeSavedIdsToSync([]);
    expect(await readSavedIdsFromSync()).toEqual({ ids: [], truncated: false, total: 0, complete: true });
  });

  it('normalises ids, drops non-ids and does not spend a write when nothing changed', async () => {
    const first = await writeSavedIdsToSync(['arXiv:2609.22268v3', '2609.22268', 'math.AG/0601001', 'nonsense', '']);
    expect(first).toMatchObject({ stored: 2, total: 2, invalid: 2, changed: true });
    const set = vi.spyOn(browser.storage.sync, 'set');
    const again = await writeSavedIdsToSync(['2609.22268', 'math/0601001']);
    expect(again.changed).toBe(false);
    expect(set).not.toHaveBeenCalled();
    expect((await readSavedIdsFromSync()).ids.sort()).toEqual(['2609.22268', 'math/0601001']);
  });

  it('reads nothing stored as an empty, complete list', async () => {
    expect(await readSavedIdsFromSync()).toEqual({ ids: [], truncated: false, total: 0, complete: true });
  });

  it('reports a partial delivery (a chunk not arrived yet) as incomplete, with only whole groups', async () => {
    const ids = realisticIds(10_000);
    await writeSavedIdsToSync(ids);
    await browser.storage.sync.remove('savedIds.2');
    const read = await readSavedIdsFromSync();
    expect(read.complete).toBe(false);
    expect(read.ids.length).toBeGreaterThan(0);
    expect(read.ids.length).toBeLessThan(10_000);
    const all = new Set(ids);
    expect(read.ids.every((id) => all.has(id))).toBe(true);
  });

  it('survives damaged or foreign data in the mirror keys', async () => {
    await browser.storage.sync.set({ savedIds: 'corrupt' });
    expect(await readSavedIdsFromSync()).toMatchObject({ ids: [], complete: false });
    await browser.storage.sync.set({ savedIds: { v: 99, chunks: 1, count: 1, total: 1, truncated: false } });
    expect(await readSavedIdsFromSync()).toMatchObject({ ids: [], complete: false });
  });

  it('leaves a mirror written by a newer build alone, and says so on read and write', async () => {
    const newer = { savedIds: { v: 2, chunks: 1, count: 1, total: 1, truncated: false, tags: 'x' }, 'savedIds.0': 'whatever v2 holds' };
    await browser.storage.sync.set(newer);
    expect(await readSavedIdsFromSync()).toEqual({ ids: [], truncated: false, total: 0, complete: false, newerFormat: true });
    const set = vi.spyOn(browser.storage.sync, 'set');
    const remove = vi.spyOn(browser.storage.sync, 'remove');
    set.mockClear();
    remove.mockClear();
    expect(await writeSavedIdsToSync(['2609.22268', '2609.22287'])).toMatchObject({ stored: 0, total: 2, changed: false, newerFormat: true });
    expect(set).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
    expect(await browser.storage.sync.get(null)).toEqual(newer);
  });

  it('notifies watchers of mirror changes only', async () => {
    const cb = vi.fn();
    const stop = watchSyncedSavedIds(cb);
    await browser.storage.sync.set({ settings: { version: 2 } });
    expect(cb).not.toHaveBeenCalled();
    await writeSavedIdsToSync(['2609.22268']);
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
    await writeSavedIdsToSync(['2609.22269']);
    expect(cb).toHaveBeenCalledTimes(1);
  });
});
