/**
 * Data pipeline (issue 3), in real Chromium with the built extension: the background worker
 * fetches arXiv's HTML and export API politely (spacing, batching, on-screen only, back-off),
 * caches in IndexedDB, and the cards fill in theorem counts and first figures.
 *
 * The worker's requests are answered by tests/e2e/arxiv-routes.mjs from the real fixtures
 * (see its header for how each stand-in response is made). Every scenario starts a fresh
 * browser profile, so the IndexedDB cache starts empty unless the test fills it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAGES, fixture, openListing, scrollThrough } from './harness.mjs';
import { browserSuite, keepSeenCardsFull } from './suite.mjs';
import { EXPECTED, NEW_LISTING_HTML, NO_HTML_ID, forbiddenRequests, listingEntries, routeArxiv, standInAbstract } from './arxiv-routes.mjs';

const NEW_CAPTURE = fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html');
const RECENT_CAPTURE = fixture('list-recent-csCL-2026-07-27.html');
const RECENT_IDS = [...listingEntries(RECENT_CAPTURE).keys()];

/** Version of each /new entry's HTML link ("https://arxiv.org/html/2609.22268v1"). */
const NEW_HTML_VERSIONS = new Map(
  [...NEW_CAPTURE.matchAll(/href="https:\/\/arxiv\.org\/html\/(\d{4}\.\d{4,5})v(\d+)"/g)].map((m) => [m[1], Number(m[2])]),
);

const suite = browserSuite();

/** A fresh browser (empty cache) with the arXiv stand-ins routed and console errors collected. */
async function freshBrowser(routeOptions = {}) {
  const browser = await suite.launch({ arxivDown: false });
  const routes = await routeArxiv(browser.context, routeOptions);
  // These tests revisit listings in one profile and compare full cards.
  await keepSeenCardsFull(browser);
  // Record when the worker's code calls fetch() (its own clock): the spacing rules are about
  // when the extension starts a request; the network layer adds a few ms of jitter after that.
  await browser.worker.evaluate(() => {
    const original = globalThis.fetch;
    globalThis.__pithFetchStarts = [];
    globalThis.fetch = (input, init) => {
      globalThis.__pithFetchStarts.push({ url: String(input instanceof Request ? input.url : input), at: Date.now() });
      return original(input, init);
    };
  });
  const extensionErrors = [];
  const origin = `chrome-extension://${browser.extensionId}/`;
  browser.context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    // The fixture server 404s arXiv's own static assets; only the extension's errors count here.
    if (where.startsWith(origin) || msg.worker() || /pith/i.test(msg.text())) extensionErrors.push(`${msg.text()} @ ${where}`);
  });
  browser.context.on('weberror', (e) => {
    // arXiv's own inline scripts fail without their (unbundled) static files; only ours count.
    const { message, stack } = e.error();
    if (`${stack}`.includes(origin)) extensionErrors.push(`uncaught: ${message}`);
  });
  return { ...browser, routes, extensionErrors };
}

/** What one card shows, read from its open shadow root. */
function readCard(page, id) {
  return page.evaluate((cardId) => {
    const root = document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot;
    const badge = root?.querySelector('[data-pith="theorems"]');
    const figure = root?.querySelector('[data-pith="figure"]');
    return {
      rendered: !!root?.querySelector(`[data-pith-card="${cardId}"]`),
      count: badge?.getAttribute('data-count') ?? null,
      badgeText: badge?.querySelector('.count')?.textContent?.trim() ?? badge?.textContent?.trim() ?? null,
      badgeTitle: badge?.getAttribute('title') ?? badge?.querySelector('summary')?.getAttribute('title') ?? null,
      badgeClass: badge?.getAttribute('class') ?? null,
      breakdown: badge?.querySelector('.breakdown')?.textContent?.trim() ?? null,
      figureSrc: figure?.querySelector('img')?.getAttribute('src') ?? null,
      fullImage: figure?.querySelector('a.full-image')?.getAttribute('href') ?? null,
    };
  }, id);
}

/** Ids of the cards that intersect the viewport now. */
function visibleIds(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('pith-card')]
      .filter((host) => {
        const r = host.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
      })
      .map((host) => host.getAttribute('data-pith-host')),
  );
}

function waitForCount(page, id, timeout = 15_000) {
  return page.waitForFunction(
    (cardId) => document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot?.querySelector('[data-pith="theorems"][data-count]'),
    id,
    { timeout },
  );
}

