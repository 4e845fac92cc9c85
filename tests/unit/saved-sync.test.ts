import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import {
  SAVED_IDS_BUDGET_BYTES,
  SYNC_MAX_ITEMS,
  SYNC_QUOTA_BYTES,
  SYNC_QUOTA_BYTES_PER_ITEM,
  planLedgerSync,
  readLedgerFromSync,
  watchSyncedLedger,
  writeLedgerToSync,
} from '../../background/saved-sync';
import { decodeIdsV1, decodeLedger, encodeLedger, mergeLedgers, toSeconds, type Ledger, type LedgerEntry } from '../../utils/sync-ledger';

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


const NOW = toSeconds(Date.UTC(2026, 11, 1));

/** Seconds at the start of an id's month ("2609.22268" -> 2026-09-01). */
function monthOf(id: string): number {
  const yymm = id.includes('/') ? id.slice(-7, -3) : id.slice(0, 4);
  const yy = Number(yymm.slice(0, 2));
  const year = id.includes('/') && yy >= 91 ? 1900 + yy : 2000 + yy;
  return toSeconds(Date.UTC(year, Number(yymm.slice(2)) - 1, 1));
}

/**
 * A realistic ledger of `n` papers: most saved within three months of appearing, some later;
 * a fifth tagged (a dozen tags, one with HTML, one with a comma and accents), one in twenty
 * removed, one in fifty marked "not interested".
 */
function realisticLedger(n: number, seed = 1): Ledger {
  const rand = rng(seed + 100);
  const tags = ['reading', 'optimal transport', 'to cite', '<b>bold</b>', 'Résumé, later', 'ml', 'pde', 'quantum', 'thesis', 'review', 'x', 'ideas'];
  const ledger: Ledger = new Map();
  for (const id of realisticIds(n, seed)) {
    const base = monthOf(id);
    const at = Math.min(NOW, rand() < 0.8 ? base + Math.floor(rand() * 90 * 86_400) : base + Math.floor(rand() * (NOW - base)));
    const e: LedgerEntry = { saved: { on: rand() >= 0.05, at } };
    if (e.saved!.on && rand() < 0.2) e.tags = { tags: [tags[Math.floor(rand() * tags.length)]!, tags[Math.floor(rand() * 3)]!].filter((t, i, a) => a.indexOf(t) === i), at: at + 60 };
    if (rand() < 0.02) e.notInterested = { on: rand() < 0.8, at: at + 5 };
    ledger.set(id, e);
  }
  return ledger;
}

