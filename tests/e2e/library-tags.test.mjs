/**
 * Tags, notes, JSON round trip and relevance in real Chromium with the built extension
 * (issue 12): save with a tag on the card → filter the popup by tag → export → clear →
 * import → identical; a card of a paper like two saved ones scores above unrelated ones,
 * with a "why" that names one of them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture, openListing } from './harness.mjs';
import { browserSuite } from './suite.mjs';
import { openPopup, storedLibrary, exportClearImport } from './popup.mjs';

const LISTING = '/list/cond-mat.mtrl-sci/new';
const suite = browserSuite();
let browser;

async function freshBrowser() {
  browser = await suite.launch();
  return browser;
}

const inCard = (page, id, selector) =>
  page.evaluate(
    ([cardId, sel]) => document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot?.querySelector(sel)?.textContent ?? null,
    [id, selector],
  );

async function waitInCard(page, id, selector, test = 'exists') {
  await page.waitForFunction(
    ([cardId, sel]) => document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot?.querySelector(sel) != null,
    [id, selector],
    { timeout: 10_000 },
  );
  return test;
}

async function saveWithTag(listing, id, tag) {
  const host = listing.locator(`pith-card[data-pith-host="${id}"]`);
  await host.scrollIntoViewIfNeeded();
  await host.locator('[data-pith="save-menu"]').click();
  const input = host.locator('[data-pith="tag-input"]');
  await input.fill(tag);
  await input.press('Enter');
  await waitInCard(listing, id, '[data-pith="save"][aria-pressed="true"]');
  await waitInCard(listing, id, '[data-pith="tags"]');
}

const listedIds = (popup) =>
  popup.locator('[data-pith="saved-item"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-arxiv-id')).sort());

describe('tags, notes and the JSON round trip', () => {
  it('save with a tag → popup filter → note → export the tag → clear → import → identical', async () => {
    await freshBrowser();
    const listing = await openListing(browser.context, suite.server.port, LISTING);
    await saveWithTag(listing, '2609.22268', 'heat');
    await saveWithTag(listing, '2609.22287', 'heat, md');
    // A plain save: no tags.
    const third = listing.locator('pith-card[data-pith-host="2609.22341"]');
    await third.locator('[data-pith="save"]').click();
    await waitInCard(listing, '2609.22341', '[data-pith="save"][aria-pressed="true"]');
    assert.equal(await inCard(listing, '2609.22287', '[data-pith="tags"]'), 'heatmd');

    const popup = await openPopup(browser);
    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 3);
    const filter = popup.locator('[data-pith="tag-filter"]');
    assert.deepEqual(await filter.locator('option').evaluateAll((o) => o.map((x) => x.value)), ['', 'heat', 'md']);
    await filter.selectOption('md');
    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 1);
    assert.deepEqual(await listedIds(popup), ['2609.22287']);

    // A note through the editor.
    await popup.locator('[data-pith="saved-edit"]').click();
    await popup.locator('[data-pith="saved-editor"] textarea[name="note"]').fill('Compare with Verlet; <b>not</b> bold.');
    await popup.locator('[data-pith="saved-editor-save"]').click();
    await popup.waitForSelector('[data-pith="saved-note"]');
    assert.equal(await popup.locator('[data-pith="saved-note"]').textContent(), 'Compare with Verlet; <b>not</b> bold.');

    // Export of one tag: the "shown" scope is the filtered list.
    await filter.selectOption('heat');
    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 2);
    const [tagDownload] = await Promise.all([popup.waitForEvent('download'), popup.locator('[data-pith="export-json"]').click()]);
    const tagExport = JSON.parse(readFileSync(await tagDownload.path(), 'utf8'));
    assert.deepEqual(tagExport.papers.map((p) => p.id).sort(), ['2609.22268', '2609.22287']);
    const [bibDownload] = await Promise.all([popup.waitForEvent('download'), popup.locator('[data-pith="export-bibtex"]').click()]);
    const bib = readFileSync(await bibDownload.path(), 'utf8');
    assert.equal((bib.match(/^@/gm) ?? []).length, 2);

    // The whole library, then clear it and import the file back.
    await filter.selectOption('');
    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 3);
    const before = await storedLibrary(popup);
    assert.deepEqual(before.find((p) => p.id === '2609.22287').tags, ['heat', 'md']);
    assert.equal(before.find((p) => p.id === '2609.22287').note, 'Compare with Verlet; <b>not</b> bold.');
    await exportClearImport(popup, 3);
    assert.deepEqual(await storedLibrary(popup), before);
  });
});

describe('relevance on cards', () => {
  it('a card of a paper like two saved ones scores above unrelated ones, with a sensible why', async () => {
    await freshBrowser();
    // A listing we write ourselves from the real one: one entry (2609.22440) becomes a paper on
    // the same subject as the two we save (2609.22268 and 2609.22287: heat transfer, force fields).
    const page = fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html');
    const titleRe = /(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>)([\s\S]*?)(<\/div>)/g;
    const abstractRe = /(<p class='mathjax'>)([\s\S]*?)(<\/p>)/g;
    const titles = [...page.matchAll(titleRe)].map((m) => m[2].trim());
    const abstracts = [...page.matchAll(abstractRe)].map((m) => m[2].trim());
    const like = 5; // 2609.22440, the sixth entry
    let n = 0;
    let out = page.replace(titleRe, (m, a, _t, c) => (n++ === like ? `${a} Spectral Galerkin heat transfer and force correction in molecular dynamics ${c}` : m));
    n = 0;
    out = out.replace(abstractRe, (m, a, _t, c) => (n++ === like ? `${a}${abstracts[0].slice(0, 600)} ${abstracts[1].slice(0, 600)}${c}` : m));
    await browser.context.route(`http://arxiv.org${LISTING}`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: out }));
    assert.equal(titles.length, 12);

    const listing = await openListing(browser.context, suite.server.port, LISTING);
    for (const id of ['2609.22268', '2609.22287']) {
      const host = listing.locator(`pith-card[data-pith-host="${id}"]`);
      await host.scrollIntoViewIfNeeded();
      await host.locator('[data-pith="save"]').click();
      await waitInCard(listing, id, '[data-pith="save"][aria-pressed="true"]');
    }
    await listing.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await listing.waitForFunction(
      () => document.querySelector('pith-card[data-pith-host="2609.22440"]')?.shadowRoot?.querySelector('[data-relevance]') != null,
      undefined,
      { timeout: 15_000 },
    );
    const scores = await listing.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('pith-card')].map((h) => {
          const root = h.shadowRoot?.querySelector('[data-pith-card]');
          return [h.getAttribute('data-pith-host'), { score: Number(root?.getAttribute('data-relevance') ?? 'NaN'), why: h.shadowRoot?.querySelector('[data-pith="why"]')?.textContent ?? null }];
        }),
      ),
    );
    const mine = scores['2609.22440'];
    const saved = new Set(['2609.22268', '2609.22287', '2609.22440']);
    const unrelated = Object.entries(scores).filter(([id, s]) => !saved.has(id) && Number.isFinite(s.score));
    assert.ok(unrelated.length >= 5, `unrelated cards scored: ${unrelated.length}`);
    for (const [id, s] of unrelated) assert.ok(mine.score > s.score, `${id} ${s.score} ≥ ${mine.score}`);
    assert.match(mine.why, /^like: (Efficient spectral Galerkin|Predicting energy and structural)/);
  });
});
