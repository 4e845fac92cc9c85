import { describe, expect, it } from 'vitest';
import { toSavedRow, type SavedRow } from '@/utils/saved-paper';
import { savedPaper } from '../helpers/papers';
import {
  IncrementalFilter,
  applyPending,
  settlePending,
  filterRows,
  isRefinement,
  queryTerms,
  sortRows,
} from '@/utils/library-query';

const paper = savedPaper;

const rows: SavedRow[] = [
  paper({
    id: '2605.00001',
    title: 'Gradient flow for infinite-depth transformers',
    authors: ['Raphaël Barboni', 'Maarten V. de Hoop'],
    published: '2026-05-18',
    savedAt: 3_000,
    tagline: { headline: 'Gradient flow reaches global minima', qualifier: 'when initial loss is small' },
  }),
  paper({
    id: '2604.00002',
    title: 'Zeta functions of $\\mathbb{F}_q$-curves',
    authors: ['Emmy Noether'],
    published: '2026-04-02',
    savedAt: 5_000,
    abstract: 'We count points over finite fields.',
  }),
  paper({ id: 'math/0601001', title: 'An old-style paper', published: null, savedAt: 4_000, authors: ['É. Cartan'] }),
  paper({ id: '2606.00003', title: 'attention is sparse', published: '2026-06-01', savedAt: 1_000 }),
].map(toSavedRow);

const ids = (rs: readonly SavedRow[]) => rs.map((r) => r.id);

describe('queryTerms', () => {
  it('folds case and accents and splits on whitespace', () => {
    expect(queryTerms('  Raphaël   BARBONI ')).toEqual(['raphael', 'barboni']);
    expect(queryTerms('   ')).toEqual([]);
  });
});

describe('filterRows', () => {
  it('returns the same array for an empty query', () => {
    expect(filterRows(rows, '')).toBe(rows);
    expect(filterRows(rows, '  \t')).toBe(rows);
  });

  it('matches title, authors (accent-insensitive), tagline, abstract and id', () => {
    expect(ids(filterRows(rows, 'transformers'))).toEqual(['2605.00001']);
    expect(ids(filterRows(rows, 'raphael'))).toEqual(['2605.00001']);
    expect(ids(filterRows(rows, 'cartan'))).toEqual(['math/0601001']);
    expect(ids(filterRows(rows, 'global minima'))).toEqual(['2605.00001']);
    expect(ids(filterRows(rows, 'finite fields'))).toEqual(['2604.00002']);
    expect(ids(filterRows(rows, '2604.00002'))).toEqual(['2604.00002']);
    expect(ids(filterRows(rows, 'math/0601'))).toEqual(['math/0601001']);
  });

  it('requires every term (AND) and keeps the input order', () => {
    expect(ids(filterRows(rows, 'gradient noether'))).toEqual([]);
    expect(ids(filterRows(rows, 'paper old'))).toEqual(['math/0601001']);
    expect(ids(filterRows(rows, 'a'))).toEqual(ids(rows));
  });
});

describe('sortRows', () => {
  it('sorts by saved date, newest first (the default)', () => {
    expect(ids(sortRows(rows, 'saved'))).toEqual(['2604.00002', 'math/0601001', '2605.00001', '2606.00003']);
  });

  it('sorts by published date, newest first, unknown dates last', () => {
    expect(ids(sortRows(rows, 'published'))).toEqual(['2606.00003', '2605.00001', '2604.00002', 'math/0601001']);
  });

  it('sorts by title case-insensitively', () => {
    expect(ids(sortRows(rows, 'title'))).toEqual(['math/0601001', '2606.00003', '2605.00001', '2604.00002']);
  });

  it('does not modify its input', () => {
    const before = ids(rows);
    sortRows(rows, 'title');
    expect(ids(rows)).toEqual(before);
  });
});

describe('IncrementalFilter', () => {
  it('recognises refinements', () => {
    expect(isRefinement(['grad'], ['gradi'])).toBe(true);
    expect(isRefinement(['grad'], ['grad', 'flow'])).toBe(true);
    expect(isRefinement(['gradi'], ['grad'])).toBe(false);
    expect(isRefinement(['grad', 'flow'], ['grad'])).toBe(false);
  });

  it('always equals a fresh filter, typing forward, backward and changing rows', () => {
    const f = new IncrementalFilter<SavedRow>();
    const typed = ['g', 'gr', 'gra', 'grad', 'grad ', 'grad f', 'grad fl', 'grad f', 'grad', 'z', 'ze', '', 'a'];
    for (const q of typed) expect(ids(f.filter(rows, q))).toEqual(ids(filterRows(rows, q)));
    const other = sortRows(rows, 'title');
    expect(ids(f.filter(other, 'a'))).toEqual(ids(filterRows(other, 'a')));
  });
});

