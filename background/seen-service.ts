/**
 * Triage state in the background (issue 11): seen papers and "not interested" labels. The
 * content script batches its sightings (about one message a second) and asks once per page
 * what it needs to decide which cards collapse; each batch is one database transaction, so a
 * worker restart loses at most the batch in flight.
 */
import type { BackgroundRes, ToBackground } from '@/utils/messaging';
import type { PithDb } from './db/schema';
import { listingOf, lookupLabels, lookupSeen, recordSightings, setNotInterested } from './db/seen';

export interface SeenService {
  lookup(ids: readonly string[]): Promise<BackgroundRes<'triage:lookup'>>;
  mark(sightings: ToBackground['seen:mark']['req']['sightings']): Promise<void>;
  notInterested(id: string, on: boolean): Promise<void>;
}

/** Most ids one message may carry (a 2,000-entry listing sends a few). */
const MAX_IDS = 5_000;

function checkIds(ids: readonly unknown[]): string[] {
  if (ids.length > MAX_IDS) throw new Error(`At most ${MAX_IDS} ids per message.`);
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length < 64);
}

/**
 * The saved rows among these ids: the library's keys in one request (10,000 ids read in a few
 * ms), then a get for each listing paper that is saved, rather than a get per listing id.
 */
async function savedOf(db: PithDb, ids: readonly string[]) {
  const saved = new Set(await db.saved.toCollection().primaryKeys());
  const hits = ids.filter((id) => saved.has(id));
  return hits.length === 0 ? [] : db.saved.bulkGet(hits);
}

export function createSeenService(db: PithDb): SeenService {
  return {
    async lookup(rawIds) {
      const ids = checkIds(rawIds);
      const [seen, labels, saved] = await Promise.all([lookupSeen(db, ids), lookupLabels(db, ids), savedOf(db, ids)]);
      const out: BackgroundRes<'triage:lookup'> = { seen: {}, notInterested: labels.map((l) => l.id), savedVersions: {} };
      for (const [id, e] of seen) out.seen[id] = { firstSeen: e.firstSeen, section: e.section, category: e.category, listing: e.listing };
      for (const row of saved) if (row) out.savedVersions[row.id] = row.version ?? null;
      return out;
    },
    async mark(sightings) {
      const valid = sightings.filter(
        (s) => s && typeof s.id === 'string' && s.id.length > 0 && s.id.length < 64 && typeof s.url === 'string',
      );
      if (valid.length > MAX_IDS) throw new Error(`At most ${MAX_IDS} sightings per message.`);
      await recordSightings(
        db,
        valid.map((s) => ({
          id: s.id,
          listing: listingOf(s.url),
          section: typeof s.section === 'string' ? s.section.slice(0, 40) : null,
          category: typeof s.category === 'string' ? s.category.slice(0, 40) : null,
        })),
      );
    },
    notInterested: (id, on) => setNotInterested(db, id, on),
  };
}
