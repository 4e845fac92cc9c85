// `npm run bench` (after `wxt build`): prints the figures of issues 2-5. Not a test: a missed
// target is printed as "missed", never a failure. Exit code is non-zero only if the benchmark
// itself could not run.
//
//   A  2,000-entry listing in Chromium, with the extension vs. the same page without it
//   B  full-text analysis per MB, cache reads for a 2,000-entry listing, API requests
//   C  extractive taglines for 2,000 real abstracts
//   D  popup with 10,000 saved papers: first paint, search keystroke, memory
//   E  triage (issue 11): listing-bar filter/sort toggles on 2,000 cards, seen lookups, seen table size
//   H  page height with / without the extension, cards filled; layout shift as figures arrive
//      (tests/bench/heights.mjs, issue 16)
//
// Env: BENCH_RUNS (page loads per browser profile, default 3), BENCH_ONLY=A,B,C,D,E,H.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { benchBarToggles, benchSeenTable } from './triage.bench.mjs';
import { CHROMIUM_ARGS, PAGES, ROOT, FIXTURES, findChromium, launchBrowser, startFixtureServer } from '../e2e/harness.mjs';
import { benchHeights, reportHeights } from './heights.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const ONLY = new Set((process.env.BENCH_ONLY ?? 'A,B,C,D,E,H').split(',').map((s) => s.trim().toUpperCase()));
const MB = 1024 * 1024;

const rows = []; // [section, metric, value, target, verdict]
const row = (section, metric, value, target = '', met = null) =>
  rows.push([section, metric, value, target, met === null ? '' : met ? 'target met' : 'target MISSED']);
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : 'n/a');
const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MB).toFixed(1)} MB` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
};
const log = (...a) => console.error('[bench]', ...a);

// ---------------------------------------------------------------------------------------------
// Node half: B (pure parts) and C, via vite-node

function runPure(libraryPath, metasPath) {
  log('Node benchmarks (vite-node tests/bench/pure.bench.ts) ...');
  const r = spawnSync('npx', ['vite-node', '--config', 'tests/bench/vite.config.mjs', 'tests/bench/pure.bench.ts', '--library', libraryPath, '--metas', metasPath], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`pure.bench.ts printed no result:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice('BENCH_JSON '.length));
}

// ---------------------------------------------------------------------------------------------
// Browser helpers



/** The same Chromium and flags as harness.launchBrowser, but without the extension. */
async function launchPlain(port) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pith-bench-plain-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=MAP arxiv.org 127.0.0.1:${port}, MAP www.arxiv.org 127.0.0.1:${port}, MAP static.arxiv.org 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Answer the service worker's network (export API, arxiv.org/html) from fixtures, and count it. */
async function routeNetwork(context) {
  const counts = { api: 0, apiIds: 0, html: 0 };
  const feed = readFileSync(join(FIXTURES, 'api-query-2entries-2025-10.xml'), 'utf8');
  const latexml = readFileSync(join(FIXTURES, 'latexml-robust-sls-amsthm.html'), 'utf8');
  await context.route('https://export.arxiv.org/**', (route) => {
    counts.api++;
    const list = new URL(route.request().url()).searchParams.get('id_list') ?? '';
    counts.apiIds += list ? list.split(',').length : 0;
    return route.fulfill({ status: 200, contentType: 'application/atom+xml', body: feed });
  });
  await context.route('https://arxiv.org/html/**', (route) => {
    counts.html++;
    return route.fulfill({ status: 200, contentType: 'text/html', body: latexml });
  });
  return counts;
}

