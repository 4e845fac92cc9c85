import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTheoremBreakdown, theoremTotal } from '../../components/theorem-wording';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

interface Expected {
  theorems: Record<string, number>;
}
const EXPECTED = JSON.parse(readFileSync(`${arxivFixturesDir()}/EXPECTED.json`, 'utf8')) as Record<string, Expected | string>;

describe('theoremTotal and formatTheoremBreakdown', () => {
  const goodhart = (EXPECTED['latexml-catastrophic-goodhart-restatements.html'] as Expected).theorems;
  const erdos = (EXPECTED['latexml-erdos-szekeres-custom-thm.html'] as Expected).theorems;

  it('theoremTotal counts one printed name (case-insensitive) or all with null', () => {
    expect(theoremTotal(goodhart)).toBe(6);
    expect(theoremTotal(goodhart, 'lemma')).toBe(2);
    expect(theoremTotal(goodhart, null)).toBe(15);
    expect(theoremTotal({})).toBe(0);
    expect(theoremTotal({ Theorem: -1, THEOREM: 2, x: Number.NaN }, 'Theorem')).toBe(2);
  });

  it('formats the product-brief example', () => {
    expect(formatTheoremBreakdown({ Lemma: 5, Corollary: 1, Theorem: 2 })).toBe('2 theorems \u00b7 5 lemmas \u00b7 1 corollary');
  });

  it('orders canonical names first, then by count, and pluralises irregular heads', () => {
    expect(formatTheoremBreakdown(erdos)).toBe(
      '2 theorems · 4 lemmas · 9 definitions · 22 remarks · 8 parts · 5 notes · 3 preludes · 3 summaries · 2 axioms',
    );
    // "Restatement of Theorem" and "Restatement of theorem" read the same in running text.
    expect(formatTheoremBreakdown(goodhart)).toBe('6 theorems · 2 lemmas · 1 corollary · 6 restatements of theorem');
    expect(formatTheoremBreakdown({ Hypothesis: 2, 'KKT Condition': 3, Criterion: 2, Proposition: 1, Summary: 1 })).toBe(
      '1 proposition · 3 KKT conditions · 2 criteria · 2 hypotheses · 1 summary',
    );
  });

  it('is empty for no statements and ignores non-positive counts', () => {
    expect(formatTheoremBreakdown({})).toBe('');
    expect(formatTheoremBreakdown({ Theorem: 0, Lemma: -2 })).toBe('');
  });
});
