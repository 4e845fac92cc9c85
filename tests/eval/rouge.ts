/**
 * ROUGE-1/2/L F1 as SciTLDR scores it (Cachola et al. 2020, scripts/cal-rouge.py "multi-max"):
 * each candidate is scored against every gold TLDR, the gold with the best ROUGE-1 F1 is kept,
 * and that gold's ROUGE-1, ROUGE-2 and ROUGE-L F1 are reported.
 *
 * Tokens as Google's rouge-score package makes them (the usual Python ROUGE): lowercase, every
 * run of characters other than a-z/0-9 is a separator (so `$O(n)$` gives "o", "n"), and each
 * token longer than three characters is Porter-stemmed (the `stemmer` package, Porter 1980).
 * ROUGE-L is the sentence-level LCS F1 (beta = 1).
 */
import { stemmer } from 'stemmer';

export interface Rouge {
  r1: number;
  r2: number;
  rl: number;
}

const stemCache = new Map<string, string>();

export function rougeTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ')) {
    if (t === '') continue;
    if (t.length <= 3) {
      out.push(t);
      continue;
    }
    let s = stemCache.get(t);
    if (s === undefined) stemCache.set(t, (s = stemmer(t)));
    out.push(s);
  }
  return out;
}

function ngramF1(cand: readonly string[], ref: readonly string[], n: number): number {
  if (cand.length < n || ref.length < n) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= ref.length; i += 1) {
    const g = ref.slice(i, i + n).join(' ');
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let hit = 0;
  for (let i = 0; i + n <= cand.length; i += 1) {
    const g = cand.slice(i, i + n).join(' ');
    const c = counts.get(g) ?? 0;
    if (c > 0) {
      hit += 1;
      counts.set(g, c - 1);
    }
  }
  return f1(hit, cand.length - n + 1, ref.length - n + 1);
}

function f1(hit: number, candTotal: number, refTotal: number): number {
  if (hit === 0) return 0;
  const p = hit / candTotal;
  const r = hit / refTotal;
  return (2 * p * r) / (p + r);
}

/** Length of the longest common subsequence of two token lists. */
export function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j += 1) {
      cur[j] = x === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

export function rouge(candidate: string, reference: string): Rouge {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return { r1: ngramF1(c, r, 1), r2: ngramF1(c, r, 2), rl: f1(lcs(c, r), c.length, r.length) };
}

/** SciTLDR's multi-max: the scores against the gold with the highest ROUGE-1 F1. */
export function multiMaxRouge(candidate: string, golds: readonly string[]): Rouge {
  let best: Rouge = { r1: 0, r2: 0, rl: 0 };
  for (const g of golds) {
    const s = rouge(candidate, g);
    if (s.r1 > best.r1) best = s;
  }
  return best;
}
