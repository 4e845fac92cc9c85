import { describe, expect, it } from 'vitest';
import {
  FILTERS,
  SORTS,
  listingCategory,
  listingKind,
  passesFilters,
  progressLine,
  seenNote,
  seenWhen,
  sortOrder,
  type TriageView,
} from '../../utils/listing-triage';

const view = (over: Partial<TriageView> = {}): TriageView => ({
  seenEarlier: false,
  match: null,
  muted: false,
  saved: false,
  replacement: false,
  analysis: null,
  relevance: null,
  ...over,
});
const analysis = (theorems: Record<string, number>, figure = false) =>
  ({
    theorems,
    statements: [],
    figureCount: figure ? 1 : 0,
    firstFigure: figure ? { src: 'https://arxiv.org/html/x/x1.png', caption: '' } : null,
  }) as never;

describe('listing kinds', () => {
  it('names every listing kind arXiv serves', () => {
    const kind = (p: string) => listingKind(new URL(`https://arxiv.org${p}`));
    expect(kind('/list/cs.LG/new')).toBe('new');
    expect(kind('/list/cs.LG/recent')).toBe('recent');
    expect(kind('/list/cs.CL/pastweek?show=2000')).toBe('pastweek');
    expect(kind('/list/cs.LG/2026-05')).toBe('monthly');
    expect(kind('/list/math.OC/2605')).toBe('monthly');
    expect(kind('/catchup/cs.LG/2026-05-18')).toBe('catchup');
    expect(kind('/search/?query=x&searchtype=all')).toBe('search');
    expect(kind('/list/unknown/weird')).toBe('other');
    expect(listingCategory(new URL('https://arxiv.org/list/stat.ML/new'))).toBe('stat.ML');
    expect(listingCategory(new URL('https://arxiv.org/search/?query=x'))).toBeNull();
  });
});

describe('seen note', () => {
  it('says the weekday within a week, else the date', () => {
    const tue = new Date(2026, 11, 1, 9).getTime(); // Tue 1 Dec 2026
    expect(seenWhen(tue, tue + 3600_000)).toBe('today');
    expect(seenWhen(tue, new Date(2026, 11, 3, 9).getTime())).toBe('Tue');
    expect(seenWhen(tue, new Date(2026, 11, 20).getTime())).toBe('1 Dec');
    expect(seenWhen(tue, new Date(2027, 0, 20).getTime())).toBe('1 Dec 2026');
    expect(seenNote({ firstSeen: tue, category: 'cs.LG' }, new Date(2026, 11, 4).getTime())).toBe('seen Tue in cs.LG');
    expect(seenNote({ firstSeen: tue, category: null }, new Date(2026, 11, 4).getTime())).toBe('seen Tue');
  });
});

describe('filters and sort', () => {
  it('each filter keeps exactly what it names; unknown full text is not "has"', () => {
    expect(FILTERS).toEqual(['unseen', 'matching', 'theorems', 'figure', 'saved', 'hide-replacements']);
    const on = (...f: (typeof FILTERS)[number][]) => new Set(f);
    expect(passesFilters(view({ seenEarlier: true }), on('unseen'))).toBe(false);
    expect(passesFilters(view(), on('unseen'))).toBe(true);
    expect(passesFilters(view({ match: 'you follow X' }), on('matching'))).toBe(true);
    expect(passesFilters(view(), on('matching'))).toBe(false);
    expect(passesFilters(view(), on('theorems'))).toBe(false);
    expect(passesFilters(view({ analysis: analysis({ Theorem: 0, Lemma: 2 }) }), on('theorems'))).toBe(true);
    expect(passesFilters(view({ analysis: analysis({}) }), on('theorems'))).toBe(false);
    expect(passesFilters(view({ analysis: analysis({}, true) }), on('figure'))).toBe(true);
    expect(passesFilters(view({ saved: true }), on('saved'))).toBe(true);
    expect(passesFilters(view({ replacement: true }), on('hide-replacements'))).toBe(false);
    expect(passesFilters(view({ replacement: true, saved: true }), on('saved', 'hide-replacements'))).toBe(false);
  });

  it('sorts by score, unknown last, ties in arXiv order; relevance by the model score, unscored last', () => {
    expect(sortOrder([null, 2, 5, 2, null, 0], (x) => x)).toEqual([2, 1, 3, 5, 0, 4]);
    const score = SORTS.theorems.score!;
    expect(score(view({ analysis: analysis({ Theorem: 2, Lemma: 3 }) }), 'x')).toBe(5);
    expect(score(view(), 'x')).toBeNull();
    const rel = SORTS.relevance.score!;
    const views = [view({ relevance: 0.2 }), view(), view({ relevance: 0.9 }), view({ relevance: 0.2 })];
    expect(sortOrder(views, (v) => rel(v, 'x'))).toEqual([2, 0, 3, 1]);
  });
});

describe('progress line', () => {
  it('says what is left at arXiv’s pace, and nothing when idle', () => {
    expect(progressLine(1616, 0)).toBe('abstracts: 1,616 to fetch · 17 requests · about 51 s at arXiv’s pace of one request per 3 s');
    expect(progressLine(0, 3)).toBe('full texts on screen: 3 loading');
    expect(progressLine(0, 0)).toBe('');
  });
});
