/**
 * Pure decisions of the listing bar (issue 11): which listing kind a URL is (the bar's choice
 * is remembered per kind), what a collapsed row says, which cards a filter keeps, the sort
 * orders, and the progress line. No DOM; the only browser API is the messages file's words (./i18n).
 */
import type { FulltextAnalysis } from './paper';
import { t, tn } from './i18n';

export type ListingKind = 'new' | 'recent' | 'pastweek' | 'monthly' | 'catchup' | 'search' | 'other';

/** Kind of an arXiv listing URL: /list/<cat>/new|recent|pastweek|YYYY-MM|YYMM, /catchup..., /search... */
export function listingKind(url: URL): ListingKind {
  const path = url.pathname;
  if (/^\/search(?:\/|$)/.test(path)) return 'search';
  if (/^\/catchup(?:\/|$)/.test(path)) return 'catchup';
  const m = /^\/list\/[^/]+\/([^/?#]+)/.exec(path);
  const last = m?.[1];
  if (last === 'new' || last === 'recent' || last === 'pastweek') return last;
  if (last && /^(?:\d{4}-\d{2}|\d{4}|\d{2}\d{2})$/.test(last)) return 'monthly';
  return 'other';
}

/** The category a listing URL is about ("cs.LG" for /list/cs.LG/new), or null (search). */
export function listingCategory(url: URL): string | null {
  const m = /^\/list\/([^/]+)\//.exec(url.pathname);
  if (m) return decodeURIComponent(m[1]!);
  const c = /^\/catchup\/([^/]+)/.exec(url.pathname);
  return c ? decodeURIComponent(c[1]!) : null;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue" within the last six days, "today", else "3 Nov" (local time): short enough for one line. */
export function seenWhen(seenAt: number, now: number): string {
  const then = new Date(seenAt);
  const today = new Date(now);
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOfDay(today) - startOfDay(then)) / 86_400_000);
  if (days <= 0) return t('seenToday');
  if (days < 7) return WEEKDAYS[then.getDay()]!;
  return `${then.getDate()} ${MONTHS[then.getMonth()]}${then.getFullYear() === today.getFullYear() ? '' : ` ${then.getFullYear()}`}`;
}

/** Where a paper was seen first: the listing's category, else the section, else nothing. */
export function seenNote(seen: { firstSeen: number; category: string | null }, now: number): string {
  const when = seenWhen(seen.firstSeen, now);
  return seen.category ? t('seenNoteIn', when, seen.category) : t('seenNote', when);
}

// ---------------------------------------------------------------------------
// Filters and sort

export const FILTERS = ['unseen', 'matching', 'theorems', 'figure', 'saved', 'hide-replacements'] as const;
export type FilterName = (typeof FILTERS)[number];

/** What filters and sorts read of one card. */
export interface TriageView {
  seenEarlier: boolean;
  match: string | null;
  muted: boolean;
  saved: boolean;
  replacement: boolean;
  /** The full-text analysis when known. */
  analysis: FulltextAnalysis | null;
  /** The relevance model's score (0..1) once the card was scored; null without a model. */
  relevance: number | null;
}

function theoremTotal(a: FulltextAnalysis | null): number | null {
  if (!a) return null;
  let n = 0;
  for (const v of Object.values(a.theorems)) n += v;
  return n;
}

/** Whether a card passes every active filter. Unknown full text does not count as "has". */
export function passesFilters(view: TriageView, active: ReadonlySet<FilterName>): boolean {
  for (const f of active) {
    switch (f) {
      case 'unseen':
        if (view.seenEarlier) return false;
        break;
      case 'matching':
        if (!view.match) return false;
        break;
      case 'theorems':
        if (!(theoremTotal(view.analysis) ?? 0)) return false;
        break;
      case 'figure':
        if (!view.analysis?.firstFigure) return false;
        break;
      case 'saved':
        if (!view.saved) return false;
        break;
      case 'hide-replacements':
        if (view.replacement) return false;
        break;
    }
  }
  return true;
}

export type SortKey = 'arxiv' | 'theorems' | 'relevance';

/**
 * The sort orders. `relevance` (issue 12) is offered once the model scored a card (the bar
 * shows it disabled before: nothing saved yet); unscored cards go after the scored ones.
 * A sort without `score` other than `arxiv` is never applied.
 */
export interface SortDef {
  key: SortKey;
  /** Higher first; null = unknown, after every known one. Absent: keep arXiv's order. */
  score?: (view: TriageView, id: string) => number | null;
}

export const SORTS: Record<SortKey, SortDef> = {
  arxiv: { key: 'arxiv' },
  theorems: { key: 'theorems', score: (view) => theoremTotal(view.analysis) },
  relevance: { key: 'relevance', score: (view) => view.relevance },
};

export const SORT_KEYS = Object.keys(SORTS) as SortKey[];

/** Indices in sorted order: by score descending, unknown last, ties in arXiv order (stable). */
export function sortOrder<T>(items: readonly T[], score: (item: T) => number | null): number[] {
  const scores = items.map(score);
  return items
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = scores[a] ?? null;
      const sb = scores[b] ?? null;
      if (sa === sb) return a - b;
      if (sa === null) return 1;
      if (sb === null) return -1;
      return sb - sa || a - b;
    });
}

// ---------------------------------------------------------------------------
// Progress

/** Ids per export-API request and seconds between requests (background/metadata-service.ts). */
export const API_BATCH = 100;
export const API_SPACING_S = 3;

/** "abstracts: 1,616 to fetch · 17 requests · about 48 s at arXiv's pace of one request per 3 s · full texts: 2 loading", or '' when idle. */
export function progressLine(abstractsMissing: number, fulltextsLoading: number): string {
  const parts: string[] = [];
  if (abstractsMissing > 0) {
    const requests = Math.ceil(abstractsMissing / API_BATCH);
    // The plural form follows the number of requests; the numbers are written as before.
    parts.push(
      tn(
        'progressAbstracts',
        requests,
        abstractsMissing.toLocaleString('en'),
        (requests * API_SPACING_S).toLocaleString('en'),
        API_SPACING_S,
      ),
    );
  }
  if (fulltextsLoading > 0) parts.push(t('progressFulltexts', fulltextsLoading));
  return parts.join(' · ');
}