function installObservers() {
  window.__pithBench = { longtasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__pithBench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

function summarise(tasks) {
  return {
    count: tasks.length,
    longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    total: tasks.reduce((m, t) => m + t.duration, 0),
  };
}

/** One load + full scroll of the 2,000-entry listing; returns its figures. */
async function measureListing(context, withExtension) {
  const page = await context.newPage();
  await page.addInitScript(installObservers);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`http://arxiv.org${PAGES.longListing}`, { waitUntil: 'load' });
  if (withExtension) {
    await page.waitForFunction(() => performance.getEntriesByName('pith:first-viewport').length > 0, null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('pith-card').length >= 2000, null, { timeout: 30_000 });
  }
  await page.waitForTimeout(1500); // settle: late tasks of the load belong to the load
  const heapLoad = await heapUsed(cdp);
  const scrollStart = await page.evaluate(() => performance.now());
  const scroll = await page.evaluate(async () => {
    const t0 = performance.now();
    const step = window.innerHeight;
    let frames = 0;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      frames++;
    }
    window.scrollTo(0, 0);
    return { ms: performance.now() - t0, steps: frames, height: document.documentElement.scrollHeight };
  });
  await page.waitForTimeout(1000);
  const heapScroll = await heapUsed(cdp);
  const info = await page.evaluate(() => {
    const mark = (n) => performance.getEntriesByName(n)[0] ?? null;
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      start: mark('pith:start')?.startTime ?? null,
      firstViewport: mark('pith:first-viewport')?.startTime ?? null,
      firstBatch: mark('pith:first-viewport')?.detail?.cards ?? null,
      dcl: nav?.domContentLoadedEventEnd ?? null,
      loadEnd: nav?.loadEventEnd ?? null,
      fcp: fcp?.startTime ?? null,
      cards: document.querySelectorAll('pith-card').length,
      rendered: document.querySelectorAll('pith-card[data-rendered]').length,
      longtasks: window.__pithBench.longtasks,
    };
  });
  await cdp.detach().catch(() => undefined);
  await page.close();
  const loadTasks = info.longtasks.filter((t) => t.start < scrollStart);
  const scrollTasks = info.longtasks.filter((t) => t.start >= scrollStart);
  // Tasks that end after the content script started: the extension's share of the load.
  const extTasks = info.start === null ? [] : loadTasks.filter((t) => t.start + t.duration > info.start);
  return {
    ...info,
    toFirstViewport: info.start !== null && info.firstViewport !== null ? info.firstViewport - info.start : Number.NaN,
    load: summarise(loadTasks),
    scroll: summarise(scrollTasks),
    afterStart: summarise(extTasks),
    afterStartList: extTasks.map((t) => Math.round(t.duration)),
    heapLoad,
    heapScroll,
    scrollMs: scroll.ms,
    scrollSteps: scroll.steps,
  };
}

// ---------------------------------------------------------------------------------------------
// A: the long listing, with and without the extension

async function benchListing(port, ext) {
  log(`A: 2,000-entry listing, ${RUNS} load(s) with the extension ...`);
  const withExt = [];
  for (let i = 0; i < RUNS; i++) withExt.push(await measureListing(ext.context, true));
  log(`A: the same page without the extension ...`);
  const plain = await launchPlain(port);
  const without = [];
  try {
    for (let i = 0; i < RUNS; i++) without.push(await measureListing(plain.context, false));
  } finally {
    await plain.close();
  }
  return { withExt, without };
}

