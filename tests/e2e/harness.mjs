/**
 * Real-browser harness: serves the bundled arXiv captures on a local port, maps arxiv.org to
 * it, and starts Debian's Chromium with the built extension loaded (no browser download,
 * no network). Used by the e2e tests, `npm start` and `npm run bench`.
 */
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { makeLongListing } from '../bench/make-long-listing.mjs';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const FIXTURES = arxivFixturesDir();
export const EXTENSION = join(ROOT, '.output', 'chrome-mv3');

export function fixture(name) {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The bundled pages, by the arxiv.org path they stand for. */
export const PAGES = {
  newListing: '/list/cond-mat.mtrl-sci/new',
  recentListing: '/list/cs.CL/recent',
  search: '/search/?searchtype=abstract&query=distributed+systems&abstracts=show&size=200',
  abs: '/abs/2609.22268',
  absOld: '/abs/2106.09608',
  longListing: '/list/cs.CL/pastweek?show=2000',
  hostile: '/list/math.OC/new',
  unknown: '/list/unknown/weird',
};

/** A real /new page with attacker-controlled title and abstract, escaped as arXiv serves them. */
export function hostileListing() {
  const page = fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html');
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const title = escape('<img src=x onerror="window.__pithPwned=1"><script>window.__pithPwned=2</script> Hostile $\\href{javascript:window.__pithPwned=3}{click}$ title');
  const abstract = escape('We prove that <b>bold</b> claims <img src=x onerror="window.__pithPwned=4"> hold: $\\href{javascript:alert(1)}{x}$ and $\\url{javascript:alert(2)}$ and $x^2 + y^2 = z^2$.');
  // Replace the first entry's title and abstract (item [1], 2609.22268).
  let out = page.replace(/(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>)[\s\S]*?(<\/div>)/, `$1 ${title} $2`);
  out = out.replace(/(<p class='mathjax'>)[\s\S]*?(<\/p>)/, `$1${abstract}$2`);
  return out;
}

const UNKNOWN_PAGE = `<!DOCTYPE html><html><head><title>arXiv</title></head><body>
<main id="content"><h1>Something arXiv changed</h1><ul class="papers"><li><a href="/abs/2609.22268">A paper</a></li></ul></main>
</body></html>`;

const STANDIN_CSS = readFileSync(join(import.meta.dirname, 'arxiv-standin.css'), 'utf8');

let longListingCache;

function route(url) {
  const path = url.pathname;
  if (path === '/list/cond-mat.mtrl-sci/new') return fixture('list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html');
  if (path === '/list/cs.CL/recent') return fixture('list-recent-csCL-2026-07-27.html');
  if (path === '/list/cs.CL/pastweek') return (longListingCache ??= makeLongListing(2000));
  if (path === '/list/math.OC/new') return hostileListing();
  if (path === '/list/unknown/weird') return UNKNOWN_PAGE;
  if (path === '/search/' || path === '/search') return fixture('search-results-abstract-distributed-systems-2025-12.html');
  if (path === '/abs/2609.22268') return fixture('abs-2609.22268-2026-09.html');
  if (path === '/abs/2106.09608') return fixture('abs-2106.09608-2021.html');
  if (path === '/abs/2508.16190') return fixture('abs-2508.16190-2026.html');
  return null;
}

/** Start the local arXiv stand-in. Resolves to { port, close, requests }. */
export async function startFixtureServer() {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://arxiv.org');
    requests.push(url.pathname + url.search);
    if (url.pathname.endsWith('.css')) {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(STANDIN_CSS);
      return;
    }
    const body = route(url);
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not bundled');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { port, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** Chromium flags for a closed network: without them it keeps trying Google's hosts. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: run `bash .ci/install-chromium` (Debian package "chromium").');
  return found;
}

/**
 * Launch Chromium with the built extension. `port` is the fixture server; pass `live: true`
 * to reach the real arxiv.org instead.
 */
export async function launchBrowser({ port, live = false, headless = true } = {}) {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error('Build the extension first: npm run build');
  const userDataDir = mkdtempSync(join(tmpdir(), 'pith-profile-'));
  const args = [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`, ...CHROMIUM_ARGS];
  if (!live) {
    // arxiv.org goes to the fixture server; every other host fails at once instead of hanging.
    args.push(`--host-resolver-rules=MAP arxiv.org 127.0.0.1:${port}, MAP www.arxiv.org 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`);
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless,
    args,
    viewport: { width: 1280, height: 900 },
  });
  if (!live) {
    // The search page takes its stylesheets from static.arxiv.org (https): answer with the stand-in.
    await context.route(/^https:\/\/static\.arxiv\.org\/.*\.css/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/css', body: STANDIN_CSS }),
    );
  }
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, worker, extensionId, close };
}

/** Serve `html` at http://arxiv.org`path` (a page of our own, beside the bundled ones). */
export async function servePage(context, path, html) {
  await context.route((url) => url.host === 'arxiv.org' && url.protocol === 'http:' && url.pathname + url.search === path, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
}

/** Open a bundled page and wait until the cards in the first viewport are rendered. */
export async function openListing(context, port, path) {
  const page = await context.newPage();
  await page.goto(`http://arxiv.org${path}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('pith-card[data-rendered]', { timeout: 15_000 });
  return page;
}

/** Read every card's contract parts from inside the open shadow roots. */
export async function readCards(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('pith-card')].map((host) => {
      const root = host.shadowRoot;
      const part = (name) => root?.querySelector(`[data-pith="${name}"]`) ?? null;
      return {
        hostId: host.getAttribute('data-pith-host'),
        rendered: host.hasAttribute('data-rendered'),
        id: root?.querySelector('[data-pith-card]')?.getAttribute('data-pith-card') ?? null,
        tagline: part('tagline')?.textContent?.trim() ?? null,
        qualifier: part('qualifier')?.textContent?.trim() ?? null,
        authors: part('authors')?.textContent?.trim() ?? null,
        title: part('title')?.textContent?.trim() ?? null,
        theorems: part('theorems')?.textContent?.trim() ?? null,
        theoremCount: part('theorems')?.getAttribute('data-count') ?? null,
        saved: part('save')?.getAttribute('aria-pressed') ?? null,
      };
    }),
  );
}

