/**
 * Stand-ins for the two arXiv hosts the background service worker talks to, served with
 * Playwright's `context.route` (playwright-core 1.65 routes service-worker fetches through the
 * context's interceptors by default), plus a log of every request the browser makes, so tests
 * can assert what was fetched, when, and by whom.
 *
 * How each stand-in response is made:
 * - `https://arxiv.org/html/<id>v<N>`: the bytes of one of the LaTeXML fixtures in
 *   ../shared/fixtures/arxiv/ (real latexmlc 0.8.7 output, see SOURCES.md), chosen by `NEW_LISTING_HTML`
 *   for the ids of the /new capture. Ids without a mapping get the raw astroML LaTeXML page.
 *   arxiv.org served 0.8.7 pages at `…/<id>v<N>/` (after a redirect), which is what their
 *   relative `x1.png` srcs resolve against. Playwright does not route the follow-up of a
 *   redirect it fulfilled for a service worker's fetch, so instead of the redirect the
 *   stand-in adds the `<base href="…/<id>v<N>/">` that gives the same resolution (the
 *   redirect itself is covered by the unit tests through the response URL).
 *   (latexml-oxide pages, served since Aug 2026 at `…/<id>v<N>` itself, come through `html`.)
 * - Figure images under `https://arxiv.org/html/...`: a 1x1 PNG (the fixtures do not carry
 *   the rasterised images; only the `src` strings matter), or `figure(url)`'s answer.
 * - `https://export.arxiv.org/api/query?id_list=...`: a NEW-format (2025+) Atom feed whose
 *   feed header and `<entry>` are copied from the real response
 *   api-query-idlist-2508.16190-newformat-2026-05.xml; per id, the entry's id/links are
 *   rewritten to that id, the title and authors are the ones the /recent capture shows for it,
 *   and the summary is a stand-in sentence naming the id (the capture has no abstracts).
 */
import { fixture } from './harness.mjs';

/** The /new capture's HTML-bearing ids -> the LaTeXML fixture that answers for them. */
export const NEW_LISTING_HTML = {
  '2609.22268': 'latexml-erdos-szekeres-custom-thm.html',
  '2609.22287': 'latexml-catastrophic-goodhart-restatements.html',
  '2609.22341': 'latexml-point-transects-no-theorems.html',
  '2609.22376': 'latexml-dcem-amsthm-tikz.html',
  '2609.22440': 'latexml-robust-sls-amsthm.html',
  '2609.22118': 'latexml-llncs-rendezvous-class-theorems.html',
};
export const FALLBACK_HTML = 'html-latexml-raw-astroML-paper-2023-02.html';

/** The /new capture's one entry without an `html` link (SOURCES.md). */
export const NO_HTML_ID = '2609.22366';

export const EXPECTED = JSON.parse(fixture('EXPECTED.json'));

// A valid 1x1 transparent PNG.
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A 0.8.7 page as if served at `…/<id>v<N>/` (see the header comment). */
export function withOldLayoutBase(html, url) {
  const base = url.href.endsWith('/') ? url.href : `${url.href}/`;
  const at = html.search(/<head[^>]*>/i);
  if (at === -1) return `<base href="${base}">${html}`;
  const end = html.indexOf('>', at) + 1;
  return `${html.slice(0, end)}<base href="${base}">${html.slice(end)}`;
}

const HTML_PAGE = /^\/html\/(\d{4}\.\d{4,5})(?:v(\d+))?\/?$/;

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Id -> { title, authors } for every entry of a listing capture (read with plain regexes). */
export function listingEntries(html) {
  const out = new Map();
  const items = html.split(/<dt>/).slice(1);
  for (const item of items) {
    const id = /title="Abstract" id="([^"]+)"/.exec(item)?.[1];
    if (!id) continue;
    const title = /<span class='descriptor'>Title:<\/span>([\s\S]*?)<\/div>/.exec(item)?.[1]?.replace(/\s+/g, ' ').trim() ?? id;
    const authorsBlock = /<div class='list-authors'>([\s\S]*?)<\/div>/.exec(item)?.[1] ?? '';
    const authors = [...authorsBlock.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1].trim());
    out.set(id, { title, authors });
  }
  return out;
}

const API_TEMPLATE = fixture('api-query-idlist-2508.16190-newformat-2026-05.xml');
const ENTRY_TEMPLATE = /<entry>[\s\S]*<\/entry>/.exec(API_TEMPLATE)[0];

export function standInAbstract(id) {
  return `Stand-in abstract for ${id}: we prove that the export API answered for this paper.`;
}

