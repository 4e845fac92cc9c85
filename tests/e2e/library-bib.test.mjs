/**
 * BibTeX import in real Chromium with the built extension (issue 12): the popup's import
 * control takes a .bib (hand-written in Zotero's style, tests/fixtures/bib/zotero.bib, with TeX
 * accents and a non-arXiv entry), the arXiv entries join the library with their `keywords` as
 * tags and the metadata the export API gives, the other entry is named as skipped; then export
 * JSON → clear → import → the library is identical. Runs the parser bundle the build made
 * (@citation-js/plugin-bibtex's grammars behind the citation-js-core shim, wxt.config.ts).
 */
import { afterEach, before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launchBrowser, startFixtureServer } from './harness.mjs';
import { forbiddenRequests, routeArxiv } from './arxiv-routes.mjs';

let server;
let browser;
let work;

before(async () => {
  server = await startFixtureServer();
  work = mkdtempSync(join(tmpdir(), 'pith-bib-'));
});
after(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function openPopup() {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 560 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.waitForSelector('.popup');
  return popup;
}

/** The `saved` table as stored, without the derived search fields. */
function storedLibrary(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('arxiv-pith');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('saved').objectStore('saved').getAll();
          req.onsuccess = () => {
            resolve(req.result.map(({ searchText: _s, sortTitle: _t, ...p }) => p).sort((a, b) => a.id.localeCompare(b.id)));
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

const status = (popup) => popup.locator('[data-pith="library-transfer-status"]').textContent();

describe('BibTeX import', () => {
  it('a .bib joins the library with its keywords as tags; export → clear → import is identical', async () => {
    browser = await launchBrowser({ port: server.port });
    const arxiv = await routeArxiv(browser.context);
    const popup = await openPopup();

    const bibPath = join(work, 'zotero.bib');
    writeFileSync(bibPath, readFileSync(join(ROOT, 'tests/fixtures/bib/zotero.bib')));
    await popup.locator('[data-pith="library-import"]').setInputFiles(bibPath);
    await popup.waitForFunction(() => /^Added 2\b/.test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const said = await status(popup);
    assert.match(said, /1 skipped without an arXiv id: A combinatorial problem in geometry/);

    // One batched export API request for both ids; nothing else of arXiv's was asked for.
    assert.equal(arxiv.apiRequests.length, 1);
    assert.deepEqual([...arxiv.apiRequests[0].ids].sort(), ['2605.12345', 'math/0601001']);
    assert.deepEqual(forbiddenRequests(arxiv.log), []);

    await popup.waitForFunction(() => document.querySelectorAll('[data-pith="saved-item"]').length === 2);
    const stored = await storedLibrary(popup);
    assert.deepEqual(stored.map((p) => p.id), ['2605.12345', 'math/0601001']);
    assert.deepEqual(stored[0].tags, ['Computer Science - Machine Learning', 'Mathematics - Optimization and Control', 'to read']);
    assert.deepEqual(stored[1].tags, ['classics']);
    // Metadata from the API stand-in, not the file's title.
    assert.match(stored[0].abstract, /Stand-in abstract for 2605\.12345/);
    const filter = popup.locator('[data-pith="tag-filter"]');
    assert.ok((await filter.locator('option').evaluateAll((o) => o.map((x) => x.value))).includes('classics'));

    // Importing the same file again adds nothing and keeps the tags as they are.
    await popup.locator('[data-pith="library-import"]').setInputFiles(bibPath);
    await popup.waitForFunction(() => /^Added 0, 2 already there/.test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.deepEqual(await storedLibrary(popup), stored);

    // Export JSON → clear → import: identical.
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('[data-pith="export-json"]').click()]);
    const file = await download.path();
    for (let i = 0; i < 2; i++) {
      await popup.locator('[data-pith="saved-remove"]').first().click();
      await popup.waitForFunction((n) => document.querySelectorAll('[data-pith="saved-item"]').length === n, 1 - i);
    }
    await popup.waitForFunction(async () => {
      const rows = await new Promise((resolve) => {
        const open = indexedDB.open('arxiv-pith');
        open.onsuccess = () => {
          const r = open.result.transaction('saved').objectStore('saved').count();
          r.onsuccess = () => {
            resolve(r.result);
            open.result.close();
          };
        };
      });
      return rows === 0;
    });
    await popup.locator('[data-pith="library-import"]').setInputFiles(file);
    await popup.waitForFunction(() => /Added 2/.test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''));
    assert.deepEqual(await storedLibrary(popup), stored);
  });

  it('a broken .bib file is a clear message and changes nothing', async () => {
    browser = await launchBrowser({ port: server.port });
    await routeArxiv(browser.context);
    const popup = await openPopup();
    const bad = join(work, 'bad.bib');
    writeFileSync(bad, '@misc{only, title = {never closed\n');
    await popup.locator('[data-pith="library-import"]').setInputFiles(bad);
    await popup.waitForFunction(() => /Nothing was imported/.test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    assert.deepEqual(await storedLibrary(popup), []);
  });
});
