import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '@/background/db/schema';
import { readSavedRows, savedIdsInOrder, scanSaved } from '@/background/db/library';
import { toSavedPaper, toSavedRow, type SavedPaper, type SavedRow } from '@/utils/saved-paper';
import { IncrementalFilter, queryTerms, type SortKey } from '@/utils/library-query';
import { sendMessage } from '@/utils/messaging';
import { LibrarySearch } from '@/components/LibrarySearch';
import { LibraryTransfer } from '@/components/LibraryTransfer';
import { SavedList } from '@/components/SavedList';
import { useLiveSettings } from '@/components/LiveSettings';
import { SavedEditor } from '@/components/SavedEditor';
import { tagCounts } from '@/utils/tags';
import { SaveCurrentTab } from './SaveCurrentTab';
import { t, tParts } from '@/utils/i18n';
import { useLive, useSavedScan } from './live';

/** Rows read first, so the list paints before anything else is read. */
const FIRST_PAGE = 20;
/** Rows kept in memory beyond the ones on show (scrolling back shows them at once). */
const ROW_CACHE_LIMIT = 200;
/** How long the "Undo" toast stays. */
export const UNDO_MS = 10_000;

/** Popup/benchmark timing marks (read with performance.getEntriesByName). */
export const MARK_LIST_PAINTED = 'pith:list-painted';
export const MARK_LIBRARY_LOADED = 'pith:library-loaded';

interface Removed {
  paper: SavedPaper;
  timer: ReturnType<typeof setTimeout>;
}

/** The popup's own changes, shown before the database confirms them (a removal, an undo). */
interface Pending {
  hidden: ReadonlySet<string>;
  added: readonly SavedRow[];
}

type SearchEntry = Pick<SavedRow, 'id' | 'searchText'>;

/**
 * The library popup. It never holds the whole library: the order comes from the sort's index
 * (ids only), the rows on show are read by id as the list scrolls, and what no index holds is
 * scanned in small chunks, keeping one small value per paper: the tags (for the tag filter)
 * once the list has painted, the search text once the search box is used. All of it is a
 * liveQuery, so a save on any card, a removal or an import shows up here at once.
 */
