/**
 * The reader's library, written only here (in the background): save, remove, restore,
 * import. Every change is announced to open tabs and mirrored to storage.sync, and ids that
 * arrive through sync from another browser are saved here with re-fetched snapshots.
 */
import { browser } from 'wxt/browser';
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { getSaved, listSavedIds, mergeImport, removeSaved, savePaper } from './db/library';
import { type PithDb } from './db/schema';
import { type SavedPaper } from '@/utils/saved-paper';
import { parseLibraryImport } from '@/utils/library-io';
import { sendTabMessage, type BackgroundRes } from '@/utils/messaging';
import type { MetadataService } from './metadata-service';
import { readSavedIdsFromSync, watchSyncedSavedIds, writeSavedIdsToSync } from './saved-sync';
import { extractTagline } from '@/utils/tagline';

export interface LibraryService {
  put(paper: Omit<SavedPaper, 'savedAt'>): Promise<BackgroundRes<'saved:put'>>;
  putById(id: string): Promise<BackgroundRes<'saved:put-by-id'>>;
  remove(id: string): Promise<BackgroundRes<'saved:remove'>>;
  restore(paper: SavedPaper): Promise<BackgroundRes<'saved:restore'>>;
  ids(): Promise<string[]>;
  importText(text: string): Promise<BackgroundRes<'library:import'>>;
  /** Save the ids another browser synced that this one lacks. */
  pullFromSync(): Promise<void>;
  startSync(): () => void;
}

/**
 * Ids this browser removed, so a sync pull does not bring them back from another browser's
 * (older) mirror. Kept in storage.local, newest 5,000.
 */
const TOMBSTONES_KEY = 'removedIds';
const TOMBSTONES_MAX = 5_000;

/** Defined on first use: defining an item reads storage at once (no code runs at import). */
let tombstonesItemOnce: WxtStorageItem<unknown, Record<string, never>> | undefined;
function tombstonesItem(): WxtStorageItem<unknown, Record<string, never>> {
  return (tombstonesItemOnce ??= storage.defineItem<unknown, Record<string, never>>(`local:${TOMBSTONES_KEY}`, {
    fallback: {},
  }));
}

async function readTombstones(): Promise<Record<string, number>> {
  const raw = await tombstonesItem().getValue();
  return raw && typeof raw === 'object' ? (raw as Record<string, number>) : {};
}

/** Apply a change to the tombstones and keep the newest TOMBSTONES_MAX. */
async function writeTombstones(change: (t: Record<string, number>) => void): Promise<void> {
  const tombstones = await readTombstones();
  change(tombstones);
  const newest = Object.entries(tombstones)
    .sort(([, a], [, b]) => b - a)
    .slice(0, TOMBSTONES_MAX);
  await tombstonesItem().setValue(Object.fromEntries(newest));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tell every tab; tabs without our content script simply do not answer. */
async function broadcast(added: string[], removed: string[]): Promise<void> {
  if (added.length === 0 && removed.length === 0) return;
  const tabs = await browser.tabs.query({}).catch(() => []);
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined ? undefined : sendTabMessage(tab.id, 'saved:changed', { added, removed }).catch(() => undefined),
    ),
  );
}

export function createLibraryService(db: PithDb, metadata: MetadataService): LibraryService {
  let mirrorTimer: ReturnType<typeof setTimeout> | null = null;
  /** Tombstone writes run one after another, so two quick removals never lose one. */
  let tombstoneChain: Promise<void> = Promise.resolve();
  const updateTombstones = (change: (t: Record<string, number>) => void): Promise<void> => {
    tombstoneChain = tombstoneChain.catch(() => undefined).then(() => writeTombstones(change));
    return tombstoneChain;
  };

  /** Mirror ids to sync, coalesced: sync has a per-minute write quota. */
  const scheduleMirror = () => {
    if (mirrorTimer) clearTimeout(mirrorTimer);
    mirrorTimer = setTimeout(() => {
      mirrorTimer = null;
      void listSavedIds(db)
        .then((ids) => writeSavedIdsToSync(ids))
        .catch((error) => console.warn('[arXiv Pith] could not mirror the library to sync:', error));
    }, 2_000);
  };

  const changed = (added: string[], removed: string[]) => {
    scheduleMirror();
    void broadcast(added, removed);
    void updateTombstones((t) => {
      for (const id of added) delete t[id];
      for (const id of removed) t[id] = Date.now();
    }).catch(() => undefined);
  };

  const service: LibraryService = {
    async put(paper) {
      try {
        const existing = await getSaved(db, paper.id);
        await savePaper(db, { ...paper, savedAt: existing?.savedAt ?? Date.now() });
        changed([paper.id], []);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
    async putById(id) {
      const { papers, failed } = await metadata.get([id], 'visible');
      const meta = papers[id];
      if (!meta) return { ok: false, message: failed[id]?.message ?? 'Could not fetch this paper from arXiv.' };
      const tagline = extractTagline({ title: meta.title, abstract: meta.abstract });
      const result = await service.put({ ...meta, tagline, theorems: null, figureCount: null, firstFigure: null });
      return result.ok ? { ok: true, title: meta.title } : result;
    },
    async remove(id) {
      const removed = (await removeSaved(db, id)) ?? null;
      if (removed) changed([], [id]);
      return { removed };
    },
    async restore(paper) {
      try {
        // Puts the record back exactly, original `savedAt` included.
        await savePaper(db, paper);
        changed([paper.id], []);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
    ids: () => listSavedIds(db),
    async importText(text) {
      const parsed = parseLibraryImport(text);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      try {
        const merged = await mergeImport(db, parsed.papers);
        changed(merged.addedIds, []);
        return { ok: true, added: merged.added, kept: merged.kept, skipped: parsed.skipped };
      } catch (error) {
        return { ok: false, error: `Nothing was imported: ${messageOf(error)}` };
      }
    },
    async pullFromSync() {
      const synced = await readSavedIdsFromSync();
      if (synced.ids.length === 0) return;
      const local = new Set(await listSavedIds(db));
      const removedHere = await readTombstones();
      const missing = synced.ids.filter((id) => !local.has(id) && !(id in removedHere));
      if (missing.length === 0) return;
      const { papers } = await metadata.get(missing, 'prefetch');
      const added: string[] = [];
      for (const id of missing) {
        const meta = papers[id];
        if (!meta) continue; // fetched again on the next sync change or start-up
        const tagline = extractTagline({ title: meta.title, abstract: meta.abstract });
        await savePaper(db, { ...meta, tagline, theorems: null, figureCount: null, firstFigure: null, savedAt: Date.now() });
        added.push(id);
      }
      if (added.length > 0) void broadcast(added, []);
    },
    startSync() {
      void service.pullFromSync().catch((error) => console.warn('[arXiv Pith] sync pull failed:', error));
      return watchSyncedSavedIds(() => void service.pullFromSync().catch(() => undefined));
    },
  };
  return service;
}
