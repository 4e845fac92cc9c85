/**
 * Nearest saved paper by cosine. Exact for small libraries; for large ones an inverted index
 * over each saved paper's strongest features finds candidates, and the best few are then
 * compared exactly: 2,000 cards x 10,000 saved papers stay far below a full pairwise pass.
 */
import { sparseDot, type SparseVector } from './vector';

/** Below this many saved papers a plain scan is as fast as the index. */
const EXACT_LIMIT = 300;
/** Features per saved paper in the index, and per query: the highest-weighted ones. */
const INDEX_FEATURES = 24;
const QUERY_FEATURES = 24;
/** Candidates re-compared exactly. */
const RERANK = 4;

export interface Neighbour {
  /** Position in the list the index was built from. */
  index: number;
  similarity: number;
}

function strongest(v: SparseVector, n: number): number[] {
  const order = Array.from(v.idx.keys());
  if (order.length <= n) return order;
  return order.sort((a, b) => (v.val[b] as number) - (v.val[a] as number)).slice(0, n);
}

export class NearestIndex {
  private readonly postings = new Map<number, number[]>();
  private readonly acc: Float32Array;

  constructor(private readonly docs: readonly SparseVector[]) {
    this.acc = new Float32Array(docs.length);
    if (docs.length <= EXACT_LIMIT) return;
    docs.forEach((d, di) => {
      for (const k of strongest(d, INDEX_FEATURES)) {
        const b = d.idx[k] as number;
        const list = this.postings.get(b);
        // Each posting stores doc and the feature position, packed, to read the value back.
        if (list) list.push(di, k);
        else this.postings.set(b, [di, k]);
      }
    });
  }

  get size(): number {
    return this.docs.length;
  }

  /** Best match; `exclude` is a position to skip (the paper itself when it is saved). */
  nearest(q: SparseVector, exclude = -1): Neighbour | null {
    if (this.docs.length === 0) return null;
    if (this.docs.length <= EXACT_LIMIT) {
      let best: Neighbour | null = null;
      this.docs.forEach((d, index) => {
        if (index === exclude) return;
        const similarity = sparseDot(q, d);
        if (best === null || similarity > best.similarity) best = { index, similarity };
      });
      return best;
    }
    const touched: number[] = [];
    const acc = this.acc;
    for (const k of strongest(q, QUERY_FEATURES)) {
      const list = this.postings.get(q.idx[k] as number);
      if (!list) continue;
      const qv = q.val[k] as number;
      for (let p = 0; p < list.length; p += 2) {
        const di = list[p] as number;
        if (acc[di] === 0) touched.push(di);
        acc[di] = (acc[di] as number) + qv * ((this.docs[di] as SparseVector).val[list[p + 1] as number] as number);
      }
    }
    // The best RERANK + 1 by the approximate score: one linear pass, no sort of all touched.
    const top: number[] = [];
    for (const di of touched) {
      if (di === exclude) continue;
      const a = acc[di] as number;
      if (top.length < RERANK) top.push(di);
      else if (a > (acc[top[RERANK - 1] as number] as number)) top[RERANK - 1] = di;
      else continue;
      for (let k = top.length - 1; k > 0 && (acc[top[k] as number] as number) > (acc[top[k - 1] as number] as number); k -= 1) {
        const t = top[k] as number;
        top[k] = top[k - 1] as number;
        top[k - 1] = t;
      }
    }
    let best: Neighbour | null = null;
    for (const index of top) {
      const similarity = sparseDot(q, this.docs[index] as SparseVector);
      if (best === null || similarity > best.similarity) best = { index, similarity };
    }
    for (const di of touched) acc[di] = 0;
    return best;
  }
}