function reportListing({ withExt, without }) {
  const S = 'A listing 2000';
  const med = (runs, f) => median(runs.map(f));
  const tfv = med(withExt, (r) => r.toFirstViewport);
  row(S, `script start -> first-viewport cards (median of ${withExt.length}; runs: ${withExt.map((r) => ms(r.toFirstViewport)).join(', ')})`, ms(tfv), '< 100 ms', tfv < 100);
  row(S, 'content script start after navigation (with / without-ext DCL)', `${ms(med(withExt, (r) => r.start))} / ${ms(med(without, (r) => r.dcl))}`);
  row(S, 'first cards rendered in first batch', String(withExt[0]?.firstBatch ?? 'n/a'));
  row(S, 'first-contentful-paint with / without', `${ms(med(withExt, (r) => r.fcp))} / ${ms(med(without, (r) => r.fcp))}`, '', null);
  row(S, 'load event end with / without', `${ms(med(withExt, (r) => r.loadEnd))} / ${ms(med(without, (r) => r.loadEnd))}`);
  for (const phase of ['load', 'scroll']) {
    const a = med(withExt, (r) => r[phase].count);
    const b = med(without, (r) => r[phase].count);
    const la = med(withExt, (r) => r[phase].longest);
    const lb = med(without, (r) => r[phase].longest);
    const ta = med(withExt, (r) => r[phase].total);
    const tb = med(without, (r) => r[phase].total);
    row(S, `long tasks (>50 ms) during ${phase}: count with / without`, `${a} / ${b}`);
    row(S, `  longest during ${phase}: with / without (ratio)`, `${ms(la)} / ${ms(lb)} (${ratio(la, lb)})`);
    row(S, `  total long-task time during ${phase}: with / without (ratio)`, `${ms(ta)} / ${ms(tb)} (${ratio(ta, tb)})`);
  }
  const extCount = med(withExt, (r) => r.afterStart.count + r.scroll.count);
  const extLongest = med(withExt, (r) => Math.max(r.afterStart.longest, r.scroll.longest));
  row(
    S,
    `long tasks after content-script start + during scroll (extension's share; runs: ${withExt.map((r) => `[${r.afterStartList.join(',')}|${r.scroll.count}]`).join(' ')})`,
    `${extCount}, longest ${ms(extLongest)}`,
    'none > 50 ms',
    extCount === 0,
  );
  const hl = med(withExt, (r) => r.heapLoad);
  const hlb = med(without, (r) => r.heapLoad);
  const hs = med(withExt, (r) => r.heapScroll);
  const hsb = med(without, (r) => r.heapScroll);
  row(S, 'JS heap after load: with / without (ratio)', `${mb(hl)} / ${mb(hlb)} (${ratio(hl, hlb)})`);
  row(S, 'JS heap after full scroll: with / without (ratio)', `${mb(hs)} / ${mb(hsb)} (${ratio(hs, hsb)})`);
  row(S, 'heap growth caused by the extension (after full scroll)', mb(hs - hsb), '< 30 MB', hs - hsb < 30 * MB);
  row(S, 'full scroll: viewports / time with / without', `${withExt[0]?.scrollSteps} / ${ms(med(withExt, (r) => r.scrollMs))} / ${ms(med(without, (r) => r.scrollMs))}`);
  row(S, 'cards on the page / rendered after scroll', `${withExt[0]?.cards} / ${withExt[0]?.rendered}`);
}

// ---------------------------------------------------------------------------------------------
// B (browser part): the extension's real IndexedDB

async function openExtensionPage(ext, path, viewport) {
  const page = await ext.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`chrome-extension://${ext.extensionId}/${path}`);
  return page;
}

const send = (page, type, data) =>
  page.evaluate(
    async ({ type, data }) => {
      const t = performance.now();
      const reply = await chrome.runtime.sendMessage({ pith: 1, type, data });
      return { ms: performance.now() - t, reply };
    },
    { type, data },
  );

