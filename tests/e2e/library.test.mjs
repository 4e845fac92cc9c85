/**
 * Library and settings, in real Chromium with the built extension (issue 5): saving from cards
 * and abstract pages, the popup (remove + undo, export, import), settings applying live to an
 * open listing tab, keyboard shortcuts, and an axe-core check of popup and options.
 *
 * Every test gets a fresh browser profile (an empty library, default settings), so no test
 * depends on what another one saved.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, ROOT, fixture, onScreenCardsSettled, openListing, readCards } from './harness.mjs';
import { browserSuite } from './suite.mjs';
import { openPopup, storedLibrary } from './popup.mjs';

const NEW_IDS_WITH_HTML = ['2609.22268', '2609.22287', '2609.22341'];
/** The arXiv HTML capture served for every /html/<id> page: 3 Theorems, 2 Propositions, 2 Remarks. */
const THEOREM_PAGE = fixture('latexml-robust-sls-amsthm.html');
const SCREENSHOTS = join(ROOT, '.output', 'screenshots');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const suite = browserSuite();
let browser;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

/** A fresh profile; the worker's requests never reach the network. */
async function freshBrowser() {
  // arXiv down first, so the /html route below (registered later) wins for what it matches.
  browser = await suite.launch();
  await browser.context.route(/^https:\/\/arxiv\.org\/html\/[^/]+\/?$/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: THEOREM_PAGE }),
  );
  return browser;
}

/** Mark the listing's window; `notReloaded` proves later that changes arrived without a reload. */
const markPage = (page) => page.evaluate(() => (window.__pithNoReload = true));
const notReloaded = async (page) => assert.equal(await page.evaluate(() => window.__pithNoReload === true), true, 'the listing tab was not reloaded');

const card = (page, id) => page.locator(`pith-card[data-pith-host="${id}"]`);
const saveButton = (page, id) => card(page, id).locator('[data-pith="save"]');

async function openOptions() {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.waitForSelector('[data-pith="settings-form"]');
  return options;
}

/** The ids in the popup's list, in order (the list is virtualised; a few papers all fit). */
async function listedIds(popup) {
  return popup.locator('[data-pith="saved-item"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-arxiv-id')));
}

/** The library as stored (id, title, savedAt), read in an extension page (same origin as the background). */
async function storedPapers(extPage) {
  return (await storedLibrary(extPage)).map(({ id, title, savedAt }) => ({ id, title, savedAt }));
}

async function saveOnCards(listing, ids) {
  for (const id of ids) {
    const button = saveButton(listing, id);
    await button.scrollIntoViewIfNeeded();
    await listing.waitForFunction(onScreenCardsSettled, null, { timeout: 15_000, polling: 100 });
    await button.click();
    await assertPressed(listing, id, 'true');
  }
}

async function assertPressed(page, id, value) {
  await page.waitForFunction(
    ([cardId, want]) =>
      document
        .querySelector(`pith-card[data-pith-host="${cardId}"]`)
        ?.shadowRoot?.querySelector('[data-pith="save"]')
        ?.getAttribute('aria-pressed') === want,
    [id, value],
    { timeout: 5_000 },
  ).catch(async () => {
    const now = await saveButton(page, id).getAttribute('aria-pressed');
    assert.fail(`card ${id}: aria-pressed is ${now}, expected ${value}`);
  });
}

