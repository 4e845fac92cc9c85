/**
 * Everything the extension knows about arXiv's own page markup lives in this file:
 * the selectors (one `SELECTORS` object, each with an expected-count test against the real
 * captures in ../shared/fixtures/arxiv) and pure parsers that take a Document or an element.
 *
 * Ground rules, because the input is a page we do not control:
 * - text only: every value is read as text (utils/page-text.ts: TeX source whatever MathJax
 *   has done to the page, whole author names), whitespace-normalised, never HTML;
 * - the page is read, never modified (the content script runs on the live page);
 * - an unknown or changed layout yields `[]` / `null`, a malformed entry is skipped,
 *   nothing throws;
 * - linear time: entries are walked once, and queries are scoped to one entry's subtree
 *   (pages of `?show=2000` are parsed on the main thread).
 *
 * Markup references: arXiv/arxiv-browse templates `list/list_macros.html`, `list/new.html`,
 * `list/recent.html` (2024+ listing format) and ../shared/fixtures/arxiv/SOURCES.md.
 */

import type { PaperMeta } from './paper';
import { parseArxivId } from './arxiv-ids';
import { authorNames, texSourceText } from './page-text';
import { collapseSpace } from './text';

export const SELECTORS = {
  listing: {
    /** The listing's content block on /list/... and /catchup pages. */
    page: '#dlpage',
    /**
     * One `<dl id='articles'>` per section (/new) or per day (/recent, /pastweek): the id is
     * duplicated on purpose by arXiv, so never use getElementById for it.
     */
    articles: 'dl#articles',
    /** Section or day heading inside each `dl` ("New submissions (…)", "Mon, 27 Jul 2026 (…)"). */
    articlesHeading: 'dl#articles > h3',
    /** /new's page-level day heading: "Showing new listings for Tuesday, 22 September 2026". */
    pageHeading: '#dlpage > h3',
    /** In a `dt`: the link to the abstract; its `id` attribute (2024+) and href carry the id. */
    absLink: 'a[title="Abstract"]',
    /** In a `dt`: present only when arXiv has an HTML (LaTeXML) version; href is versioned. */
    htmlLink: 'a[title="View HTML"]',
    /** In a `dd`. (`div.`: search pages have a `p.list-title` of their own.) */
    title: 'div.list-title',
    authors: '.list-authors',
    authorLink: '.list-authors > a',
    comments: '.list-comments',
    journalRef: '.list-journal-ref',
    subjects: '.list-subjects',
    primarySubject: '.list-subjects > .primary-subject',
    /** /new only: the abstract paragraph (search pages also have `p.mathjax`, elsewhere). */
    abstract: 'div.meta > p.mathjax',
    /** "Title:", "Comments:", … labels that precede values; excluded from text. */
    descriptor: '.descriptor',
  },
  search: {
    result: 'li.arxiv-result',
    /** First link of the title line: https://arxiv.org/abs/<id>. */
    absLink: 'p.list-title > a',
    title: 'p.title',
    authorLink: 'p.authors > a',
    /** Category tags: primary `.is-link`, cross-lists `.is-grey` (DOI tags sit in another div). */
    categoryTag: 'div.tags.is-inline-block > span.tag',
    primaryCategoryTag: 'div.tags.is-inline-block > span.tag.is-link',
    /** Full abstract, whose id is "<id>v<N>-abstract-full"; ends with a "△ Less" toggle. */
    abstractFull: 'span.abstract-full',
    abstractShort: 'span.abstract-short',
    /** "Submitted 11 December, 2025; v1 submitted 8 December, 2025; originally announced …". */
    dateLine: 'p.is-size-7:not(.comments)',
    /** "Comments:", "Journal ref:", "MSC Class:", "ACM Class:" blocks. */
    labelledLine: 'p.comments',
    label: 'span.has-text-weight-semibold',
  },
  abs: {
    root: '#abs',
    title: '#abs h1.title',
    authorLink: '#abs .authors > a',
    abstract: '#abs blockquote.abstract',
    dateline: '#abs .dateline',
    comments: 'td.tablecell.comments',
    journalRef: 'td.tablecell.jref',
    doi: 'td.tablecell.doi',
    subjects: 'td.tablecell.subjects',
    primarySubject: 'td.tablecell.subjects > .primary-subject',
    /** "arXiv:2106.09608v2 [cs.LG] for this version": the shown version. */
    versionedId: 'td.tablecell.arxividv a',
    citeAs: 'td.tablecell.arxivid a',
    citationId: 'meta[name="citation_arxiv_id"]',
    submissionHistory: '.submission-history',
    /** "Access Paper" box; contains the HTML link when there is one. */
    fullText: '.extra-services .full-text',
    htmlLink: 'a#latexml-download-link',
    descriptor: '.descriptor',
  },
} as const;