/** Wait until the card's badge is final: a count, or "no HTML version". */
function waitForSettled(page, id, timeout = 15_000) {
  return page.waitForFunction(
    (cardId) => {
      const badge = document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot?.querySelector('[data-pith="theorems"]');
      return badge && (badge.hasAttribute('data-count') || badge.textContent.trim() === 'no HTML version');
    },
    id,
    { timeout },
  );
}

function scrollToCard(page, id) {
  return page.evaluate((cardId) => document.querySelector(`pith-card[data-pith-host="${cardId}"]`).scrollIntoView({ block: 'center' }), id);
}

/** The breakdown the card should print for EXPECTED.json's counts (names merged case-insensitively). */
function expectedBreakdownItems(theorems) {
  const merged = new Map();
  for (const [name, n] of Object.entries(theorems)) merged.set(name.toLowerCase(), (merged.get(name.toLowerCase()) ?? 0) + n);
  const plural = (name) => {
    // English plural of the head noun: "restatement of theorem" -> "restatements of theorem".
    const [head, ...rest] = name.split(' ');
    const p = /[^aeiou]y$/.test(head) ? `${head.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(head) ? `${head}es` : `${head}s`;
    return [p, ...rest].join(' ');
  };
  return [...merged].map(([name, n]) => `${n} ${n === 1 ? name : plural(name)}`).sort();
}

function assertNothingForbidden(routes) {
  assert.deepEqual(forbiddenRequests(routes.log).map((r) => r.url), [], 'nothing under /pdf, /e-print, /src or /search is fetched');
}

/** When the worker called fetch() for URLs matching `pattern` (worker clock, ms since epoch). */
async function fetchStarts(browser, pattern) {
  const starts = await browser.worker.evaluate(() => globalThis.__pithFetchStarts ?? null);
  assert.ok(starts, 'the fetch recorder is still installed (the worker did not restart)');
  return starts.filter((s) => pattern.test(s.url)).map((s) => s.at);
}

describe('cards fill in theorem counts and first figures (/new capture)', () => {
  let browser;
  before(async () => {
    browser = await freshBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('each mapped paper shows its Theorem count, the breakdown by printed name and its first figure', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    for (const [id, file] of Object.entries(NEW_LISTING_HTML)) {
      await scrollToCard(page, id);
      await waitForCount(page, id);
      const expected = EXPECTED[file];
      const card = await readCard(page, id);
      const theorems = expected.theorems.Theorem ?? 0;
      assert.equal(card.count, String(theorems), `${id} (${file}): data-count is the number of Theorems`);
      assert.equal(card.badgeText, `${theorems} ${theorems === 1 ? 'theorem' : 'theorems'}`, `${id}: badge text`);
      if (Object.keys(expected.theorems).length === 0) {
        assert.equal(card.breakdown, 'no formal statements', `${id}: a paper without statements says so`);
      } else {
        assert.deepEqual(card.breakdown.split(' · ').sort(), expectedBreakdownItems(expected.theorems), `${id}: breakdown`);
        assert.equal(card.badgeTitle, card.breakdown, `${id}: the breakdown is also the hover text`);
      }
      // The first figure, resolved against the versioned page URL as arxiv.org/html serves it.
      const base = `https://arxiv.org/html/${id}v${NEW_HTML_VERSIONS.get(id)}/`;
      const src = new URL(expected.firstFigureImage, base).href;
      assert.equal(card.figureSrc, src, `${id}: first figure`);
      assert.equal(card.fullImage, src, `${id}: "full image" link`);
    }
    // Each mapped paper was fetched once, at its versioned address.
    for (const id of Object.keys(NEW_LISTING_HTML)) {
      const hits = browser.routes.htmlPages.filter((p) => p.id === id);
      assert.equal(hits.length, 1, `${id} fetched once`);
      assert.equal(hits[0].version, NEW_HTML_VERSIONS.get(id));
    }
    assert.deepEqual(browser.extensionErrors, []);
    assertNothingForbidden(browser.routes);
    await page.close();
  });

  it('the paper without an HTML version never triggers an /html request and says "no HTML version"', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await scrollToCard(page, NO_HTML_ID);
    // Longer than the dwell plus a request slot; the neighbours on screen do get fetched (or come from cache).
    await page.waitForTimeout(2_000);
    const card = await readCard(page, NO_HTML_ID);
    assert.equal(card.badgeText, 'no HTML version');
    assert.equal(card.count, null, 'no made-up count');
    assert.equal(card.figureSrc, null);
    assert.equal(browser.routes.htmlPages.filter((p) => p.id === NO_HTML_ID).length, 0, 'no /html request for it');
    assert.equal(browser.routes.log.filter((r) => r.path.includes(NO_HTML_ID) && r.fromWorker).length, 0);
    assertNothingForbidden(browser.routes);
    await page.close();
  });
});

