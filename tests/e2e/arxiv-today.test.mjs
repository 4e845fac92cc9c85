/**
 * arXiv as it serves pages today (issue 8), in real Chromium with the built extension:
 * - first figures of latexml-oxide papers (served at `/html/<id>v1`, no trailing slash,
 *   `src="<id>v1/file.png"`) and of LaTeXML 0.8.7 papers (resolved as at `/html/<id>vN/`,
 *   `src="x1.png"`) load from their real URL; an image that fails shows "figure unavailable".
 * (Listings typeset by MathJax, the other half of today's arXiv, are in arxiv-mathjax.test.mjs.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './harness.mjs';
import { browserSuite } from './suite.mjs';
import { routeArxiv } from './arxiv-routes.mjs';

/**
 * The real oxide figure excerpt (2507.00150v1) as the HTML of the /new capture's first entry,
 * 2609.22268v1: its ids renamed so the page and its `src="<id>v1/…"` agree, markup unchanged.
 */
const OXIDE_ID = '2609.22268';
const OXIDE_FIGURE_PAGE = fixture('arxiv-2507.00150v1-oxide-0.7.6-figure-excerpt.html').replaceAll('2507.00150', OXIDE_ID);
const REAL_IMAGE = `https://arxiv.org/html/${OXIDE_ID}v1/plot1_distributions_600.png`;
const DOUBLED = `/html/${OXIDE_ID}v1/${OXIDE_ID}v1/`;

/** A 3x2 PNG, so `naturalWidth` says which image loaded. */
const PNG_3X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAEUlEQVR42mP8z8DwnwEKGGEMAD0UBP2wC0WhAAAAAElFTkSuQmCC',
  'base64',
);

const suite = browserSuite();

/** The first figure part of one card, read from its shadow root. */
function readFigure(page, id) {
  return page.evaluate((cardId) => {
    const root = document.querySelector(`pith-card[data-pith-host="${cardId}"]`)?.shadowRoot;
    const figure = root?.querySelector('[data-pith="figure"]');
    if (!figure) return null;
    const img = figure.querySelector('img');
    return {
      state: figure.getAttribute('data-state'),
      src: img?.getAttribute('src') ?? null,
      complete: img?.complete ?? null,
      naturalWidth: img?.naturalWidth ?? null,
      links: [...figure.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      text: figure.textContent,
    };
  }, id);
}

describe('first figures as arxiv.org serves them', () => {
  it('an oxide-served paper: the figure img has the real URL and loads; the doubled path is never requested', async () => {
    const browser = await suite.launch({ arxivDown: false });
    const routes = await routeArxiv(browser.context, {
      // latexml-oxide: served at /html/<id>v1 itself, no redirect.
      html: (id) => (id === OXIDE_ID ? { status: 200, contentType: 'text/html; charset=utf-8', body: OXIDE_FIGURE_PAGE } : null),
      // Only the real file exists; anything else is a 404 as on arxiv.org.
      figure: (url) =>
        url.href === REAL_IMAGE
          ? { status: 200, contentType: 'image/png', body: PNG_3X2 }
          : { status: 404, contentType: 'text/plain', body: 'Not Found' },
    });
    const page = await browser.context.newPage();
    await page.goto('http://arxiv.org/list/cond-mat.mtrl-sci/new', { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      (id) => {
        const img = document.querySelector(`pith-card[data-pith-host="${id}"]`)?.shadowRoot?.querySelector('[data-pith="figure"] img');
        return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
      },
      OXIDE_ID,
      { timeout: 20_000 },
    );
    const figure = await readFigure(page, OXIDE_ID);
    assert.equal(figure.src, REAL_IMAGE);
    assert.equal(figure.naturalWidth, 3);
    assert.equal(figure.state, null);
    assert.equal(routes.htmlPages.filter((p) => p.id === OXIDE_ID).length, 1);
    assert.deepEqual(routes.log.filter((r) => r.path.startsWith(DOUBLED)).map((r) => r.url), [], 'doubled path never requested');
    assert.ok(routes.log.some((r) => r.url === REAL_IMAGE && !r.fromWorker), 'the card itself loaded the image');
    await page.close();
  });

  it('a LaTeXML 0.8.7 paper (resolved as at /html/<id>vN/): x1.png loads from inside it; a missing image shows "figure unavailable"', async () => {
    const browser = await suite.launch({ arxivDown: false });
    const routes = await routeArxiv(browser.context, {
      figure: (url) =>
        url.pathname === '/html/2609.22341v1/x1.png'
          ? { status: 200, contentType: 'image/png', body: PNG_3X2 }
          : { status: 404, contentType: 'text/plain', body: 'Not Found' },
    });
    const page = await browser.context.newPage();
    await page.goto('http://arxiv.org/list/cond-mat.mtrl-sci/new', { waitUntil: 'domcontentloaded' });
    // 2609.22341: point-transects (x1.png). 2609.22287: goodhart (images/...png), 404 here.
    await page.waitForFunction(
      () => {
        const fig = (id) => document.querySelector(`pith-card[data-pith-host="${id}"]`)?.shadowRoot?.querySelector('[data-pith="figure"]');
        const img = fig('2609.22341')?.querySelector('img');
        return img?.complete && img.naturalWidth > 0 && fig('2609.22287')?.getAttribute('data-state') === 'unavailable';
      },
      null,
      { timeout: 20_000 },
    );
    const loaded = await readFigure(page, '2609.22341');
    assert.equal(loaded.src, 'https://arxiv.org/html/2609.22341v1/x1.png');
    const gone = await readFigure(page, '2609.22287');
    // No <img> (so no broken-image icon), a quiet note, and the link goes to the paper.
    assert.equal(gone.src, null);
    assert.match(gone.text, /figure unavailable/);
    assert.deepEqual(gone.links, ['https://arxiv.org/html/2609.22287v1']);
    // Next visit: the analysis is fetched again (the figure failed), once.
    const before = routes.htmlPages.filter((p) => p.id === '2609.22287').length;
    const again = await browser.context.newPage();
    await again.goto('http://arxiv.org/list/cond-mat.mtrl-sci/new', { waitUntil: 'domcontentloaded' });
    // Seen on the first visit, the paper may show as a one-line row, which fetches nothing
    // until opened (issue 11): open it as a reader would.
    const row = again.locator('pith-card[data-pith-host="2609.22287"] [data-pith="seen-note"]');
    await again.waitForFunction(() => document.querySelector('pith-card[data-pith-host="2609.22287"]')?.shadowRoot?.querySelector('[data-pith="seen-note"], [data-pith="figure"]'), null, { timeout: 10_000 });
    if ((await row.count()) > 0) await row.click();
    const deadline = Date.now() + 15_000;
    while (routes.htmlPages.filter((p) => p.id === '2609.22287').length === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(routes.htmlPages.filter((p) => p.id === '2609.22287').length, before + 1, 'refreshed on the next visit');
    await page.close();
    await again.close();
  });
});
