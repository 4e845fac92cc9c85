/**
 * The nearest-saved-paper index past its exact-scan size (utils/relevance/nearest.ts): it finds
 * a saved paper's own vector, honours removals and exclusions, and agrees with an exact scan on
 * most queries (it is approximate by design: a read budget per query).
 */
import { describe, expect, it } from 'vitest';
import { DocFreq } from '../../utils/relevance/doc-freq';
import { NearestIndex } from '../../utils/relevance/nearest';
import { paperTerms } from '../../utils/relevance/text';
import { sparseDot, termBuckets, vectorize } from '../../utils/relevance/vector';
import { loadRelevanceCorpus } from '../helpers/relevance-corpus';

const real = loadRelevanceCorpus().filter((p) => p.abstract);

/** 600 papers, each the first half of one real abstract and the second half of another. */
function mixes() {
  const out = [];
  for (let i = 0; out.length < 600; i += 1) {
    const a = real[i % real.length]!;
    const b = real[(i * 7 + 3 + Math.floor(i / real.length)) % real.length]!;
    if (a === b) continue;
    const sa = a.abstract!.split(/(?<=\.)\s+/);
    const sb = b.abstract!.split(/(?<=\.)\s+/);
    out.push({ id: `m${i}`, title: a.title, authors: a.authors, categories: b.categories, abstract: [...sa.slice(0, Math.ceil(sa.length / 2)), ...sb.slice(Math.floor(sb.length / 2))].join(' ') });
  }
  return out;
}

/** The mixes as tf-idf vectors, idf from the mixes themselves. */
function mixedVectors() {
  const papers = mixes();
  const df = new DocFreq();
  for (const p of papers) df.add(p.id, termBuckets(paperTerms(p)));
  return papers.map((p) => vectorize(paperTerms(p), df));
}

describe('NearestIndex', () => {
  it('finds each document itself, skips removed and excluded ones, and mostly agrees with an exact scan', () => {
    const docs = mixedVectors();
    const index = new NearestIndex(docs.slice(0, 500));
    for (const d of docs.slice(500)) index.add(d);
    expect(index.size).toBe(600);
    for (const i of [0, 123, 499, 550]) expect(index.nearest(docs[i]!)).toMatchObject({ index: i, similarity: expect.closeTo(1, 4) });
    index.remove(123);
    expect(index.nearest(docs[123]!)?.index).not.toBe(123);
    expect(index.nearest(docs[0]!, 0)?.index).not.toBe(0);
    let agree = 0;
    for (let q = 0; q < 100; q += 1) {
      const query = docs[q]!;
      let best = -1;
      let bestSim = -1;
      docs.forEach((d, i) => {
        if (i === q || i === 123) return;
        const s = sparseDot(query, d);
        if (s > bestSim) [best, bestSim] = [i, s];
      });
      const got = index.nearest(query, q)!;
      if (got.index === best || got.similarity >= bestSim - 1e-6) agree += 1;
    }
    expect(agree).toBeGreaterThanOrEqual(80);
  });
});

describe('NearestIndex.nearestSince (cards re-scored after a save or a removal)', () => {
  it('brings an earlier answer up to date: the same as a new exact search, never worse than a new approximate one', () => {
    const docs = mixedVectors();
    const queries = docs.slice(400, 600);
    for (const size of [100, 350]) {
      const index = new NearestIndex(docs.slice(0, size));
      const before = queries.map((q) => ({ nb: index.nearest(q), version: index.version }));
      // Later saves and removals (one of them each query's earlier answer, for some queries).
      const added = docs.slice(size, size + 20).map((d) => index.add(d));
      for (const r of [3, 7, before[0]!.nb!.index, before[5]!.nb!.index]) index.remove(r);
      index.remove(added[2]!);
      queries.forEach((q, i) => {
        const updated = index.nearestSince(q, before[i]!.nb, before[i]!.version);
        const fresh = index.nearest(q);
        if (size <= 300) expect(updated).toEqual(fresh); // exact scan below 300 documents
        else expect(updated!.similarity).toBeGreaterThanOrEqual(fresh!.similarity - 1e-9);
        expect([3, 7, added[2]]).not.toContain(updated!.index);
        // The best of all live documents, exactly, is never beaten.
        const exact = Math.max(...docs.slice(0, size + 20).map((d, j) => ([3, 7, before[0]!.nb!.index, before[5]!.nb!.index].includes(j) || j === added[2] ? -1 : sparseDot(q, d))));
        expect(updated!.similarity).toBeLessThanOrEqual(exact + 1e-9);
      });
    }
  });
});
