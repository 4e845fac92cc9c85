/**
 * `npm start`: the extension loaded in Chromium on the bundled arXiv pages, no network needed.
 * With a display it opens a window and stays open; without one it runs headless, writes
 * screenshots to .output/screenshots/ and prints a one-line summary.
 *   npm start                 bundled pages
 *   npm start -- --live       the real arxiv.org (needs a network)
 *   npm start -- --headless   force headless even with a display
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, ROOT, launchBrowser, readCards, startFixtureServer } from './harness.mjs';
import { NEW_LISTING_HTML, routeArxiv } from './arxiv-routes.mjs';

const live = process.argv.includes('--live');
const DEMO_FIGURE = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200">
<rect width="320" height="200" fill="#f6f8fa"/><path d="M30 170 L30 20 M30 170 L300 170" stroke="#57606a" stroke-width="2"/>
<polyline points="30,160 70,140 110,120 150,90 190,80 230,50 270,40" fill="none" stroke="#b31b1b" stroke-width="3"/>
<text x="160" y="194" font-family="sans-serif" font-size="11" fill="#57606a" text-anchor="middle">bundled demo: figure images are not in the captures</text></svg>`;
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

const BUNDLED = [
  { name: 'new-listing', path: PAGES.newListing },
  { name: 'recent-listing', path: PAGES.recentListing },
  { name: 'search', path: PAGES.search },
];
const LIVE = [
  { name: 'live-new', url: 'https://arxiv.org/list/math.OC/new' },
  { name: 'live-recent', url: 'https://arxiv.org/list/cs.CL/recent' },
];

const server = live ? null : await startFixtureServer();
const browser = await launchBrowser({ port: server?.port, live, headless });
if (!live) {
  // Offline demo: the /new listing's papers get their full text from the bundled LaTeXML
  // captures (theorem counts, first figure); every other arXiv request fails as it would
  // offline, and the cards say so quietly. The captures carry no figure images, so figures
  // show a labelled placeholder.
  await routeArxiv(browser.context, {
    html: (id) => (NEW_LISTING_HTML[id] ? null : 'abort'),
    api: () => 'abort',
    figure: { status: 200, contentType: 'image/svg+xml', body: DEMO_FIGURE },
  });
}

const shots = join(ROOT, '.output', 'screenshots');
mkdirSync(shots, { recursive: true });
const summary = [];
for (const target of live ? LIVE : BUNDLED) {
  const page = await browser.context.newPage();
  const started = Date.now();
  await page.goto(target.url ?? `http://arxiv.org${target.path}`, { waitUntil: 'domcontentloaded' });
  try {
    await page.waitForSelector('pith-card[data-rendered]', { timeout: 20_000 });
  } catch {
    summary.push(`${target.name}: no cards`);
    continue;
  }
  const elapsed = Date.now() - started;
  const cards = await readCards(page);
  summary.push(`${target.name}: ${cards.length} cards (${cards.filter((c) => c.rendered).length} rendered) in ${elapsed} ms`);
  if (headless) {
    // Long enough for the dwell and the first full-text answers (1 s apart) to arrive.
    await page.waitForTimeout(2500);
    await page.screenshot({ path: join(shots, `${target.name}.png`) });
  }
}

console.log(`arXiv Pith — ${summary.join('; ')}`);
if (headless) {
  console.log(`screenshots: ${shots}`);
  await browser.close();
  await server?.close();
} else {
  console.log('Close the browser window to stop.');
  browser.context.on('close', async () => {
    await server?.close();
    process.exit(0);
  });
}
