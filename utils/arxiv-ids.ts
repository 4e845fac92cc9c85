/**
 * arXiv identifiers: parsing, normalising and the URLs built from them.
 *
 * Two schemes exist (https://info.arxiv.org/help/arxiv_identifier.html):
 * - new style since April 2007: `YYMM.NNNN` (0704–1412, 4-digit number) and
 *   `YYMM.NNNNN` (from 1501 on, 5-digit number), optionally followed by `vN`;
 * - old style until March 2007: `archive/YYMMNNN` (`hep-th/9901001`), sometimes
 *   written with a subject class (`math.AG/0601001`). arXiv's canonical form drops the
 *   subject class, so `math.AG/0601001` and `math/0601001` name the same paper.
 *
 * Everything here is pure and total: any string in, a typed value or `null` out.
 */

/** A parsed identifier: the canonical id without version, and the version if one was given. */
export interface ArxivIdParts {
  /** Canonical id without version: "2609.22268" or "math/0601001". */
  id: string;
  /** Version number (>= 1) when the input named one, otherwise null. */
  version: number | null;
}

/**
 * Archives that issued old-style identifiers. A closed list, because a loose
 * `[a-z-]+/\d{7}` would also accept paths like `foo/1234567` that are not papers.
 * Source: https://arxiv.org/archive/ listing plus the retired archives merged into others
 * (https://info.arxiv.org/help/arxiv_identifier_for_services.html).
 */
const OLD_ARCHIVES: ReadonlySet<string> = new Set([
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an',
  'chao-dyn', 'chem-ph', 'cmp-lg', 'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an',
  'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math', 'math-ph', 'mtrl-th', 'nlin',
  'nucl-ex', 'nucl-th', 'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'quant-ph',
  'solv-int', 'supr-con',
]);

/** Inputs longer than this are not identifiers or URLs of one; refuse before any regex work. */
const MAX_INPUT_LENGTH = 300;

/** Versions are small positive integers; four digits is far beyond any real paper. */
const VERSION = String.raw`(?:v([1-9]\d{0,3}))?`;

const NEW_ID_RE = new RegExp(String.raw`^(\d{2})(\d{2})\.(\d{4,5})${VERSION}$`);
const OLD_ID_RE = new RegExp(
  String.raw`^([a-z]+(?:-[a-z]+)?)(?:\.([A-Za-z]+(?:-[A-Za-z]+)?))?/(\d{2})(\d{2})(\d{3})${VERSION}$`,
);

/**
 * arxiv.org page URLs that name one paper. The path part after the kind is parsed as an id.
 * `/pdf/<id>.pdf` is the legacy PDF form; `/html/<id>v2/` carries a trailing slash.
 * Query and fragment are ignored (`/abs/2607.22529?context=cs`).
 */
const URL_RE =
  /^(?:https?:\/\/)?(?:(?:www|export)\.)?arxiv\.org\/(?:abs|html|pdf)\/([^?#]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i;

/** `arXiv:2605.12345`, `arxiv: 2605.12345` — the citation prefix arXiv itself prints. */
const PREFIX_RE = /^arxiv:\s*/i;

function parseNewStyle(s: string): ArxivIdParts | null {
  const m = NEW_ID_RE.exec(s);
  if (!m) return null;
  const [, yy, mm, num, v] = m;
  if (yy === undefined || mm === undefined || num === undefined) return null;
  const month = Number(mm);
  if (month < 1 || month > 12) return null;
  const yymm = Number(yy + mm);
  // New-style ids started in 0704; the number grew from 4 to 5 digits in 1501.
  if (yymm < 704) return null;
  if (num.length === 4 && yymm > 1412) return null;
  if (num.length === 5 && yymm < 1501) return null;
  return { id: `${yy}${mm}.${num}`, version: v === undefined ? null : Number(v) };
}

function parseOldStyle(s: string): ArxivIdParts | null {
  const m = OLD_ID_RE.exec(s);
  if (!m) return null;
  const [, archive, , yy, mm, num, v] = m;
  if (archive === undefined || yy === undefined || mm === undefined || num === undefined) return null;
  if (!OLD_ARCHIVES.has(archive)) return null;
  const month = Number(mm);
  if (month < 1 || month > 12) return null;
  // Old-style ids ran from 1991-08 to 2007-03; two-digit years 91..99 then 00..07.
  const year = Number(yy);
  if (!(year >= 91 || year <= 7)) return null;
  return { id: `${archive}/${yy}${mm}${num}`, version: v === undefined ? null : Number(v) };
}

function parseBare(s: string): ArxivIdParts | null {
  return parseNewStyle(s) ?? parseOldStyle(s);
}

/**
 * Parses an arXiv id from a bare id (`2605.12345v2`, `math.AG/0601001`), an `arXiv:`-prefixed
 * citation, or an arxiv.org `/abs/`, `/html/` or `/pdf/` URL (http or https, optional `www.`).
 * Returns the canonical id and the version, or null for anything else.
 */
export function parseArxivId(input: string): ArxivIdParts | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const s = input.trim();
  if (s === '') return null;
  const url = URL_RE.exec(s);
  if (url) {
    const path = url[1];
    if (path === undefined) return null;
    // Percent-encoded slashes appear when a URL was built by encoding the old-style id.
    return parseBare(path.replace(/%2F/gi, '/'));
  }
  return parseBare(s.replace(PREFIX_RE, ''));
}

/** The canonical id (without version) of any accepted input, or null. */
export function normalizeArxivId(input: string): string | null {
  return parseArxivId(input)?.id ?? null;
}

/** True for new-style (`YYMM.NNNNN`) canonical ids, false for old-style ones. */
export function isNewStyleId(id: string): boolean {
  return parseNewStyle(id) !== null;
}

/** `2605.12345` + 2 -> `2605.12345v2`; with a null version the id is returned unchanged. */
export function withVersion(id: string, version: number | null): string {
  return version === null ? id : `${id}v${version}`;
}

/** Abstract page; without a version arXiv shows the latest one. */
export function absUrl(id: string, version: number | null = null): string {
  return `https://arxiv.org/abs/${withVersion(id, version)}`;
}

/**
 * LaTeXML HTML page. The versioned URL is stable (the cache key of full-text analyses is
 * per version); without a version arXiv redirects to the latest.
 */
export function htmlUrl(id: string, version: number | null): string {
  return `https://arxiv.org/html/${withVersion(id, version)}`;
}

/** PDF link for people to open; the extension never fetches it (robots.txt disallows /pdf). */
export function pdfUrl(id: string, version: number | null = null): string {
  return `https://arxiv.org/pdf/${withVersion(id, version)}`;
}
