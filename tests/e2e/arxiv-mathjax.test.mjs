/**
 * arXiv's listings as MathJax 2 rewrites them (issue 8), in real Chromium with the built
 * extension: real MathJax 2.7 (npm `mathjax`, configured as arXiv does) gives the same cards as
 * the page without MathJax, on a generated 2,000-entry listing that MathJax is still typesetting
 * while the content script reads it, and after MathJax re-typesets the hidden originals; a
 * hostile title holding `</script>` in its TeX stays text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ROOT, servePage } from './harness.mjs';
import { browserSuite, keepSeenCardsFull } from './suite.mjs';
import { makeLongListing } from '../bench/make-long-listing.mjs';

const suite = browserSuite();

const MATHJAX_DIR = join(ROOT, 'node_modules', 'mathjax');
const MATHJAX_VERSION = JSON.parse(readFileSync(join(MATHJAX_DIR, 'package.json'), 'utf8')).version;
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.woff': 'font/woff', '.otf': 'font/otf', '.eot': 'application/vnd.ms-fontobject', '.svg': 'image/svg+xml' };

/**
 * MathJax 2 as arXiv's mathjaxToggle() sets it up: tex2jax with inline `$…$` and `\(…\)`,
 * display `$$…$$` and `\[…\]`, escapes processed, only elements classed `mathjax` typeset,
 * TeX input with AMS and noErrors, HTML-CSS output, no status messages.
 */
const MATHJAX_HEAD = `<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  messageStyle: "none",
  extensions: ["tex2jax.js"],
  jax: ["input/TeX", "output/HTML-CSS"],
  tex2jax: {
    inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]],
    displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
    processEscapes: true,
    ignoreClass: ".*",
    processClass: "mathjax.*"
  },
  TeX: { extensions: ["AMSmath.js", "AMSsymbols.js", "noErrors.js"] },
  "HTML-CSS": { availableFonts: ["TeX"] }
});
MathJax.Hub.Register.MessageHook("New Math", function () { window.__mjFirstMath = window.__mjFirstMath || performance.now(); });
MathJax.Hub.Queue(function () { window.__mjDone = performance.now(); });
</script>
<script type="text/javascript" src="/MathJax-${MATHJAX_VERSION}/MathJax.js"></script>`;

/** Hand-made hostile TeX, HTML-escaped as arXiv serves titles. */
const HOSTILE_TEX = '$a</script><img src=x onerror="window.__pithPwned=1">b$';
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The generated 2,000-entry listing (real captured rows, see make-long-listing.mjs) with math
 * in every title (inline `$…$` or `\(…\)`), display math in every abstract, and the hostile
 * TeX in the first title.
 */
function mathListing() {
  let n = 0;
  let html = makeLongListing(2000).replace(/(<span class='descriptor'>Title:<\/span>)/g, (m) => {
    n++;
    const math = n === 1 ? escapeHtml(HOSTILE_TEX) : n % 2 === 0 ? `$H_{${n}}$` : `\\(x^{${n % 7}}\\)`;
    return `${m} ${math} `;
  });
  // Every entry gets an abstract on the page (as on /new), so no card waits for the export API.
  html = html.replace(/<dd>[\s\S]*?<\/dd>/g, (dd) =>
    dd.includes("<p class='mathjax'>") ? dd : dd.replace(/(\s*<\/div>\s*<\/dd>)$/, "\n<p class='mathjax'>A stand-in abstract.</p>$1"),
  );
  // Display math in every fourth abstract: MathJax's HTML-CSS output takes about 15 ms a
  // formula here, and every formula of the page is waited for below.
  let k = 0;
  html = html.replace(/(<p class='mathjax'>)/g, (m) => (k++ % 4 === 0 ? `${m} We show $$\\int_0^1 f\\,dx = 1$$ and ` : m));
  // arXiv's own loader is not bundled; our MathJax stands in for it.
  html = html.replace(/<script[^>]*mathjaxToggle[^<]*<\/script>/g, '');
  return html;
}

/**
 * Every card's title, authors and abstract, read as a reader meets them: scrolling down, each
 * card read (abstract opened) while it is on screen, since cards far from the viewport release
 * their content (issue 14).
 */
