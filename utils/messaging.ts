/**
 * The one typed message protocol, declared by direction: `ToBackground` (from content
 * scripts, popup and options page) and `ToTab` (from the background to a tab's content
 * script), each message once with its request and response types. The background owns the
 * network and IndexedDB; other contexts reach data only through these.
 *
 * A message nobody answered is an error (NoReplyError), never `undefined` passed off as a
 * result. `sendMessage` retries a few times when the background did not answer because its
 * service worker was (re)starting; every other failure is reported at once. Text meant for
 * the user (`message` fields) is written by the background; pages show it as is.
 */
import { browser, type Browser } from 'wxt/browser';
import type { FulltextAnalysis, PaperMeta, Tagline } from './paper';
import type { CacheStats } from '@/background/db/cache';
import type { SavedPaper } from './saved-paper';
import type { TaglineResult } from './tagline-engines';
// Type only: the parser itself is loaded where a .bib is imported (the popup), never here.
import type { BibImportEntry } from './bibtex-import';
import type { RelevanceInput } from './relevance';

export type Priority = 'visible' | 'prefetch';

/** Result of asking the background for a paper's full-text analysis. */
export type FulltextResult =
  | { status: 'ok'; analysis: FulltextAnalysis }
  | { status: 'no-html' }
  | { status: 'cancelled' }
  | {
      status: 'error';
      reason: FailureReason;
      /** For the reader ("arXiv did not answer; trying again in 30 s"). */
      message: string;
      /** The technical reason, for the tooltip only. */
      detail?: string;
      /** Set when asking again is worth it: the background's back-off ends then (shared by every tab). */
      retryInMs?: number;
    };

export type FailureReason = 'offline' | 'rate-limited' | 'timeout' | 'http' | 'parse' | 'network' | 'internal';

/** Why one paper's abstract could not be had this time. */
export interface PaperFailure {
  /** 'missing': arXiv does not know the id; 'no-abstract': its record has no summary (final). */
  reason: FailureReason | 'missing' | 'no-abstract';
  message: string;
  detail?: string;
  retryInMs?: number;
}

/** Result of asking for API metadata of several papers. */
export interface PapersResult {
  papers: Record<string, PaperMeta>;
  /**
   * Ids that could not be resolved this time, with why; also ids found without an abstract
   * ('no-abstract'), whose other fields are in `papers`.
   */
  failed: Record<string, PaperFailure>;
}


