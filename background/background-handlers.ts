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
import { createSchedulerStore } from './scheduler-store';
import { createMetadataService } from './metadata-service';
import { createFulltextService } from './fulltext-service';
import { createLibraryService } from './library-service';
import { createRelevanceService } from './relevance-service';
import { createSeenService } from './seen-service';
import { loadEndpointKey, loadSettings } from '@/utils/settings';
import { generateEndpointTaglines, generateTagline, type TaglineEngineConfig } from '@/utils/tagline-engines';
import { createTaglineBatcher } from '@/utils/tagline-batcher';

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
  // Pacing kept across worker restarts: the first request of a restarted worker waits too.
  const scheduler = createScheduler({ store: createSchedulerStore() });
  const metadata = createMetadataService(db, scheduler);
  const fulltext = createFulltextService(db, scheduler);
  const relevance = createRelevanceService(db);
  const library = createLibraryService(
    db,
    metadata,
    (added, removed) => {
      void relevance.libraryChanged(added, removed).catch((error) => console.warn('[arXiv Pith] relevance label failed:', error));
    },
    // "Not interested" marks another browser synced.
    (ids, on) => void relevance.labelIds(ids, 'not-interested', on).catch(() => undefined),
  );
  library.startSync();
  // Cards ask for endpoint taglines one by one; the endpoint gets them in batches.
  const fetchFn = globalThis.fetch.bind(globalThis);
  const endpointBatcher = createTaglineBatcher((inputs, settings) => generateEndpointTaglines(inputs, settings, { fetch: fetchFn }));
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
      // idf counts every paper the reader was shown.
      void relevance.observe(papers).catch(() => undefined);
      return {
        cached: cached.flatMap((row) => (row ? [copyPaperMeta(row)] : [])),
      };
    },
    'papers:get': ({ ids, priority }) => metadata.get(ids, priority),
    // Its arrival is the point: a dispatched event keeps Firefox's event page awake.
    keepalive: () => undefined,
    'fulltext:get': (req) => fulltext.get(req),
    'fulltext:cancel': ({ requestId }) => fulltext.cancel(requestId),
    'fulltext:figure-failed': (req) => fulltext.figureFailed(req),
    /** The endpoint engine: the background holds the host permission and the key. */
    async 'tagline:get'({ id, version, title, abstract }) {
      const config = await taglineEngineConfig();
      if (config.id === 'endpoint') {
        const cached = await getTagline(db, id, version, 'endpoint');
        if (cached) return { tagline: cached, engine: 'endpoint', source: 'endpoint' };
      }
      // The on-device model is reached from the page (Chrome exposes it to windows), not here.
      const result =
        config.id === 'endpoint'
          ? await endpointBatcher.get({ title, abstract }, config.endpoint)
          : await generateTagline({ title, abstract }, { id: 'extractive' });
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
    'saved:update': (change) => library.update(change),
    'saved:ids': async () => {
      const [ids, tags] = await Promise.all([library.ids(), library.tags()]);
      return { ids, tags };
    },
    'library:import': ({ text }, sender) => {
      fromExtensionPage(sender, 'Importing a library');
      return library.importText(text);
    },
    'library:import-bib': ({ entries }, sender) => {
      fromExtensionPage(sender, 'Importing a library');
      return library.importBib(entries);
    },
    async 'cache:clear'(_, sender) {
      fromExtensionPage(sender, 'Clearing the cache');
      await clearCache(db);
      return cacheStats(db);
    },
    'cache:stats': () => cacheStats(db),
    'relevance:score': async ({ papers }) => ({ scores: await relevance.score(papers) }),
    'triage:lookup': ({ ids }) => seen.lookup(ids),
    async 'seen:mark'({ sightings }) {
      await seen.mark(sightings);
      // Seen and (so far) not saved: a weak negative of the relevance model.
      void relevance.labelIds(sightings.map((s) => s.id), 'passed', true).catch(() => undefined);
    },
    async 'labels:not-interested'({ id, on }) {
      await seen.notInterested(id, on);
      void relevance.labelIds([id], 'not-interested', on).catch(() => undefined);
      void library.labelChanged(id, on).catch(() => undefined);
    },
  });
}
