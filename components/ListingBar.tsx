/**
 * The listing bar (issue 11): counts, filters, sort, "mark all seen", the keys, and a quiet
 * progress line. Stateless: the content script owns the state and re-renders the bar.
 */
import { FILTERS, SORT_KEYS, type FilterName, type SortKey } from '@/utils/listing-triage';
import { t } from '@/utils/i18n';

export interface ListingCounts {
  papers: number;
  unseen: number;
  seen: number;
  matching: number;
  saved: number;
}

export interface ListingBarProps {
  counts: ListingCounts;
  filters: ReadonlySet<FilterName>;
  sort: SortKey;
  /** Sorts that can be applied now (issue 12 adds relevance). */
  availableSorts: ReadonlySet<SortKey>;
  progress: string;
  showKeys: boolean;
  allMarked: boolean;
  onFilter(name: FilterName, on: boolean): void;
  onSort(sort: SortKey): void;
  onMarkAllSeen(): void;
  onToggleKeys(): void;
}

/** The keys and what each does (read when the help opens, so the words come from the messages file). */
function keys(): [string, string][] {
  return [
    ['j / k', t('keyNextPrevious')],
    ['s', t('keySave')],
    ['x', t('keyNotInterested')],
    ['u', t('keyUnseenOnly')],
    ['r', t('keyRelevanceOrder')],
    ['a', t('keyAbstract')],
    ['o', t('keyOpenAbstractPage')],
    ['f', t('keyFullFigure')],
    ['?', t('keyTheseKeys')],
  ];
}

function filterLabel(name: FilterName): string {
  switch (name) {
    case 'unseen':
      return t('filterUnseen');
    case 'matching':
      return t('filterMatching');
    case 'theorems':
      return t('filterTheorems');
    case 'figure':
      return t('filterFigure');
    case 'saved':
      return t('filterSaved');
    case 'hide-replacements':
      return t('filterHideReplacements');
  }
}

function sortLabel(key: SortKey): string {
  switch (key) {
    case 'arxiv':
      return t('sortArxiv');
    case 'theorems':
      return t('sortTheorems');
    case 'relevance':
      return t('sortRelevance');
  }
}

const nf = (n: number) => n.toLocaleString('en');

export function ListingBar(props: ListingBarProps) {
  const { counts } = props;
  const count = (part: string, n: number, label: string) => (
    <span>
      <b data-pith={part}>{nf(n)}</b> <span class="label">{label}</span>
    </span>
  );
  return (
    <div class="bar" data-pith="listing-bar" role="region" aria-label={t('listingBarLabel')}>
      <span class="counts">
        {count('count-papers', counts.papers, t('countPapers'))}
        {count('count-unseen', counts.unseen, t('countUnseen'))}
        {count('count-seen', counts.seen, t('countSeen'))}
        {count('count-matching', counts.matching, t('countMatching'))}
        {count('count-saved', counts.saved, t('countSaved'))}
      </span>
      <fieldset class="filters">
        <legend>{t('filtersLegend')}</legend>
        {FILTERS.map((name) => (
          <label key={name}>
            <input
              type="checkbox"
              name={name}
              checked={props.filters.has(name)}
              onChange={(e) => props.onFilter(name, (e.currentTarget as HTMLInputElement).checked)}
            />
            {filterLabel(name)}
          </label>
        ))}
      </fieldset>
      <label class="sort">
        {t('sortLabel')}
        <select name="sort" value={props.sort} onChange={(e) => props.onSort((e.currentTarget as HTMLSelectElement).value as SortKey)}>
          {SORT_KEYS.map((key) => (
            <option key={key} value={key} disabled={!props.availableSorts.has(key)} title={props.availableSorts.has(key) ? undefined : t('sortNotAvailable')}>
              {sortLabel(key)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-pith="mark-all-seen" onClick={props.onMarkAllSeen} disabled={props.allMarked}>
        {props.allMarked ? t('allMarkedSeen') : t('markAllSeen')}
      </button>
      <button type="button" data-pith="keys-toggle" aria-expanded={props.showKeys ? 'true' : 'false'} onClick={props.onToggleKeys} title={t('keysTitle')}>
        ?
      </button>
      {props.showKeys && (
        <ul class="keys" data-pith="keys">
          {keys().map(([k, what]) => (
            <li key={k}>
              <kbd>{k}</kbd> {what}
            </li>
          ))}
        </ul>
      )}
      <p class="progress" data-pith="progress" aria-live="polite">
        {props.progress}
      </p>
    </div>
  );
}