describe('ledger text (format 2)', () => {
  it('round-trips saves, removals, tags (HTML, commas, accents) and labels exactly', () => {
    const ledger: Ledger = new Map([
      ['2609.22268', { saved: { on: true, at: monthOf('2609.22268') + 3_600 }, tags: { tags: ['<img src=x onerror=alert(1)>', 'a, b; c|d'], at: monthOf('2609.22268') + 7_200 } }],
      ['2609.00001', { saved: { on: false, at: monthOf('2609.00001') + 10 } }],
      ['0704.0001', { notInterested: { on: true, at: monthOf('0704.0001') + 1 } }],
      ['math/0601001', { saved: { on: true, at: monthOf('math/0601001') }, tags: { tags: [], at: monthOf('math/0601001') + 36 }, notInterested: { on: false, at: monthOf('math/0601001') + 37 } }],
    ]);
    const text = encodeLedger(ledger);
    expect(text).toBe('%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E,a%2C%20b%3B%20c%7Cd|0704:1!1;2609:1-a,5N9+W4^W4.0.1;math/0601:1+0^A~B');
    expect(text).not.toMatch(/["\\<>]/);
    const back = decodeLedger(text);
    expect(back.damaged).toBe(0);
    expect(back.ledger).toEqual(ledger);
  });

  it('decodes damaged text without throwing or inventing ids', () => {
    expect(decodeLedger('')).toEqual({ ledger: new Map(), damaged: 0 });
    expect(decodeLedger('garbage').ledger.size).toBe(0);
    const { ledger, damaged } = decodeLedger('%E0%A4%A,ok|2609:1+5,!!,2+5;9999:1+1;0704:1*1.0.1;0704:2*1.7');
    expect(damaged).toBeGreaterThan(0);
    // The entry after the damaged one is dropped (its gap counts from a lost number), the bad
    // prefix is skipped, tags naming an unknown index are dropped, the bad tag name is dropped.
    expect([...ledger.keys()].sort()).toEqual(['0704.0001', '0704.0002', '2609.00001']);
    expect(ledger.get('0704.0001')).toEqual({});
    expect(ledger.get('0704.0002')).toEqual({});
  });

  it('reads format 1 ids as the shipped build wrote them', () => {
    // Literal format-1 text (the shipped build's encoding of eight ids).
    expect(decodeIdsV1('0704:1;1412:7pr;1501:1;2609:1,h6j;hep-th/9901:1;math/0601:1,9').sort()).toEqual(
      ['0704.0001', '1412.9999', '1501.00001', '2609.00001', '2609.22268', 'hep-th/9901001', 'math/0601001', 'math/0601010'].sort(),
    );
  });
});

describe('ledger merge', () => {
  const id = '2609.22268';
  const m = (e: LedgerEntry): Ledger => new Map([[id, e]]);
  it('a newer save beats an older removal, a newer removal an older save, the save wins a tie', () => {
    expect(mergeLedgers(m({ saved: { on: true, at: 20 } }), m({ saved: { on: false, at: 10 } })).get(id)!.saved).toEqual({ on: true, at: 20 });
    expect(mergeLedgers(m({ saved: { on: false, at: 10 } }), m({ saved: { on: true, at: 20 } })).get(id)!.saved).toEqual({ on: true, at: 20 });
    expect(mergeLedgers(m({ saved: { on: true, at: 10 } }), m({ saved: { on: false, at: 20 } })).get(id)!.saved).toEqual({ on: false, at: 20 });
    expect(mergeLedgers(m({ saved: { on: false, at: 15 } }), m({ saved: { on: true, at: 15 } })).get(id)!.saved).toEqual({ on: true, at: 15 });
  });

  it('merges each register by its own time, and is commutative and idempotent', () => {
    const a = realisticLedger(500, 3);
    const b = realisticLedger(500, 4);
    // Overlap: the same ids with other times and tags.
    for (const [k, e] of [...a].slice(0, 200)) b.set(k, { saved: { on: !e.saved!.on, at: e.saved!.at + (k.length % 2 ? 100 : -100) }, tags: { tags: ['other'], at: e.saved!.at } });
    const ab = mergeLedgers(a, b);
    const ba = mergeLedgers(b, a);
    expect(encodeLedger(ab)).toBe(encodeLedger(ba));
    expect(encodeLedger(mergeLedgers(ab, b))).toBe(encodeLedger(ab));
    expect(ab.size).toBe(new Set([...a.keys(), ...b.keys()]).size);
    const mixed = mergeLedgers(m({ saved: { on: true, at: 50 }, tags: { tags: ['old'], at: 50 } }), m({ saved: { on: true, at: 10 }, tags: { tags: ['new'], at: 90 } }));
    expect(mixed.get(id)).toEqual({ saved: { on: true, at: 50 }, tags: { tags: ['new'], at: 90 } });
  });
});

describe('storage.sync payload', () => {
  it('stores 8,000 papers (tags, removals, labels) within every sync quota and reads them back exactly', async () => {
    const ledger = realisticLedger(8_000);
    const t = performance.now();
    const result = await writeLedgerToSync(ledger);
    const writeMs = performance.now() - t;
    const usage = await syncUsage();
    console.log(
      `[saved-sync] 8,000 papers: ${usage.bytes} bytes in ${usage.items} items ` +
        `(${(usage.bytes / 8_000).toFixed(2)} bytes/paper, largest item ${usage.maxItem} B), planned+written in ${writeMs.toFixed(0)} ms; ` +
        `of 10,000 the newest ${planLedgerSync(realisticLedger(10_000)).meta.entries} fit`,
    );
    expect(result.truncated).toBe(false);
    expect(result.changed).toBe(true);
    expect(result.bytes).toBe(usage.bytes);
    expect(usage.bytes).toBeLessThanOrEqual(SAVED_IDS_BUDGET_BYTES);
    expect(usage.maxItem).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
    expect(usage.items).toBeLessThanOrEqual(SYNC_MAX_ITEMS);
    const read = await readLedgerFromSync();
    expect(read).toMatchObject({ format: 2, complete: true, truncated: false });
    // Exactly what was written (a removed paper's tags are not stored: a later save brings its own).
    for (const e of ledger.values()) if (e.saved?.on === false) delete e.tags;
    expect(read.ledger).toEqual(ledger);
  });

  it('past the quota keeps the newest entries that fit and reports truncated', async () => {
    const ledger = realisticLedger(40_000, 7);
    const result = await writeLedgerToSync(ledger);
    const usage = await syncUsage();
    expect(result.truncated).toBe(true);
    expect(result.stored).toBeGreaterThan(5_000);
    expect(result.stored).toBeLessThan(result.total);
    expect(usage.bytes).toBeLessThanOrEqual(SAVED_IDS_BUDGET_BYTES);
    expect(result.bytes).toBeGreaterThan(SAVED_IDS_BUDGET_BYTES - 64);
    const read = await readLedgerFromSync();
    expect(read).toMatchObject({ format: 2, complete: true, truncated: true });
    const time = (e: LedgerEntry) => Math.max(e.saved?.at ?? 0, e.tags?.at ?? 0, e.notInterested?.at ?? 0);
    const oldestKept = Math.min(...[...read.ledger.values()].map(time));
    const newestDropped = Math.max(...[...ledger].filter(([k]) => !read.ledger.has(k)).map(([, e]) => time(e)));
    expect(oldestKept).toBeGreaterThanOrEqual(newestDropped);
    console.log(`[saved-sync] 40,000 papers: kept the newest ${read.ledger.size} (${result.stored} saved) in ${result.bytes} bytes`);
  });

  it('leaves room for settings under the total quota', async () => {
    await browser.storage.sync.set({ settings: { version: 2, theme: 'dark', endpointBaseUrl: 'http://localhost:11434/v1' } });
    await writeLedgerToSync(realisticLedger(40_000, 3));
    expect((await syncUsage()).bytes).toBeLessThanOrEqual(SYNC_QUOTA_BYTES);
  });

  it('shrinks: stale chunks are removed; an unchanged payload spends no write', async () => {
    await writeLedgerToSync(realisticLedger(10_000));
    expect((await syncUsage()).items).toBeGreaterThan(2);
    const small: Ledger = new Map([['2609.22268', { saved: { on: true, at: NOW } }]]);
    await writeLedgerToSync(small);
    expect(Object.keys(await browser.storage.sync.get(null)).sort()).toEqual(['savedIds', 'savedIds.0']);
    const set = vi.spyOn(browser.storage.sync, 'set');
    expect((await writeLedgerToSync(small)).changed).toBe(false);
    expect(set).not.toHaveBeenCalled();
    expect((await readLedgerFromSync()).ledger).toEqual(small);
  });

  it('a missing or corrupt chunk: incomplete, and only whole checked chunks are read (nothing invented)', async () => {
    const ledger = realisticLedger(10_000);
    await writeLedgerToSync(ledger);
    const all = await browser.storage.sync.get(null);
    for (const damage of ['missing', 'corrupt'] as const) {
      if (damage === 'missing') await browser.storage.sync.remove('savedIds.2');
      else await browser.storage.sync.set({ 'savedIds.2': (all['savedIds.2'] as string).replace(/\+/g, '-') });
      const read = await readLedgerFromSync();
      expect(read.complete).toBe(false);
      expect(read.ledger.size).toBeGreaterThan(0);
      expect(read.ledger.size).toBeLessThan(10_000);
      // Every entry read is exactly what was written: the removals in the corrupt chunk were not read.
      for (const [k, e] of read.ledger) expect(e.saved).toEqual(ledger.get(k)!.saved);
    }
    await browser.storage.sync.set({ 'savedIds.2': all['savedIds.2'] });
    expect((await readLedgerFromSync()).complete).toBe(true);
  });

  it('survives damaged or foreign data in the header', async () => {
    await browser.storage.sync.set({ savedIds: 'corrupt' });
    expect(await readLedgerFromSync()).toMatchObject({ format: 0, complete: false, ledger: new Map() });
    await browser.storage.sync.set({ savedIds: { v: 2, chunks: 1, sums: 'x' } });
    expect(await readLedgerFromSync()).toMatchObject({ complete: false, ledger: new Map() });
  });

  it('reads a format-1 payload from the shipped build as saves', async () => {
    await browser.storage.sync.set({
      savedIds: { v: 1, chunks: 1, count: 3, total: 3, truncated: false },
      'savedIds.0': '2508:g1a;2609:1,h6j',
    });
    const read = await readLedgerFromSync();
    expect(read).toMatchObject({ format: 1, complete: true });
    expect([...read.ledger.keys()].sort()).toEqual(['2508.20782', '2609.00001', '2609.22268']);
    expect(read.ledger.get('2609.22268')).toEqual({ saved: { on: true, at: monthOf('2609.22268') } });
  });

  it('leaves a payload written by a newer build alone, and says so on read and write', async () => {
    const newer = { savedIds: { v: 3, chunks: 1, whatever: true }, 'savedIds.0': 'whatever v3 holds' };
    await browser.storage.sync.set(newer);
    expect(await readLedgerFromSync()).toMatchObject({ format: 'newer', complete: false });
    const set = vi.spyOn(browser.storage.sync, 'set');
    const remove = vi.spyOn(browser.storage.sync, 'remove');
    set.mockClear();
    remove.mockClear();
    expect(await writeLedgerToSync(realisticLedger(10))).toMatchObject({ stored: 0, changed: false, newerFormat: true });
    expect(set).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
    expect(await browser.storage.sync.get(null)).toEqual(newer);
  });

  it('notifies watchers of payload changes only', async () => {
    const cb = vi.fn();
    const stop = watchSyncedLedger(cb);
    await browser.storage.sync.set({ settings: { version: 2 } });
    expect(cb).not.toHaveBeenCalled();
    await writeLedgerToSync(new Map([['2609.22268', { saved: { on: true, at: NOW } }]]));
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
    await writeLedgerToSync(new Map([['2609.22269', { saved: { on: true, at: NOW } }]]));
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('plans within the per-item quota whatever the tags hold', () => {
    const ledger: Ledger = new Map();
    realisticIds(3_000, 9).forEach((id, i) => ledger.set(id, { saved: { on: true, at: NOW - i }, tags: { tags: ['"\\'.repeat(20) + i, '日本語のタグ' + i], at: NOW - i } }));
    const plan = planLedgerSync(ledger);
    for (const [k, v] of Object.entries(plan.items)) expect(k.length + new TextEncoder().encode(JSON.stringify(v)).length).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
  });
});
