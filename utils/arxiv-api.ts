/**
 * arXiv export API client: batched `id_list` query URLs, an Atom parser that needs no DOM
 * (MV3 service workers have no DOMParser), and `fetchPapers`, which ties both to the polite
 * scheduler and answers found / missing / error for every id asked for.
 *
 * Two response formats exist (../shared/fixtures/arxiv/SOURCES.md, "API Atom"):
 * - OLD (until 2025): namespaces declared on each element, `http://arxiv.org/api/...` feed ids,
 *   titles and summaries hard-wrapped at ~80 columns with a two-space indent.
 * - NEW (2025+): namespaces on `<feed>`, one-line summaries, `<arxiv:primary_category>` without
 *   `scheme`, a different element order.
 * Errors come as a feed whose single entry has `<title>Error</title>` and an id under
 * `/api/errors` (old: `http://arxiv.org/api/errors#incorrect_id_format_for_X`, new:
 * `https://arxiv.org/api/errors`), message in `<summary>`.
 * The parser reads elements by local name, so prefixes and element order do not matter.
 *
 * Text is decoded as XML (the five predefined entities and numeric references) and then used
 * as plain text: nothing from the feed is ever interpreted as HTML.
 */
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import type { PaperMeta } from './paper';
import { parseArxivId, withVersion } from './arxiv-ids';
import { collapseSpace, decodeCharRefs } from './text';
import type { HttpError, HttpResult } from '@/background/http';
import type { RequestPriority } from '@/background/scheduler';

export const API_ENDPOINT = 'https://export.arxiv.org/api/query';

// ---------------------------------------------------------------------------------------------
// Ids

/** An id as the API understands it, or null if it is not an arXiv id at all. */
export interface RequestId {
  /** Canonical id without version ("2508.16190", "math/0601001"). */
  base: string;
  version: number | null;
  /** What goes into `id_list` ("2508.16190v1" when a version was asked for). */
  query: string;
}

/**
 * Accepts whatever utils/arxiv-ids.ts accepts (bare ids, "arXiv:" citations, arxiv.org URLs,
 * `math.AG/0601001` canonicalised to `math/0601001`) and rejects everything else, so only
 * canonical ids, made of `[A-Za-z0-9./-]`, ever reach a URL.
 */
export function parseRequestId(raw: string): RequestId | null {
  const parts = parseArxivId(raw);
  if (!parts) return null;
  return { base: parts.id, version: parts.version, query: withVersion(parts.id, parts.version) };
}

// ---------------------------------------------------------------------------------------------
// URL batching

export interface BatchOptions {
  /**
   * Ids per request. 100 keeps a response around 250-300 KB (about 2.5 KB per entry), which
   * parses in milliseconds, and limits how many cards one failed request leaves empty.
   * A 2,000-entry listing then needs 20 requests (one minute at 3 s spacing).
   */
  maxIds?: number;
  /**
   * Whole-URL length. 2,000 characters is the classic safe limit across browsers, proxies and
   * CDNs (servers usually allow 8 KB). 100 new-style ids make ~1,100 characters, so this only
   * bites for long old-style ids such as `cond-mat.mes-hall/...`-like archives with versions.
   */
  maxUrlLength?: number;
}

export const DEFAULT_BATCH: Required<BatchOptions> = { maxIds: 100, maxUrlLength: 2_000 };

function queryUrl(queries: readonly string[]): string {
  // `max_results` must be explicit: the API's default is 10, which would silently drop ids.
  // Ids are validated to [A-Za-z0-9./-], all legal in a query string (RFC 3986), so no escaping;
  // the comma is the API's list separator.
  return `${API_ENDPOINT}?id_list=${queries.join(',')}&max_results=${queries.length}`;
}

/**
 * Valid, de-duplicated request ids in first-seen order (callers list on-screen cards first),
 * and the inputs that are not arXiv ids.
 */
export function planRequestIds(ids: readonly string[]): { ids: RequestId[]; invalid: string[] } {
  const seen = new Set<string>();
  const valid: RequestId[] = [];
  const invalid: string[] = [];
  for (const raw of ids) {
    const id = parseRequestId(raw);
    if (!id) {
      invalid.push(raw);
      continue;
    }
    if (seen.has(id.query)) continue;
    seen.add(id.query);
    valid.push(id);
  }
  return { ids: valid, invalid };
}

