import { SORT_KEYS, isSortKey, type SortKey } from '@/utils/library-query';
import { t } from '@/utils/i18n';

function sortLabel(key: SortKey): string {
  switch (key) {
    case 'saved':
      return t('librarySortSaved');
    case 'published':
      return t('librarySortPublished');
    case 'title':
      return t('librarySortTitle');
  }
}

interface LibrarySearchProps {
  query: string;
  sort: SortKey;
  onQuery(query: string): void;
  onSort(sort: SortKey): void;
  /** Rows matching the query (null: still reading the library to search it), and the library's size (for the live count). */
  shown: number | null;
  total: number;
  /** The box got focus: a search is likely, so its index can start loading. */
  onFocus?(): void;
}

/** Search-as-you-type box and sort order of the library. Filtering happens on every input event. */
export function LibrarySearch({ query, sort, onQuery, onSort, shown, total, onFocus }: LibrarySearchProps) {
  const searching = query.trim() !== '';
  return (
    <div class="library-search" role="search">
      <label class="visually-hidden" for="pith-library-search">
        {t('searchLabel')}
      </label>
      <input
        id="pith-library-search"
        type="search"
        data-pith="library-search"
        placeholder={t('searchPlaceholder')}
        autocomplete="off"
        spellcheck={false}
        value={query}
        onFocus={onFocus}
        onInput={(e) => onQuery((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && query !== '') {
            e.preventDefault();
            onQuery('');
          }
        }}
      />
      <div class="library-search-row">
        <p class="library-count" aria-live="polite" aria-atomic="true">
          {!searching ? t('countSavedTotal', total) : shown === null ? t('countSearching', total) : t('countShown', shown, total)}
        </p>
        <label class="library-sort">
          <span>{t('librarySortLabel')}</span>
          <select
            name="sort"
            value={sort}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              if (isSortKey(v)) onSort(v);
            }}
          >
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {sortLabel(k)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