export type PageKind = 'listing' | 'search' | 'abs' | 'unknown';

export type ListingSection = 'new' | 'cross' | 'replacement';

export interface ListingEntry {
  id: string;
  /** Version shown by the page (listings: from the versioned HTML link; search: from the abstract). */
  version: number | null;
  title: string;
  authors: string[];
  comments: string | null;
  journalRef: string | null;
  /** Category code such as "cs.CL". */
  primaryCategory: string | null;
  /** Category codes, primary first, e.g. ["cs.CL", "cs.AI"]. */
  categories: string[];
  abstract: string | null;
  /** Listings: whether the row shows an html link. Search: true if it does, otherwise null. */
  hasHtml: boolean | null;
  htmlUrl: string | null;
  section: ListingSection | null;
  /** The page's heading for the day, without the "(showing …)" count. */
  dayHeading: string | null;
  /** ISO YYYY-MM-DD: listings the announcement day, search the latest version's submission day. */
  date: string | null;
  /** ISO date the latest version was submitted, when the page says (search results). */
  submitted: string | null;
  /** ISO date v1 was submitted, when the page says (search results). */
  firstSubmitted: string | null;
  /** The page's own elements for this entry, in order (dt+dd, or the li). */
  anchors: Element[];
}

/** Result of parsing an abstract page: the paper and where a save button belongs. */
export interface AbsPage {
  meta: PaperMeta;
  /** The title heading; insert the save button right after it. */
  anchor: Element;
}

const ARXIV_ORIGIN = 'https://arxiv.org';

// ---------------------------------------------------------------------------------------------
// Text helpers

/**
 * Text of an element as TeX source (MathJax undone), without the child elements matched by
 * `skip` (descriptor labels, toggle links). Reads only, never mutates the page.
 */
function textWithout(el: Element, skip: (child: Element) => boolean): string {
  return collapseSpace(texSourceText(el, skip));
}

const noSkip = (): boolean => false;

function isDescriptor(child: Element): boolean {
  return child.classList.contains('descriptor');
}

/** Text of a labelled field, without its "Title:"-style descriptor; null when absent or empty. */
function fieldText(el: Element | null): string | null {
  if (!el) return null;
  const text = textWithout(el, isDescriptor);
  return text === '' ? null : text;
}

