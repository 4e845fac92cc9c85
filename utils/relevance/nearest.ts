/**
 * Nearest saved paper by cosine. Exact for small libraries; for large ones an inverted index
 * over each saved paper's strongest features finds candidates, and the best few are then
 * compared exactly: 2,000 cards x 10,000 saved papers stay far below a full pairwise pass.
 *
 * Incremental: a save adds one paper's postings, a removal leaves a tombstone, so a label never
 * rebuilds the index (a rebuild of 10,000 papers costs more than scoring a listing).
 */
import { FEATURE_DIM } from './hash';
import { kthLargest, sparseDot, type SparseVector } from './vector';

/** Below this many saved papers a plain scan is as fast as the index. */
const EXACT_LIMIT = 300;
/** Features per saved paper in the index: the highest-weighted ones. */
const INDEX_FEATURES = 24;
/**
 * Postings read per query, rarest features first: a feature in thousands of saved papers (a
 * category, a common word) costs most and tells least which paper is nearest, so a query stops
 * gathering candidates once this many were read. Bounded cost per card whatever the library.
 */
const POSTING_BUDGET = 200;
/** Candidates re-compared exactly. */
const RERANK = 4;

export interface Neighbour {
  /** Position the document was added at (constructor order, then add() order). */
  index: number;
  similarity: number;
}

const selScratch = new Float64Array(256);

/** Value of the n-th strongest feature (everything at or above it is among the n strongest). */
function strongestThreshold(v: SparseVector, n: number): number {
  const m = v.val.length;
  if (m <= n) return -Infinity;
  const a = m <= selScratch.length ? selScratch : new Float64Array(m);
  for (let i = 0; i < m; i += 1) a[i] = v.val[i] as number;
  return kthLargest(a, m, n);
}

/** Changes kept for `nearestSince`; a cached answer older than this is recomputed. */
const LOG_LIMIT = 512;

export class NearestIndex {
  /**
   * Changes in order: `d + 1` for an add at position d, `-(d + 1)` for a removal. `version`
   * counts them; `log[0]` is change number `logBase`.
   */
  private log: number[] = [];
  private logBase = 0;
  version = 0;
  private readonly docs: (SparseVector | null)[] = [];
  private live = 0;
  /**
   * Bucket -> [doc, value, doc, value, ...]. The value sits in the posting, not read back from
   * the document: a read through the document is a cache miss per posting on a large library.
   */
  private readonly postings = new Map<number, number[]>();
  /** One bit per bucket with postings: 32 KB that stays in cache, so absent features cost no map lookup. */
  private readonly present = new Uint32Array(FEATURE_DIM >>> 5);
  /** 1 while the document at that position is live: a dense array the gather loop can afford. */
  private alive = new Uint8Array(64);
  private order = new Int32Array(0);
  private indexed = false;
  private acc = new Float32Array(0);

  constructor(docs: readonly SparseVector[] = []) {
    for (const d of docs) this.add(d);
  }

  /** Live documents. */
  get size(): number {
    return this.live;
  }

  /** Removed documents still holding a position (the owner rebuilds when they are many). */
  get removed(): number {
    return this.docs.length - this.live;
  }

  add(doc: SparseVector): number {
    const di = this.docs.length;
    this.docs.push(doc);
    this.live += 1;
    if (di >= this.alive.length) {
      const grown = new Uint8Array(this.alive.length * 2);
      grown.set(this.alive);
      this.alive = grown;
    }
    this.alive[di] = 1;
    this.record(di + 1);
    if (this.indexed) this.post(di, doc);
    else if (this.live > EXACT_LIMIT) {
      this.indexed = true;
      this.docs.forEach((d, i) => d && this.post(i, d));
    }
    return di;
  }

  remove(index: number): void {
    if (this.docs[index]) {
      this.docs[index] = null;
      this.alive[index] = 0;
      this.live -= 1;
      this.record(-(index + 1));
    }
  }

