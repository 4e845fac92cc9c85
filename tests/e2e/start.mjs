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

const live = process.argv.includes('--live');
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
  // Offline: the background's requests to arXiv get a quick, polite "unavailable".
  await browser.context.route(/^https:\/\/(export\.)?arxiv\.org\//, (route) =>
    route.fulfill({ status: 503, headers: { 'retry-after': '3600' }, body: '' }),
  );
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
    await page.waitForTimeout(400);
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