async function benchBrowserCache(ext, metas) {
  log('B: cache reads in the extension (real IndexedDB) ...');
  const page = await openExtensionPage(ext, 'options.html');
  // The content script's own path: 'papers:seen' with the listing's 2,000 papers (read + merge write).
  const seen = [];
  for (let i = 0; i < 3; i++) {
    const r = await send(page, 'papers:seen', { papers: metas });
    seen.push({ ms: r.ms, cached: r.reply?.value?.cached?.length ?? 0 });
  }
  await page.close();
  // A read-only bulk get of the 2,000 ids in the service worker (what Dexie's bulkGet does).
  const reads = await ext.worker.evaluate(async (ids) => {
    const db = await new Promise((ok, fail) => {
      const req = indexedDB.open('arxiv-pith');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const once = () =>
      new Promise((ok, fail) => {
        const t = performance.now();
        const tx = db.transaction('papers', 'readonly');
        const store = tx.objectStore('papers');
        let found = 0;
        for (const id of ids) {
          const r = store.get(id);
          r.onsuccess = () => {
            if (r.result) found++;
          };
        }
        tx.oncomplete = () => ok({ ms: performance.now() - t, found });
        tx.onerror = () => fail(tx.error);
      });
    // What getPapers (background/db/cache.ts) asks for 2,000 close ids: one getAll over their
    // key range, capped at two rows per id (Dexie's toArray on a limited primary-key range).
    const ranged = () =>
      new Promise((ok, fail) => {
        const t = performance.now();
        const tx = db.transaction('papers', 'readonly');
        const store = tx.objectStore('papers');
        const sorted = [...ids].sort();
        const range = IDBKeyRange.bound(sorted[0], sorted.at(-1));
        const wanted = new Set(ids);
        let found = 0;
        const all = store.getAll(range, ids.length * 2);
        all.onsuccess = () => {
          for (const row of all.result) if (wanted.has(row.id)) found++;
        };
        tx.oncomplete = () => ok({ ms: performance.now() - t, found });
        tx.onerror = () => fail(tx.error);
      });
    const out = [];
    const outRanged = [];
    for (let i = 0; i < 5; i++) {
      out.push(await once());
      outRanged.push(await ranged());
    }
    db.close();
    return { out, outRanged };
  }, metas.map((m) => m.id));
  return { seen, reads: reads.out, ranged: reads.outRanged };
}

// ---------------------------------------------------------------------------------------------
// D: the popup with 10,000 saved papers

async function benchPopup(ext, libraryText) {
  log('D: importing 10,000 saved papers ...');
  const viewport = { width: 420, height: 600 };
  const setup = await openExtensionPage(ext, 'popup.html', viewport);
  const imp = await send(setup, 'library:import', { text: libraryText });
  await setup.close();
  if (!imp.reply?.ok || !imp.reply.value?.ok) throw new Error(`library:import failed: ${JSON.stringify(imp.reply).slice(0, 300)}`);

  log(`D: popup, ${RUNS + 1} opens (first one discarded as cold) ...`);
  const opens = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const page = await ext.context.newPage();
    await page.setViewportSize(viewport);
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    await page.waitForFunction(
      () => performance.getEntriesByName('pith:list-painted').length > 0 && performance.getEntriesByName('pith:library-loaded').length > 0,
      null,
      { timeout: 30_000 },
    );
    const marks = await page.evaluate(() => ({
      painted: performance.getEntriesByName('pith:list-painted')[0].startTime,
      loaded: performance.getEntriesByName('pith:library-loaded')[0].startTime,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      items: document.querySelectorAll('[data-pith="saved-item"]').length,
    }));
    const heap = await heapUsed(cdp);
    let keys = null;
    let heapAfterSearch = null;
    if (i === RUNS) {
      keys = await typeQuery(page, 'distributed consensus');
      heapAfterSearch = await heapUsed(cdp);
    }
    await cdp.detach().catch(() => undefined);
    await page.close();
    opens.push({ ...marks, heap, keys, heapAfterSearch });
  }
  return { importMs: imp.ms, imported: imp.reply.value, opens };
}

/**
 * Type `text` into the search box, one key at a time. Per key: keydown -> list updated (a
 * microtask queued after the component's own input handler, i.e. after Preact's re-render)
 * and keydown -> next frame produced (rAF, then a message task after the frame).
 */
async function typeQuery(page, text) {
  await page.evaluate(() => {
    const box = document.querySelector('[data-pith="library-search"]');
    const state = (window.__pithKeys = { results: [], pending: null });
    box.addEventListener('keydown', (e) => (state.pending = { t0: e.timeStamp }), { capture: true });
    // Window, bubble phase: runs after the box's own onInput; Preact renders in a microtask queued there.
    window.addEventListener('input', () => {
      const p = state.pending;
      if (!p) return;
      queueMicrotask(() =>
        queueMicrotask(() => {
          p.dom = performance.now();
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              state.results.push({ dom: p.dom - p.t0, frame: performance.now() - p.t0, shown: document.querySelector('.library-count')?.textContent ?? '' });
              state.pending = null;
            };
            ch.port2.postMessage(0);
          });
        }),
      );
    });
    box.focus();
  });
  for (const ch of text) {
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    await page.waitForFunction(() => window.__pithKeys.pending === null, null, { timeout: 10_000 }).catch(() => undefined);
  }
  return page.evaluate(() => window.__pithKeys.results);
}