export interface ToBackground {
  /**
   * Sent while an answer is pending: Firefox suspends an idle event page even while its
   * listener's promise is unresolved (only a dispatched event resets its idle timer), so a
   * request waiting out arXiv's spacing or back-off would lose its answer (see keepAlive).
   */
  'keepalive': { req: Record<string, never>; res: void };
  /** The page showed these papers: cache what it said, refresh their last-seen time. */
  'papers:seen': { req: { papers: PaperMeta[] }; res: { cached: PaperMeta[] } };
  /** Metadata the page lacks (abstract, dates, DOI) from cache or the export API. */
  'papers:get': { req: { ids: string[]; priority: Priority }; res: PapersResult };
  /** Full-text analysis (theorems, first figure); `requestId` allows cancellation. */
  'fulltext:get': {
    req: { id: string; version: number | null; requestId: string; priority: Priority; retry?: boolean };
    res: FulltextResult;
  };
  'fulltext:cancel': { req: { requestId: string }; res: void };
  /** A card's first figure did not load: the cached analysis is fetched again next time. */
  'fulltext:figure-failed': { req: { id: string; version: number | null; src: string }; res: void };
  /** A tagline from the engine chosen in settings (extractive ones are made in the page). */
  'tagline:get': { req: { id: string; version: number | null; title: string; abstract: string }; res: TaglineResult };
  /** A tagline the on-device model made earlier for this version (it runs in the page). */
  'tagline:cached': { req: { id: string; version: number | null; engine: 'on-device' }; res: { tagline: Tagline | null } };
  /** Keep an on-device tagline, cached per paper version like the endpoint's. */
  'tagline:put': { req: { id: string; version: number | null; engine: 'on-device'; tagline: Tagline }; res: void };
  /** Save a snapshot of a paper (the background stamps `savedAt`). */
  'saved:put': { req: { paper: Omit<SavedPaper, 'savedAt'> }; res: { ok: true } | { ok: false; message: string } };
  /** Save a paper known only by id (popup, current tab): metadata from cache or the API. */
  'saved:put-by-id': { req: { id: string }; res: { ok: true; title: string } | { ok: false; message: string } };
  /** Remove from the library; the removed snapshot comes back for undo. */
  'saved:remove': { req: { id: string }; res: { removed: SavedPaper | null } };
  /** Undo of a removal: the exact snapshot goes back, original `savedAt` included. */
  'saved:restore': { req: { paper: SavedPaper }; res: { ok: true } | { ok: false; message: string } };
  /** Saved ids, and the tags of those that have any. */
  'saved:ids': { req: Record<string, never>; res: { ids: string[]; tags?: Record<string, string[]> } };
  /**
   * Change the tags and/or the note of a saved paper (a field left out is kept). Tags are
   * cleaned by utils/tags.ts; the answer carries what was stored.
   */
  'saved:update': {
    req: { id: string; tags?: string[]; note?: string };
    res: { ok: true; tags: string[]; note: string } | { ok: false; message: string };
  };
  /** Import a library file exported before (validated and merged in the background). Extension pages only. */
  'library:import': {
    req: { text: string };
    res: { ok: true; added: number; kept: number; skipped: number } | { ok: false; error: string };
  };
  /**
   * Add the arXiv papers of a parsed .bib (parsed in the popup, where the parser is loaded
   * lazily): metadata comes politely through the metadata service; progress is written to
   * storage.local `libraryImportProgress`. All papers are added in one transaction at the
   * end, so a failure changes nothing. Extension pages only.
   */
  'library:import-bib': {
    req: { entries: BibImportEntry[] };
    res:
      | {
          ok: true;
          added: number;
          /** Already saved: kept, with the file's tags added to theirs. */
          kept: number;
          /** Saved from the file's own title and authors: arXiv did not answer for them. */
          fromFile: number;
          /** Entries that could not become papers (no arXiv metadata and no title), with why. */
          failed: { id: string; reason: string }[];
        }
      | { ok: false; error: string };
  };
  /**
   * Relevance of these papers from the reader's own labels (background/relevance-service.ts):
   * score 0..1, the nearest saved paper's title and the top terms. `scores` is null while no
   * paper is saved (no model: cards show no score). Ask for the cards on screen first.
   */
  'relevance:score': {
    req: { papers: RelevanceInput[] };
    res: { scores: Record<string, { score: number; like: string | null; terms: string[] }> | null };
  };
  /** Empty the caches (papers, full text, taglines); the library is untouched. Extension pages only. */
  'cache:clear': { req: Record<string, never>; res: CacheStats };
  'cache:stats': { req: Record<string, never>; res: CacheStats };
  /**
   * Triage state of a listing's papers (issue 11): those seen before (a row exists only for a
   * sighting already written, so at page load these are earlier visits), those marked "not
   * interested", and the version of each saved one (a replacement of a saved paper says so).
   */
  'triage:lookup': {
    req: { ids: string[] };
    res: {
      /** `listing`: the path of the listing it was first seen on ("/list/cs.LG/new"). */
      seen: Record<string, { firstSeen: number; listing: string; section: string | null; category: string | null }>;
      notInterested: string[];
      savedVersions: Record<string, number | null>;
    };
  };
  /** Papers the reader saw (on screen ~1 s, passed with `j`, or "mark all seen"), batched. */
  'seen:mark': { req: { sightings: { id: string; url: string; section: string | null; category: string | null }[] }; res: void };
  /** "Not interested" on a card, or undone. */
  'labels:not-interested': { req: { id: string; on: boolean }; res: void };
}

/** Where a running BibTeX import says how far it got (written by the background, shown by the popup). */
export const IMPORT_PROGRESS_KEY = 'libraryImportProgress';
export interface ImportProgress {
  done: number;
  total: number;
  running: boolean;
}

export interface ToTab {
  /** Sent by the background to every tab when the library changes. */
  /** `tags`: the current tags of the `added` (saved or changed) ids, when known. */
  'saved:changed': { req: { added: string[]; removed: string[]; tags?: Record<string, string[]> }; res: void };
}

type Protocol = ToBackground | ToTab;
type Req<M extends Protocol, K extends keyof M> = M[K] extends { req: infer R } ? R : never;
type Res<M extends Protocol, K extends keyof M> = M[K] extends { res: infer R } ? R : never;
/** The answer of the background to `K`. */
export type BackgroundRes<K extends keyof ToBackground> = Res<ToBackground, K>;

interface Envelope {
  pith: 1;
  type: string;
  data: unknown;
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { pith?: unknown }).pith === 1 &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

/** Nobody answered: no context handles the type, or the receiver is gone or restarting. */
export class NoReplyError extends Error {
  override name = 'NoReplyError';
}

/**
 * Chrome's and Firefox's wording for "no listener at the other end" (the service worker is
 * starting, the tab has no content script), or a worker stopped while its answer was pending
 * (Chrome: "…the message channel closed before a response was received"; Firefox, whose event
 * page was suspended: "Message manager disconnected", "Promised response from onMessage
 * listener went out of scope"). Anything else is a real failure.
 */
const NO_RECEIVER =
  /receiving end does not exist|could not establish connection|no listeners? available|message port closed|message channel closed|message manager disconnected|promised response from onmessage listener went out of scope/i;

