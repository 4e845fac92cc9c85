/**
 * Everything the background service worker does, registered in one place: one database,
 * one polite scheduler for all tabs, and the message handlers of utils/messaging.ts.
 */
import { browser } from 'wxt/browser';
import { cacheStats, clearCache, getTagline, putPapers, getPapers, putTagline } from './db/cache';
import { getDb } from './db/schema';
import { isFromExtensionPage, onBackgroundMessages } from '@/utils/messaging';
import { copyPaperMeta } from '@/utils/paper';
import { createScheduler } from './scheduler';
import { createMetadataService } from './metadata-service';
import { createFulltextService } from './fulltext-service';
import { createLibraryService } from './library-service';
import { createSeenService } from './seen-service';
import { loadEndpointKey, loadSettings } from '@/utils/settings';
import { generateTagline, type TaglineEngineConfig } from '@/utils/tagline-engines';

/** Where the scheduler's back-off deadlines survive a service-worker restart. */
const BACKOFF_STORAGE_KEY = 'schedulerBackoff';

async function restoreBackoff(scheduler: ReturnType<typeof createScheduler>): Promise<void> {
  const stored = (await browser.storage.local.get(BACKOFF_STORAGE_KEY))[BACKOFF_STORAGE_KEY];
  if (stored && typeof stored === 'object') {
    for (const [host, until] of Object.entries(stored as Record<string, unknown>)) {
      if (typeof until === 'number') scheduler.restoreBackoff(host, until);
    }
  }
}

async function taglineEngineConfig(): Promise<TaglineEngineConfig> {
  const settings = await loadSettings();
  if (settings.taglineEngine === 'endpoint') {
    return {
      id: 'endpoint',
      endpoint: { baseUrl: settings.endpointBaseUrl, model: settings.endpointModel, apiKey: await loadEndpointKey() },
    };
  }
  return { id: settings.taglineEngine };
}

export function registerHandlers(): void {
  const db = getDb();
  const backoff: Record<string, number> = {};
  const scheduler = createScheduler({
    onBackoffChange(host, untilMs) {
      if (untilMs > 0) backoff[host] = untilMs;
      else delete backoff[host];
      void browser.storage.local.set({ [BACKOFF_STORAGE_KEY]: { ...backoff } });
    },
  });
  void restoreBackoff(scheduler);
  const metadata = createMetadataService(db, scheduler);
  const fulltext = createFulltextService(db, scheduler);
  const library = createLibraryService(db, metadata);
  library.startSync();
  const seen = createSeenService(db);

  // Library import and cache clearing change what every page shows: only the extension's own
  // pages (popup, options) may ask, never a content script running inside a web page.
  const extensionOrigin = browser.runtime.getURL('/');
  const fromExtensionPage = (sender: Parameters<typeof isFromExtensionPage>[0], what: string) => {
    if (!isFromExtensionPage(sender, extensionOrigin)) throw new Error(`${what} is only accepted from the extension's own pages.`);
  };

  onBackgroundMessages({
    async 'papers:seen'({ papers }) {
      const ids = papers.map((p) => p.id);
      const cached = await getPapers(db, ids);
      await putPapers(db, papers).catch((error) => console.warn('[arXiv Pith] cache write failed:', error));
      return {
        cached: cached.flatMap((row) => (row ? [copyPaperMeta(row)] : [])),
      };
    },
    'papers:get': ({ ids, priority }) => metadata.get(ids, priority),
    'fulltext:get': (req) => fulltext.get(req),
    'fulltext:cancel': ({ requestId }) => fulltext.cancel(requestId),
    'fulltext:figure-failed': (req) => fulltext.figureFailed(req),
    /** The endpoint engine: the background holds the host permission and the key. */
    async 'tagline:get'({ id, version, title, abstract }) {
      const config = await taglineEngineConfig();
      if (config.id === 'endpoint') {
        const cached = await getTagline(db, id, version, 'endpoint');
        if (cached) return { tagline: cached, engine: 'endpoint' };
      }
      // The on-device model is reached from the page (Chrome exposes it to windows), not here.
      const engine = config.id === 'endpoint' ? config : ({ id: 'extractive' } as const);
      const result = await generateTagline({ title, abstract }, engine, { fetch: globalThis.fetch.bind(globalThis) });
      if (result.engine === 'endpoint') await putTagline(db, id, version, 'endpoint', result.tagline);
      return result;
    },
    async 'tagline:cached'({ id, version, engine }) {
      return { tagline: (await getTagline(db, id, version, engine)) ?? null };
    },
    async 'tagline:put'({ id, version, engine, tagline }) {
      await putTagline(db, id, version, engine, tagline);
    },
    'saved:put': ({ paper }) => library.put(paper),
    'saved:put-by-id': ({ id }) => library.putById(id),
    'saved:remove': ({ id }) => library.remove(id),
    'saved:restore': ({ paper }) => library.restore(paper),
    'saved:ids': async () => ({ ids: await library.ids() }),
    'library:import': ({ text }, sender) => {
      fromExtensionPage(sender, 'Importing a library');
      return library.importText(text);
    },
    async 'cache:clear'(_, sender) {
      fromExtensionPage(sender, 'Clearing the cache');
      await clearCache(db);
      return cacheStats(db);
    },
    'cache:stats': () => cacheStats(db),
    'triage:lookup': ({ ids }) => seen.lookup(ids),
    'seen:mark': ({ sightings }) => seen.mark(sightings),
    'labels:not-interested': ({ id, on }) => seen.notInterested(id, on),
  });
}