function resolveHref(href: string | null): string | null {
  if (!href) return null;
  // Fast paths for the two shapes arXiv prints; `new URL` per row is measurable at 2,000 rows.
  // Only characters that `new URL` leaves untouched, so both paths give the same string.
  if (/^https:\/\/arxiv\.org\/[\w.~/%?#=&+-]*$/.test(href)) return href;
  if (/^\/[\w.~%?#=&+-][\w.~/%?#=&+-]*$/.test(href)) return ARXIV_ORIGIN + href;
  try {
    return new URL(href, ARXIV_ORIGIN).href;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Day-month-year in arXiv's spellings: "27 Jul 2026", "22 September 2026", "2 December, 2025". */
const DMY_RE = /\b(\d{1,2})\s+([A-Za-z]{3,9}),?\s+(\d{4})\b/;

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  // Rejects 31 Feb and the like: Date rolls them over into the next month.
  if (d.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO date of the first day-month-year found in `text`, or null. */
export function parseDayMonthYear(text: string): string | null {
  const m = DMY_RE.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  const name = m[2].toLowerCase();
  const month = MONTHS[name.slice(0, 3)];
  // Accept "Sep" and "September", not "Septembre" or other words that share a prefix.
  if (month === undefined || !isMonthName(name)) return null;
  return isoDate(Number(m[3]), month, Number(m[1]));
}

const FULL_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december',
];

function isMonthName(name: string): boolean {
  return name.length === 3 || FULL_MONTHS.includes(name) || name === 'sept';
}

// ---------------------------------------------------------------------------------------------
// Categories

/** "(cs.CL)", "(math-ph)", "(cond-mat.mtrl-sci)" at the end of a subject's display name. */
const CATEGORY_IN_PARENS_RE = /\(([a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?)\)\s*$/;

/** Category codes from "Materials Science (cond-mat.mtrl-sci); Soft Condensed Matter (cond-mat.soft)". */
function categoriesFromSubjects(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(';')) {
    const m = CATEGORY_IN_PARENS_RE.exec(part.trim());
    if (m?.[1] && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

/** Primary first, then the rest in page order, without duplicates. */
function orderCategories(primary: string | null, all: string[]): string[] {
  if (primary === null) return all;
  return [primary, ...all.filter((c) => c !== primary)];
}

// ---------------------------------------------------------------------------------------------
// Page kind

/**
 * What kind of arXiv page this is. The DOM decides when it shows a known layout; otherwise
 * the URL path (an empty search result or an empty day is still that kind of page).
 */
export function detectPageKind(doc: Document, url?: URL): PageKind {
  try {
    if (doc.querySelector(SELECTORS.listing.articles)) return 'listing';
    if (doc.querySelector(SELECTORS.search.result)) return 'search';
    if (doc.querySelector(SELECTORS.abs.root) && doc.querySelector(SELECTORS.abs.title)) return 'abs';
    if (url) {
      const path = url.pathname;
      if (/^\/(?:list|catchup)(?:\/|$)/.test(path)) return 'listing';
      if (/^\/search(?:\/|$)/.test(path) && !/^\/search\/advanced/.test(path)) return 'search';
      if (/^\/abs\//.test(path)) return 'abs';
    }
  } catch {
    // A document without the DOM API we expect is not a page we know.
  }
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Listing pages (/list/<cat>/new|recent|pastweek|YYYY-MM|YYMM, /catchup)

/** Section from a dl heading: "New submissions (…)", "Cross submissions"/"Cross-lists", "Replacement…". */
function sectionFromHeading(heading: string): ListingSection | null {
  if (/^new submissions\b/i.test(heading)) return 'new';
  if (/^cross(?:[- ]lists?|\s+submissions)\b/i.test(heading)) return 'cross';
  if (/^replacement(?:s|\s+submissions)?\b/i.test(heading)) return 'replacement';
  return null;
}

/** Heading text without arXiv's "(showing 47 of 47 entries )" count. */
function stripCount(heading: string): string {
  return collapseSpace(heading.replace(/\(\s*showing[^)]*\)\s*$/i, ''));
}

/** Per-`dl` context shared by its entries. */
interface DlContext {
  section: ListingSection | null;
  dayHeading: string | null;
  date: string | null;
}

function dlContext(heading: string | null, pageDay: { heading: string; date: string } | null): DlContext {
  const text = heading === null ? '' : stripCount(heading);
  const section = sectionFromHeading(text);
  if (section !== null || text === '') {
    // /new and /catchup: the dl heading is a section; the day comes from the page heading.
    return { section, dayHeading: pageDay?.heading ?? null, date: pageDay?.date ?? null };
  }
  const date = parseDayMonthYear(text);
  return { section: null, dayHeading: text, date: date ?? pageDay?.date ?? null };
}

/** Type marker that arXiv prints after the id in a `dt`. */
function sectionFromDt(dt: Element): ListingSection | null {
  // The marker is a bare text node of the dt; skipping the links avoids building its whole text.
  let text = '';
  for (let n = dt.firstChild; n; n = n.nextSibling) if (n.nodeType === 3) text += n.nodeValue ?? '';
  if (text.includes('(cross-list from')) return 'cross';
  if (text.includes('(replaced)')) return 'replacement';
  return null;
}

/** The field elements of one `dd`, found in a single pass over its children. */
interface ListingFields {
  title: Element | null;
  authors: Element | null;
  comments: Element | null;
  journalRef: Element | null;
  subjects: Element | null;
  abstract: Element | null;
}

const FIELD_KEYS = ['title', 'authors', 'comments', 'journalRef', 'subjects', 'abstract'] as const;

/**
 * Finds the fields among the children of `dd > div.meta` (and of `dd` itself, should arXiv
 * drop the wrapper). `matches` on each child is O(children); a `querySelector` per field
 * would walk the whole subtree (author links, abstract) once per field — measured 2x slower
 * in Chromium on 2,000 rows.
 */
function listingFields(dd: Element): ListingFields {
  const fields: ListingFields = {
    title: null, authors: null, comments: null, journalRef: null, subjects: null, abstract: null,
  };
  const visit = (el: Element): void => {
    for (const key of FIELD_KEYS) {
      if (fields[key] === null && el.matches(SELECTORS.listing[key])) {
        fields[key] = el;
        return;
      }
    }
  };
  for (let child = dd.firstElementChild; child; child = child.nextElementSibling) {
    if (child.classList.contains('meta')) {
      for (let f = child.firstElementChild; f; f = f.nextElementSibling) visit(f);
    } else {
      visit(child);
    }
  }
  return fields;
}

/** First child of `parent` matching `selector` (a selector written relative to its parent). */
function childMatching(parent: Element, selector: string): Element | null {
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) if (c.matches(selector)) return c;
  return null;
}

function listingAuthors(authorsEl: Element | null): string[] {
  if (!authorsEl) return [];
  // Without names arXiv prints "(author list is unavailable)": not an author.
  return authorNames(authorsEl, isDescriptor).filter((name) => !/^\(.*\)$/.test(name));
}

function parseListingEntry(dt: Element, dd: Element, ctx: DlContext): ListingEntry | null {
  const absLink = dt.querySelector(SELECTORS.listing.absLink);
  if (!absLink) return null;
  // The 2024+ markup puts the id in the link's id attribute; older templates only in href.
  const parsed =
    parseArxivId(absLink.getAttribute('id') ?? '') ??
    parseArxivId(resolveHref(absLink.getAttribute('href')) ?? '');
  if (!parsed) return null;

  const fields = listingFields(dd);
  const titleText = fieldText(fields.title);
  if (titleText === null) return null;

  const htmlLink = dt.querySelector(SELECTORS.listing.htmlLink);
  const htmlHref = htmlLink ? resolveHref(htmlLink.getAttribute('href')) : null;
  // The html link is the current version's LaTeXML page (arxiv-browse keys it by id+version).
  const htmlVersion = htmlHref ? parseArxivId(htmlHref) : null;
  const version =
    parsed.version ?? (htmlVersion && htmlVersion.id === parsed.id ? htmlVersion.version : null);

  const subjectsEl = fields.subjects;
  const all = subjectsEl ? categoriesFromSubjects(textWithout(subjectsEl, isDescriptor)) : [];
  const primaryEl = subjectsEl ? childMatching(subjectsEl, SELECTORS.listing.primarySubject) : null;
  const primary = primaryEl
    ? categoriesFromSubjects(primaryEl.textContent ?? '')[0] ?? all[0] ?? null
    : all[0] ?? null;

  return {
    id: parsed.id,
    version,
    title: titleText,
    authors: listingAuthors(fields.authors),
    comments: fieldText(fields.comments),
    journalRef: fieldText(fields.journalRef),
    primaryCategory: primary,
    categories: orderCategories(primary, all),
    abstract: fieldText(fields.abstract),
    // Listing rows always print the html link when arXiv has one, so its absence means "no".
    hasHtml: htmlLink !== null,
    htmlUrl: htmlHref,
    // arXiv marks every non-new row; an unmarked row in a day list is a new submission.
    section: sectionFromDt(dt) ?? ctx.section ?? 'new',
    dayHeading: ctx.dayHeading,
    date: ctx.date,
    submitted: null,
    firstSubmitted: null,
    anchors: [dt, dd],
  };
}

/** The /new page's "Showing new listings for Tuesday, 22 September 2026", if any. */
function pageDay(doc: Document): { heading: string; date: string } | null {
  for (const h of Array.from(doc.querySelectorAll(SELECTORS.listing.pageHeading))) {
    const heading = collapseSpace(h.textContent ?? '');
    const date = parseDayMonthYear(heading);
    if (date !== null) return { heading, date };
  }
  return null;
}

/**
 * Entries of a 2024+ listing page, in page order, one at a time: the content script pulls
 * them in time slices so a 2,000-entry page never blocks the main thread for long. Each
 * `dl#articles` is walked once, pairing every `dt` with the `dd` that follows it.
 */
export function* iterateListing(doc: Document): Generator<ListingEntry, void, undefined> {
  let dls: Element[];
  let day: ReturnType<typeof pageDay>;
  try {
    dls = Array.from(doc.querySelectorAll(SELECTORS.listing.articles));
    if (dls.length === 0) return;
    day = pageDay(doc);
  } catch {
    return;
  }
  for (const dl of dls) {
    let heading: string | null = null;
    let ctx: DlContext | null = null;
    let pendingDt: Element | null = null;
    for (const child of Array.from(dl.children)) {
      const tag = child.tagName;
      if (tag === 'H3' && heading === null) {
        heading = child.textContent ?? '';
      } else if (tag === 'DT') {
        pendingDt = child;
      } else if (tag === 'DD' && pendingDt !== null) {
        let entry: ListingEntry | null = null;
        try {
          ctx ??= dlContext(heading, day);
          entry = parseListingEntry(pendingDt, child, ctx);
        } catch {
          // One malformed row must not cost the rest of the page.
        }
        pendingDt = null;
        if (entry) yield entry;
      }
    }
  }
}


// ---------------------------------------------------------------------------------------------
// Search results (arxiv.org/search)

/** The "▽ More" / "△ Less" toggles inside search abstracts. */
function isToggleLink(child: Element): boolean {
  return child.tagName === 'A' && /^[△▽]\s*(?:More|Less)$/.test(collapseSpace(child.textContent ?? ''));
}

/**
 * Splits a line of "<label>Label:</label> value <label>Other:</label> value" into a map.
 * Search pages print comments, journal ref, MSC/ACM classes and dates this way.
 */
function labelledValues(p: Element): Map<string, string> {
  const out = new Map<string, string>();
  let label: string | null = null;
  let value = '';
  const flush = (): void => {
    if (label !== null) {
      const v = collapseSpace(value).replace(/^:\s*/, '').replace(/;$/, '').trim();
      if (!out.has(label)) out.set(label, v);
    }
  };
  for (const node of Array.from(p.childNodes)) {
    if (node.nodeType === 1 && (node as Element).matches(SELECTORS.search.label)) {
      flush();
      label = collapseSpace(node.textContent ?? '').replace(/:$/, '').toLowerCase();
      value = '';
    } else {
      value += node.nodeType === 1 ? texSourceText(node as Element) : (node.textContent ?? '');
    }
  }
  flush();
  return out;
}

function parseSearchResult(li: Element): ListingEntry | null {
  const absLink = li.querySelector(SELECTORS.search.absLink);
  const parsedLink = absLink ? parseArxivId(resolveHref(absLink.getAttribute('href')) ?? '') : null;
  if (!parsedLink) return null;
  const titleEl = li.querySelector(SELECTORS.search.title);
  const title = titleEl ? textWithout(titleEl, noSkip) : '';
  if (title === '') return null;

  const full = li.querySelector(SELECTORS.search.abstractFull);
  const short = li.querySelector(SELECTORS.search.abstractShort);
  const abstractEl = full ?? short;
  const abstractText = abstractEl ? textWithout(abstractEl, isToggleLink) : '';
  // The abstract span's id ("2512.03003v1-abstract-full") is where search shows the version.
  const spanId = abstractEl?.getAttribute('id') ?? '';
  const fromSpan = parseArxivId(spanId.replace(/-abstract-(?:full|short)$/, ''));
  const version =
    parsedLink.version ?? (fromSpan && fromSpan.id === parsedLink.id ? fromSpan.version : null);

  const authorLine = li.querySelector(SELECTORS.search.authorLink)?.parentElement ?? null;
  const authors = authorLine ? authorNames(authorLine, (el) => el.matches(SELECTORS.search.label)) : [];

  const tags: string[] = [];
  for (const t of Array.from(li.querySelectorAll(SELECTORS.search.categoryTag))) {
    const code = collapseSpace(t.textContent ?? '');
    if (code !== '' && !tags.includes(code)) tags.push(code);
  }
  const primaryTag = li.querySelector(SELECTORS.search.primaryCategoryTag);
  const primary = primaryTag ? collapseSpace(primaryTag.textContent ?? '') || null : tags[0] ?? null;

  let comments: string | null = null;
  let journalRef: string | null = null;
  for (const p of Array.from(li.querySelectorAll(SELECTORS.search.labelledLine))) {
    const values = labelledValues(p);
    comments ??= values.get('comments') || null;
    journalRef ??= values.get('journal ref') || null;
  }

  let submitted: string | null = null;
  let firstSubmitted: string | null = null;
  const dateLine = li.querySelector(SELECTORS.search.dateLine);
  if (dateLine) {
    const values = labelledValues(dateLine);
    submitted = parseDayMonthYear(values.get('submitted') ?? '');
    // "v1 submitted 8 December, 2025" appears only when later versions exist.
    firstSubmitted = parseDayMonthYear(values.get('v1') ?? '') ?? (version === 1 ? submitted : null);
  }

  return {
    id: parsedLink.id,
    version,
    title,
    authors,
    comments,
    journalRef,
    primaryCategory: primary,
    categories: orderCategories(primary, tags),
    abstract: abstractText === '' ? null : abstractText,
    // Search results show no HTML link (none in any capture): unknown until the paper's
    // HTML is asked for.
    hasHtml: null,
    htmlUrl: null,
    section: null,
    dayHeading: null,
    date: submitted,
    submitted,
    firstSubmitted,
    anchors: [li],
  };
}

/** Results of an arxiv.org/search page, in page order, one at a time (see iterateListing). */
export function* iterateSearchResults(doc: Document): Generator<ListingEntry, void, undefined> {
  let items: Element[];
  try {
    items = Array.from(doc.querySelectorAll(SELECTORS.search.result));
  } catch {
    return;
  }
  for (const li of items) {
    let entry: ListingEntry | null = null;
    try {
      entry = parseSearchResult(li);
    } catch {
      // Skip the malformed result, keep the others.
    }
    if (entry) yield entry;
  }
}

// ---------------------------------------------------------------------------------------------
// Abstract pages (/abs/<id>)

/** "Thu, 17 Jun 2021 15:45:54 UTC" lines of the submission history, as ISO dates in order. */
function historyDates(el: Element | null): string[] {
  if (!el) return [];
  const text = el.textContent ?? '';
  const out: string[] = [];
  const re = /\b[A-Z][a-z]{2},\s+(\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})\s+\d{2}:\d{2}:\d{2}\s+UTC\b/g;
  for (const m of text.matchAll(re)) {
    const iso = m[1] === undefined ? null : parseDayMonthYear(m[1]);
    if (iso !== null) out.push(iso);
  }
  return out;
}

/** The bare DOI ("10.1103/PhysRevD.1.1"): the abs page may print it as a doi.org link. */
function doiFrom(text: string | null): string | null {
  if (text === null) return null;
  const m = /\b(10\.\d{4,9}\/\S+)/.exec(text);
  return m?.[1] ?? null;
}

/** An /abs/ page's metadata, or null when the page is not an abstract page we understand. */
export function parseAbsPage(doc: Document): AbsPage | null {
  try {
    const root = doc.querySelector(SELECTORS.abs.root);
    const titleEl = doc.querySelector(SELECTORS.abs.title);
    if (!root || !titleEl) return null;
    const title = fieldText(titleEl);
    if (title === null) return null;

    const idSources = [
      doc.querySelector(SELECTORS.abs.versionedId)?.getAttribute('href'),
      doc.querySelector(SELECTORS.abs.citeAs)?.getAttribute('href'),
      doc.querySelector(SELECTORS.abs.citationId)?.getAttribute('content'),
    ];
    let parsed: ReturnType<typeof parseArxivId> = null;
    for (const src of idSources) {
      parsed = parseArxivId(resolveHref(src ?? null) ?? src ?? '');
      if (parsed) break;
    }
    if (!parsed) return null;

    const authorLine = doc.querySelector(SELECTORS.abs.authorLink)?.parentElement ?? null;
    const authors = authorLine ? authorNames(authorLine, isDescriptor) : [];

    const subjectsEl = doc.querySelector(SELECTORS.abs.subjects);
    const all = subjectsEl ? categoriesFromSubjects(subjectsEl.textContent ?? '') : [];
    const primaryEl = doc.querySelector(SELECTORS.abs.primarySubject);
    const primary = primaryEl
      ? categoriesFromSubjects(primaryEl.textContent ?? '')[0] ?? all[0] ?? null
      : all[0] ?? null;

    const history = historyDates(doc.querySelector(SELECTORS.abs.submissionHistory));
    const datelineDate = parseDayMonthYear(doc.querySelector(SELECTORS.abs.dateline)?.textContent ?? '');

    const htmlLink = doc.querySelector(SELECTORS.abs.htmlLink);
    const fullText = doc.querySelector(SELECTORS.abs.fullText);

    const meta: PaperMeta = {
      id: parsed.id,
      version: parsed.version,
      title,
      authors,
      abstract: fieldText(doc.querySelector(SELECTORS.abs.abstract)),
      comments: fieldText(doc.querySelector(SELECTORS.abs.comments)),
      journalRef: fieldText(doc.querySelector(SELECTORS.abs.journalRef)),
      doi: doiFrom(fieldText(doc.querySelector(SELECTORS.abs.doi))),
      primaryCategory: primary,
      categories: orderCategories(primary, all),
      published: history[0] ?? datelineDate,
      updated: history[history.length - 1] ?? datelineDate,
      // The "Access Paper" box lists the HTML version whenever arXiv has one.
      hasHtml: htmlLink ? true : fullText ? false : null,
    };
    return { meta, anchor: titleEl };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * A listing entry as shared paper metadata. Listing pages do not print submission dates
 * (the day heading is the announcement day), so `published`/`updated` stay null there; the
 * export API fills them in.
 */
export function toPaperMeta(entry: ListingEntry): PaperMeta {
  return {
    id: entry.id,
    version: entry.version,
    title: entry.title,
    authors: [...entry.authors],
    abstract: entry.abstract,
    comments: entry.comments,
    journalRef: entry.journalRef,
    doi: null,
    primaryCategory: entry.primaryCategory,
    categories: [...entry.categories],
    published: entry.firstSubmitted,
    updated: entry.submitted,
    hasHtml: entry.hasHtml,
  };
}