describe('pending changes (optimistic removal and undo)', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };

  it('hides removed ids and adds restored rows at once', () => {
    const base = [a, b];
    const none = { hidden: new Set<string>(), added: [] };
    expect(applyPending(base, none)).toBe(base);
    expect(applyPending(base, { hidden: new Set(['a']), added: [] })).toEqual([b]);
    expect(applyPending([b], { hidden: new Set<string>(), added: [a] })).toEqual([b, a]);
    // Never twice, never a hidden one.
    expect(applyPending(base, { hidden: new Set<string>(), added: [a] })).toEqual([a, b]);
    expect(applyPending([b], { hidden: new Set(['c']), added: [c] })).toEqual([b]);
  });

  it('forgets what the database already shows', () => {
    const p = { hidden: new Set(['a']), added: [c] };
    // Database not caught up yet: nothing settles (same object back).
    expect(settlePending([a, b], p)).toBe(p);
    const settled = settlePending([b, c], p);
    expect([...settled.hidden]).toEqual([]);
    expect(settled.added).toEqual([]);
  });
});

describe('10,000 saved papers (timings printed, not asserted)', () => {
  const words = [
    'gradient', 'flow', 'transformer', 'manifold', 'convex', 'stochastic', 'operator', 'spectral',
    'graph', 'quantum', 'entropy', 'lattice', 'bound', 'sparse', 'kernel', 'Riemannian', 'Hölder',
  ];
  // Deterministic pseudo-random words, so each abstract has its own mix.
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = (_i: number, _k: number) => words[Math.floor(rand() * words.length)] ?? 'x';
  const big: SavedRow[] = [];
  for (let i = 0; i < 10_000; i++) {
    // ~1,000 characters, like a real abstract; a word from a long tail makes misses common.
    const abstract = Array.from({ length: 120 }, (_, k) => (k % 10 === 0 ? `w${Math.floor(rand() * 5000)}` : pick(i, k))).join(' ');
    big.push(
      toSavedRow(
        paper({
          id: `2605.${String(10_000 + i).padStart(5, '0')}`,
          title: `On ${pick(i, 1)} ${pick(i, 2)} methods ${i}`,
          authors: [`Author ${i}`, `Coauthor ${i % 97}`, 'Émile Borel'],
          abstract,
          published: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
          savedAt: 1_700_000_000_000 + i * 1000,
          tagline: { headline: `${pick(i, 3)} ${pick(i, 4)} holds`, qualifier: null },
        }),
      ),
    );
  }

  it('sorts and filters within budget', () => {
    const time = (fn: () => unknown) => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    };
    // First call of each sort is cold (as in a fresh popup), the second warm.
    const sortMs = Object.fromEntries(
      (['saved', 'published', 'title'] as const).map((k) => [
        k,
        `${time(() => sortRows(big, k)).toFixed(1)}/${time(() => sortRows(big, k)).toFixed(1)}`,
      ]),
    );
    const sorted = sortRows(big, 'saved');
    const query = 'riemannian w123';
    const fresh: number[] = [];
    for (let i = 1; i <= query.length; i++) fresh.push(time(() => filterRows(sorted, query.slice(0, i))));
    const inc = new IncrementalFilter<SavedRow>();
    const incremental: number[] = [];
    for (let i = 1; i <= query.length; i++) incremental.push(time(() => inc.filter(sorted, query.slice(0, i))));
    const miss = time(() => filterRows(sorted, 'zzzznotthere'));
    const max = (xs: number[]) => Math.max(...xs).toFixed(1);
    const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
    console.log(
      `[library-query] 10,000 rows: sort ms cold/warm ${JSON.stringify(sortMs)}; ` +
        `keystroke filter ms fresh max ${max(fresh)} mean ${mean(fresh)}, ` +
        `incremental max ${max(incremental)} mean ${mean(incremental)}; no-match scan ${miss.toFixed(1)} ms; ` +
        `matches for "${query}": ${filterRows(sorted, query).length}`,
    );
    expect(ids(inc.filter(sorted, query) as SavedRow[])).toEqual(ids(filterRows(sorted, query) as SavedRow[]));
    expect(filterRows(sortRows(big, 'saved'), '')[0]?.id).toBe('2605.19999');
  });
});
