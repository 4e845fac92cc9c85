/**
 * The listing bar (issue 11): counts, filters, sort, "mark all seen", the keys, and a quiet
 * progress line. Stateless: the content script owns the state and re-renders the bar.
 */
import { FILTERS, FILTER_LABELS, SORTS, SORT_KEYS, type FilterName, type SortKey } from '@/utils/listing-triage';

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

const KEYS: [string, string][] = [
  ['j / k', 'next / previous card'],
  ['s', 'save'],
  ['x', 'not interested'],
  ['u', 'unseen only'],
  ['r', 'relevance order / arXiv order'],
  ['a', 'abstract'],
  ['o', 'open abstract page'],
  ['f', 'full figure'],
  ['?', 'these keys'],
];

const nf = (n: number) => n.toLocaleString('en');

export function ListingBar(props: ListingBarProps) {
  const { counts } = props;
  const count = (part: string, n: number, label: string) => (
    <span>
      <b data-pith={part}>{nf(n)}</b> <span class="label">{label}</span>
    </span>
  );
  return (
    <div class="bar" data-pith="listing-bar" role="region" aria-label="arXiv Pith listing bar">
      <span class="counts">
        {count('count-papers', counts.papers, 'papers')}
        {count('count-unseen', counts.unseen, 'unseen')}
        {count('count-seen', counts.seen, 'seen before')}
        {count('count-matching', counts.matching, 'matching')}
        {count('count-saved', counts.saved, 'saved')}
      </span>
      <fieldset class="filters">
        <legend>Show</legend>
        {FILTERS.map((name) => (
          <label key={name}>
            <input
              type="checkbox"
              name={name}
              checked={props.filters.has(name)}
              onChange={(e) => props.onFilter(name, (e.currentTarget as HTMLInputElement).checked)}
            />
            {FILTER_LABELS[name]}
          </label>
        ))}
      </fieldset>
      <label class="sort">
        sort
        <select name="sort" value={props.sort} onChange={(e) => props.onSort((e.currentTarget as HTMLSelectElement).value as SortKey)}>
          {SORT_KEYS.map((key) => (
            <option key={key} value={key} disabled={!props.availableSorts.has(key)} title={props.availableSorts.has(key) ? undefined : 'Not available yet'}>
              {SORTS[key].label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-pith="mark-all-seen" onClick={props.onMarkAllSeen} disabled={props.allMarked}>
        {props.allMarked ? 'all marked seen' : 'mark all seen'}
      </button>
      <button type="button" data-pith="keys-toggle" aria-expanded={props.showKeys ? 'true' : 'false'} onClick={props.onToggleKeys} title="Keyboard shortcuts (?)">
        ?
      </button>
      {props.showKeys && (
        <ul class="keys" data-pith="keys">
          {KEYS.map(([k, what]) => (
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
