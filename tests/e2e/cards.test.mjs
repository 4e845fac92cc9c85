/**
 * Foundation, in real Chromium with the built extension: cards on every bundled page type,
 * KaTeX in abstracts, hostile input rendered as text, unknown layouts left alone.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAGES, openListing, readCards, scrollThrough } from './harness.mjs';
import { browserSuite, keepSeenCardsFull } from './suite.mjs';

const suite = browserSuite();
let browser;

before(async () => {
  // No test here may reach the real network: the worker's requests get errors.
  browser = await suite.launch();
  await keepSeenCardsFull(browser);
});

const PAGE_TYPES = [
  { name: '/new listing (abstracts on the page)', path: PAGES.newListing, count: 12, firstId: '2609.22268' },
  { name: '/recent listing (no abstracts)', path: PAGES.recentListing, count: 50, firstId: '2607.22529' },
  { name: 'search results', path: PAGES.search, count: 200, firstId: '2512.03003' },
];

describe('cards on every bundled page type', () => {
  for (const { name, path, count, firstId } of PAGE_TYPES) {
    it(`${name}: exactly one card per entry, each with tagline, authors and title`, async () => {
      const page = await openListing(browser.context, suite.server.port, path);
      await scrollThrough(page);
      await page.waitForFunction(
        (n) => document.querySelectorAll('pith-card[data-rendered]').length === n,
        count,
        { timeout: 20_000 },
      );
      const cards = await readCards(page);
      assert.equal(cards.length, count);
      assert.equal(new Set(cards.map((c) => c.hostId)).size, count, 'one card per entry');
      assert.equal(cards[0].id, firstId);
      for (const card of cards) {
        assert.equal(card.id, card.hostId);
        assert.ok(card.tagline && card.tagline.length > 10, `tagline on ${card.id}`);
        assert.ok(card.title && card.title.length > 5, `title on ${card.id}`);
        assert.ok(card.authors?.startsWith('by '), `authors on ${card.id}`);
      }
      // The original entries are hidden but still there, one click away.
      const hiddenOriginals = await page.locator('.pith-original-hidden').count();
      assert.ok(hiddenOriginals >= count);
      await page.close();
    });
  }

  it('a 2,000-entry listing gets a card host per entry, the first viewport rendered, no errors', async () => {
    const page = await browser.context.newPage();
    // The capture's own scripts are not bundled (arXiv's page logs its own errors): count only
    // errors that come from the extension.
    const errors = [];
    page.on('console', (m) => {
      const fromExtension = m.location().url.startsWith('chrome-extension://') || /pith/i.test(m.text());
      if (m.type() === 'error' && fromExtension) errors.push(m.text());
    });
    await page.goto(`http://arxiv.org${PAGES.longListing}`);
    await page.waitForFunction(() => document.querySelectorAll('pith-card').length === 2000, null, { timeout: 30_000 });
    await page.waitForSelector('pith-card[data-rendered]');
    const { rendered, hidden, marks } = await page.evaluate(() => ({
      rendered: document.querySelectorAll('pith-card[data-rendered]').length,
      hidden: document.querySelectorAll('.pith-original-hidden').length,
      marks: performance.getEntriesByType('mark').map((m) => m.name),
    }));
    // Only cards near the viewport are rendered; every original entry (dt + dd) is hidden.
    assert.ok(rendered >= 3 && rendered < 100, `rendered ${rendered}`);
    assert.equal(hidden, 4000);
    assert.ok(marks.includes('pith:first-viewport'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the "arXiv entry" toggle shows the original entry again', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.recentListing);
    const original = page.locator('dt:has(a[id="2607.22529"])');
    assert.equal(await original.isVisible(), false);
    await page.locator('pith-card[data-pith-host="2607.22529"] [data-pith="original-toggle"]').click();
    assert.equal(await original.isVisible(), true);
    await page.close();
  });
});

describe('abstracts', () => {
  it('expanding an abstract with $...$ shows KaTeX output and flips aria-expanded', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    // Item [2] (2609.22287) has TeX in its abstract on the capture.
    const id = await page.evaluate(() => {
      const hosts = [...document.querySelectorAll('pith-card')];
      const dd = hosts.map((h) => [h, h.nextElementSibling?.nextElementSibling]);
      const hit = dd.find(([, d]) => d?.querySelector('p.mathjax')?.textContent?.includes('$'));
      return hit ? hit[0].getAttribute('data-pith-host') : null;
    });
    assert.ok(id, 'the /new capture has an abstract with $...$');
    const card = page.locator(`pith-card[data-pith-host="${id}"]`);
    await card.scrollIntoViewIfNeeded();
    const toggle = card.locator('[data-pith="abstract-toggle"]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok((await card.locator('[data-pith="abstract"] .katex').count()) > 0, 'KaTeX rendered the math');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await page.close();
  });
});

describe('taglines', () => {
  it('cards on a /new listing show the extractive claim headline and qualifier, not the title', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await scrollThrough(page);
    await page.waitForFunction(() => document.querySelectorAll('pith-card[data-rendered]').length === 12);
    const cards = await readCards(page);
    const claims = cards.filter((c) => c.tagline && c.title && c.tagline.toLowerCase() !== c.title.toLowerCase());
    const withQualifier = cards.filter((c) => c.qualifier && c.qualifier.length > 5);
    assert.ok(claims.length >= 10, `headlines differ from titles on ${claims.length} of 12 cards`);
    assert.ok(withQualifier.length >= 8, `qualifiers on ${withQualifier.length} of 12 cards`);
    for (const c of claims) {
      assert.doesNotMatch(c.tagline, /^(we|our|in this (paper|work)|here)\b/i, c.tagline);
      assert.match(c.tagline, /^[A-Z0-9$]/, `capitalised: ${c.tagline}`);
      assert.ok(c.tagline.length <= 120, `short: ${c.tagline}`);
    }
    // The first entry (2609.22268) states its contribution in its second sentence: "In this work,
    // we present a spectral Galerkin (SG) framework to solve the fully nonlinear transient heat
    // equation in finite domains to attain the accuracy of ...". The headline is that sentence
    // without "In this work, we present", not the late numeric result sentence ("the SG solver
    // reproduces ... 227-fold faster GPU runtimes"), which is the choice issue 10 names as the
    // engine's defect; the qualifier carries the condition the headline leaves out.
    const first = cards.find((c) => c.id === '2609.22268');
    assert.match(first.tagline, /^A spectral Galerkin \(SG\) framework to solve the fully nonlinear transient heat equation/);
    assert.match(first.qualifier, /^in finite domains/);
    await page.close();
  });
});

describe('hostile and unknown input', () => {
  it('a hostile title and abstract render as text and run no script', async () => {
    const page = await browser.context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`http://arxiv.org${PAGES.hostile}`);
    await page.waitForSelector('pith-card[data-rendered]');
    const card = page.locator('pith-card[data-pith-host="2609.22268"]');
    await card.locator('[data-pith="abstract-toggle"]').click();
    await page.waitForTimeout(300);
    const result = await page.evaluate(() => {
      const root = document.querySelector('pith-card[data-pith-host="2609.22268"]').shadowRoot;
      return {
        title: root.querySelector('[data-pith="title"]').textContent,
        abstract: root.querySelector('[data-pith="abstract"]').textContent,
        imgs: root.querySelectorAll('[data-pith="title"] img, [data-pith="abstract"] img, [data-pith="tagline"] img').length,
        scripts: root.querySelectorAll('script').length,
        jsLinks: root.querySelectorAll('a[href^="javascript:" i]').length,
        bold: root.querySelectorAll('[data-pith="abstract"] b').length,
        katex: root.querySelectorAll('[data-pith="abstract"] .katex').length,
      };
    });
    const pwned = await page.evaluate(() => window.__pithPwned ?? null);
    assert.equal(pwned, null, 'no injected script ran in the page');
    assert.deepEqual(dialogs, []);
    assert.match(result.title, /<img src=x onerror=/);
    assert.match(result.abstract, /<b>bold<\/b>/);
    assert.equal(result.imgs, 0);
    assert.equal(result.scripts, 0);
    assert.equal(result.jsLinks, 0);
    assert.equal(result.bold, 0);
    assert.ok(result.katex >= 1, 'harmless math still renders');
    await page.close();
  });

  it('a page of unknown layout is left untouched, with no console errors', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://arxiv.org${PAGES.unknown}`);
    const before = await page.content();
    await page.waitForTimeout(800);
    assert.equal(await page.locator('pith-card').count(), 0);
    assert.equal(await page.content(), before);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
