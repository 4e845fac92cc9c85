/**
 * BibTeX import in real Chromium with the built extension (issue 12): the popup's import
 * control takes a .bib (hand-written in Zotero's style, tests/fixtures/bib/zotero.bib, with TeX
 * accents and a non-arXiv entry), the arXiv entries join the library with their `keywords` as
 * tags and the metadata the export API gives, the other entry is named as skipped; then export
 * JSON → clear → import → the library is identical. Runs the parser bundle the build made
 * (@citation-js/plugin-bibtex's grammars behind the citation-js-core shim, wxt.config.ts).
 */
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { browserSuite } from './suite.mjs';
import { openPopup, storedLibrary, exportClearImport } from './popup.mjs';
import { forbiddenRequests, routeArxiv } from './arxiv-routes.mjs';

const suite = browserSuite();
let browser;
let work;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pith-bib-'));
});
after(async () => {
  rmSync(work, { recursive: true, force: true });
});

const status = (popup) => popup.locator('[data-pith="library-transfer-status"]').textContent();

describe('BibTeX import', () => {
  it('a .bib joins the library with its keywords as tags; export → clear → import is identical', async () => {
    browser = await suite.launch({ arxivDown: false });
    const arxiv = await routeArxiv(browser.context);
    const popup = await openPopup(browser);

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
    await exportClearImport(popup, 2);
    assert.deepEqual(await storedLibrary(popup), stored);
  });

  it('a broken .bib file is a clear message and changes nothing', async () => {
    browser = await suite.launch({ arxivDown: false });
    await routeArxiv(browser.context);
    const popup = await openPopup(browser);
    const bad = join(work, 'bad.bib');
    writeFileSync(bad, '@misc{only, title = {never closed\n');
    await popup.locator('[data-pith="library-import"]').setInputFiles(bad);
    await popup.waitForFunction(() => /Nothing was imported/.test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    assert.deepEqual(await storedLibrary(popup), []);
  });
});
