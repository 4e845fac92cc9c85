// Section E of `npm run bench` (issue 11): the listing bar and the seen table, in Chromium with
// the built extension. Figures only, printed by run.mjs.
import { PAGES } from '../e2e/harness.mjs';

/** Toggle each of a filter and the sort on the 2,000-entry listing: time to the next painted frame, long tasks. */
export async function benchBarToggles(context) {
  const page = await context.newPage();
  await page.goto(`http://arxiv.org${PAGES.longListing}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('pith-card').length >= 2000, null, { timeout: 90_000 });
  await page.waitForFunction(() => document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('[data-pith="count-papers"]')?.textContent === '2,000', null, { timeout: 90_000 });
  await page.waitForTimeout(1500);
  const out = await page.evaluate(async () => {
    const root = document.querySelector('pith-listing-bar').shadowRoot;
    const tasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) tasks.push(e.duration);
    }).observe({ type: 'longtask' });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    /** Input until the frame after it is rendered (rAF, then a task after that frame). */
    const time = async (act) => {
      await frame();
      const t0 = performance.now();
      act();
      await frame();
      return performance.now() - t0;
    };
    const select = root.querySelector('select[name="sort"]');
    const sortTo = (v) => () => {
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const box = root.querySelector('input[name="theorems"]');
    const res = { filter: [], sort: [] };
    for (let i = 0; i < 4; i++) {
      res.filter.push(await time(() => box.click()));
      res.sort.push(await time(sortTo(i % 2 === 0 ? 'theorems' : 'arxiv')));
    }
    await new Promise((r) => setTimeout(r, 200));
    res.longtasks = tasks;
    return res;
  });
  await page.close();
  return out;
}

/**
 * Seen table: 'triage:lookup' for a listing's 2,000 ids with 200,000 ids stored (round trip,
 * and the seen store's reads in the worker), and the table's size on disk at 200,000 ids.
 * Everything is written through 'seen:mark', the content script's own path.
 */
export async function benchSeenTable(ext, openExtensionPage) {
  const page = await openExtensionPage(ext, 'options.html');
  const ids = Array.from({ length: 2000 }, (_, i) => `2609.${String(30000 + i)}`);
  const place = { url: 'https://arxiv.org/list/cs.LG/new', section: 'new', category: 'cs.LG' };
  const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage);
  const before = await usage();
  await page.evaluate((s) => chrome.runtime.sendMessage({ pith: 1, type: 'seen:mark', data: { sightings: s } }), ids.map((id) => ({ id, ...place })));
  // 198,000 more, a third of each month's ids (a reader sees part of every day), from 2400 on,
  // in 40 batches of 4,950 (one message carries at most 5,000).
  const fill = await page.evaluate(async (place) => {
    const t = performance.now();
    const sections = ['new', 'cross', 'replacement'];
    for (let b = 0; b < 198_000; b += 4_950) {
      const sightings = [];
      for (let i = b; i < b + 4_950; i++) {
        const n = i * 3;
        sightings.push({ id: `${2400 + Math.floor(n / 90000)}.${String(n % 90000).padStart(5, '0')}`, ...place, section: sections[i % 3] });
      }
      const r = await chrome.runtime.sendMessage({ pith: 1, type: 'seen:mark', data: { sightings } });
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    return performance.now() - t;
  }, place);
  const lookups = await page.evaluate(async (ids) => {
    const out = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await chrome.runtime.sendMessage({ pith: 1, type: 'triage:lookup', data: { ids } });
      out.push({ ms: performance.now() - t, found: Object.keys(r.value.seen).length });
    }
    return out;
  }, ids);
  // Let LevelDB write out what it holds in memory before the estimate: wait until it holds still.
  let bytes = (await usage()) - before;
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(1000);
    const next = (await usage()) - before;
    if (next === bytes && i >= 2) break;
    bytes = next;
  }
  await page.close();
  // In the worker: the seen store's reads alone, as background/db/seen.ts lookupSeen does them
  // (one get per row key: the id without its last three characters).
  return ext.worker
    .evaluate(async (ids) => {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open('arxiv-pith');
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const done = (tx) => new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
      const reads = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const keys = new Map();
        for (const id of ids) {
          const k = id.slice(0, -3);
          if (!keys.has(k)) keys.set(k, new Set());
          keys.get(k).add(id.slice(-3));
        }
        const tx = db.transaction('seenBuckets', 'readonly');
        let found = 0;
        for (const [k, want] of keys) {
          tx.objectStore('seenBuckets').get(k).onsuccess = (e) => {
            for (const r of e.target.result?.rest ?? []) if (want.has(r)) found++;
          };
        }
        await done(tx);
        reads.push({ ms: performance.now() - t, found });
      }
      // What the rows hold (typed arrays, id rests, places), whatever LevelDB makes of it on disk.
      const rows = await new Promise((ok) => (db.transaction('seenBuckets').objectStore('seenBuckets').getAll().onsuccess = (e) => ok(e.target.result)));
      let payload = 0;
      for (const r of rows) payload += r.key.length * 2 + r.first.byteLength + r.last.byteLength + r.place.byteLength + r.rest.join('').length * 2 + JSON.stringify(r.places).length * 2;
      const count = await new Promise((ok) => (db.transaction('seenMeta').objectStore('seenMeta').get('seen').onsuccess = (e) => ok(e.target.result?.ids ?? 0)));
      db.close();
      return { reads, count, rows: rows.length, payload };
    }, ids)
    .then((w) => ({ lookups, fillMs: fill, bytes, ...w }));
}
