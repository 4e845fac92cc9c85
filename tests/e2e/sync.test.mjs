/**
 * Library sync (issue 12, section 6) in real Chromium with the built extension: a save and a
 * removal on a card reach chrome.storage.sync as format 2 (utils/sync-ledger.ts), and a removal
 * another browser wrote there, later than the save here, removes the paper from this library and
 * un-presses its open card, while a paper the other browser did not mention stays saved.
 * (One browser: Chromium's storage.sync without an account behaves as a local area, so the
 * "other browser" is the test writing to it, as Chrome's sync would.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAGES, openListing } from './harness.mjs';
import { browserSuite } from './suite.mjs';

const suite = browserSuite();
let browser;

const card = (page, id) => page.locator(`pith-card[data-pith-host="${id}"]`);
const saveButton = (page, id) => card(page, id).locator('[data-pith="save"]');

async function pressed(page, id, want, timeout = 8_000) {
  await page.waitForFunction(
    ([cardId, value]) =>
      document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot?.querySelector('[data-pith="save"]')?.getAttribute('aria-pressed') === value,
    [id, want],
    { timeout },
  );
}

const syncArea = () => browser.worker.evaluate(() => chrome.storage.sync.get(null));

/** The test's own reading of format 2's text, enough for these ids (new-style, one group). */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const b62 = (n) => {
  let out = '';
  do {
    out = DIGITS[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out;
};
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

describe('sync through chrome.storage.sync', () => {
  it('a save and a removal are written as format 2; a later removal from another browser removes the paper here', async () => {
    browser = await suite.launch();
    const listing = await openListing(browser.context, suite.server.port, PAGES.newListing);
    const [a, b, c] = ['2609.22268', '2609.22287', '2609.22341'];
    for (const id of [a, b, c]) {
      await saveButton(listing, id).scrollIntoViewIfNeeded();
      await saveButton(listing, id).click();
      await pressed(listing, id, 'true');
    }
    await saveButton(listing, c).click(); // removed again: a tombstone
    await pressed(listing, c, 'false');

    // Written about 2 s after the last change, one header and one chunk.
    let area = {};
    for (let i = 0; i < 100 && area.savedIds?.entries !== 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      area = await syncArea();
    }
    const header = area.savedIds;
    assert.equal(header?.v, 2, `format 2 header: ${JSON.stringify(header)}`);
    assert.equal(header.chunks, 1);
    assert.equal(header.saved, 2);
    assert.equal(header.entries, 3);
    const text = area['savedIds.0'];
    assert.equal(fnv1a(text), header.sums[0], 'the chunk hash matches');
    assert.match(text, /^\|2609:[0-9a-zA-Z]+\+[0-9a-zA-Z]+,[0-9a-zA-Z]+\+[0-9a-zA-Z]+,[0-9a-zA-Z]+-[0-9a-zA-Z]+$/, `saved, saved, removed: ${text}`);

    // Another browser removed `a` a minute from now (later than the save here) and knows nothing of `b`.
    const month = Date.UTC(2026, 8, 1) / 1000;
    const removedAt = Math.floor(Date.now() / 1000) + 60 - month;
    const theirs = `|2609:${b62(22268)}-${b62(removedAt)}`;
    await browser.worker.evaluate(
      (items) => chrome.storage.sync.set(items),
      { savedIds: { v: 2, chunks: 1, sums: [fnv1a(theirs)], entries: 1, saved: 0, total: 0, truncated: false }, 'savedIds.0': theirs },
    );
    await pressed(listing, a, 'false');
    await pressed(listing, b, 'true', 1_000);
    // The merge is written back: `a` removed (their time), `b` saved, `c` removed.
    let merged = '';
    for (let i = 0; i < 100 && !/,/.test(merged); i++) {
      await new Promise((r) => setTimeout(r, 100));
      merged = (await syncArea())['savedIds.0'] ?? '';
    }
    assert.ok(merged.startsWith(`|2609:${b62(22268)}-${b62(removedAt)},`), `merged: ${merged}`);
    assert.equal((await syncArea()).savedIds.saved, 1);
  });
});
