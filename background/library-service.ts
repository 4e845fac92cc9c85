/**
 * The reader's library, written only here (in the background): save, remove, restore,
 * import. Every change is announced to open tabs and synced through storage.sync
 * (background/library-sync.ts: saves, removals, tags, with their times); papers another
 * browser saved are saved here with re-fetched snapshots.
 */
import { browser } from 'wxt/browser';
import { getSaved, listSavedIds, mergeImport, removeSaved, savePaper, updateSaved, listSavedTags } from './db/library';
import type { BibImportEntry } from '@/utils/bibtex-import';
import type { PaperMeta } from '@/utils/paper';
import { parseArxivId } from '@/utils/arxiv-ids';
import { cleanTags } from '@/utils/tags';
import { type PithDb } from './db/schema';
import { type SavedPaper } from '@/utils/saved-paper';
import { parseLibraryImport } from '@/utils/library-io';
import { IMPORT_PROGRESS_KEY, sendTabMessage, type BackgroundRes, type ImportProgress } from '@/utils/messaging';
import type { MetadataService } from './metadata-service';
import { createLibrarySync, type LocalArea, type SyncOutcome, type SyncReason } from './library-sync';
import { extractTagline } from '@/utils/tagline';
import { t } from '@/utils/i18n';

export interface LibraryService {
  put(paper: Omit<SavedPaper, 'savedAt'>): Promise<BackgroundRes<'saved:put'>>;
  putById(id: string): Promise<BackgroundRes<'saved:put-by-id'>>;
  remove(id: string): Promise<BackgroundRes<'saved:remove'>>;
  restore(paper: SavedPaper): Promise<BackgroundRes<'saved:restore'>>;
  update(change: { id: string; tags?: string[]; note?: string }): Promise<BackgroundRes<'saved:update'>>;
  ids(): Promise<string[]>;
  tags(): Promise<Record<string, string[]>>;
  importText(text: string): Promise<BackgroundRes<'library:import'>>;
  importBib(entries: BibImportEntry[]): Promise<BackgroundRes<'library:import-bib'>>;
  /** "Not interested" set or cleared here (synced with the library, background/library-sync.ts). */
  labelChanged(id: string, on: boolean): Promise<void>;
  /** Merge with storage.sync now: apply what other browsers did, write what this one did. */
  syncNow(reason?: SyncReason): Promise<SyncOutcome>;
  startSync(): () => void;
}

/** Ids per metadata request: the export API's batch (the metadata service paces them 3 s apart). */
const IMPORT_BATCH = 100;
/** More entries than this in one import are refused: 10,000 are ~100 requests, 5 minutes. */
const MAX_BIB_ENTRIES = 20_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tell every tab; tabs without our content script simply do not answer. */
async function broadcast(added: string[], removed: string[], tags?: Record<string, string[]>): Promise<void> {
  if (added.length === 0 && removed.length === 0) return;
  const tabs = await browser.tabs.query({}).catch(() => []);
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : sendTabMessage(tab.id, 'saved:changed', { added, removed, ...(tags ? { tags } : {}) }).catch(() => undefined),
    ),
  );
}

/** A .bib entry as the page sent it, checked again here (the background trusts no page). */
function cleanBibEntry(e: unknown): BibImportEntry[] {
  if (typeof e !== 'object' || e === null) return [];
  const r = e as Record<string, unknown>;
  const parsed = typeof r.id === 'string' ? parseArxivId(r.id) : null;
  if (!parsed) return [];
  const version = typeof r.version === 'number' && Number.isInteger(r.version) && r.version > 0 ? r.version : parsed.version;
  const title = typeof r.title === 'string' && r.title.trim() !== '' ? r.title.trim().slice(0, 1_000) : null;
  const authors = Array.isArray(r.authors) ? r.authors.filter((a): a is string => typeof a === 'string').slice(0, 200) : [];
  return [{ id: parsed.id, version, title, authors, tags: cleanTags(r.tags), keys: [] }];
}

/** A saved paper from a .bib entry: the API's metadata when there is some, else the file's. */
function bibPaper(e: BibImportEntry, meta: PaperMeta | null, savedAt: number): SavedPaper {
  const base: PaperMeta = meta ?? {
    id: e.id,
    version: e.version,
    title: e.title ?? e.id,
    authors: [...e.authors],
    abstract: null,
    comments: null,
    journalRef: null,
    doi: null,
    primaryCategory: null,
    categories: [],
    published: null,
    updated: null,
    hasHtml: null,
  };
  return {
    ...base,
    tagline: meta ? extractTagline({ title: meta.title, abstract: meta.abstract }) : null,
    theorems: null,
    figureCount: null,
    statements: null,
    firstFigure: null,
    savedAt,
    ...(e.tags.length > 0 ? { tags: [...e.tags] } : {}),
  };
}

/**
 * `onChange` hears every change of the library (the relevance model trains on it): ids saved
 * or re-tagged, and ids removed, here or through sync; `onLabels` hears the "not interested"
 * marks that sync set or cleared.
 */