/**
 * In the page: every card in the window has its full text (or knows it has none), so nothing on
 * screen will still grow. Run it with waitForFunction before clicking a card: a card above that
 * grows when its analysis arrives moves the button between Playwright's stable check and the
 * click (a CI run's save click missed that way).
 */
export function onScreenCardsSettled() {
  const onScreen = [...document.querySelectorAll('pith-card[data-rendered]')].filter((h) => {
    const r = h.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  const badges = onScreen.map((h) => h.shadowRoot?.querySelector('[data-pith="theorems"]'));
  return badges.length > 0 && badges.every((b) => b && b.getAttribute('aria-busy') !== 'true' && !b.classList.contains('error'));
}

/** In the page: what the cards in the window show, for a failure message when they never settle. */
export function onScreenCardStates() {
  return [...document.querySelectorAll('pith-card[data-rendered]')]
    .filter((h) => {
      const r = h.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    })
    .map((h) => {
      const badge = h.shadowRoot?.querySelector('[data-pith="theorems"]');
      const state = !badge ? 'no badge' : badge.getAttribute('aria-busy') === 'true' ? 'busy' : badge.classList.contains('error') ? 'error' : 'settled';
      return `${h.getAttribute('data-pith-host')}${h.hasAttribute('data-collapsed') ? ' (collapsed)' : ''}: ${state} "${badge?.textContent?.trim().slice(0, 60) ?? ''}"`;
    });
}

/** Render every card by scrolling through the page (cards render near the viewport). */
export async function scrollThrough(page) {
  await page.evaluate(async () => {
    const step = window.innerHeight;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    window.scrollTo(0, 0);
  });
}
