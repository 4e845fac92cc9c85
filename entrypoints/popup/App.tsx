import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { getDb } from '@/background/db/schema';
import { toSavedPaper, toSavedRow, type SavedPaper, type SavedRow } from '@/utils/saved-paper';
import {
  IncrementalFilter,
  applyPending,
  settlePending,
  sortRows,
  type PendingChanges,
  type SortKey,
} from '@/utils/library-query';
import { sendMessage } from '@/utils/messaging';
import { LibrarySearch } from '@/components/LibrarySearch';
import { LibraryTransfer } from '@/components/LibraryTransfer';
import { SavedList } from '@/components/SavedList';
import { useLiveSettings } from '@/components/LiveSettings';
import { SavedEditor } from '@/components/SavedEditor';
import { tagCounts, withTag } from '@/utils/tags';
import { SaveCurrentTab } from './SaveCurrentTab';
import { t, tParts } from '@/utils/i18n';

/** Rows read first, so the list paints before the whole library has been read. */
const FIRST_PAGE = 20;
/** How long the "Undo" toast stays. */
export const UNDO_MS = 10_000;

/** Popup/benchmark timing marks (read with performance.getEntriesByName). */
export const MARK_LIST_PAINTED = 'pith:list-painted';
export const MARK_LIBRARY_LOADED = 'pith:library-loaded';

/**
 * The saved library, newest saved first, read directly from IndexedDB (same extension
 * origin) and kept live with Dexie's liveQuery: a save on any card, a removal or an import
 * shows up here at once. `null` until the first read completes.
 */
function useLibrary(): { rows: SavedRow[] | null; head: SavedRow[] | null; error: string | null } {
  const [rows, setRows] = useState<SavedRow[] | null>(null);
  const [head, setHead] = useState<SavedRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A layout effect starts the reads right after the first commit; useEffect would wait a frame.
  useLayoutEffect(() => {
    const db = getDb();
    let live = true;
    // A first screenful, cheap even with 10,000 papers; the full read follows.
    db.saved
      .orderBy('savedAt')
      .reverse()
      .limit(FIRST_PAGE)
      .toArray()
      .then(
        (first) => live && setHead(first),
        () => undefined,
      );
    const sub = liveQuery(() => db.saved.orderBy('savedAt').reverse().toArray()).subscribe({
      next: (all) => {
        if (!live) return;
        setRows(all);
        setError(null);
        performance.mark(MARK_LIBRARY_LOADED);
      },
      error: (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    });
    return () => {
      live = false;
      sub.unsubscribe();
    };
  }, []);

  return { rows, head, error };
}

interface Removed {
  paper: SavedPaper;
  timer: ReturnType<typeof setTimeout>;
}

export function App() {
  const { settings } = useLiveSettings();
  const { rows, head, error } = useLibrary();
  const [query, setQuery] = useState('');
  /** The tag filter: null = every paper. */
  const [tag, setTag] = useState<string | null>(null);
  const [editing, setEditing] = useState<SavedPaper | null>(null);
  const [sort, setSort] = useState<SortKey>('saved');
  const [removed, setRemoved] = useState<Removed | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const filter = useRef(new IncrementalFilter<SavedRow>());
  const painted = useRef(false);

  const [pending, setPending] = useState<PendingChanges<SavedRow>>({ hidden: new Set(), added: [] });
  // Forget pending changes once the database shows them.
  useEffect(() => {
    if (rows) setPending((cur) => settlePending(rows, cur));
  }, [rows]);
  const current = useMemo(() => (rows ? applyPending(rows, pending) : null), [rows, pending]);

  const tags = useMemo(() => (current ? tagCounts(current) : []), [current]);
  // A tag no paper carries any more (its last paper removed) stops filtering.
  const activeTag = tag !== null && tags.some((entry) => entry.tag === tag) ? tag : null;
  const sorted = useMemo(() => (current ? sortRows(current, sort) : null), [current, sort]);
  const tagged = useMemo(() => (sorted ? withTag(sorted, activeTag) : null), [sorted, activeTag]);
  const shown = useMemo(() => (tagged ? filter.current.filter(tagged, query) : null), [tagged, query]);
  const searching = query.trim() !== '' || activeTag !== null;

  // Before the full read: the first page, valid only for the default order and no search.
  const listed: readonly SavedRow[] | null = shown ?? (head && sort === 'saved' && !searching ? head : null);
  const total = current?.length ?? null;

  const savedIds = useMemo(() => new Set(current?.map((r) => r.id) ?? []), [current]);
  const isSaved = useCallback((id: string) => savedIds.has(id), [savedIds]);

  // The rows are in the DOM now; the mark lands in the frame that paints them.
  useLayoutEffect(() => {
    if (painted.current || !listed || listed.length === 0) return;
    painted.current = true;
    requestAnimationFrame(() => performance.mark(MARK_LIST_PAINTED));
  }, [listed]);

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
        <SaveCurrentTab isSaved={isSaved} ready={rows !== null} />
        {!empty && (
          <LibrarySearch
            query={query}
            sort={sort}
            onQuery={setQuery}
            onSort={setSort}
            shown={shown?.length ?? 0}
            total={total ?? head?.length ?? 0}
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
            {t('loadingLibrary')}
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
            papers={listed}
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
          loadAll={() => current ?? getDb().saved.orderBy('savedAt').reverse().toArray()}
          total={total ?? 0}
          shown={searching ? shown : null}
        />
      </footer>

      {editing && (
        <SavedEditor
          paper={current?.find((r) => r.id === editing.id) ?? editing}
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
