/**
 * The popup as the library tests drive it: open it, read the library as stored, and the
 * export → remove everything → import round trip.
 */

/** The popup of `browser`'s extension, at the size Chromium gives it. */
export async function openPopup(browser) {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 560 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.waitForSelector('.popup');
  return popup;
}

/** The `saved` table as stored, without the derived search fields, by id (read in an extension page). */
export function storedLibrary(extPage) {
  return extPage.evaluate(
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

/**
 * Export the whole library as JSON, remove its `count` papers one by one from the popup, wait
 * until the table is empty, and import the file back (until the popup says "Added `count`").
 */
export async function exportClearImport(popup, count) {
  const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('[data-pith="export-json"]').click()]);
  const file = await download.path();
  for (let left = count - 1; left >= 0; left--) {
    await popup.locator('[data-pith="saved-remove"]').first().click();
    await popup.waitForFunction((n) => document.querySelectorAll('[data-pith="saved-item"]').length === n, left);
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
  await popup.waitForFunction((n) => new RegExp(`Added ${n}\\b`).test(document.querySelector('[data-pith="library-transfer-status"]')?.textContent ?? ''), count);
}
