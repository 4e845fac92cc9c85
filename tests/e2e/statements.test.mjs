/**
 * Issue 13 in real Chromium with the built extension: the theorem badge opens the paper's
 * statements on the card (real LaTeXML fixtures through the /html route), rendered with KaTeX,
 * linked to their anchors, reachable from the keyboard (Tab to the badge, Enter, Tab to each
 * link; `t` toggles), with no serious axe violations, light and dark (screenshots in
 * .output/screenshots/statements-*.png).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, ROOT, fixture, openListing } from './harness.mjs';
import { browserSuite, keepSeenCardsFull } from './suite.mjs';
import { routeArxiv } from './arxiv-routes.mjs';

const SCREENSHOTS = join(ROOT, '.output', 'screenshots');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
// /new entries the routes answer with LaTeXML fixtures (tests/e2e/arxiv-routes.mjs):
const GOODHART = '2609.22287'; // catastrophic-goodhart: 6 Theorems + restatements in the appendix
const SLS = '2609.22440'; // robust-sls: titled theorems ("Theorem 3.1 (Theorem 1, [21])")

const suite = browserSuite();
let browser;

before(async () => {
  browser = await suite.launch({ arxivDown: false });
  await routeArxiv(browser.context, { listing: fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html') });
  // Two tests open /new in this profile and read full cards.
  await keepSeenCardsFull(browser);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

const host = (id) => `pith-card[data-pith-host="${id}"]`;

/** The card's shadow-root parts, read in the page. */
async function readStatements(page, id) {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)?.shadowRoot;
    const list = root?.querySelector('[data-pith="statements"]');
    if (!list) return null;
    return {
      summary: list.querySelector('.statements-summary')?.textContent ?? null,
      katex: list.querySelectorAll('.katex').length,
      items: [...list.querySelectorAll('[data-pith="statement"]')].map((el) => ({
        name: el.getAttribute('data-name'),
        number: el.getAttribute('data-number'),
        anchor: el.getAttribute('data-anchor'),
        title: el.querySelector('[data-pith="statement-title"]')?.textContent ?? null,
        text: el.querySelector('[data-pith="statement-text"]')?.textContent ?? '',
        href: el.querySelector('a[data-pith="statement-link"]')?.getAttribute('href') ?? null,
      })),
    };
  }, host(id));
}

async function waitForCount(page, id) {
  await page.locator(`${host(id)} [data-pith="theorems"][data-count]`).waitFor({ timeout: 20_000 });
}

async function axeSerious(page, id, label) {
  await page.evaluate(AXE_SOURCE);
  // Only the card: arXiv's own page is not ours to judge. axe walks the open shadow root.
  const result = await page.evaluate(
    (sel) => window.axe.run(document.querySelector(sel), { resultTypes: ['violations'] }),
    host(id),
  );
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = serious
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')}`).join('\n')}`)
    .join('\n');
  assert.equal(serious.length, 0, `serious or critical axe violations:\n${detail}`);
}

describe('statements on the card (real LaTeXML fixtures)', () => {
  it('the badge opens the list: grouped, in paper order, KaTeX-rendered, linked to anchors; restatements once', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await page.locator(host(GOODHART)).scrollIntoViewIfNeeded();
    await waitForCount(page, GOODHART);
    assert.equal(await readStatements(page, GOODHART), null, 'closed until asked; math not rendered before');
    await page.locator(`${host(GOODHART)} [data-pith="theorems"]`).click();
    const s = await readStatements(page, GOODHART);
    assert.equal(s.summary, '6 Theorems · 1 Corollary · 2 Lemmas');
    assert.deepEqual(
      s.items.map((i) => `${i.name} ${i.number}`),
      ['Theorem 1', 'Theorem 2', 'Theorem 3', 'Theorem 4', 'Theorem 5', 'Theorem 6', 'Corollary 1', 'Lemma 1', 'Lemma 2'],
    );
    assert.equal(s.items[0].anchor, 'Thmtheorem1');
    assert.equal(s.items[0].href, `https://arxiv.org/html/${GOODHART}v1#Thmtheorem1`);
    assert.ok(s.katex > 10, `math rendered with KaTeX (${s.katex} formulas)`);
    assert.match(s.items[0].text, /heavy-tailed reference distribution/);
    await page.locator(host(GOODHART)).screenshot({ path: join(SCREENSHOTS, 'statements-light.png') });
    await axeSerious(page, GOODHART, 'statements (light)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator(host(GOODHART)).screenshot({ path: join(SCREENSHOTS, 'statements-dark.png') });
    await axeSerious(page, GOODHART, 'statements (dark)');
    await page.close();
  });

  it('keyboard: Tab reaches the badge, Enter opens, Tab walks the links; t toggles the list', async () => {
    const page = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await page.locator(host(SLS)).scrollIntoViewIfNeeded();
    await waitForCount(page, SLS);
    const badge = page.locator(`${host(SLS)} [data-pith="theorems"]`);
    await badge.focus();
    await page.keyboard.press('Enter');
    assert.equal(await badge.getAttribute('aria-expanded'), 'true');
    const s = await readStatements(page, SLS);
    assert.equal(s.items[0].title, ' (Theorem 1, [21])');
    assert.equal(s.items[0].number, '3.1');
    // Tab order: badge, then the card's next focusables, reaching every statement link.
    const focusedLinks = new Set();
    for (let i = 0; i < 40 && focusedLinks.size < s.items.length; i++) {
      await page.keyboard.press('Tab');
      const href = await page.evaluate((sel) => {
        const active = document.querySelector(sel)?.shadowRoot?.activeElement;
        return active?.getAttribute('data-pith') === 'statement-link' ? active.getAttribute('href') : null;
      }, host(SLS));
      if (href) focusedLinks.add(href);
    }
    assert.equal(focusedLinks.size, s.items.length, 'every statement link is reachable with Tab');
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    // `t` on the card in use (j chooses it) closes and reopens the list.
    await page.locator(host(SLS)).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.keyboard.press('j');
    const active = await page.evaluate(() => document.querySelector('pith-card[data-active]')?.getAttribute('data-pith-host'));
    await page.keyboard.press('t');
    const after = await page.locator(`${host(active)} [data-pith="theorems"]`).getAttribute('aria-expanded');
    assert.equal(after, active === SLS ? 'false' : 'true', '`t` toggles the statements of the active card');
    await page.close();
  });
});