  private record(change: number): void {
    this.log.push(change);
    this.version += 1;
    if (this.log.length > 2 * LOG_LIMIT) {
      this.log = this.log.slice(-LOG_LIMIT);
      this.logBase = this.version - LOG_LIMIT;
    }
  }

  /**
   * `nearest(q, exclude)` brought up to date from an answer given at version `since`: each
   * document added since is compared exactly, and only the removal of the answer itself (or a
   * log that no longer reaches back) asks for a new search. Re-scoring a listing after a save
   * then costs one comparison per card instead of a search. The answer is the best of the
   * earlier search and the exact comparisons, so it is never worse than a new search's.
   */
  nearestSince(q: SparseVector, before: Neighbour | null, since: number, exclude = -1): Neighbour | null {
    if (since === this.version) return before;
    if (since < this.logBase || this.version - since > LOG_LIMIT || (before && before.index === exclude)) return this.nearest(q, exclude);
    let best = before;
    for (let i = since - this.logBase; i < this.log.length; i += 1) {
      const c = this.log[i] as number;
      if (c < 0) {
        if (best && best.index === -c - 1) return this.nearest(q, exclude);
        continue;
      }
      const di = c - 1;
      const d = this.docs[di];
      if (!d || di === exclude) continue;
      const similarity = sparseDot(q, d);
      if (best === null || similarity > best.similarity) best = { index: di, similarity };
    }
    return best;
  }

  private post(di: number, d: SparseVector): void {
    const cut = strongestThreshold(d, INDEX_FEATURES);
    let taken = 0;
    for (let k = 0; k < d.idx.length && taken < INDEX_FEATURES; k += 1) {
      if ((d.val[k] as number) < cut) continue;
      taken += 1;
      const b = d.idx[k] as number;
      const list = this.postings.get(b);
      const v = d.val[k] as number;
      if (list) list.push(di, v);
      else {
        this.postings.set(b, [di, v]);
        this.present[b >>> 5] = (this.present[b >>> 5] as number) | (1 << (b & 31));
      }
    }
  }

  /** Best match; `exclude` is a position to skip (the paper itself when it is saved). */
  nearest(q: SparseVector, exclude = -1): Neighbour | null {
    if (this.live === 0) return null;
    if (!this.indexed) {
      let best: Neighbour | null = null;
      for (let index = 0; index < this.docs.length; index += 1) {
        const d = this.docs[index];
        if (!d || index === exclude) continue;
        const similarity = sparseDot(q, d);
        if (best === null || similarity > best.similarity) best = { index, similarity };
      }
      return best;
    }
    if (this.acc.length < this.docs.length) this.acc = new Float32Array(Math.max(this.docs.length, this.acc.length * 2));
    const touched: number[] = [];
    const acc = this.acc;
    const alive = this.alive;
    // Query features by posting-list length, shortest first: (length << 8 | feature) sorted.
    const m = q.idx.length;
    if (this.order.length < m) this.order = new Int32Array(Math.max(m, 128));
    let lists = 0;
    const found: (number[] | undefined)[] = [];
    const present = this.present;
    for (let k = 0; k < m && k < 256; k += 1) {
      const b = q.idx[k] as number;
      if (((present[b >>> 5] as number) & (1 << (b & 31))) === 0) continue;
      const list = this.postings.get(b);
      found[k] = list;
      if (list) this.order[lists++] = Math.min(list.length >> 1, 0x7fffff) * 256 + k;
    }
    const byLength = this.order.subarray(0, lists).sort();
    let budget = POSTING_BUDGET;
    for (let o = 0; o < lists && budget > 0; o += 1) {
      const k = (byLength[o] as number) & 255;
      const list = found[k] as number[];
      const qv = q.val[k] as number;
      const end = Math.min(list.length, 2 * budget);
      budget -= end >> 1;
      for (let p = 0; p < end; p += 2) {
        const di = list[p] as number;
        if (alive[di] === 0) continue;
        if (acc[di] === 0) touched.push(di);
        acc[di] = (acc[di] as number) + qv * (list[p + 1] as number);
      }
    }
    // The best RERANK by the approximate score: one linear pass, no sort of all touched.
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
