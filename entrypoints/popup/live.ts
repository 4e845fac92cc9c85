import { useLayoutEffect, useState } from 'preact/hooks';
import Dexie, { liveQuery, type ObservabilitySet } from 'dexie';

export interface Live<T> {
  /** undefined until the first read completes (or while `query` is null). */
  value: T | undefined;
  error: string | null;
}

/**
 * A Dexie liveQuery as state: re-read whenever what it read changes in the database (a save
 * on a card, a removal, an import). `query` null = not wanted yet; `deps` re-subscribe. A
 * layout effect starts the read right after the commit; useEffect would wait a frame.
 */
export function useLive<T>(query: (() => Promise<T>) | null, deps: readonly unknown[]): Live<T> {
  const [state, setState] = useState<Live<T>>({ value: undefined, error: null });
  useLayoutEffect(() => {
    if (!query) return;
    let live = true;
    const sub = liveQuery(query).subscribe({
      next: (value) => live && setState({ value, error: null }),
      error: (err: unknown) =>
        live && setState((cur) => ({ value: cur.value, error: err instanceof Error ? err.message : String(err) })),
    });
    return () => {
      live = false;
      sub.unsubscribe();
    };
  }, [query === null, ...deps]);
  return query ? state : { value: undefined, error: null };
}

/**
 * A read re-run whenever the `saved` table changes (here, in the background or another page:
 * Dexie's `storagemutated` crosses contexts), and when `deps` change. Not a liveQuery on
 * purpose: Dexie keeps every result a liveQuery reads in its cache while subscribed, and a
 * scan of the whole library would then keep every row in memory, which is what the scan
 * exists to avoid; a liveQuery also files every key it read in a search tree, so that 10,000
 * ids read through one cost the popup ~50 ms before its first paint.
 */
export function useSavedScan<T>(db: Dexie, read: (() => Promise<T>) | null, deps: readonly unknown[] = []): Live<T> {
  const [state, setState] = useState<Live<T>>({ value: undefined, error: null });
  const [tick, setTick] = useState(0);
  const wanted = read !== null;
  useLayoutEffect(() => {
    if (!wanted) return;
    const prefix = `idb://${db.name}/saved/`;
    const onChange = (parts: ObservabilitySet) => {
      if (Object.keys(parts).some((key) => key.startsWith(prefix))) setTick((t) => t + 1);
    };
    Dexie.on('storagemutated', onChange);
    return () => Dexie.on('storagemutated').unsubscribe(onChange);
  }, [db, wanted]);
  useLayoutEffect(() => {
    if (!read) return;
    let live = true;
    read().then(
      (value) => live && setState({ value, error: null }),
      (err: unknown) => live && setState((cur) => ({ value: cur.value, error: err instanceof Error ? err.message : String(err) })),
    );
    return () => {
      live = false;
    };
  }, [wanted, tick, ...deps]);
  return read ? state : { value: undefined, error: null };
}
