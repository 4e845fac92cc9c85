/**
 * The one typed message protocol between content script, popup, options page and background.
 *
 * Every message is declared once in `ProtocolMap` with its request and response types.
 * The background owns the network and IndexedDB; other contexts reach data only through these.
 */
import { browser, type Browser } from 'wxt/browser';
import type { FulltextAnalysis, PaperMeta, Tagline } from './paper';
import type { CacheStats, SavedPaper } from './db';
import type { TaglineResult } from './tagline-engines';

export type Priority = 'visible' | 'prefetch';

/** Result of asking the background for a paper's full-text analysis. */
export type FulltextResult =
  | { status: 'ok'; analysis: FulltextAnalysis }
  | { status: 'no-html' }
  | { status: 'cancelled' }
  | { status: 'error'; reason: FailureReason; message: string };

export type FailureReason = 'offline' | 'rate-limited' | 'timeout' | 'http' | 'parse' | 'network' | 'internal';

/** Result of asking for API metadata of several papers. */
export interface PapersResult {
  papers: Record<string, PaperMeta>;
  /** Ids that could not be resolved this time, with why. */
  failed: Record<string, { reason: FailureReason | 'missing'; message: string }>;
}


export interface ProtocolMap {
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
  'saved:ids': { req: Record<string, never>; res: { ids: string[] } };
  /** Sent by the background to every tab when the library changes. */
  'saved:changed': { req: { added: string[]; removed: string[] }; res: void };
  /** Import a library file exported before (validated and merged in the background). */
  'library:import': {
    req: { text: string };
    res: { ok: true; added: number; kept: number; skipped: number } | { ok: false; error: string };
  };
  /** Empty the caches (papers, full text, taglines); the library is untouched. */
  'cache:clear': { req: Record<string, never>; res: CacheStats };
  'cache:stats': { req: Record<string, never>; res: CacheStats };
}

export type MessageType = keyof ProtocolMap;
export type Req<K extends MessageType> = ProtocolMap[K]['req'];
export type Res<K extends MessageType> = ProtocolMap[K]['res'];

interface Envelope<K extends MessageType = MessageType> {
  pith: 1;
  type: K;
  data: Req<K>;
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

async function unwrap<K extends MessageType>(type: K, reply: unknown): Promise<Res<K>> {
  if (reply === undefined) return undefined as Res<K>;
  const r = reply as Reply<Res<K>>;
  if (r && r.ok) return r.value;
  throw new Error(`${type}: ${r && !r.ok ? r.error : 'no reply'}`);
}

/** Send a message to the background (from a content script, popup or options page). */
export async function sendMessage<K extends MessageType>(type: K, data: Req<K>): Promise<Res<K>> {
  const envelope: Envelope<K> = { pith: 1, type, data };
  return unwrap(type, await browser.runtime.sendMessage(envelope));
}

/** Send a message to the content script of one tab (from the background). */
export async function sendTabMessage<K extends MessageType>(tabId: number, type: K, data: Req<K>): Promise<Res<K>> {
  const envelope: Envelope<K> = { pith: 1, type, data };
  return unwrap(type, await browser.tabs.sendMessage(tabId, envelope));
}

export type Handlers = {
  [K in MessageType]?: (data: Req<K>, sender: Browser.runtime.MessageSender) => Promise<Res<K>> | Res<K>;
};

/**
 * Register handlers in one place. The listener returns a Promise, which both the polyfill
 * (real browsers) and fake-browser (tests) turn into the reply. Errors travel back typed
 * as `{ ok: false }` instead of as an unhandled rejection in the sender.
 */
export function onMessages(handlers: Handlers): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const handler = handlers[message.type] as
      | ((data: unknown, sender: Browser.runtime.MessageSender) => unknown)
      | undefined;
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