export function App() {
  const db = getDb();
  const { settings } = useLiveSettings();
  const [query, setQuery] = useState('');
  /** The tag filter: null = every paper. */
  const [tag, setTag] = useState<string | null>(null);
  const [editing, setEditing] = useState<SavedPaper | null>(null);
  const [sort, setSort] = useState<SortKey>('saved');
  const [removed, setRemoved] = useState<Removed | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState<Pending>({ hidden: new Set(), added: [] });
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const [listPainted, setListPainted] = useState(false);
  const [searchWanted, setSearchWanted] = useState(false);
  const filter = useRef(new IncrementalFilter<SearchEntry>());
  const rowCache = useRef(new Map<string, SavedRow>());

  // A first screenful in the default order, before even the ids are read.
  const head = useLive(() => db.saved.orderBy('savedAt').reverse().limit(FIRST_PAGE).toArray(), []);
  // Every id in the sort's order: any change to the library changes it, so it is re-read on
  // each change rather than tracked key by key as a liveQuery would (see useSavedScan). Read
  // after the first screenful: IndexedDB answers one request at a time, and 10,000 keys ahead
  // of the 20 rows on show would hold the first paint back.
  const headDone = head.value !== undefined || head.error !== null;
  const order = useSavedScan(db, headDone || sort !== 'saved' ? () => savedIdsInOrder(db, sort) : null, [sort]);
  // Tags are in no index: read once the list is on screen, so they never delay it.
  const tagsById = useSavedScan(db, listPainted || order.value?.length === 0 ? () => scanSaved(db, (r) => r.tags ?? []) : null);
  const searchIndex = useSavedScan(
    db,
    searchWanted || query.trim() !== '' ? () => scanSaved(db, (r): SearchEntry => ({ id: r.id, searchText: r.searchText })) : null,
  );
  useEffect(() => {
    if (tagsById.value) performance.mark(MARK_LIBRARY_LOADED);
  }, [tagsById.value]);

  // Forget pending changes once the database shows them.
  useEffect(() => {
    const ids = order.value;
    if (!ids) return;
    setPending((cur) => {
      if (cur.hidden.size === 0 && cur.added.length === 0) return cur;
      const present = new Set(ids);
      const hidden = new Set([...cur.hidden].filter((id) => present.has(id)));
      const added = cur.added.filter((a) => !present.has(a.id));
      return hidden.size === cur.hidden.size && added.length === cur.added.length ? cur : { hidden, added };
    });
  }, [order.value]);

  const baseIds = order.value ?? (head.value && sort === 'saved' ? head.value.map((r) => r.id) : null);
  const currentIds = useMemo(() => {
    if (!baseIds) return null;
    if (pending.hidden.size === 0 && pending.added.length === 0) return baseIds;
    const out = baseIds.filter((id) => !pending.hidden.has(id));
    const present = new Set(baseIds);
    for (const a of pending.added) if (!present.has(a.id) && !pending.hidden.has(a.id)) out.push(a.id);
    return out;
  }, [baseIds, pending]);
  const addedById = useMemo(() => new Map(pending.added.map((r) => [r.id, r] as const)), [pending.added]);

  const tagsOf = useCallback(
    (id: string): readonly string[] => addedById.get(id)?.tags ?? tagsById.value?.get(id) ?? [],
    [addedById, tagsById.value],
  );
  const tags = useMemo(
    () => (tagsById.value && currentIds ? tagCounts(currentIds.map((id) => ({ tags: tagsOf(id) }))) : []),
    [tagsById.value, currentIds, tagsOf],
  );
  // A tag no paper carries any more (its last paper removed) stops filtering.
  const activeTag = tag !== null && tags.some((entry) => entry.tag === tag) ? tag : null;
  const tagged = useMemo(
    () => (currentIds && activeTag !== null ? currentIds.filter((id) => tagsOf(id).includes(activeTag)) : currentIds),
    [currentIds, activeTag, tagsOf],
  );
  const taggedEntries = useMemo(() => {
    const index = searchIndex.value;
    if (!tagged || !index) return null;
    const out: SearchEntry[] = [];
    for (const id of tagged) {
      const entry = addedById.get(id) ?? index.get(id);
      if (entry) out.push(entry);
    }
    return out;
  }, [tagged, searchIndex.value, addedById]);
  const searchingText = queryTerms(query).length > 0;
  const listed: readonly string[] | null = useMemo(() => {
    if (!searchingText) return tagged;
    if (!taggedEntries) return null;
    return filter.current.filter(taggedEntries, query).map((e) => e.id);
  }, [searchingText, tagged, taggedEntries, query]);
  const searching = query.trim() !== '' || activeTag !== null;
  const total = order.value ? (currentIds?.length ?? null) : null;

  // The rows on show, read by id; the cache keeps recent ones so scrolling back is instant.
  const windowIds = useMemo(() => (listed ? listed.slice(range[0], range[1]) : []), [listed, range]);
  const windowKey = windowIds.join('\u0000');
  const windowRows = useLive(windowIds.length > 0 ? () => readSavedRows(db, windowIds) : null, [windowKey]);
  const cache = rowCache.current;
  for (const row of head.value ?? []) if (!cache.has(row.id)) cache.set(row.id, row);
  if (windowRows.value) {
    for (const id of windowIds) {
      const row = windowRows.value.get(id);
      if (row) cache.set(id, row);
    }
  }
  if (cache.size > ROW_CACHE_LIMIT + windowIds.length) {
    const keep = new Set(windowIds);
    for (const id of cache.keys()) if (!keep.has(id) && cache.size > ROW_CACHE_LIMIT) cache.delete(id);
  }
  const rowOf = useCallback((id: string): SavedRow | undefined => addedById.get(id) ?? cache.get(id), [addedById, cache, windowRows.value, head.value]);
  const paperAt = useCallback((i: number) => (listed ? rowOf(listed[i] ?? '') : undefined), [listed, rowOf]);
  const onRange = useCallback((start: number, end: number) => setRange((cur) => (cur[0] === start && cur[1] === end ? cur : [start, end])), []);

  const savedIds = useMemo(() => new Set(order.value ?? []), [order.value]);
  const isSaved = useCallback((id: string) => savedIds.has(id) && !pending.hidden.has(id), [savedIds, pending.hidden]);

  // The first rows are in the DOM now; the mark lands in the frame that paints them.
  const firstRowShown = listed !== null && listed.length > 0 && paperAt(0) !== undefined;
  useLayoutEffect(() => {
    if (listPainted || !firstRowShown) return;
    requestAnimationFrame(() => {
      performance.mark(MARK_LIST_PAINTED);
      setListPainted(true);
    });
  }, [firstRowShown, listPainted]);

  const error = order.error ?? head.error ?? windowRows.error ?? tagsById.error ?? searchIndex.error;
  /** Whole rows of `ids`, in that order (exporting the search results). */
  const loadRows = async (ids: readonly string[]): Promise<SavedRow[]> => {
    const rows = await readSavedRows(db, ids);
    return ids.flatMap((id) => rows.get(id) ?? addedById.get(id) ?? []);
  };

  useEffect(() => () => removed && clearTimeout(removed.timer), [removed]);

  const hide = (id: string, on: boolean) =>
    setPending((cur) => {
      const hidden = new Set(cur.hidden);
      if (on) hidden.add(id);
      else hidden.delete(id);
      return { hidden, added: on ? cur.added.filter((a) => a.id !== id) : cur.added };
    });

  const onRemove = useCallback(async (paper: SavedPaper) => {
    hide(paper.id, true);
    try {
      const res = await sendMessage('saved:remove', { id: paper.id });
      // The background's snapshot is the exact record to restore; fall back to the row read here.
      const snapshot = res.removed ?? toSavedPaper(paper);
      const timer = setTimeout(() => setRemoved((cur) => (cur?.paper === snapshot ? null : cur)), UNDO_MS);
      setRemoved({ paper: snapshot, timer });
      setNotice(null);
    } catch (err) {
      hide(paper.id, false);
      setNotice({ kind: 'error', text: t('couldNotRemove', err instanceof Error ? err.message : String(err)) });
    }
  }, []);

  async function saveEdit(paper: SavedPaper, change: { tags: string[]; note: string }) {
    try {
      const res = await sendMessage('saved:update', { id: paper.id, ...change });
      if (!res.ok) throw new Error(res.message);
      setEditing(null);
    } catch (err) {
      setNotice({ kind: 'error', text: t('couldNotSaveTagsNote', err instanceof Error ? err.message : String(err)) });
    }
  }

  async function undo() {
    if (!removed) return;
    const { paper, timer } = removed;
    clearTimeout(timer);
    setRemoved(null);
    const row = toSavedRow(paper);
    // Show it back at once; the database catches up.
    setPending((cur) => {
      const hidden = new Set(cur.hidden);
      hidden.delete(paper.id);
      return { hidden, added: [...cur.added.filter((a) => a.id !== paper.id), row] };
    });
    const failed = (text: string) => {
      setPending((cur) => ({ hidden: cur.hidden, added: cur.added.filter((a) => a !== row) }));
      setNotice({ kind: 'error', text: t('couldNotRestore', text) });
    };
    try {
      const res = await sendMessage('saved:restore', { paper });
      if (!res.ok) failed(res.message);
    } catch (err) {
      failed(err instanceof Error ? err.message : String(err));
    }
  }

  async function openSettings() {
    try {
      await browser.runtime.openOptionsPage();
      window.close();
    } catch {
      // Some browsers (or tests) lack it; the page is still reachable from the extensions page.
      setNotice({ kind: 'error', text: t('couldNotOpenSettings') });
    }
  }

  const empty = total === 0;
  return (
    <div class="popup">
      <header class="popup-header">
        <h1>
          {t('popupHeading')} <span class="popup-subtitle">{t('popupSubtitle')}</span>
        </h1>
        <button type="button" class="settings-button" onClick={() => void openSettings()} data-pith="open-settings">
          <span aria-hidden="true">⚙</span> {t('settingsButton')}
        </button>
      </header>

      <main class="popup-main">
        <SaveCurrentTab isSaved={isSaved} ready={order.value !== undefined} />
        {!empty && (
          <LibrarySearch
            query={query}
            sort={sort}
            onQuery={setQuery}
            onSort={setSort}
            shown={listed?.length ?? null}
            total={total ?? head.value?.length ?? 0}
            onFocus={() => setSearchWanted(true)}
          />
        )}
        {tags.length > 0 && (
          <label class="tag-filter">
            <span>{t('tagFilterLabel')}</span>
            <select
              name="tagFilter"
              data-pith="tag-filter"
              value={activeTag ?? ''}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                setTag(v === '' ? null : v);
              }}
            >
              <option value="">{t('tagFilterAll')}</option>
              {tags.map((entry) => (
                <option key={entry.tag} value={entry.tag}>
                  {t('tagFilterOption', entry.tag, entry.count)}
                </option>
              ))}
            </select>
          </label>
        )}
        {error !== null && (
          <p class="status-error" role="alert">
            {t('couldNotReadLibrary', error)}
          </p>
        )}
        {empty ? (
          <div class="empty-state" data-pith="library-empty">
            <h2>{t('emptyHeading')}</h2>
            <p>
              {tParts(
                'emptyHowTo',
                <a key="listing" href="https://arxiv.org/list/math.OC/new" target="_blank" rel="noopener noreferrer">arxiv.org/list/math.OC/new</a>,
                <strong key="save">{t('save')}</strong>,
                <kbd key="key">s</kbd>,
              )}
            </p>
            <p>{t('emptyWhatFor')}</p>
          </div>
        ) : listed === null ? (
          <p class="loading" role="status">
            {searchingText && tagged ? t('readingLibraryToSearch') : t('loadingLibrary')}
          </p>
        ) : listed.length === 0 ? (
          <p class="no-matches" role="status">
            {query.trim() === ''
              ? t('noMatchTag')
              : activeTag === null
                ? t('noMatchQuery', query.trim())
                : t('noMatchQueryTag', query.trim(), activeTag)}
          </p>
        ) : (
          <SavedList
            count={listed.length}
            paperAt={paperAt}
            onRange={onRange}
            renderMath={settings.renderMath}
            onRemove={onRemove}
            onEdit={setEditing}
            resetKey={`${sort}\u0000${query}\u0000${activeTag ?? ''}`}
            label={searching ? t('listMatching') : t('listAll')}
          />
        )}
      </main>

      <footer class="popup-footer">
        <LibraryTransfer
          idPrefix="popup"
          loadAll={() => db.saved.orderBy('savedAt').reverse().toArray()}
          total={total ?? 0}
          shown={searching && listed ? { count: listed.length, load: () => loadRows(listed) } : null}
        />
      </footer>

      {editing && (
        <SavedEditor
          paper={rowOf(editing.id) ?? editing}
          knownTags={tags.map((entry) => entry.tag)}
          onSave={(change) => saveEdit(editing, change)}
          onClose={() => setEditing(null)}
        />
      )}

      <div class="toast-region" aria-live="polite">
        {removed && (
          <div class="toast" data-pith="undo-toast" role="status">
            <span class="toast-text">{t('removedToast', removed.paper.title.length > 48 ? `${removed.paper.title.slice(0, 45)}…` : removed.paper.title)}</span>
            <button type="button" data-pith="undo" onClick={() => void undo()}>
              {t('undo')}
            </button>
          </div>
        )}
        {!removed && notice && (
          <div class={`toast status-${notice.kind}`} role="alert">
            <span class="toast-text">{notice.text}</span>
            <button type="button" aria-label={t('dismiss')} onClick={() => setNotice(null)}>
              ✕
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