/** A NEW-format Atom feed for `ids`, built from the real entry shape (see the header comment). */
export function atomFeed(ids, known) {
  const entries = ids.map((raw) => {
    const id = raw.replace(/v\d+$/, '');
    const info = known.get(id) ?? { title: `Paper ${id}`, authors: ['A. Author'] };
    let entry = ENTRY_TEMPLATE.replaceAll('2508.16190', id);
    entry = entry.replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeXml(info.title)}</title>`);
    entry = entry.replace(/<summary>[\s\S]*?<\/summary>/, `<summary>${escapeXml(standInAbstract(id))}</summary>`);
    const authors = info.authors.map((a) => `<author>\n      <name>${escapeXml(a)}</name>\n    </author>`).join('\n    ');
    entry = entry.replace(/(<author>[\s\S]*<\/author>)/, authors);
    return entry;
  });
  const head = API_TEMPLATE.slice(0, API_TEMPLATE.indexOf('<entry>'))
    .replaceAll('id_list=2508.16190', `id_list=${ids.join(',')}`)
    .replace('<opensearch:totalResults>1<', `<opensearch:totalResults>${ids.length}<`);
  return `${head}${entries.join('\n  ')}\n</feed>\n`;
}

/**
 * Route both hosts. Options:
 * - `html(id, version, n)`: override for an /html page request (n = how many /html page
 *   requests came before); return a `route.fulfill` options object, `'abort'`, `'hang'` (never
 *   answered), or null for the default (the mapped fixture).
 * - `api(ids, n)`: same for export API requests.
 * - `figure`: a `route.fulfill` options object for figure images (default: a 1x1 PNG), or a
 *   function of the image URL returning one.
 * - `listing`: capture HTML whose titles/authors feed the Atom stand-ins.
 * Returns { log, htmlPages, apiRequests, forbidden, setMode }.
 *   log: every request the browser context made ({ url, path, host, at, fromWorker, type }).
 *   htmlPages: /html page requests ({ id, version, at, answeredAt, status, request }).
 *   apiRequests: export API requests ({ ids, at, answeredAt, status, request }).
 *   (`at`/`answeredAt`: Node clock when the route saw / answered it; `request`: Playwright's.)
 */
export async function routeArxiv(context, options = {}) {
  const known = options.listing ? listingEntries(options.listing) : new Map();
  const state = { mode: 'online' };
  const log = [];
  const htmlPages = [];
  const apiRequests = [];

  context.on('request', (request) => {
    const url = new URL(request.url());
    log.push({
      url: request.url(),
      host: url.host,
      path: url.pathname,
      at: Date.now(),
      fromWorker: request.serviceWorker() !== null,
      type: request.resourceType(),
    });
  });

  await context.route(/^https:\/\/arxiv\.org\/html\//, async (route) => {
    const url = new URL(route.request().url());
    const match = HTML_PAGE.exec(url.pathname);
    if (!match) {
      // A figure thumbnail (loaded by the card's <img>).
      if (state.mode === 'offline') return route.abort('internetdisconnected');
      const figure = typeof options.figure === 'function' ? options.figure(url) : options.figure;
      return route.fulfill(figure ?? { status: 200, contentType: 'image/png', body: PNG_1X1 });
    }
    const [, id, v] = match;
    const record = { id, version: v ? Number(v) : null, at: Date.now(), answeredAt: null, status: null, request: route.request() };
    const n = htmlPages.length;
    htmlPages.push(record);
    if (state.mode === 'offline') {
      record.status = 'aborted';
      return route.abort('internetdisconnected');
    }
    const custom = options.html?.(id, record.version, n) ?? null;
    if (custom === 'abort') {
      record.status = 'aborted';
      return route.abort('internetdisconnected');
    }
    if (custom === 'hang') {
      // Never answered: the request ends only when the extension gives up on it (or the worker stops).
      record.status = 'hang';
      return undefined;
    }
    const reply = custom ?? {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: withOldLayoutBase(fixture(NEW_LISTING_HTML[id] ?? FALLBACK_HTML), url),
    };
    record.status = reply.status;
    record.answeredAt = Date.now();
    return route.fulfill(reply);
  });

  await context.route(/^https:\/\/export\.arxiv\.org\//, async (route) => {
    const url = new URL(route.request().url());
    const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    const record = { url: url.href, ids, at: Date.now(), answeredAt: null, status: null, request: route.request() };
    apiRequests.push(record);
    if (state.mode === 'offline') {
      record.status = 'aborted';
      return route.abort('internetdisconnected');
    }
    const custom = options.api?.(ids, apiRequests.length - 1) ?? null;
    if (custom === 'abort') {
      record.status = 'aborted';
      return route.abort('internetdisconnected');
    }
    if (custom === 'hang') {
      record.status = 'hang';
      return undefined;
    }
    const reply = custom ?? { status: 200, contentType: 'application/atom+xml; charset=utf-8', body: atomFeed(ids, known) };
    record.status = reply.status;
    record.answeredAt = Date.now();
    return route.fulfill(reply);
  });

  return {
    log,
    htmlPages,
    apiRequests,
    /** 'offline': every arXiv request fails as the network stack does without a connection. */
    setMode(mode) {
      state.mode = mode;
    },
  };
}

/** Requests to paths https://arxiv.org/robots.txt disallows: the extension must never make them. */
export function forbiddenRequests(log) {
  return log.filter((r) => /(^|\.)arxiv\.org$/.test(r.host) && /^\/(pdf|e-print|src|search)(\/|$)/.test(r.path));
}