async function deliver<T>(type: string, post: () => Promise<unknown>): Promise<T> {
  let reply: unknown;
  try {
    reply = await post();
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (NO_RECEIVER.test(text)) throw new NoReplyError(`${type}: no reply (${text})`);
    throw error;
  }
  if (reply === undefined) throw new NoReplyError(`${type}: no reply`);
  const r = reply as Reply<T>;
  if (r && r.ok === true) return r.value;
  throw new Error(`${type}: ${r && r.ok === false ? r.error : 'malformed reply'}`);
}

export interface SendOptions {
  /** Further attempts after a NoReplyError (the background restarting); default 3. */
  retries?: number;
  /** Wait before attempt n+1 is n times this; default 1 s. */
  retryDelayMs?: number;
}

/**
 * Send a message to the background (from a content script, popup or options page). An
 * unanswered message is tried again `retries` times, waiting 1 s, 2 s, 3 s by default, then
 * rejects with NoReplyError; a handler's error rejects at once with its message.
 */
export async function sendMessage<K extends keyof ToBackground>(
  type: K,
  data: Req<ToBackground, K>,
  { retries = 3, retryDelayMs = 1_000 }: SendOptions = {},
): Promise<Res<ToBackground, K>> {
  const envelope: Envelope = { pith: 1, type, data };
  for (let attempt = 0; ; attempt++) {
    const release = keepAlive();
    let failure: unknown;
    try {
      return await deliver<Res<ToBackground, K>>(type, () => browser.runtime.sendMessage(envelope));
    } catch (error) {
      failure = error;
    } finally {
      release();
    }
    if (!(failure instanceof NoReplyError) || attempt >= retries) throw failure;
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs * (attempt + 1)));
  }
}

/**
 * One keep-alive message per interval while this context waits for any answer, well under
 * Firefox's idle timeout (30 s by default; the Firefox tests set 1 s and 0.5 s). Chrome's service worker
 * is kept by its pending listener; Firefox's event page is not. A tiny message a second, and
 * only while something is pending.
 */
const KEEPALIVE_MS = 800;
let waitingAnswers = 0;
let keepAliveTimer: ReturnType<typeof setInterval> | null = null;

/** Count one pending answer; the returned function ends it. The timer runs while any is pending. */
function keepAlive(): () => void {
  waitingAnswers += 1;
  keepAliveTimer ??= setInterval(() => {
    const envelope: Envelope = { pith: 1, type: 'keepalive', data: {} };
    void Promise.resolve(browser.runtime.sendMessage(envelope)).catch(() => undefined);
  }, KEEPALIVE_MS);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    waitingAnswers -= 1;
    if (waitingAnswers === 0 && keepAliveTimer !== null) {
      clearInterval(keepAliveTimer);
      keepAliveTimer = null;
    }
  };
}

/** Send a message to the content script of one tab (from the background); never retried. */
export async function sendTabMessage<K extends keyof ToTab>(
  tabId: number,
  type: K,
  data: Req<ToTab, K>,
): Promise<Res<ToTab, K>> {
  const envelope: Envelope = { pith: 1, type, data };
  return deliver(type, () => browser.tabs.sendMessage(tabId, envelope));
}

export type Handlers<M extends Protocol> = {
  [K in keyof M]?: (data: Req<M, K>, sender: Browser.runtime.MessageSender) => Promise<Res<M, K>> | Res<M, K>;
};

/**
 * Register handlers in one place. The listener returns a Promise, which both the polyfill
 * (real browsers) and fake-browser (tests) turn into the reply. Errors travel back typed
 * as `{ ok: false }` instead of as an unhandled rejection in the sender. Types without a
 * handler here get no reply from this context, so another context may answer them.
 */
function listen(handlers: Record<string, unknown>): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const handler = Object.hasOwn(handlers, message.type)
      ? (handlers[message.type] as ((data: unknown, sender: Browser.runtime.MessageSender) => unknown) | undefined)
      : undefined;
    if (!handler) return undefined;
    return (async (): Promise<Reply<unknown>> => {
      try {
        return { ok: true, value: await handler(message.data, sender) };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    })();
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}

/** The background's handlers (background/background-handlers.ts). */
export function onBackgroundMessages(handlers: Handlers<ToBackground>): () => void {
  return listen(handlers as Record<string, unknown>);
}

/** A content script's handlers for what the background sends to its tab. */
export function onTabMessages(handlers: Handlers<ToTab>): () => void {
  return listen(handlers as Record<string, unknown>);
}

/**
 * Whether a message comes from one of the extension's own pages (popup, options, also when
 * opened in a tab), not from a content script, whose sender URL is the web page's: what may
 * import a library or clear the cache.
 */
export function isFromExtensionPage(sender: Browser.runtime.MessageSender, extensionOrigin: string): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}