describe('export API on /recent (no abstracts on the page)', () => {
  it('requests are at least 3 s apart, batched, and every card gets its abstract', async () => {
    const browser = await freshBrowser({ listing: RECENT_CAPTURE });
    try {
      const page = await openListing(browser.context, suite.server.port, PAGES.recentListing);
      await scrollThrough(page); // renders every card, so every card asks for its abstract
      await page.waitForFunction(
        (n) => document.querySelectorAll('pith-card[data-rendered]').length === n,
        RECENT_IDS.length,
        { timeout: 15_000 },
      );
      const api = browser.routes.apiRequests;
      const deadline = Date.now() + 20_000;
      while (new Set(api.flatMap((r) => r.ids)).size < RECENT_IDS.length && Date.now() < deadline) await page.waitForTimeout(200);
      await page.waitForTimeout(3_500); // room for a (wrong) extra request to show up

      const asked = api.flatMap((r) => r.ids.map((q) => q.replace(/v\d+$/, '')));
      assert.deepEqual([...asked].sort(), [...RECENT_IDS].sort(), 'every id asked for exactly once');
      assert.ok(api.length >= 1 && api.length <= 3, `few requests for ${RECENT_IDS.length} ids (got ${api.length})`);
      assert.ok(Math.max(...api.map((r) => r.ids.length)) >= 10, 'one request carries many ids');
      const starts = await fetchStarts(browser, /^https:\/\/export\.arxiv\.org\//);
      assert.equal(starts.length, api.length);
      for (let i = 1; i < starts.length; i += 1) {
        assert.ok(starts[i] - starts[i - 1] >= 3_000, `request ${i} started ${starts[i] - starts[i - 1]} ms after the previous one`);
      }

      // The cards fill in: expand every abstract and find the API's text for that id.
      await page.evaluate(() => {
        for (const host of document.querySelectorAll('pith-card')) host.shadowRoot.querySelector('[data-pith="abstract-toggle"]')?.click();
      });
      const abstracts = await page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('pith-card')].map((h) => [
            h.getAttribute('data-pith-host'),
            h.shadowRoot.querySelector('[data-pith="abstract"]')?.textContent?.trim() ?? '',
          ]),
        ),
      );
      for (const id of RECENT_IDS) assert.equal(abstracts[id], standInAbstract(id), `${id}: abstract from the API`);
      assert.deepEqual(browser.extensionErrors, []);
      assertNothingForbidden(browser.routes);
    } finally {
      await browser.close();
    }
  });
});

describe('only on-screen cards are fetched', () => {
  it('after load only the cards in the viewport, after scrolling the newly visible ones', async () => {
    const browser = await freshBrowser();
    try {
      const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
      const html = browser.routes.htmlPages;
      const firstScreen = (await visibleIds(page)).filter((id) => id !== NO_HTML_ID);
      assert.ok(firstScreen.length >= 1 && firstScreen.length < 12, `a viewport shows some cards, not all (${firstScreen.length})`);
      await Promise.all(firstScreen.map((id) => waitForCount(page, id)));
      await page.waitForTimeout(1_500); // nothing else may follow
      assert.deepEqual(html.map((p) => p.id).sort(), [...firstScreen].sort(), 'requests after load = cards on screen');

      // Jump to the end: the cards in between are never on screen and never fetched.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(100);
      const lastScreen = (await visibleIds(page)).filter((id) => id !== NO_HTML_ID && !firstScreen.includes(id));
      assert.ok(lastScreen.length >= 1, 'the end of the listing shows other cards');
      await Promise.all(lastScreen.map((id) => waitForCount(page, id)));
      await page.waitForTimeout(1_500);
      assert.deepEqual(html.map((p) => p.id).sort(), [...firstScreen, ...lastScreen].sort(), 'after scrolling: exactly the newly visible cards');
      assert.ok(html.length < 11, 'cards never on screen were not fetched');
      // Polite: at most 2 at a time, at least 1 s between starts.
      const starts = await fetchStarts(browser, /^https:\/\/arxiv\.org\/html\/[^/]+$/);
      assert.equal(starts.length, html.length);
      for (let i = 1; i < starts.length; i += 1) assert.ok(starts[i] - starts[i - 1] >= 1_000, `arxiv.org starts ${starts[i] - starts[i - 1]} ms apart`);
      assertNothingForbidden(browser.routes);
    } finally {
      await browser.close();
    }
  });
});