describe('saving', () => {
  it('a card save is listed in the popup; remove, then undo, brings it back, and the open card follows live', async () => {
    await freshBrowser();
    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    const id = NEW_IDS_WITH_HTML[0];
    const [cardBefore] = (await readCards(listing)).filter((c) => c.id === id);
    assert.equal(cardBefore.saved, 'false', 'nothing is saved in a fresh profile');
    await markPage(listing);

    await saveButton(listing, id).click();
    await assertPressed(listing, id, 'true');

    const popup = await openPopup(browser);
    const row = popup.locator(`[data-pith="saved-item"][data-arxiv-id="${id}"]`);
    await row.waitFor();
    assert.deepEqual(await listedIds(popup), [id]);
    // KaTeX's fonts come from the one woff2 set in /fonts (the popup bundles none of its own).
    const katexFaces = await popup.evaluate(async () =>
      (await document.fonts.load('16px KaTeX_Main')).map((f) => `${f.status} ${f.family}`),
    );
    assert.deepEqual(katexFaces, ['loaded KaTeX_Main'], 'KaTeX_Main loads in the popup');
    // The row shows the paper's own title, as the card had it (snapshot, not a placeholder).
    assert.ok((await row.textContent()).includes(cardBefore.title), 'the saved row carries the card title');
    const stored = await storedPapers(popup);
    assert.deepEqual(stored.map((p) => p.id), [id]);
    assert.equal(stored[0].title, cardBefore.title);

    await row.locator('[data-pith="saved-remove"]').click();
    await row.waitFor({ state: 'detached' });
    const toast = popup.locator('[data-pith="undo-toast"]');
    await toast.waitFor();
    assert.match(await toast.textContent(), /Removed/);
    // The listing tab, still open and not reloaded, shows the card as not saved.
    await assertPressed(listing, id, 'false');
    assert.deepEqual(await storedPapers(popup), []);

    await toast.locator('[data-pith="undo"]').click();
    await row.waitFor();
    await toast.waitFor({ state: 'detached' });
    await assertPressed(listing, id, 'true');
    // Undo restores the exact snapshot, original save time included.
    const restored = await storedPapers(popup);
    assert.deepEqual(restored, stored);
    await notReloaded(listing);
  });

  it('a save on an abstract page is listed in the popup', async () => {
    await freshBrowser();
    const abs = await browser.context.newPage();
    await abs.goto(`http://arxiv.org${PAGES.abs}`);
    const button = abs.locator('pith-card[data-pith-host="2609.22268"] [data-pith="save"]');
    await button.waitFor();
    // The button reads the library once the background answers; wait for its settled state.
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    await abs.waitForFunction(
      () => document.querySelector('pith-card[data-pith-host="2609.22268"]')?.shadowRoot?.querySelector('[data-pith="save"]')?.getAttribute('aria-pressed') === 'true',
    );
    const absTitle = (await abs.locator('h1.title').textContent()).replace(/^\s*Title:\s*/, '').trim();

    const popup = await openPopup(browser);
    const row = popup.locator('[data-pith="saved-item"][data-arxiv-id="2609.22268"]');
    await row.waitFor();
    assert.deepEqual(await listedIds(popup), ['2609.22268']);
    const rowTitle = (await row.locator('.saved-title').textContent()).trim();
    assert.equal(rowTitle.replace(/\s+/g, ' '), absTitle.replace(/\s+/g, ' '));
  });
});

describe('settings apply live to an open listing tab', () => {
  it('showTheorems off hides the theorem badges, on brings them back; cardMode off restores arXiv’s page', async () => {
    await freshBrowser();
    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    const first = NEW_IDS_WITH_HTML[0];
    await markPage(listing);
    // The first card has an html link; its badge fills in from the routed LaTeXML capture.
    await listing.waitForFunction(
      (id) => document.querySelector(`pith-card[data-pith-host="${id}"]`)?.shadowRoot?.querySelector('[data-pith="theorems"]')?.getAttribute('data-count') === '3',
      first,
      { timeout: 15_000 },
    );
    const badgeCount = () =>
      listing.evaluate(() => [...document.querySelectorAll('pith-card')].filter((h) => h.shadowRoot?.querySelector('[data-pith="theorems"]')).length);
    const rendered = await listing.locator('pith-card[data-rendered]').count();
    assert.ok(rendered > 0);
    assert.equal(await badgeCount(), rendered, 'every rendered card shows a theorem badge');

    const options = await openOptions();
    const showTheorems = options.locator('input[name="showTheorems"]');
    assert.equal(await showTheorems.isChecked(), true);
    await showTheorems.uncheck();
    await listing.waitForFunction(() => ![...document.querySelectorAll('pith-card')].some((h) => h.shadowRoot?.querySelector('[data-pith="theorems"]')));
    assert.equal(await badgeCount(), 0);
    // Only the badge went: taglines are still there.
    assert.ok((await readCards(listing)).filter((c) => c.rendered).every((c) => c.tagline));

    await showTheorems.check();
    await listing.waitForFunction(
      (id) => document.querySelector(`pith-card[data-pith-host="${id}"]`)?.shadowRoot?.querySelector('[data-pith="theorems"]')?.getAttribute('data-count') === '3',
      first,
    );
    assert.equal(await badgeCount(), rendered);

    const original = listing.locator(`dt:has(a[id="${first}"])`);
    assert.equal(await original.isVisible(), false, 'cards replace the original entries');
    await options.locator('select[name="cardMode"]').selectOption('off');
    await original.waitFor({ state: 'visible' });
    assert.equal(await listing.locator('pith-card:visible').count(), 0, 'no card is shown');
    assert.equal(await listing.locator('.pith-original-hidden').count(), 0, 'every original entry is back');

    await options.locator('select[name="cardMode"]').selectOption('full');
    await original.waitFor({ state: 'hidden' });
    assert.ok((await listing.locator('pith-card:visible').count()) > 0);
    await notReloaded(listing);
  });
});

