import { useLayoutEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';

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
