// Section H of `npm run bench` (issue 16): how tall a listing is with cards in their filled state
// (tagline, qualifier, theorem count and a figure on every card that has HTML) against the same
// page without the extension, and the layout shift (CLS) while the full texts and figures arrive.
//
// The network is answered from the routed fixtures (tests/e2e/arxiv-routes.mjs: LaTeXML captures
// for /html, Atom stand-ins for the export API); figure images are a plot drawn in code
// (tests/helpers/figure-png.mjs). Full texts and images are answered after a delay, so the cards
// have settled before they arrive and the layout shift measured is the one they cause.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, PAGES, findChromium, fixture, launchBrowser } from '../e2e/harness.mjs';
import { FALLBACK_HTML, NEW_LISTING_HTML, atomFeed, listingEntries } from '../e2e/arxiv-routes.mjs';
import { plotPng } from '../helpers/figure-png.mjs';

const HTML_PAGE = /^\/html\/(\d{4}\.\d{4,5})(?:v(\d+))?\/?$/;
/** Full texts and figures are held back this long, so they arrive after the cards settled. */
const DELAY_MS = 1_200;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function routeFilled(context) {
  const known = listingEntries(fixture('list-recent-csCL-2026-07-27.html'));
  const png = plotPng(320, 200);
  await context.route(/^https:\/\/arxiv\.org\/html\//, async (route) => {
    const url = new URL(route.request().url());
    const match = HTML_PAGE.exec(url.pathname);
    await sleep(DELAY_MS);
    if (!match) return route.fulfill({ status: 200, contentType: 'image/png', body: png }).catch(() => undefined);
    const body = fixture(NEW_LISTING_HTML[match[1]] ?? FALLBACK_HTML);
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }).catch(() => undefined);
  });
  await context.route(/^https:\/\/export\.arxiv\.org\//, (route) => {
    const ids = (new URL(route.request().url()).searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    return route.fulfill({ status: 200, contentType: 'application/atom+xml; charset=utf-8', body: atomFeed(ids, known) });
  });
}

function installShiftObserver() {
  window.__pithShifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) window.__pithShifts.push({ t: e.startTime, value: e.value });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** Per card in the page: whether it is filled (or has nothing more to get). */
function cardStates() {
  return [...document.querySelectorAll('pith-card[data-rendered]')].map((host) => {
    const root = host.shadowRoot;
    const r = host.getBoundingClientRect();
    const theorems = root?.querySelector('[data-pith="theorems"]');
    const img = root?.querySelector('[data-pith="figure"] img');
    const box = root?.querySelector('.figure-box');
    return {
      visible: r.bottom > 0 && r.top < innerHeight,
      theoremsSettled: !theorems || theorems.hasAttribute('data-count') || !theorems.hasAttribute('aria-busy'),
      theoremCount: theorems?.getAttribute('data-count') ?? null,
      figure: Boolean(img),
      figureLoaded: Boolean(img && img.complete && img.naturalWidth > 1),
      figurePending: Boolean(box && !img),
      tagline: Boolean(root?.querySelector('[data-pith="title"]:not(.same)')),
      qualifier: Boolean(root?.querySelector('[data-pith="qualifier"]')),
    };
  });
}

/**
 * Scroll through the page one viewport at a time, waiting at each stop (up to `perViewportMs`)
 * until the cards on screen have their full text and figure, then back to the top.
 */
async function fillByScrolling(page, perViewportMs) {
  const viewport = await page.evaluate(() => innerHeight);
  for (let y = 0; ; y += viewport) {
    const height = await page.evaluate((top) => {
      window.scrollTo(0, top);
      return document.documentElement.scrollHeight;
    }, y);
    const until = Date.now() + perViewportMs;
    while (Date.now() < until) {
      await sleep(250);
      const states = (await page.evaluate(cardStates)).filter((s) => s.visible);
      if (states.every((s) => s.theoremsSettled && !s.figurePending && (!s.figure || s.figureLoaded))) break;
    }
    if (y + viewport >= height) break;
  }
}

/** Wait until the count of cards with a tagline stops growing (abstracts from the export API). */
async function waitTaglines(page, maxMs) {
  let last = -1;
  let stableSince = Date.now();
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const states = await page.evaluate(cardStates);
    const n = states.filter((s) => s.tagline).length;
    if (n === states.length) return;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 8_000) return;
    await sleep(500);
  }
}

async function measure(context, path, { withExtension, perViewportMs = 12_000, taglineWaitMs = 30_000 }) {
  const page = await context.newPage();
  await page.addInitScript(installShiftObserver);
  await page.goto(`http://arxiv.org${path}`, { waitUntil: 'load' });
  let firstViewport = { cls: 0, shifts: 0 };
  if (withExtension) {
    await page.waitForSelector('pith-card[data-rendered]', { timeout: 30_000 });
    // t0: the first viewport's cards are rendered; no full text has arrived yet (DELAY_MS).
    await sleep(300);
    const t0 = await page.evaluate(() => performance.now());
    // The first viewport, unscrolled, while its full texts and figures arrive.
    const until = Date.now() + perViewportMs;
    while (Date.now() < until) {
      await sleep(250);
      const states = (await page.evaluate(cardStates)).filter((s) => s.visible);
      if (states.every((s) => s.theoremsSettled && !s.figurePending && (!s.figure || s.figureLoaded))) break;
    }
    await sleep(300);
    firstViewport = await page.evaluate((from) => {
      const late = window.__pithShifts.filter((s) => s.t >= from);
      return { cls: late.reduce((a, s) => a + s.value, 0), shifts: late.length };
    }, t0);
    await fillByScrolling(page, perViewportMs);
    await waitTaglines(page, taglineWaitMs);
    await page.evaluate(() => window.scrollTo(0, 0));
    await sleep(500);
  }
  const result = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    clsAll: window.__pithShifts.reduce((a, s) => a + s.value, 0),
  }));
  const states = withExtension ? await page.evaluate(cardStates) : [];
  await page.close();
  return {
    ...result,
    firstViewport,
    cards: states.length,
    withTheorems: states.filter((s) => s.theoremCount !== null).length,
    withFigure: states.filter((s) => s.figureLoaded).length,
    withTagline: states.filter((s) => s.tagline).length,
    withQualifier: states.filter((s) => s.qualifier).length,
    pendingFigures: states.filter((s) => s.figurePending).length,
  };
}

