/**
 * The relevance sort in real Chromium (issue 12): with nothing saved the bar offers it disabled;
 * after saving two papers on one subject, `r` (and the bar's select) puts a paper like them
 * above the unrelated ones, its "why" names words it shares with them, and `r` again gives
 * arXiv's order back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, openListing } from './harness.mjs';
import { browserSuite } from './suite.mjs';

const LISTING = '/list/cond-mat.mtrl-sci/new';
const SAVED = ['2609.22268', '2609.22287'];
const LIKE = '2609.22440';
const suite = browserSuite();
let browser;

const bar = (page) => page.locator('pith-listing-bar [data-pith="listing-bar"]');

/** Card ids in display order (a sort moves the hosts), with score and why. */
const cards = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('pith-card')].map((h) => {
      const root = h.shadowRoot?.querySelector('[data-pith-card]');
      const rel = root?.getAttribute('data-relevance');
      return { id: h.getAttribute('data-pith-host'), score: rel == null ? null : Number(rel), why: h.shadowRoot?.querySelector('[data-pith="why"]')?.textContent ?? null };
    }),
  );

describe('relevance sort', () => {
  it('after saving two papers on a subject, sorting by relevance puts a paper like them first, with the shared words', async () => {
    browser = await suite.launch();
    // The real listing, one entry (the sixth) rewritten as a paper on the subject of the first two.
    const page = fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html');
    const titleRe = /(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>)([\s\S]*?)(<\/div>)/g;
    const abstractRe = /(<p class='mathjax'>)([\s\S]*?)(<\/p>)/g;
    const abstracts = [...page.matchAll(abstractRe)].map((m) => m[2].trim());
    const titles = [...page.matchAll(titleRe)].map((m) => m[2].trim());
    assert.equal(titles.length, 12);
    const like = 5;
    let n = 0;
    let out = page.replace(titleRe, (m, a, _t, c) => (n++ === like ? `${a} Spectral Galerkin heat transfer and force correction in molecular dynamics ${c}` : m));
    n = 0;
    out = out.replace(abstractRe, (m, a, _t, c) => (n++ === like ? `${a}${abstracts[0].slice(0, 600)} ${abstracts[1].slice(0, 600)}${c}` : m));
    await browser.context.route(`http://arxiv.org${LISTING}`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: out }));

    const listing = await openListing(browser.context, suite.server.port, LISTING);
    await bar(listing).waitFor();
    // No model yet: the option is there, disabled.
    assert.equal(await bar(listing).locator('option[value="relevance"]').isDisabled(), true);
    const arxivOrder = (await cards(listing)).map((c) => c.id);

    for (const id of SAVED) {
      const host = listing.locator(`pith-card[data-pith-host="${id}"]`);
      await host.scrollIntoViewIfNeeded();
      await host.locator('[data-pith="save"]').click();
      await listing.waitForFunction(
        (cardId) => document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot?.querySelector('[data-pith="save"][aria-pressed="true"]'),
        id,
      );
    }
    // Rendered cards are re-scored after the change; the option becomes available.
    await listing.waitForFunction(
      () => document.querySelector('pith-listing-bar')?.shadowRoot?.querySelector('option[value="relevance"]')?.disabled === false,
      undefined,
      { timeout: 15_000 },
    );
    await listing.evaluate(() => window.scrollTo(0, 0));
    await listing.locator('body').click({ position: { x: 5, y: 5 } });
    await listing.keyboard.press('r');
    assert.equal(await bar(listing).locator('select[name="sort"]').inputValue(), 'relevance');
    // Every card gets a score (not only those on screen), then the order is set.
    await listing.waitForFunction(
      () => [...document.querySelectorAll('pith-card')].every((h) => h.shadowRoot?.querySelector('[data-pith-card]')?.hasAttribute('data-relevance') ?? true),
      undefined,
      { timeout: 15_000 },
    );
    await listing.waitForFunction(
      ([likeId, saved]) => [...document.querySelectorAll('pith-card')].map((h) => h.getAttribute('data-pith-host')).filter((id) => !saved.includes(id))[0] === likeId,
      [LIKE, SAVED],
      { timeout: 15_000 },
    );
    const sorted = await cards(listing);
    const others = sorted.filter((c) => !SAVED.includes(c.id));
    assert.equal(others[0].id, LIKE);
    const mine = others[0];
    const scored = others.slice(1).filter((c) => c.score !== null);
    assert.ok(scored.length >= 5, `unrelated cards scored: ${scored.length}`);
    for (const c of scored) assert.ok(mine.score > c.score, `${c.id} ${c.score} ≥ ${mine.score}`);
    // Scores descend in display order (unscored last).
    const order = sorted.map((c) => c.score ?? -1);
    for (let i = 1; i < order.length; i += 1) assert.ok(order[i - 1] >= order[i], `display order not by score at ${i}: ${order}`);
    // The why: "like: <a saved title> · term, term": the terms are words of the saved papers.
    assert.match(mine.why, /^like: (Efficient spectral Galerkin|Predicting energy and structural)/);
    const terms = (mine.why.split(' · ')[1] ?? '').split(', ').filter(Boolean);
    assert.ok(terms.length > 0, `no terms in "${mine.why}"`);
    const savedText = `${titles[0]} ${titles[1]} ${abstracts[0]} ${abstracts[1]}`.toLowerCase();
    for (const t of terms) assert.ok(savedText.includes(t.toLowerCase().split(' ')[0]), `"${t}" is not a word of the saved papers`);

    // `r` again: arXiv's order back.
    await listing.keyboard.press('r');
    assert.equal(await bar(listing).locator('select[name="sort"]').inputValue(), 'arxiv');
    assert.deepEqual((await cards(listing)).map((c) => c.id), arxivOrder);
  });
});
