/**
 * Screenshots of the cards in their filled state (tagline, qualifier, theorem count, figure),
 * for looking at the layout: light, dark, a 360 px window, 200% zoom, compact mode.
 *   npm run build && node tests/e2e/screenshots.mjs [outDir]
 * Written to .output/screenshots/ (not committed). Figure images are a plot drawn in code.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, ROOT, launchBrowser, startFixtureServer } from './harness.mjs';
import { routeArxiv } from './arxiv-routes.mjs';
import { fixture } from './harness.mjs';
import { plotPng } from '../helpers/figure-png.mjs';

const out = process.argv[2] ?? join(ROOT, '.output', 'screenshots');
mkdirSync(out, { recursive: true });

const SHOTS = [
  { name: 'new-light', path: PAGES.newListing, width: 1280, scheme: 'light' },
  { name: 'new-dark', path: PAGES.newListing, width: 1280, scheme: 'dark' },
  { name: 'new-narrow-360', path: PAGES.newListing, width: 360, scheme: 'light' },
  { name: "new-zoom-200", path: PAGES.newListing, width: 1280, scale: 2, scheme: 'light' },
  { name: 'recent-light', path: PAGES.recentListing, width: 1280, scheme: 'light' },
  { name: 'new-compact', path: PAGES.newListing, width: 1280, scheme: 'light', mode: 'compact' },
  { name: 'recent-compact', path: PAGES.recentListing, width: 1280, scheme: 'light', mode: 'compact' },
  { name: 'recent-compact-dark', path: PAGES.recentListing, width: 1280, scheme: 'dark', mode: 'compact' },
  { name: 'recent-compact-360', path: PAGES.recentListing, width: 360, scheme: 'light', mode: 'compact' },
];

/** Set one select setting through the options page (the settings' own UI). */
export async function setSelect(context, extensionId, name, value) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator(`select[name="${name}"]`).selectOption(value);
  await options.waitForTimeout(300);
  await options.close();
}

/** Wait until every card in the viewport has its full text (or has none to get). */
export async function waitFilled(page, timeout = 20_000) {
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('pith-card[data-rendered]')]
          .filter((h) => {
            const r = h.getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight;
          })
          .every((h) => {
            const t = h.shadowRoot?.querySelector('[data-pith="theorems"]');
            return t && (t.hasAttribute('data-count') || !t.hasAttribute('aria-busy'));
          }),
      null,
      { timeout, polling: 250 },
    )
    .catch(() => undefined);
}

async function main() {
  const server = await startFixtureServer();
  const browser = await launchBrowser({ port: server.port });
  const png = plotPng();
  await routeArxiv(browser.context, {
    listing: fixture('list-recent-csCL-2026-07-27.html'),
    figure: { status: 200, contentType: 'image/png', body: png },
  });
  let mode = 'full';
  try {
    for (const shot of SHOTS) {
      const wanted = shot.mode ?? 'full';
      if (wanted !== mode) {
        await setSelect(browser.context, browser.extensionId, 'cardMode', wanted);
        mode = wanted;
      }
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: shot.scheme });
      await page.setViewportSize({ width: shot.width, height: 900 });
      await page.goto(`http://arxiv.org${shot.path}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('pith-card[data-rendered]');
      if (shot.scale) await page.evaluate((z) => (document.documentElement.style.zoom = String(z)), shot.scale);
      const first = page.locator('pith-card').first();
      await first.scrollIntoViewIfNeeded();
      await waitFilled(page);
      await page.waitForTimeout(800);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.screenshot({ path: join(out, `${shot.name}.png`) });
      console.log(`${shot.name}: horizontal overflow ${overflow}px`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`screenshots: ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