/** Widest horizontal overflow while scrolling /new and /recent at a width and CSS zoom. */
async function overflowAt(context, { width, zoom }) {
  let worst = 0;
  for (const path of [PAGES.newListing, PAGES.recentListing]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`http://arxiv.org${path}`, { waitUntil: 'load' });
    await page.waitForSelector('pith-card[data-rendered]', { timeout: 30_000 });
    // CSS zoom on the root lays the page out as browser zoom does (width / zoom CSS pixels).
    const overflow = await page.evaluate(async (z) => {
      document.documentElement.style.zoom = String(z);
      let most = 0;
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        window.scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        most = Math.max(most, document.documentElement.scrollWidth - document.documentElement.clientWidth);
      }
      return most;
    }, zoom);
    worst = Math.max(worst, overflow);
    await page.close();
  }
  return worst;
}

async function setCardMode(ext, mode) {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.locator('select[name="cardMode"]').selectOption(mode);
  await sleep(300);
  await options.close();
}

async function launchPlain(port) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pith-bench-plain-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=MAP arxiv.org 127.0.0.1:${port}, MAP www.arxiv.org 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
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

/** Run section H; `log(...)` for progress. Returns the figures for `reportHeights`. */
export async function benchHeights(port, log) {
  const plain = await launchPlain(port);
  const without = {};
  try {
    for (const [name, path] of [['recent', PAGES.recentListing], ['new', PAGES.newListing], ['long', PAGES.longListing]]) {
      without[name] = await measure(plain.context, path, { withExtension: false });
    }
  } finally {
    await plain.close();
  }
  const ext = await launchBrowser({ port });
  const withExt = {};
  try {
    await routeFilled(ext.context);
    log('H: /new, filled ...');
    withExt.new = await measure(ext.context, PAGES.newListing, { withExtension: true });
    log('H: /recent, filled (full texts at arXiv pace, 1 per second) ...');
    withExt.recent = await measure(ext.context, PAGES.recentListing, { withExtension: true });
    log('H: 2,000-entry listing (scrolled through; full texts only where the pace allows) ...');
    withExt.long = await measure(ext.context, PAGES.longListing, { withExtension: true, perViewportMs: 400, taglineWaitMs: 90_000 });
    await setCardMode(ext, 'compact');
    log('H: /recent, compact ...');
    withExt.compact = await measure(ext.context, PAGES.recentListing, { withExtension: true, perViewportMs: 3_000 });
    await setCardMode(ext, 'full');
    log('H: horizontal overflow at 360 px and at 200% zoom ...');
    withExt.narrow = await overflowAt(ext.context, { width: 360, zoom: 1 });
    withExt.zoomed = await overflowAt(ext.context, { width: 1280, zoom: 2 });
  } finally {
    await ext.close();
  }
  return { without, withExt };
}

export function reportHeights({ without, withExt }, row) {
  const S = 'H page height';
  const px = (x) => `${Math.round(x).toLocaleString('en-US')} px`;
  const line = (label, w, base, target, limit) => {
    const r = w.height / base.height;
    row(
      S,
      `${label}: with / without (cards ${w.cards}: ${w.withTagline} tagline, ${w.withQualifier} qualifier, ${w.withTheorems} theorem count, ${w.withFigure} figure, ${w.pendingFigures} figure pending)`,
      `${px(w.height)} / ${px(base.height)} = ${r.toFixed(2)}x`,
      target,
      limit === null ? null : r <= limit,
    );
  };
  line('/list/cs.CL/recent (50 entries)', withExt.recent, without.recent, '<= 1.0x', 1.0);
  line('/list/cond-mat.mtrl-sci/new (12 entries, abstracts on the page)', withExt.new, without.new, '<= 0.6x', 0.6);
  line('2,000-entry listing', withExt.long, without.long, '', null);
  line('/recent in compact mode (vs arXiv\'s /recent)', withExt.compact, without.recent, '<= 0.5x', 0.5);
  const C = 'H layout shift';
  for (const [name, w] of [['/new', withExt.new], ['/recent', withExt.recent]]) {
    row(
      C,
      `${name}: CLS while full texts + figures arrive, first viewport (${w.firstViewport.shifts} shifts); without extension ${without[name.slice(1)].clsAll.toFixed(4)}`,
      w.firstViewport.cls.toFixed(4),
      '< 0.05',
      w.firstViewport.cls < 0.05,
    );
    row(C, `${name}: all layout shift over load + filling scroll (sum, not windowed)`, w.clsAll.toFixed(4));
  }
  const overflow = ['recent', 'new', 'long', 'compact'].map((k) => `${k} ${withExt[k].overflowX}px`).join(', ');
  row(C, 'horizontal overflow at 1280 px (with extension)', overflow, '0 px', ['recent', 'new', 'long', 'compact'].every((k) => withExt[k].overflowX <= 0));
  row(C, 'horizontal overflow on /new and /recent at 360 px / at 200% zoom', `${withExt.narrow} px / ${withExt.zoomed} px`, '0 px', withExt.narrow <= 0 && withExt.zoomed <= 0);
}