function reportPopup(d) {
  const S = 'D popup 10k';
  const warm = d.opens.slice(1);
  const painted = median(warm.map((o) => o.painted));
  row(S, `import 10,000 papers (library:import, ${d.imported.added} added)`, ms(d.importMs));
  row(S, `list first paint (pith:list-painted; cold ${ms(d.opens[0].painted)}, warm runs: ${warm.map((o) => ms(o.painted)).join(', ')})`, ms(painted), '< 150 ms', painted < 150);
  row(S, 'whole library read (pith:library-loaded), median warm', ms(median(warm.map((o) => o.loaded))));
  row(S, 'first-contentful-paint, median warm', ms(median(warm.map((o) => o.fcp))));
  row(S, 'saved-item rows in the DOM (virtualised)', String(warm[0]?.items ?? d.opens[0].items));
  const keys = d.opens.at(-1).keys ?? [];
  const dom = keys.map((k) => k.dom);
  const frame = keys.map((k) => k.frame);
  const worstFrame = Math.max(...frame);
  row(S, `search keystroke -> list updated: median / max over ${keys.length} keys (final: ${keys.at(-1)?.shown ?? '?'})`, `${ms(median(dom))} / ${ms(Math.max(...dom))}`);
  row(S, 'search keystroke -> next frame: median / max', `${ms(median(frame))} / ${ms(worstFrame)}`, '< 30 ms', median(frame) < 30);
  row(S, 'JS heap after open (popup page), median warm', mb(median(warm.map((o) => o.heap))));
  row(S, 'JS heap after typing a search', mb(d.opens.at(-1).heapAfterSearch));
}

// ---------------------------------------------------------------------------------------------

function reportPure(p) {
  const C = 'C taglines';
  row(C, `extractTagline x ${p.taglines.abstracts} (${p.taglines.distinct} real abstracts cycled), CPU best of 5`, ms(p.taglines.bestCpuMs), '< 100 ms', p.taglines.bestCpuMs < 100);
  const s = p.taglinesScitldr;
  row(C, `extractTagline x ${s.distinct} distinct SciTLDR abstracts, CPU best of 5 (cold ${ms(s.coldCpuMs)})`, ms(s.bestCpuMs), '< 100 ms', s.bestCpuMs < 100);
  row(C, '  cold first pass (CPU / wall)', `${ms(p.taglines.coldCpuMs)} / ${ms(p.taglines.coldWallMs)}`);
  row(C, '  per abstract', ms(p.taglines.bestCpuMs / p.taglines.abstracts));
  row(C, '  deterministic', String(p.taglines.deterministic));

  const B = 'B pipeline';
  const f = p.fulltext;
  row(B, `analyzeFulltext ~5 MB page (${(f.bigChars / 1e6).toFixed(2)} M chars, median of 5)`, ms(f.ms5mb), '< 100 ms', f.ms5mb < 100);
  row(B, '  per MB of LaTeXML', ms(f.msPerMB));
  for (const [file, chars] of Object.entries(f.statementsJsonChars ?? {})) {
    row(B, `  statements cached for ${file}`, `${(chars / 1000).toFixed(1)} K chars`, '<= 60 K', chars <= 60_000);
  }
  row(B, `  largest fixture (${(f.largestChars / 1e6).toFixed(2)} M chars)`, `${ms(f.msLargest)} (${f.mbPerSec.toFixed(0)} MB/s)`);
  row(B, `  worst hostile input (up to ${(f.hostileChars / 1e6).toFixed(1)} M chars, must stay linear)`, ms(f.hostileMax));
  const c = p.cache;
  row(B, `getPapers ${c.entries} ids (fake-indexeddb, Node, median of 5; first ${ms(c.getPapersFirstMs)})`, ms(c.getPapersMs), '< 100 ms', c.getPapersMs < 100);
  row(B, `getFulltext x ${c.entries} cards, ${c.fulltextHits} hits (fake-indexeddb; first ${ms(c.getFulltextFirstMs)})`, ms(c.getFulltextMs), '< 100 ms', c.getFulltextMs < 100);
  row(B, `putPapers ${c.entries} seen again: hours later / within the hour`, `${ms(c.touchWriteMs)} / ${ms(c.touchAgainMs)}`);
  const a = p.api;
  row(B, `export API: ids a ${a.entries}-entry listing needs (no abstract on the page)`, String(a.idsNeedingApi));
  row(B, `  requests (buildQueryUrls: <= ${a.maxIdsSetting} ids, <= ${a.maxUrlSetting} chars; longest URL ${a.maxUrlLength})`, `${a.requests} (${a.idsPerRequestMax} ids max)`);
  row(B, '  minimum time at 1 request / 3 s', `${a.minSeconds} s`, `${a.requests} req = ceil(ids/100)`, a.requests === Math.ceil(a.idsNeedingApi / a.maxIdsSetting));
  row(B, '  if every id needed the API', `${a.requestsAllIds} requests, ${a.minSecondsAllIds} s`);
  row(B, '  lower bound from the URL-length limit alone', `${a.lowerBoundByUrl} requests`);
  const S = 'moved from unit tests';
  row(S, `parseListing 2,000 entries (happy-dom)`, ms(p.parseListing.ms));
  row(S, `parseArxivId x ${p.ids.parses} adversarial inputs`, ms(p.ids.ms));
  row(S, `saved 10,000 (fake-indexeddb): bulkPut / read all by savedAt`, `${ms(p.saved.writeMs)} / ${ms(p.saved.readAllMs)}`);
  row(S, `saved 10,000: search "distributed consensus" (${p.saved.searchHits} hits) / listSavedIds`, `${ms(p.saved.searchMs)} / ${ms(p.saved.listIdsMs)}`);
}