describe('cache', () => {
  it('a second visit (new tab, same profile) makes no network request for papers already seen', async () => {
    const browser = await freshBrowser({ listing: RECENT_CAPTURE });
    try {
      const { htmlPages, apiRequests } = browser.routes;
      // First visit: /new (full text of the cards on screen) and /recent (metadata of all 50).
      const newPage = await openListing(browser.context, suite.server.port, PAGES.newListing);
      const newScreen = (await visibleIds(newPage)).filter((id) => id !== NO_HTML_ID);
      await Promise.all(newScreen.map((id) => waitForCount(newPage, id)));
      const newCards = Object.fromEntries(await Promise.all(newScreen.map(async (id) => [id, await readCard(newPage, id)])));
      await newPage.close();

      const recent = await openListing(browser.context, suite.server.port, PAGES.recentListing);
      await scrollThrough(recent);
      const recentScreen = await visibleIds(recent);
      await Promise.all(recentScreen.map((id) => waitForSettled(recent, id)));
      const deadline = Date.now() + 20_000;
      while (new Set(apiRequests.flatMap((r) => r.ids)).size < RECENT_IDS.length && Date.now() < deadline) await recent.waitForTimeout(200);
      await recent.waitForTimeout(500); // the last batch is written to IndexedDB
      await recent.close();

      const before = { html: htmlPages.length, api: apiRequests.length, worker: browser.routes.log.filter((r) => r.fromWorker).length };
      assert.ok(before.html >= newScreen.length && before.api >= 1);

      // Second visit, new tabs in the same profile.
      const again = await openListing(browser.context, suite.server.port, PAGES.newListing);
      await Promise.all(newScreen.map((id) => waitForCount(again, id, 5_000)));
      for (const id of newScreen) assert.deepEqual(await readCard(again, id), newCards[id], `${id}: same card from the cache`);
      const recentAgain = await openListing(browser.context, suite.server.port, PAGES.recentListing);
      await scrollThrough(recentAgain);
      await Promise.all(recentScreen.map((id) => waitForSettled(recentAgain, id, 5_000)));
      await recentAgain.evaluate(() => {
        for (const host of document.querySelectorAll('pith-card')) host.shadowRoot.querySelector('[data-pith="abstract-toggle"]')?.click();
      });
      await recentAgain.waitForTimeout(1_500);
      const abstracts = await recentAgain.evaluate(() =>
        [...document.querySelectorAll('pith-card')].map((h) => [h.getAttribute('data-pith-host'), h.shadowRoot.querySelector('[data-pith="abstract"]')?.textContent?.trim()]),
      );
      for (const [id, text] of abstracts) assert.equal(text, standInAbstract(id), `${id}: abstract from the cache`);

      // Which cards pass the 350 ms dwell while scrollThrough runs depends on how long frames
      // take (a loaded machine lets some mid-page cards fetch): a card first on screen now may
      // fetch its full text, but nothing fetched on the first visit is fetched again.
      const fetchedBefore = new Set(htmlPages.slice(0, before.html).map((r) => r.id));
      const newHtml = htmlPages.slice(before.html);
      assert.deepEqual(newHtml.filter((r) => fetchedBefore.has(r.id)).map((r) => r.id), [], 'no arxiv.org/html request again for a paper fetched on the first visit');
      assert.ok(newScreen.every((id) => fetchedBefore.has(id)), 'the first screen of /new was fetched on the first visit');
      assert.equal(apiRequests.length, before.api, 'no export API request on the second visit');
      assert.equal(browser.routes.log.filter((r) => r.fromWorker).length, before.worker + newHtml.length, 'the worker made no other request');
      assert.deepEqual(browser.extensionErrors, []);
      assertNothingForbidden(browser.routes);
    } finally {
      await browser.close();
    }
  });
});

describe('back-off', () => {
  it('a 429 with Retry-After: 2 on arxiv.org/html is honoured, then the cards fill in', async () => {
    const browser = await freshBrowser({
      html: (id, version, n) => (n === 0 ? { status: 429, headers: { 'Retry-After': '2' }, contentType: 'text/plain', body: 'Too Many Requests' } : null),
    });
    try {
      const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
      const screen = (await visibleIds(page)).filter((id) => id !== NO_HTML_ID);
      assert.ok(screen.length >= 2, 'at least two cards on screen, so a second request is due within 1 s');
      await Promise.all(screen.map((id) => waitForCount(page, id, 20_000)));
      const html = browser.routes.htmlPages;
      assert.equal(html[0].status, 429);
      for (const later of html.slice(1)) {
        // Node answered the 429 at answeredAt; the browser cannot have started the next request sooner
        // than 2 s after receiving it, so its route handler cannot run sooner than 2 s after answeredAt.
        assert.ok(later.at - html[0].answeredAt >= 2_000, `${later.id} asked ${later.at - html[0].answeredAt} ms after the 429`);
      }
      assert.equal(html.filter((p) => p.id === html[0].id).length, 2, 'the throttled page is asked again');
      for (const id of screen) {
        const card = await readCard(page, id);
        assert.match(card.count ?? '', /^\d+$/, `${id} filled in`);
      }
      assert.deepEqual(browser.extensionErrors, []);
      assertNothingForbidden(browser.routes);
    } finally {
      await browser.close();
    }
  });
});