function batchRequestIds(ids: readonly RequestId[], options: BatchOptions = {}): RequestId[][] {
  const maxIds = Math.max(1, Math.floor(options.maxIds ?? DEFAULT_BATCH.maxIds));
  const maxUrlLength = options.maxUrlLength ?? DEFAULT_BATCH.maxUrlLength;
  const batches: RequestId[][] = [];
  let current: RequestId[] = [];
  let length = 0;
  for (const id of ids) {
    // Each further id adds itself and a comma, and may lengthen the max_results number.
    const nextLength = current.length === 0 ? queryUrl([id.query]).length : length + 1 + id.query.length + (String(current.length + 1).length - String(current.length).length);
    if (current.length > 0 && (current.length >= maxIds || nextLength > maxUrlLength)) {
      batches.push(current);
      current = [id];
      length = queryUrl([id.query]).length;
    } else {
      // A single id always fits (its URL is < 100 characters); never produce an empty batch.
      current.push(id);
      length = nextLength;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * `id_list` query URLs for the given ids: invalid ids dropped, duplicates removed, order kept,
 * each URL at most `maxIds` ids and `maxUrlLength` characters.
 */
export function buildQueryUrls(ids: readonly string[], options: BatchOptions = {}): string[] {
  return batchRequestIds(planRequestIds(ids).ids, options).map((batch) => queryUrl(batch.map((id) => id.query)));
}

// ---------------------------------------------------------------------------------------------
// Atom parsing

/** Why a response could not be used as a whole. */
export type ApiError =
  /** Nothing (or only whitespace) came back. */
  | { kind: 'empty'; message: string }
  /** Not well-formed XML: truncated, cut off, garbage. */
  | { kind: 'malformed'; message: string }
  /** Well-formed but not an Atom feed, e.g. an HTML error page from a proxy. */
  | { kind: 'not-atom'; message: string }
  /** The API's own error feed (bad query, bad parameter). */
  | { kind: 'api-error'; message: string }
  /** The request itself failed (timeout, offline, HTTP status, rate limit ...). */
  | { kind: 'fetch'; message: string; cause: HttpError }
  /** The caller's id is not an arXiv id; nothing was sent for it. */
  | { kind: 'invalid-id'; message: string };

/** A problem with one entry of an otherwise usable feed. */
export interface EntryProblem {
  /** The id the problem concerns, when the API named one. */
  id: string | null;
  message: string;
}

export type AtomParseResult =
  | {
      ok: true;
      entries: PaperMeta[];
      /** Entries the API marked as errors (e.g. `incorrect_id_format_for_X`) or that lacked an id. */
      problems: EntryProblem[];
      /** `opensearch:totalResults`, null when absent. Note it counts non-existent ids too. */
      totalResults: number | null;
    }
  | { ok: false; error: ApiError };

/**
 * XML entity decoding done once, by us (XML's five names and numeric references):
 * fast-xml-parser 5 only decodes numeric references (`&#233;`) in its HTML mode, which would
 * also accept HTML-only names such as `&nbsp;`. DOCTYPE-declared entities are ignored on
 * purpose: arXiv sends none, and expanding attacker-controlled entity definitions is how XML
 * bombs work.
 */
const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (text: string) => decodeCharRefs(text),
};

/** Elements that may repeat; always arrays so one and many look the same. */
const REPEATED = new Set(['entry', 'author', 'category', 'link']);

function createParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Read by local name: `arxiv:comment` -> `comment`, whatever prefix the feed chose.
    removeNSPrefix: true,
    // Keep every value a string: a title like "1984" or an id like "1207.7214" must not become a number.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    entityDecoder: xmlEntityDecoder,
    isArray: (name) => REPEATED.has(name),
  });
}

type XmlNode = Record<string, unknown>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text content of a simple element (string, or node with `#text` when it has attributes). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isNode(value)) {
    const text = value['#text'];
    if (typeof text === 'string') return text;
  }
  return '';
}

/** Collapse runs of whitespace (the old format wraps at 80 columns and indents by two). */

function optionalText(value: unknown): string | null {
  const text = collapseSpace(textOf(asArray(value)[0]));
  return text === '' ? null : text;
}

function attribute(value: unknown, name: string): string | null {
  if (!isNode(value)) return null;
  const attr = value[`@_${name}`];
  return typeof attr === 'string' && attr.trim() !== '' ? attr.trim() : null;
}

/** "2025-10-16T17:59:37Z" -> "2025-10-16"; anything else -> null. */
function isoDate(value: unknown): string | null {
  const match = /^\s*(\d{4}-\d{2}-\d{2})(?:[T\s]|$)/.exec(textOf(asArray(value)[0]));
  return match?.[1] ?? null;
}