function reportBrowserCache(b) {
  const B = 'B pipeline';
  const reads = b.reads.slice(1).map((r) => r.ms);
  const m = median(reads);
  row(B, `real IndexedDB (service worker): bulk get 2,000 papers, median of ${reads.length} (first ${ms(b.reads[0].ms)}, ${b.reads[0].found} found)`, ms(m), '< 100 ms', m < 100);
  const rm = median(b.ranged.slice(1).map((r) => r.ms));
  row(B, `  the same as getPapers reads them: one getAll over the ids' key range, <= 2 rows per id (first ${ms(b.ranged[0].ms)}, ${b.ranged[0].found} found)`, ms(rm), '< 50 ms', rm < 50);
  row(B, `'papers:seen' round trip with 2,000 papers (read + merge-write), runs`, b.seen.map((s) => `${ms(s.ms)} [${s.cached} cached]`).join(', '));
}

function reportTriage(t, s) {
  const E = 'E triage';
  const max = (xs) => xs.reduce((a, b) => Math.max(a, b), 0);
  row(E, `2,000 cards: filter "has theorems" on/off, input to next frame (max of ${t.filter.length})`, `${ms(max(t.filter))} [${t.filter.map(ms).join(', ')}]`, '< 16 ms', max(t.filter) < 16);
  row(E, `2,000 cards: sort theorems/arXiv order, input to next frame (max of ${t.sort.length})`, `${ms(max(t.sort))} [${t.sort.map(ms).join(', ')}]`, '< 16 ms', max(t.sort) < 16);
  row(E, 'long tasks during those toggles (longest)', `${t.longtasks.length} (${ms(max(t.longtasks))})`, 'none > 50 ms', t.longtasks.length === 0);
  const rt = median(s.lookups.slice(1).map((l) => l.ms));
  row(E, `'triage:lookup' round trip for 2,000 ids, ${s.count.toLocaleString('en')} stored (median, ${s.lookups[0].found} found; first ${ms(s.lookups[0].ms)})`, ms(rt));
  const w = median(s.reads.slice(1).map((r) => r.ms));
  row(E, `seen lookups for 2,000 ids in the worker (seenBuckets gets per row key, median, ${s.reads[0].found} found)`, ms(w), '< 20 ms', w < 20);
  row(E, `writing 198,000 sightings through 'seen:mark' (40 messages of 4,950)`, ms(s.fillMs));
  row(E, `seen table payload at ${s.count.toLocaleString('en')} ids (${s.rows.toLocaleString('en')} rows: times, places, id rests)`, mb(s.payload));
  row(E, `seen table on disk at ${s.count.toLocaleString('en')} ids (storage estimate delta)`, mb(s.bytes), '< 20 MB', s.bytes < 20 * MB);
}