describe('offline', () => {
  it('shows cached cards, a quiet "offline" state for the rest, no errors; fills in when back online', async () => {
    const browser = await freshBrowser();
    try {
      const { context, routes } = browser;
      // Online first: the cards on the first screen are analysed and cached.
      const first = await openListing(context, suite.server.port, PAGES.newListing);
      const cachedIds = (await visibleIds(first)).filter((id) => id !== NO_HTML_ID);
      await Promise.all(cachedIds.map((id) => waitForCount(first, id)));
      const cachedCards = Object.fromEntries(await Promise.all(cachedIds.map(async (id) => [id, await readCard(first, id)])));
      await first.close();

      // Offline: the listing page itself comes from a route (as from the browser's cache); every
      // request the worker makes fails as Chromium's offline network does.
      // (Chromium's offline emulation would also cut the local fixture server, so the page and its
      // stand-in CSS are fetched from it by Node, as a browser cache would hand them over.)
      await context.route(/^http:\/\/arxiv\.org\//, async (route) => {
        const url = route.request().url().replace('http://arxiv.org', `http://127.0.0.1:${suite.server.port}`);
        await route.fulfill({ response: await route.fetch({ url }) });
      });
      routes.setMode('offline');
      await context.setOffline(true);
      const htmlBefore = routes.htmlPages.length;

      const page = await openListing(context, suite.server.port, PAGES.newListing);
      const pageErrors = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await Promise.all(cachedIds.map((id) => waitForCount(page, id, 5_000)));
      for (const id of cachedIds) {
        // Offline the figure image cannot load: the card says so quietly (no broken-image icon)
        // and links to the paper; everything else is the cached card.
        const card = await readCard(page, id);
        const cached = cachedCards[id];
        const paper = `https://arxiv.org/html/${id}v${NEW_HTML_VERSIONS.get(id)}`;
        const figure = cached.figureSrc === null ? {} : { figureSrc: null, fullImage: paper };
        if (cached.figureSrc !== null) {
          await page.waitForFunction(
            (cardId) => document.querySelector(`pith-card[data-pith-host="${cardId}"]`).shadowRoot.querySelector('[data-pith="figure"]')?.getAttribute('data-state') === 'unavailable',
            id,
            { timeout: 5_000 },
          );
        }
        assert.deepEqual(cached.figureSrc === null ? card : await readCard(page, id), { ...cached, ...figure }, `${id}: cached card offline`);
      }
      assert.equal(routes.htmlPages.length, htmlBefore, 'cached cards need no request');

      // Cards never seen before: a quiet offline state, no count.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(100);
      const uncached = (await visibleIds(page)).filter((id) => id !== NO_HTML_ID && !cachedIds.includes(id));
      assert.ok(uncached.length >= 1);
      await page.waitForFunction(
        (ids) =>
          ids.every((id) => {
            const badge = document.querySelector(`pith-card[data-pith-host="${id}"]`).shadowRoot.querySelector('[data-pith="theorems"]');
            return badge && badge.getAttribute('aria-busy') !== 'true';
          }),
        uncached,
        { timeout: 15_000 },
      );
      for (const id of uncached) {
        const card = await readCard(page, id);
        assert.equal(card.count, null, `${id}: no made-up count offline`);
        assert.match(card.badgeText, /offline/i, `${id}: the badge says offline (got "${card.badgeText}")`);
        assert.doesNotMatch(card.badgeClass ?? '', /\berror\b/, `${id}: offline is not shown as an error`);
      }
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(browser.extensionErrors, []);

      // Back online: the cards on screen fill in without a reload.
      routes.setMode('online');
      await context.setOffline(false);
      await Promise.all(uncached.map((id) => waitForCount(page, id, 15_000)));
      assert.deepEqual(browser.extensionErrors, []);
      assertNothingForbidden(routes);
    } finally {
      await browser.close();
    }
  });
});