/** `http(s)://arxiv.org/abs/<id>v<N>` -> id and version; null when the id is not an abs URL. */
export function parseAbsUrl(url: string): { id: string; version: number | null } | null {
  const trimmed = url.trim();
  // Only abstract URLs identify an entry; an /html/ or /pdf/ URL here would mean a changed format.
  if (!/^https?:\/\/(?:export\.|www\.)?arxiv\.org\/abs\//.test(trimmed)) return null;
  const id = parseRequestId(trimmed);
  return id ? { id: id.base, version: id.version } : null;
}

const ERROR_ID = /^https?:\/\/(?:export\.)?arxiv\.org\/api\/errors(?:#(.*))?$/;
const INCORRECT_ID_PREFIX = 'incorrect_id_format_for_';

type EntryReading =
  | { kind: 'paper'; paper: PaperMeta }
  | { kind: 'problem'; problem: EntryProblem }
  | { kind: 'feed-error'; message: string };

function readEntry(entry: unknown): EntryReading {
  if (!isNode(entry)) return { kind: 'problem', problem: { id: null, message: 'entry without content' } };
  const rawId = collapseSpace(textOf(asArray(entry['id'])[0]));
  const summary = optionalText(entry['summary']);

  const errorMatch = ERROR_ID.exec(rawId);
  if (errorMatch) {
    const fragment = errorMatch[1] ?? '';
    const message = summary ?? (fragment ? fragment.replace(/_/g, ' ') : 'arXiv API error');
    if (fragment.startsWith(INCORRECT_ID_PREFIX)) {
      return { kind: 'problem', problem: { id: fragment.slice(INCORRECT_ID_PREFIX.length), message } };
    }
    return { kind: 'feed-error', message };
  }

  const abs = parseAbsUrl(rawId);
  if (!abs) return { kind: 'problem', problem: { id: null, message: `entry id is not an arXiv abstract URL: ${rawId.slice(0, 200)}` } };

  const title = optionalText(entry['title']);
  const published = isoDate(entry['published']);
  // Old API answered a well-formed but non-existent id with a hollow entry: id, no title, no dates.
  if (title === null && published === null) {
    return { kind: 'problem', problem: { id: abs.id, message: 'arXiv has no paper with this id' } };
  }

  const primary = attribute(asArray(entry['primary_category'])[0], 'term');
  const categories: string[] = [];
  for (const code of [primary, ...asArray(entry['category']).map((c) => attribute(c, 'term'))]) {
    if (code !== null && !categories.includes(code)) categories.push(code);
  }
  const authors = asArray(entry['author'])
    .map((author) => (isNode(author) ? collapseSpace(textOf(asArray(author['name'])[0])) : ''))
    .filter((name) => name !== '');

  return {
    kind: 'paper',
    paper: {
      id: abs.id,
      version: abs.version,
      title: title ?? '',
      authors,
      abstract: summary,
      comments: optionalText(entry['comment']),
      journalRef: optionalText(entry['journal_ref']),
      doi: optionalText(entry['doi']),
      primaryCategory: primary ?? categories[0] ?? null,
      categories,
      published,
      updated: isoDate(entry['updated']),
      // The API does not say whether an HTML version exists; only the listing page does.
      hasHtml: null,
    },
  };
}

function looksLikeHtml(text: string): boolean {
  return /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(text);
}

/**
 * Atom response text -> papers, per-entry problems, or one typed error for the whole response.
 * Never throws.
 */
export function parseAtomFeed(xml: string): AtomParseResult {
  if (typeof xml !== 'string' || xml.trim() === '') {
    return { ok: false, error: { kind: 'empty', message: 'the API returned an empty response' } };
  }
  const text = xml.replace(/^\uFEFF/, '').trim();
  if (looksLikeHtml(text)) {
    return { ok: false, error: { kind: 'not-atom', message: 'the API returned an HTML page instead of an Atom feed' } };
  }

  let document: unknown;
  try {
    // The parser is lenient (it happily returns half a feed); validate first so a truncated
    // response is an error instead of silently fewer papers.
    const validation = XMLValidator.validate(text);
    if (validation !== true) {
      const { msg, line } = validation.err;
      return { ok: false, error: { kind: 'malformed', message: `not well-formed XML (line ${line}): ${msg}` } };
    }
    document = createParser().parse(text);
  } catch (error) {
    return { ok: false, error: { kind: 'malformed', message: `unreadable XML: ${error instanceof Error ? error.message : String(error)}` } };
  }

  const feed = isNode(document) ? document['feed'] : undefined;
  if (!isNode(feed)) {
    const root = isNode(document) ? Object.keys(document).find((key) => !key.startsWith('?')) : undefined;
    return { ok: false, error: { kind: 'not-atom', message: `expected an Atom <feed>, got <${root ?? 'nothing'}>` } };
  }

  const entries: PaperMeta[] = [];
  const problems: EntryProblem[] = [];
  const feedErrors: string[] = [];
  for (const entry of asArray(feed['entry'])) {
    const reading = readEntry(entry);
    if (reading.kind === 'paper') entries.push(reading.paper);
    else if (reading.kind === 'problem') problems.push(reading.problem);
    else feedErrors.push(reading.message);
  }
  // An error not tied to an id concerns the whole query (new-format error feed, bad parameter).
  if (feedErrors.length > 0 && entries.length === 0) {
    return { ok: false, error: { kind: 'api-error', message: feedErrors.join('; ') } };
  }
  for (const message of feedErrors) problems.push({ id: null, message });

  const total = Number.parseInt(collapseSpace(textOf(asArray(feed['totalResults'])[0])), 10);
  return { ok: true, entries, problems, totalResults: Number.isNaN(total) ? null : total };
}

// ---------------------------------------------------------------------------------------------
// Fetching

/** The answer for one requested id. */
export type PaperLookup =
  | { status: 'found'; paper: PaperMeta }
  /** The API answered and has no such paper (or called the id malformed). */
  | { status: 'missing'; message: string }
  /**
   * We could not find out: network, rate limit, malformed response, invalid id. `retryInMs`:
   * the failure is passing and the scheduler takes the request again in this long.
   */
  | { status: 'error'; error: ApiError; retryInMs?: number };

/** The part of the scheduler fetchPapers needs (so tests can pass a stub). */
export interface RequestQueue {
  request(
    url: string,
    options?: { priority?: RequestPriority; signal?: AbortSignal; check?: (text: string) => string | null },
  ): Promise<HttpResult>;
}

export interface FetchPapersOptions extends BatchOptions {
  scheduler: RequestQueue;
  priority?: RequestPriority;
  signal?: AbortSignal;
}

/** Match one requested id against a batch's parsed entries. */
function lookup(id: RequestId, feed: Extract<AtomParseResult, { ok: true }>): PaperLookup {
  const candidates = feed.entries.filter((paper) => paper.id === id.base);
  const match =
    id.version === null
      ? candidates.reduce<PaperMeta | undefined>((best, p) => (!best || (p.version ?? 0) > (best.version ?? 0) ? p : best), undefined)
      : candidates.find((paper) => paper.version === id.version);
  if (match) return { status: 'found', paper: match };
  const problem = feed.problems.find((p) => p.id !== null && parseRequestId(p.id)?.query === id.query);
  return { status: 'missing', message: problem?.message ?? 'arXiv returned no entry for this id' };
}

/** HTTP 400 from the API carries its error feed; use its message when there is one. */
function errorFromFailure(error: HttpError): ApiError {
  if (error.kind === 'http' && error.body) {
    const parsed = parseAtomFeed(error.body);
    if (!parsed.ok && parsed.error.kind === 'api-error') {
      return { kind: 'fetch', message: `${error.message}: ${parsed.error.message}`, cause: error };
    }
  }
  return { kind: 'fetch', message: error.message, cause: error };
}

/**
 * Look up metadata for `ids` through the scheduler: valid ids are batched, each batch is one
 * polite request, and every input string gets an answer keyed by itself. Never throws.
 */
export async function fetchPapers(ids: readonly string[], options: FetchPapersOptions): Promise<Map<string, PaperLookup>> {
  const results = new Map<string, PaperLookup>();
  const { ids: planned } = planRequestIds(ids);
  const byQuery = new Map<string, PaperLookup>();

  const batches = batchRequestIds(planned, options);
  // All batches are queued at once; the scheduler spaces them and keeps their order.
  await Promise.all(
    batches.map(async (batch) => {
      const queries = batch.map((id) => id.query);
      let response: HttpResult;
      // A truncated feed, an HTML error page sent with 200, an empty body: the scheduler treats
      // them like no answer (the host backs off, the cards ask again), so it parses the body here.
      let checked: { text: string; feed: AtomParseResult } | null = null;
      const check = (text: string): string | null => {
        const feed = parseAtomFeed(text);
        checked = { text, feed };
        return feed.ok || feed.error.kind === 'api-error' ? null : feed.error.message;
      };
      try {
        response = await options.scheduler.request(queryUrl(queries), { priority: options.priority, signal: options.signal, check });
      } catch (error) {
        // A scheduler must not reject, but a stub might; keep the promise of "never throws".
        response = { ok: false, error: { kind: 'network', message: String(error) } };
      }
      const reuse = checked as { text: string; feed: AtomParseResult } | null;
      const feed: AtomParseResult = response.ok
        ? reuse?.text === response.text
          ? reuse.feed
          : parseAtomFeed(response.text)
        : { ok: false, error: errorFromFailure(response.error) };
      for (const id of batch) {
        const retryInMs = response.ok ? undefined : response.retryInMs;
        byQuery.set(
          id.query,
          feed.ok ? lookup(id, feed) : retryInMs === undefined ? { status: 'error', error: feed.error } : { status: 'error', error: feed.error, retryInMs },
        );
      }
    }),
  );

  for (const raw of ids) {
    const id = parseRequestId(raw);
    const answer = id ? byQuery.get(id.query) : undefined;
    results.set(
      raw,
      answer ?? { status: 'error', error: { kind: 'invalid-id', message: `not an arXiv id: ${raw.slice(0, 100)}` } },
    );
  }
  return results;
}
