/**
 * Triage in real Chromium (issue 11): seen papers collapse on a later visit to another
 * listing, interests mark and mute, filters and sort from the keyboard, "mark all seen",
 * "not interested", and the replacement of a saved paper. Every test starts a fresh profile.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, ROOT, fixture, openListing } from './harness.mjs';
import { browserSuite } from './suite.mjs';
import { NEW_LISTING_HTML, routeArxiv } from './arxiv-routes.mjs';

const SCREENSHOTS = join(ROOT, '.output', 'screenshots');
/** The same day's papers, cross-listed: another listing showing the same entries. */
const OTHER_LISTING = '/list/physics.comp-ph/new';
const NEW_PAGE = fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html');

const suite = browserSuite();
let browser;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});
async function freshBrowser() {
  browser = await suite.launch();
  await browser.context.route(`http://arxiv.org${OTHER_LISTING}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEW_PAGE }),
  );
  return browser;
}

/** Write settings as the options page would (storage.sync, key "settings"). */
async function setSettings(values) {
  await browser.worker.evaluate(async (v) => {
    await chrome.storage.sync.set({ settings: { version: 1, ...v } });
  }, values);
}

/** Each card's triage attributes, read from inside the shadow roots. */
function readTriage(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('pith-card')].map((host) => {
      const root = host.shadowRoot?.querySelector('[data-pith-card]');
      return {
        id: host.getAttribute('data-pith-host'),
        hidden: host.hidden,
        rendered: Boolean(root),
        seen: root?.getAttribute('data-seen') ?? null,
        match: root?.getAttribute('data-match') ?? null,
        muted: root?.getAttribute('data-muted') ?? null,
        note: host.shadowRoot?.querySelector('[data-pith="seen-note"]')?.textContent ?? null,
        replacement: host.shadowRoot?.querySelector('[data-pith="replacement-note"]')?.textContent ?? null,
        notInterested: host.shadowRoot?.querySelector('[data-pith="not-interested"]')?.getAttribute('aria-pressed') ?? null,
      };
    }),
  );
}

const bar = (page) => page.locator('pith-listing-bar [data-pith="listing-bar"]');
const count = async (page, name) => Number((await bar(page).locator(`[data-pith="count-${name}"]`).textContent()).replace(/,/g, ''));

/** Ids at least half on screen now: what the seen rule counts after a second. */
const halfOnScreen = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('pith-card')]
      .filter((h) => {
        const r = h.getBoundingClientRect();
        const shown = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
        return r.height > 0 && shown >= Math.min(r.height, innerHeight) / 2;
      })
      .map((h) => h.getAttribute('data-pith-host')),
  );

async function waitForBar(page) {
  await page.waitForFunction(() => {
    const n = document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('[data-pith="count-papers"]');
    return n && Number(n.textContent) > 0;
  });
}

describe('triage', () => {
  it('papers seen on one listing collapse on another with their note; the same visit never collapses', async () => {
    await freshBrowser();
    const first = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(first);
    assert.equal(await count(first, 'papers'), 12);
    assert.equal(await count(first, 'seen'), 0);
    const seenIds = await halfOnScreen(first);
    assert.ok(seenIds.length >= 1, 'some cards are on screen');
    // A second on screen, then the batch goes to the background (one message per second).
    await first.waitForTimeout(2_600);
    const sameVisit = await readTriage(first);
    assert.ok(sameVisit.every((c) => c.seen === null && c.note === null), 'nothing collapses in the visit that saw it');

    const second = await openListing(browser.context, suite.server.port, OTHER_LISTING);
    await waitForBar(second);
    await second.waitForFunction((n) => {
      const el = document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('[data-pith="count-seen"]');
      return el && Number(el.textContent) === n;
    }, seenIds.length);
    assert.equal(await count(second, 'unseen'), 12 - seenIds.length);
    const cards = await readTriage(second);
    for (const c of cards.filter((c) => c.rendered)) {
      if (seenIds.includes(c.id)) {
        assert.equal(c.seen, 'earlier', c.id);
        assert.match(c.note ?? '', /^seen today in cond-mat\.mtrl-sci · \S/, c.id);
      } else {
        assert.equal(c.seen, null, c.id);
      }
    }
    // One click opens the row into the full card, still marked as seen before.
    const id = seenIds[0];
    await second.locator(`pith-card[data-pith-host="${id}"] [data-pith="seen-note"]`).click();
    await second.locator(`pith-card[data-pith-host="${id}"] [data-pith="tagline"]`).waitFor();
    assert.equal(await second.locator(`pith-card[data-pith-host="${id}"] [data-pith-card]`).getAttribute('data-seen'), 'earlier');
  });

  it('a collapsed row fetches no full text while it is one line; opening it fetches it once', async () => {
    await freshBrowser();
    // Full texts answered from the LaTeXML fixtures, every /html request logged (routes added
    // later win over freshBrowser's 503 for arxiv.org).
    const routes = await routeArxiv(browser.context, { listing: NEW_PAGE });
    const seenIds = Object.keys(NEW_LISTING_HTML).slice(0, 3);
    const unseenWithHtml = Object.keys(NEW_LISTING_HTML).slice(3);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.evaluate(async (ids) => {
      const sightings = ids.map((id) => ({ id, url: 'https://arxiv.org/list/cs.LG/new', section: 'new', category: 'cs.LG' }));
      const r = await chrome.runtime.sendMessage({ pith: 1, type: 'seen:mark', data: { sightings } });
      if (!r.ok) throw new Error(JSON.stringify(r));
    }, seenIds);
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(page);
    await page.waitForFunction(() => document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('[data-pith="count-seen"]')?.textContent === '3');
    // Every card on screen well past the full-text dwell (350 ms).
    await page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 600));
      }
    });
    await page.waitForTimeout(500);
    const fetched = () => routes.htmlPages.map((p) => p.id);
    for (const id of seenIds) {
      assert.equal(await page.locator(`pith-card[data-pith-host="${id}"] [data-pith="seen-note"]`).count(), 1, `${id} is a collapsed row`);
      assert.ok(!fetched().includes(id), `no /html request for the collapsed row ${id}`);
    }
    assert.ok(unseenWithHtml.some((id) => fetched().includes(id)), `full cards on screen fetched theirs (${fetched().join(', ')})`);
    // Opened: its full text is fetched, once.
    const open = seenIds[0];
    const host = page.locator(`pith-card[data-pith-host="${open}"]`);
    await host.scrollIntoViewIfNeeded();
    await host.locator('[data-pith="seen-note"]').click();
    await host.locator('[data-pith="theorems"][data-count]').waitFor();
    await page.waitForTimeout(800);
    assert.equal(fetched().filter((id) => id === open).length, 1, 'one /html request after opening');
    for (const id of seenIds.slice(1)) assert.ok(!fetched().includes(id), `${id} still collapsed, still not fetched`);
  });

  it('a link to a paper that a filter hides or that is a collapsed row shows it open and scrolls to it', async () => {
    await freshBrowser();
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.evaluate(async () => {
      const sightings = ['2609.22287', '2609.22341'].map((id) => ({ id, url: 'https://arxiv.org/list/cs.LG/new', section: 'new', category: 'cs.LG' }));
      await chrome.runtime.sendMessage({ pith: 1, type: 'seen:mark', data: { sightings } });
      // "unseen only" remembered for /new listings: both seen papers are filtered out.
      await chrome.storage.local.set({ listingBar: { new: { filters: ['unseen'], sort: 'arxiv' } } });
    });
    const state = (page, id) =>
      page.evaluate((id) => {
        const host = document.querySelector(`pith-card[data-pith-host="${id}"]`);
        const r = host.getBoundingClientRect();
        return {
          shown: getComputedStyle(host).display !== 'none',
          open: Boolean(host.shadowRoot?.querySelector('[data-pith="tagline"]')) && !host.shadowRoot?.querySelector('[data-pith="seen-note"]'),
          inView: r.height > 0 && r.top >= -1 && r.top < innerHeight,
        };
      }, id);
    // By the paper's id (arXiv's abstract link carries it as its element id).
    const page = await openListing(browser.context, suite.server.port, `${PAGES.newListing}#2609.22287`);
    await waitForBar(page);
    assert.equal(await bar(page).locator('input[name="unseen"]').isChecked(), true);
    await page.waitForFunction(() => document.querySelector('pith-card[data-pith-host="2609.22287"]')?.shadowRoot?.querySelector('[data-pith="tagline"]'));
    await page.waitForTimeout(300);
    assert.deepEqual(await state(page, '2609.22287'), { shown: true, open: true, inView: true });
    assert.equal((await state(page, '2609.22341')).shown, false, 'the other seen paper stays filtered out');
    // By arXiv's item anchor, after load (hashchange).
    await page.evaluate(() => (location.hash = 'item3'));
    await page.waitForFunction(() => document.querySelector('pith-card[data-pith-host="2609.22341"]')?.shadowRoot?.querySelector('[data-pith="tagline"]'));
    await page.waitForTimeout(300);
    assert.deepEqual(await state(page, '2609.22341'), { shown: true, open: true, inView: true });
  });

  it('marks everything seen from the bar; the next visit shows every paper as one line', async () => {
    await freshBrowser();
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(page);
    await bar(page).locator('[data-pith="mark-all-seen"]').click();
    await page.waitForTimeout(500);
    const next = await openListing(browser.context, suite.server.port, OTHER_LISTING);
    await waitForBar(next);
    await next.waitForFunction(() => document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('[data-pith="count-seen"]')?.textContent === '12');
    assert.equal(await count(next, 'unseen'), 0);
    const rendered = (await readTriage(next)).filter((c) => c.rendered);
    assert.ok(rendered.length > 0 && rendered.every((c) => c.seen === 'earlier' && c.note), 'every rendered card is a seen row');
    await next.evaluate(() => document.querySelector('pith-listing-bar')?.setAttribute('data-theme', 'light'));
    await bar(next).screenshot({ path: join(SCREENSHOTS, 'triage-bar-light.png') });
    await next.locator('pith-card').nth(1).screenshot({ path: join(SCREENSHOTS, 'triage-seen-row-light.png') });
    await setSettings({ theme: 'dark' });
    await next.waitForFunction(() => document.querySelector('pith-listing-bar')?.getAttribute('data-theme') === 'dark');
    await next.evaluate(() => (document.body.style.background = '#111'));
    await bar(next).screenshot({ path: join(SCREENSHOTS, 'triage-bar-dark.png') });
    await next.locator('pith-card').nth(1).screenshot({ path: join(SCREENSHOTS, 'triage-seen-row-dark.png') });
  });

  it('a followed author marks the card with the reason; a muted keyword collapses its card', async () => {
    await freshBrowser();
    await setSettings({ followAuthors: ['theo andrieux'], mutedKeywords: ['.*', 'KIRCHHOFF’S kinetic analogy'] });
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(page);
    await page.waitForFunction(() =>
      document.querySelector('pith-card[data-pith-host="2609.22268"]')?.shadowRoot?.querySelector('[data-match]'),
    );
    const cards = await readTriage(page);
    const followed = cards.find((c) => c.id === '2609.22268');
    assert.equal(followed.match, 'you follow theo andrieux');
    assert.equal(await count(page, 'matching'), 1);
    // The muted card is further down: scroll to it.
    const mutedHost = page.locator('pith-card').filter({ has: page.locator('[data-muted]') });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => [...document.querySelectorAll('pith-card')].some((h) => h.shadowRoot?.querySelector('[data-muted]')));
    const muted = (await readTriage(page)).filter((c) => c.muted);
    assert.equal(muted.length, 1, JSON.stringify(muted));
    assert.equal(muted[0].muted, 'muted: KIRCHHOFF’S kinetic analogy');
    assert.match(muted[0].note, /^muted: KIRCHHOFF’S kinetic analogy · /);
    assert.equal(await mutedHost.count(), 1);
  });

  it('filters and sort work from the keyboard, hide cards without moving arXiv’s entries, and persist per listing kind', async () => {
    await freshBrowser();
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(page);
    const entryOrder = () => page.evaluate(() => [...document.querySelectorAll('dl > dt a[name]')].map((a) => a.getAttribute('name')));
    const before = await entryOrder();
    // Tab into the bar's "hide replacements" checkbox and press Space.
    const box = bar(page).locator('input[name="hide-replacements"]');
    await box.focus();
    await page.keyboard.press('Space');
    assert.equal(await box.isChecked(), true);
    const hidden = (await readTriage(page)).filter((c) => c.hidden).map((c) => c.id);
    assert.deepEqual(hidden.sort(), ['2411.19270', '2510.01881', '2512.10786']);
    assert.deepEqual(await entryOrder(), before, 'arXiv’s entries stay where they are');
    assert.equal(await page.evaluate(() => document.querySelector('a[name="item67"]') !== null || document.querySelector('a[name="item12"]') !== null), true);
    // The sort: focus the select and choose "theorems" with the keyboard.
    const sort = bar(page).locator('select[name="sort"]');
    await sort.focus();
    await sort.selectOption('theorems');
    assert.equal(await sort.inputValue(), 'theorems');
    assert.equal(await bar(page).locator('option[value="relevance"]').isDisabled(), true);
    // `u` (from the page) toggles "unseen only".
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('u');
    assert.equal(await bar(page).locator('input[name="unseen"]').isChecked(), true);
    await page.keyboard.press('?');
    await bar(page).locator('[data-pith="keys"]').waitFor();
    await page.waitForTimeout(300);
    // The same kind of listing remembers the choice.
    const again = await openListing(browser.context, suite.server.port, OTHER_LISTING);
    await waitForBar(again);
    await again.waitForFunction(() =>
      document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('input[name="hide-replacements"]')?.checked,
    );
    assert.equal(await bar(again).locator('input[name="unseen"]').isChecked(), true);
    assert.equal(await bar(again).locator('select[name="sort"]').inputValue(), 'theorems');
  });

  it('"not interested" (button and x) collapses the card and is remembered', async () => {
    await freshBrowser();
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(page);
    const host = page.locator('pith-card[data-pith-host="2609.22268"]');
    await host.locator('[data-pith="not-interested"]').click();
    await host.locator('[data-pith="seen-note"]').waitFor();
    assert.equal(await host.locator('[data-pith-card]').getAttribute('data-muted'), 'not interested');
    assert.equal(await host.locator('[data-pith="not-interested"]').getAttribute('aria-pressed'), 'true');
    // `x` on the next card (chosen with j).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const active = await page.evaluate(() => document.querySelector('pith-card[data-active]')?.getAttribute('data-pith-host'));
    await page.keyboard.press('x');
    await page.locator(`pith-card[data-pith-host="${active}"] [data-muted="not interested"]`).waitFor();
    await page.waitForTimeout(300);
    const next = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(next);
    await next.locator('pith-card[data-pith-host="2609.22268"] [data-muted="not interested"]').waitFor();
    await next.locator(`pith-card[data-pith-host="${active}"] [data-muted="not interested"]`).waitFor();
  });

  it('a replacement of a saved paper is never collapsed and offers to update the saved copy', async () => {
    await freshBrowser();
    // Saved earlier as v1 (the listing shows v4), and seen before: still a full card.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.evaluate(async () => {
      const paper = {
        id: '2510.01881', version: 1, title: 'Saved long ago', authors: ['A. Author'], abstract: 'We prove it.',
        comments: null, journalRef: null, doi: null, primaryCategory: 'cond-mat.mtrl-sci', categories: ['cond-mat.mtrl-sci'],
        published: '2025-10-02', updated: null, hasHtml: true, tagline: null, theorems: null, figureCount: null, firstFigure: null,
      };
      const put = await chrome.runtime.sendMessage({ pith: 1, type: 'saved:put', data: { paper } });
      if (!put.ok || !put.value.ok) throw new Error(JSON.stringify(put));
      await chrome.runtime.sendMessage({ pith: 1, type: 'seen:mark', data: { sightings: [{ id: '2510.01881', url: 'x', section: 'replacement', category: 'cs.LG' }] } });
    });
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await waitForBar(page);
    const host = page.locator('pith-card[data-pith-host="2510.01881"]');
    await host.scrollIntoViewIfNeeded();
    const note = host.locator('[data-pith="replacement-note"]');
    await note.waitFor();
    assert.match(await note.textContent(), /new version v4 \(you saved v1\)/);
    assert.equal(await host.locator('[data-pith="seen-note"]').count(), 0, 'not collapsed');
    assert.equal(await host.locator('[data-pith-card]').getAttribute('data-seen'), 'earlier');
    await host.locator('[data-pith="update-saved"]').click();
    await note.waitFor({ state: 'detached' });
    const version = await options.evaluate(async () => {
      const r = await chrome.runtime.sendMessage({ pith: 1, type: 'triage:lookup', data: { ids: ['2510.01881'] } });
      return r.value.savedVersions['2510.01881'];
    });
    assert.equal(version, 4);
  });
});
