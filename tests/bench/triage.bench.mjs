// Section E of `npm run bench` (issue 11): the listing bar and the seen table, in Chromium with
// the built extension. Figures only, printed by run.mjs.
import { PAGES } from '../e2e/harness.mjs';

/** Toggle each of a filter and the sort on the 2,000-entry listing: time to the next painted frame, long tasks. */
export async function benchBarToggles(context) {
  const page = await context.newPage();
  await page.goto(`http://arxiv.org${PAGES.longListing}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('pith-card').length >= 2000, null, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('[data-pith="count-papers"]')?.textContent === '2,000', null, { timeout: 30_000 });
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

/** Seen table: 'triage:lookup' for 2,000 ids (round trip and in the worker), and its size at 200,000 ids. */
export async function benchSeenTable(ext, openExtensionPage) {
  const page = await openExtensionPage(ext, 'options.html');
  const ids = Array.from({ length: 2000 }, (_, i) => `2609.${String(30000 + i)}`);
  const sightings = ids.map((id) => ({ id, url: 'https://arxiv.org/list/cs.LG/new', section: 'new', category: 'cs.LG' }));
  await page.evaluate((s) => chrome.runtime.sendMessage({ pith: 1, type: 'seen:mark', data: { sightings: s } }), sightings);
  const lookups = await page.evaluate(async (ids) => {
    const out = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await chrome.runtime.sendMessage({ pith: 1, type: 'triage:lookup', data: { ids } });
      out.push({ ms: performance.now() - t, found: Object.keys(r.value.seen).length });
    }
    return out;
  }, ids);
  await page.close();
  // In the worker: the seen store's bulk read alone, then the table filled to 200,000 rows.
  return ext.worker.evaluate(async (ids) => {
    const db = await new Promise((ok, fail) => {
      const req = indexedDB.open('arxiv-pith');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const done = (tx) => new Promise((ok, fail) => ((tx.oncomplete = ok), (tx.onerror = () => fail(tx.error))));
    const reads = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const tx = db.transaction('seen', 'readonly');
      let found = 0;
      for (const id of ids) tx.objectStore('seen').get(id).onsuccess = (e) => e.target.result && found++;
      await done(tx);
      reads.push({ ms: performance.now() - t, found });
    }
    const usage = async () => (await navigator.storage.estimate()).usage;
    const before = await usage();
    const now = Date.now();
    for (let b = 0; b < 200_000; b += 10_000) {
      const tx = db.transaction('seen', 'readwrite');
      const store = tx.objectStore('seen');
      for (let i = b; i < b + 10_000; i++) {
        const id = `${2400 + Math.floor(i / 30000)}.${String(i % 30000).padStart(5, '0')}`;
        store.put({ id, firstSeen: now - i * 1000, lastSeen: now - i * 1000, url: 'https://arxiv.org/list/cs.LG/new', section: 'cross', category: 'cs.LG' });
      }
      await done(tx);
    }
    const count = await new Promise((ok) => (db.transaction('seen').objectStore('seen').count().onsuccess = (e) => ok(e.target.result)));
    // Let LevelDB write out what it holds in memory before the estimate.
    await new Promise((r) => setTimeout(r, 3000));
    const after = await usage();
    db.close();
    return { reads, count, bytes: after - before };
  }, ids).then((w) => ({ lookups, ...w }));
}