export function createLibraryService(
  db: PithDb,
  metadata: MetadataService,
  onChange: (added: string[], removed: string[]) => void = () => undefined,
  onLabels: (ids: string[], on: boolean) => void = () => undefined,
  /** Where sync keeps its local times (storage.local unless given; tests give one per "browser"). */
  localArea?: LocalArea,
): LibraryService {
  const sync = createLibrarySync({
    db,
    metadata,
    onLibrary: (added, removed) => {
      onChange(added, removed);
      void announce(added, removed);
    },
    onLabels,
    ...(localArea ? { localArea } : {}),
  });

  /** Tell open tabs; small changes carry their tags, so cards show them without asking (imports do not). */
  const announce = async (added: string[], removed: string[]) => {
    const tags = added.length > 0 && added.length <= 50 ? await listSavedTags(db, added).catch(() => undefined) : undefined;
    await broadcast(added, removed, tags);
  };

  /** `synced`: its times were kept already, in the same turn as the write (sync.change). */
  const changed = (added: string[], removed: string[], retagged: string[] = [], synced = false) => {
    onChange(added, removed);
    void announce(added, removed);
    if (synced) return;
    void sync.libraryChanged({ added, removed, retagged }).catch((error) => console.warn('[arXiv Pith] could not record a library change for sync:', error));
  };

  const service: LibraryService = {
    async put(paper) {
      try {
        const existing = await getSaved(db, paper.id);
        // A re-save keeps the reader's note, and their tags unless new ones come with it.
        const tags = paper.tags && paper.tags.length > 0 ? paper.tags : existing?.tags;
        const note = paper.note ?? existing?.note;
        await savePaper(db, {
          ...paper,
          ...(tags ? { tags } : {}),
          ...(note ? { note } : {}),
          savedAt: existing?.savedAt ?? Date.now(),
        });
        const retagged = existing && paper.tags && paper.tags.length > 0 ? [paper.id] : [];
        changed([paper.id], [], retagged);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
    async putById(id) {
      const { papers, failed } = await metadata.get([id], 'visible');
      const meta = papers[id];
      if (!meta) return { ok: false, message: failed[id]?.message ?? t('couldNotFetchPaper') };
      const tagline = extractTagline({ title: meta.title, abstract: meta.abstract });
      const result = await service.put({ ...meta, tagline, theorems: null, figureCount: null, firstFigure: null, statements: null });
      return result.ok ? { ok: true, title: meta.title } : result;
    },
    async remove(id) {
      const removed = await sync.change(async () => {
        const row = (await removeSaved(db, id)) ?? null;
        return { result: row, removed: row ? [id] : [] };
      });
      if (removed) changed([], [id], [], true);
      return { removed };
    },
    async restore(paper) {
      try {
        // Puts the record back exactly, original `savedAt` included.
        await sync.change(async () => {
          await savePaper(db, paper);
          return { result: undefined, added: [paper.id] };
        });
        changed([paper.id], [], [], true);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
    async update({ id, tags, note }) {
      try {
        const row = await updateSaved(db, id, { tags, note });
        if (!row) return { ok: false, message: t('paperNotInLibrary') };
        changed([id], [], tags !== undefined ? [id] : []);
        return { ok: true, tags: row.tags ?? [], note: row.note ?? '' };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
    ids: () => listSavedIds(db),
    tags: () => listSavedTags(db),
    async importText(text) {
      const parsed = parseLibraryImport(text);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      try {
        const merged = await mergeImport(db, parsed.papers);
        changed(merged.addedIds, []);
        return { ok: true, added: merged.added, kept: merged.kept, skipped: parsed.skipped };
      } catch (error) {
        return { ok: false, error: t('nothingImported', messageOf(error)) };
      }
    },
    async importBib(raw) {
      const entries = Array.isArray(raw) ? raw.flatMap((e) => cleanBibEntry(e)) : [];
      if (!Array.isArray(entries) || entries.length === 0) return { ok: false, error: t('bibNoPaper') };
      if (entries.length > MAX_BIB_ENTRIES) {
        return { ok: false, error: t('bibTooMany', entries.length, MAX_BIB_ENTRIES) };
      }
      const progress = (done: number, running: boolean) =>
        browser.storage.local
          .set({ [IMPORT_PROGRESS_KEY]: { done, total: entries.length, running } satisfies ImportProgress })
          .catch(() => undefined);
      try {
        const local = new Set(await listSavedIds(db));
        const papers: SavedPaper[] = [];
        const failed: { id: string; reason: string }[] = [];
        let fromFile = 0;
        const now = Date.now();
        // Already saved papers need no metadata: only their tags are merged.
        const known = entries.filter((e) => local.has(e.id));
        const unknown = entries.filter((e) => !local.has(e.id));
        for (const e of known) papers.push(bibPaper(e, null, now));
        await progress(known.length, true);
        for (let i = 0; i < unknown.length; i += IMPORT_BATCH) {
          const batch = unknown.slice(i, i + IMPORT_BATCH);
          const { papers: metas, failed: why } = await metadata.get(
            batch.map((e) => e.id),
            'prefetch',
          );
          for (const e of batch) {
            const meta = metas[e.id];
            if (meta) papers.push(bibPaper(e, meta, now));
            else if (e.title) {
              // arXiv did not answer (offline, rate limited): the file's own title and authors.
              papers.push(bibPaper(e, null, now));
              fromFile++;
            } else failed.push({ id: e.id, reason: why[e.id]?.message ?? 'no metadata' });
          }
          await progress(known.length + i + batch.length, true);
        }
        const merged = await mergeImport(db, papers, { existing: 'add-tags' });
        changed(merged.addedIds, [], known.filter((e) => e.tags.length > 0).map((e) => e.id));
        await progress(entries.length, false);
        return { ok: true, added: merged.added, kept: merged.kept, fromFile, failed };
      } catch (error) {
        await progress(0, false);
        return { ok: false, error: t('nothingImported', messageOf(error)) };
      }
    },
    labelChanged: (id, on) => sync.labelChanged(id, on),
    syncNow: (reason = 'local') => sync.syncNow(reason),
    startSync: () => sync.start(),
  };
  return service;
}