function printTable() {
  const header = ['section', 'metric', 'value', 'target'];
  const widths = [0, 1, 2, 3].map((i) =>
    Math.min(i === 1 ? 96 : 60, Math.max(header[i].length, ...rows.map((r) => String(r[i]).length))),
  );
  const line = (r) =>
    r
      .slice(0, 4)
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ') + (r[4] ? `  ${r[4]}` : '');
  console.log(`\narXiv Pith benchmark  (${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs, load avg ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log(line(['section', 'metric', 'value', 'target', '']));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, 0) + 12));
  let prev = null;
  for (const r of rows) {
    console.log(line(r[0] === prev ? ['', ...r.slice(1)] : r));
    prev = r[0];
  }
  const missed = rows.filter((r) => r[4] === 'target MISSED').length;
  const met = rows.filter((r) => r[4] === 'target met').length;
  console.log(`\n${met} target(s) met, ${missed} missed. (Figures only: a missed target never fails this command.)`);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'pith-bench-'));
  const libraryPath = join(work, 'library-10000.json');
  const metasPath = join(work, 'listing-2000-metas.json');
  try {
    // The pure half also writes the 10,000-paper library (D) and the listing metas (B); E needs none of it.
    const pure = ONLY.has('B') || ONLY.has('C') || ONLY.has('D') ? runPure(libraryPath, metasPath) : null;
    if (pure && (ONLY.has('B') || ONLY.has('C'))) reportPure(pure);
    if (pure && ONLY.has('D')) {
      const b = pure.bibtex;
      row('D popup 10k', `BibTeX import: parse a ${b.entries}-entry .bib (${b.mb.toFixed(1)} MB, Node, CPU median of 5)`, ms(b.cpuMs), '< 1000 ms', b.cpuMs < 1000);
    }
    if (ONLY.has('A') || ONLY.has('B') || ONLY.has('D') || ONLY.has('E')) {
      const server = await startFixtureServer();
      const ext = await launchBrowser({ port: server.port });
      try {
        const counts = await routeNetwork(ext.context);
        if (ONLY.has('A')) {
          const a = await benchListing(server.port, ext);
          reportListing(a);
          row('A listing 2000', `service-worker requests during ${RUNS} load+scroll(s): export API / arxiv.org/html`, `${counts.api} (${counts.apiIds} ids) / ${counts.html}`);
        }
        if (ONLY.has('B')) reportBrowserCache(await benchBrowserCache(ext, JSON.parse(readFileSync(metasPath, 'utf8'))));
        if (ONLY.has('D')) reportPopup(await benchPopup(ext, readFileSync(libraryPath, 'utf8')));
        if (ONLY.has('E')) {
          log('E: listing bar toggles and the seen table ...');
          reportTriage(await benchBarToggles(ext.context), await benchSeenTable(ext, openExtensionPage));
        }
      } finally {
        await ext.close();
        await server.close();
      }
    }
    if (ONLY.has('H')) {
      // Its own browsers and routes: filled cards need the per-paper fixtures, not section A's.
      const server = await startFixtureServer();
      try {
        reportHeights(await benchHeights(server.port, log), row);
      } finally {
        await server.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  printTable();
}

main().catch((error) => {
  printTable();
  console.error('[bench] could not complete:', error);
  process.exit(1);
});