async function readAllCards(page) {
  // The page is read in slices (while MathJax runs): scroll only once every host is in, else
  // the pass ends above hosts inserted later, which then never come near the viewport.
  await page.waitForFunction(() => document.querySelectorAll('pith-card').length === 2000, null, { timeout: 120_000 });
  return page.evaluate(async () => {
    const hosts = [...document.querySelectorAll('pith-card')];
    const cards = new Array(hosts.length).fill(null);
    const read = (root, name) => root.querySelector(`[data-pith="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    const onScreen = (h) => {
      const r = h.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    };
    const ready = (h) => h.hasAttribute('data-rendered') && !h.hasAttribute('data-released') && h.shadowRoot?.querySelector('[data-pith="title"]');
    const step = window.innerHeight * 0.9;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      // The browser sends the scroll event only at its next frame, and frames can stop for
      // seconds on a loaded machine (release.test.mjs): send it now.
      window.dispatchEvent(new Event('scroll'));
      // Two frames, or 200 ms if frames pause (a page the browser sees as hidden).
      await new Promise((r) => {
        requestAnimationFrame(() => requestAnimationFrame(r));
        setTimeout(r, 200);
      });
      // Cards render near the viewport in slices: wait (bounded) for the ones on screen.
      const visible = () => hosts.map((h, i) => [h, i]).filter(([h, i]) => cards[i] === null && onScreen(h));
      for (const until = performance.now() + 5_000; visible().some(([h]) => !ready(h)) && performance.now() < until; ) await new Promise((r) => setTimeout(r, 20));
      const now = visible().filter(([h]) => ready(h));
      for (const [h] of now) {
        const toggle = h.shadowRoot.querySelector('[data-pith="abstract-toggle"]');
        if (toggle?.getAttribute('aria-expanded') === 'false') toggle.click();
      }
      await new Promise((r) => setTimeout(r, 30));
      for (const [h, i] of now) {
        const root = h.shadowRoot;
        cards[i] = {
          id: h.getAttribute('data-pith-host'),
          title: read(root, 'title'),
          authors: read(root, 'authors'),
          abstract: read(root, 'abstract'),
          markupInTitle: root.querySelectorAll('[data-pith="title"] img, [data-pith="title"] script').length,
        };
      }
    }
    return cards.map((c, i) => c ?? { id: hosts[i].getAttribute('data-pith-host'), title: null, authors: null, abstract: null, markupInTitle: 0 });
  });
}

describe('listings typeset by MathJax 2', () => {
  it(`a 2,000-entry listing with real MathJax ${MATHJAX_VERSION}: every card equals the page without MathJax; </script> in TeX stays text`, async () => {
    const browser = await suite.launch();
    await browser.context.route(new RegExp(`^http://arxiv\\.org/MathJax-${MATHJAX_VERSION.replace(/\./g, '\\.')}/`), (route) => {
      const path = new URL(route.request().url()).pathname.replace(`/MathJax-${MATHJAX_VERSION}/`, '');
      try {
        const body = readFileSync(join(MATHJAX_DIR, path));
        return route.fulfill({ status: 200, contentType: TYPES[extname(path)] ?? 'application/octet-stream', body });
      } catch {
        return route.fulfill({ status: 404, body: '' });
      }
    });
    const listing = mathListing();
    await servePage(browser.context, '/list/math.MJ/pastweek?show=2000', listing);
    await servePage(browser.context, '/list/math.MJ/pastweek?show=2000&mathjax', listing.replace('</head>', () => `${MATHJAX_HEAD}\n</head>`));
    // The second visit shows the same papers: full cards, not one-line "seen" rows (issue 11).
    await keepSeenCardsFull(browser);

    const plainPage = await browser.context.newPage();
    // A tall window: fewer scroll steps to meet every card on screen.
    await plainPage.setViewportSize({ width: 1280, height: 3000 });
    await plainPage.goto('http://arxiv.org/list/math.MJ/pastweek?show=2000', { waitUntil: 'domcontentloaded' });
    await plainPage.waitForFunction(() => document.querySelectorAll('pith-card').length === 2000, null, { timeout: 60_000 });
    const plain = await readAllCards(plainPage);
    await plainPage.close();

    const mjPage = await browser.context.newPage();
    await mjPage.setViewportSize({ width: 1280, height: 3000 });
    await mjPage.goto('http://arxiv.org/list/math.MJ/pastweek?show=2000&mathjax', { waitUntil: 'domcontentloaded' });
    // When the last card host went in (the page fully read) vs when MathJax typeset its first formula.
    const timing = await mjPage.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            if (document.querySelectorAll('pith-card').length === 2000) resolve({ readAt: performance.now(), firstMath: window.__mjFirstMath ?? null });
            else setTimeout(check, 5);
          };
          check();
        }),
    );
    // Let MathJax finish re-typesetting the hidden originals: cards must not change.
    await mjPage.waitForFunction(() => window.__mjDone !== undefined, null, { timeout: 240_000 });
    const typesetCount = await mjPage.evaluate(() => document.querySelectorAll('script[type^="math/tex"]').length);
    const typeset = await readAllCards(mjPage);
    console.log(`# MathJax: first formula at ${Math.round(timing.firstMath ?? -1)} ms, page read at ${Math.round(timing.readAt)} ms, ${typesetCount} formulas typeset`);
    // Every title's formula and every inserted display formula (the captured rows add their own).
    const inserted = listing.match(/<span class='descriptor'>Title:<\/span>/g).length + listing.match(/We show \$\$/g).length;
    assert.ok(inserted >= 2_500 && typesetCount >= inserted, `MathJax typeset the listing (${typesetCount} formulas, ${inserted} inserted)`);

    assert.equal(typeset.length, 2000);
    assert.deepEqual(typeset.map((c) => c.id), plain.map((c) => c.id));
    for (let i = 0; i < plain.length; i++) {
      const a = plain[i];
      const b = typeset[i];
      assert.equal(b.title, a.title, `title of ${a.id}`);
      assert.equal(b.authors, a.authors, `authors of ${a.id}`);
      assert.equal(b.abstract, a.abstract, `abstract of ${a.id}`);
    }
    // The hostile TeX: text in the card, no element made of it, nothing ran.
    const first = typeset[0];
    assert.equal(first.markupInTitle, 0);
    assert.match(first.title, /<\/script><img src=x onerror=/);
    assert.equal(await mjPage.evaluate(() => window.__pithPwned), undefined);
    await mjPage.close();
  });
});
