/**
 * The `seen` and `labels` tables (schema version 2): what listings showed the reader and
 * what they said about it. Written only by the background (background/seen-service.ts).
 */
import type { LabelRow, PithDb, SeenRow } from './schema';
import { SEEN_LIMIT } from './schema';

/** One sighting as the content script reports it. */
export interface Sighting {
  id: string;
  url: string;
  section: string | null;
  category: string | null;
}

/**
 * Record a batch of sightings in one transaction: a new id gets its first-seen time and
 * place, a known one only its `lastSeen`. Then the table is brought back to `limit` rows,
 * least recently seen first. Only `seen` is touched: the library (`saved`) and the labels
 * never are.
 */
export async function recordSightings(db: PithDb, sightings: readonly Sighting[], now = Date.now(), limit = SEEN_LIMIT): Promise<void> {
  if (sightings.length === 0) return;
  const unique = new Map<string, Sighting>();
  for (const s of sightings) if (!unique.has(s.id)) unique.set(s.id, s);
  const ids = [...unique.keys()];
  await db.transaction('rw', db.seen, async () => {
    const existing = await db.seen.bulkGet(ids);
    const rows: SeenRow[] = ids.map((id, i) => {
      const old = existing[i];
      if (old) return { ...old, lastSeen: Math.max(old.lastSeen, now) };
      const s = unique.get(id)!;
      return { id, firstSeen: now, lastSeen: now, url: s.url, section: s.section, category: s.category };
    });
    await db.seen.bulkPut(rows);
    const excess = (await db.seen.count()) - limit;
    if (excess > 0) await db.seen.bulkDelete(await db.seen.orderBy('lastSeen').limit(excess).primaryKeys());
  });
}

/** The seen rows of these ids that exist, by id. */
export async function lookupSeen(db: PithDb, ids: readonly string[]): Promise<Map<string, SeenRow>> {
  const rows = await db.seen.bulkGet([...ids]);
  const out = new Map<string, SeenRow>();
  for (const row of rows) if (row) out.set(row.id, row);
  return out;
}

export async function setNotInterested(db: PithDb, id: string, on: boolean, now = Date.now()): Promise<void> {
  if (on) await db.labels.put({ id, label: 'not-interested', at: now });
  else await db.labels.delete(id);
}

export async function lookupLabels(db: PithDb, ids: readonly string[]): Promise<LabelRow[]> {
  return (await db.labels.bulkGet([...ids])).filter((r): r is LabelRow => r !== undefined);
}