describe('export and import', () => {
  it('BibTeX export contains every saved id in arXiv’s @misc style', async () => {
    await freshBrowser();
    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await saveOnCards(listing, NEW_IDS_WITH_HTML);
    const titles = Object.fromEntries((await readCards(listing)).map((c) => [c.id, c.title]));

    const popup = await openPopup(browser);
    await popup.waitForFunction((n) => document.querySelectorAll('[data-pith="saved-item"]').length === n, NEW_IDS_WITH_HTML.length);
    const [download] = await Promise.all([
      popup.waitForEvent('download'),
      popup.locator('[data-pith="export-bibtex"]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^arxiv-pith-library-\d{4}-\d{2}-\d{2}\.bib$/);
    const bib = readFileSync(await download.path(), 'utf8');

    const entries = bib.split(/\n(?=@)/).map((e) => e.trim()).filter((e) => e.startsWith('@'));
    assert.equal(entries.length, NEW_IDS_WITH_HTML.length, 'one entry per saved paper');
    for (const id of NEW_IDS_WITH_HTML) {
      const entry = entries.find((e) => new RegExp(`eprint\\s*=\\s*\\{${id.replace('.', '\\.')}\\}`).test(e));
      assert.ok(entry, `an entry with eprint = {${id}}`);
      assert.match(entry, /^@misc\{[^,\s]+,/);
      assert.match(entry, /archivePrefix\s*=\s*\{arXiv\}/);
      assert.match(entry, /primaryClass\s*=\s*\{cond-mat\.[a-z-]+\}/);
      assert.match(entry, new RegExp(`url\\s*=\\s*\\{https://arxiv\\.org/abs/${id.replace('.', '\\.')}(v\\d+)?\\}`));
      // The title field holds the card's title (BibTeX may protect capitals with braces).
      const title = /title\s*=\s*\{(.*)\},?\s*$/m.exec(entry)?.[1] ?? '';
      const plain = (s) => s.replace(/[{}\\$]/g, '').replace(/\s+/g, ' ').trim();
      assert.equal(plain(title).slice(0, 20), plain(titles[id]).slice(0, 20), `title of ${id}`);
      assert.ok(!/undefined|null|NaN/.test(entry), `no placeholder values in ${id}`);
    }
    assert.equal(new Set(entries.map((e) => /^@misc\{([^,]+),/.exec(e)?.[1])).size, entries.length, 'citation keys are unique');
    const status = popup.locator('[data-pith="library-transfer-status"]');
    assert.match(await status.textContent(), /Exported 3 papers as BibTeX/);
  });

  it('importing a bad file says why and changes nothing', async () => {
    await freshBrowser();
    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await saveOnCards(listing, NEW_IDS_WITH_HTML.slice(0, 2));
    const popup = await openPopup(browser);
    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 2);
    const before = await storedPapers(popup);
    const idsBefore = await listedIds(popup);
    const input = popup.locator('[data-pith="library-import"]');
    const status = popup.locator('[data-pith="library-transfer-status"]');

    const bad = [
      { name: 'truncated.json', text: '{"format":"arxiv-pith-library","papers":[{"id":"2609.22268",', why: /not valid JSON/i },
      { name: 'foreign.json', text: JSON.stringify({ hello: 'world', items: [1, 2, 3] }), why: /not an arXiv Pith library/i },
      // A .bib is read as BibTeX since issue 12: one naming no arXiv paper changes nothing.
      { name: 'library.bib', text: '@book{x, title = {A book without an arXiv id}}', why: /no entry of this file names an arXiv paper/i },
      { name: 'empty.json', text: '', why: /empty/i },
    ];
    for (const { name, text, why } of bad) {
      // A fresh popup per file, so the message read is this file's own.
      await popup.reload();
      await popup.locator('[data-pith="saved-item"]').first().waitFor();
      await input.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await popup.waitForFunction(() => document.querySelector('[data-pith="library-transfer-status"]')?.classList.contains('status-error'));
      const message = (await status.textContent()).trim();
      assert.match(message, why, `${name}: the message says what is wrong: "${message}"`);
      assert.match(message, /nothing was (imported|changed)/i, `${name}: the message says nothing changed: "${message}"`);
      assert.deepEqual(await storedPapers(popup), before, `${name}: the library is unchanged`);
      assert.deepEqual(await listedIds(popup), idsBefore);
    }

    // Control: the same input takes a real export, merging without duplicates.
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('[data-pith="export-json"]').click()]);
    await input.setInputFiles(await download.path());
    // (The export left its own "Exported ..." status: wait for the import's.)
    await popup.waitForFunction(() => /^Added/.test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''));
    assert.match(await status.textContent(), /Added 0, 2 already there/);
    assert.ok(await status.evaluate((el) => el.classList.contains('status-ok')));
    assert.deepEqual(await storedPapers(popup), before);
    // The open listing tab did not hear of any change either.
    await assertPressed(listing, NEW_IDS_WITH_HTML[0], 'true');
    await assertPressed(listing, NEW_IDS_WITH_HTML[2], 'false');
  });
});

describe('keyboard', () => {
  it('j then s saves the first card; s typed in the search field does not', async () => {
    await freshBrowser();
    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    const first = (await readCards(listing))[0].id;
    assert.equal(first, '2609.22268');

    // Typing in arXiv's own search box first: no shortcut fires. arXiv's header button opens the
    // search overlay with the site's script, which the capture lacks; open it as that button does.
    await listing.evaluate(() => {
      document.getElementById('arxiv-search-overlay').hidden = false;
    });
    const field = listing.locator('#arxiv-search-input');
    await field.click();
    await listing.keyboard.type('sjs');
    assert.equal(await field.inputValue(), 'sjs', 'the letters went into the field');
    await listing.waitForTimeout(300);
    assert.equal(await saveButton(listing, first).getAttribute('aria-pressed'), 'false');
    assert.equal(await listing.locator('pith-card[data-active]').count(), 0, 'j in the field moved no card');

    await field.blur();
    await listing.keyboard.press('j');
    await listing.waitForSelector(`pith-card[data-pith-host="${first}"][data-active]`);
    await listing.keyboard.press('s');
    await assertPressed(listing, first, 'true');

    const popup = await openPopup(browser);
    await popup.locator(`[data-pith="saved-item"][data-arxiv-id="${first}"]`).waitFor();
    assert.deepEqual(await listedIds(popup), [first]);
  });
});

async function axeSerious(page, label) {
  // Extension pages' CSP forbids inline scripts (page.addScriptTag); evaluate axe's source instead.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = serious
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`)
    .join('\n');
  assert.equal(serious.length, 0, `serious or critical axe violations:\n${detail}`);
}

describe('accessibility and looks', () => {
  it('popup (empty, with papers, light and dark) and options have no serious axe violations; screenshots', async () => {
    await freshBrowser();
    const empty = await openPopup(browser);
    await empty.locator('[data-pith="library-empty"]').waitFor();
    await axeSerious(empty, 'popup (empty)');
    await empty.screenshot({ path: join(SCREENSHOTS, 'popup-empty.png') });
    await empty.close();

    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    await saveOnCards(listing, NEW_IDS_WITH_HTML);
    const abs = await browser.context.newPage();
    await abs.goto(`http://arxiv.org${PAGES.absOld}`);
    await abs.locator('pith-card [data-pith="save"]').click();
    await abs.waitForFunction(() => document.querySelector('pith-card')?.shadowRoot?.querySelector('[data-pith="save"]')?.getAttribute('aria-pressed') === 'true');

    const popup = await openPopup(browser);
    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 4);
    for (const scheme of ['light', 'dark']) {
      await popup.emulateMedia({ colorScheme: scheme });
      await axeSerious(popup, `popup (${scheme})`);
      await popup.screenshot({ path: join(SCREENSHOTS, `popup-${scheme}.png`) });
    }
    // With a search and the undo toast on screen.
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.locator('[data-pith="library-search"]').fill('structur');
    await popup.locator('[data-pith="saved-item"]').first().locator('[data-pith="saved-remove"]').click();
    await popup.locator('[data-pith="undo-toast"]').waitFor();
    await axeSerious(popup, 'popup (search + undo toast)');
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-search-undo.png') });

    const options = await openOptions();
    await options.locator('[data-pith="cache-panel"] dl').waitFor();
    for (const scheme of ['light', 'dark']) {
      await options.emulateMedia({ colorScheme: scheme });
      await axeSerious(options, `options (${scheme})`);
      await options.screenshot({ path: join(SCREENSHOTS, `options-${scheme}.png`), fullPage: true });
    }
    // A saved change shows its floating confirmation; check that state too.
    await options.emulateMedia({ colorScheme: 'light' });
    await options.locator('input[name="showFigure"]').uncheck();
    await options.locator('.form-status.status-ok').first().waitFor();
    await axeSerious(options, 'options (after a change)');
    await options.screenshot({ path: join(SCREENSHOTS, 'options-saved.png') });
  });
});
