/**
 * Terms -> sparse tf-idf vectors (L2-normalised, hashed buckets sorted ascending), and the
 * sparse arithmetic the models need.
 */
import type { DocFreq } from './doc-freq';
import { TERM_KINDS, type TermBag, type TermKind } from './text';

/** Weight of each kind of term before normalisation. Authors and categories are few but telling. */
export const KIND_WEIGHT: Readonly<Record<TermKind, number>> = { w: 1, b: 0.8, a: 1.5, c: 3 };

/** At most this many features per paper (the highest tf-idf): bounds memory and training time. */
export const MAX_FEATURES = 80;

export interface SparseVector {
  /** Buckets, strictly ascending. */
  idx: Int32Array;
  /** L2-normalised tf-idf values, parallel to idx. */
  val: Float32Array;
}

/** A vector of raw term weights before idf, kept so idf changes need no re-tokenising. */
export interface TermVector {
  idx: Int32Array;
  /** (1 + ln tf) x kind weight, parallel to idx. */
  tf: Float32Array;
}

/** A scored paper's own features; `slot[j]` is feature j's term in `bag` (readable via bag.display). */
export interface ExplainedVector extends SparseVector {
  bag: TermBag;
  slot: Int32Array;
}

export interface VectorOptions {
  /** Term kinds to leave out (the evaluation's text-only variant drops categories). */
  omitKinds?: readonly TermKind[];
}

/** Distinct buckets of a paper's terms (what DocFreq counts). */
export function termBuckets(bag: TermBag, options: VectorOptions = {}): Int32Array {
  const omit = kindMask(options);
  if (omit === 0) return bag.bucket.subarray(0, bag.size);
  const out: number[] = [];
  for (let i = 0; i < bag.size; i += 1) if (!(omit & (1 << (bag.kind[i] as number)))) out.push(bag.bucket[i] as number);
  return Int32Array.from(out);
}

function kindMask(options: VectorOptions): number {
  let m = 0;
  for (const k of options.omitKinds ?? []) m |= 1 << TERM_KINDS.indexOf(k);
  return m;
}

const KIND_WEIGHTS = TERM_KINDS.map((k) => KIND_WEIGHT[k]);

/** Scratch reused by every vectorize call (synchronous, one paper at a time). */
let scratchVals = new Float64Array(0);
let scratchTfs = new Float64Array(0);
let scratchSel = new Float64Array(0);
const packedSlots = new Int32Array(MAX_FEATURES);

/** The k-th largest of a[0..n) (k from 1), by quickselect: reorders `a`, O(n) on average. */
export function kthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) > pivot) i += 1;
      while ((a[j] as number) < pivot) j -= 1;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i += 1;
        j -= 1;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return a[want] as number;
}

/**
 * Top-MAX_FEATURES tf-idf features, L2-normalised and sorted by bucket, with the readable term
 * of each (collisions within one paper are summed by the bag). Runs for every card of a
 * listing: a selection instead of a sort, and one small integer sort of the kept features.
 */
export function vectorize(bag: TermBag, df: DocFreq, options: VectorOptions = {}): ExplainedVector & TermVector {
  const omit = kindMask(options);
  const n0 = bag.size;
  if (scratchVals.length < n0) {
    scratchVals = new Float64Array(n0);
    scratchTfs = new Float64Array(n0);
    scratchSel = new Float64Array(n0);
  }
  const tfs = scratchTfs;
  const vals = scratchVals;
  let kept = 0;
  for (let i = 0; i < n0; i += 1) {
    const k = bag.kind[i] as number;
    if (omit & (1 << k)) {
      vals[i] = 0;
      continue;
    }
    const tf = (1 + Math.log(bag.count[i] as number)) * (KIND_WEIGHTS[k] as number);
    tfs[i] = tf;
    const v = tf * df.idf(bag.bucket[i] as number);
    vals[i] = v;
    if (v > 0) scratchSel[kept++] = v;
  }
  const threshold = kept > MAX_FEATURES ? kthLargest(scratchSel, kept, MAX_FEATURES) : 0;
  // Bucket (18 bits) and slot (12 bits, MAX_TERMS < 4096) in one int: an integer sort orders by bucket.
  let n = 0;
  for (let i = 0; i < n0 && n < MAX_FEATURES; i += 1) {
    const v = vals[i] as number;
    if (v > 0 && v >= threshold) packedSlots[n++] = (bag.bucket[i] as number) * 4096 + i;
  }
  const order = packedSlots.subarray(0, n).sort();
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  const tf = new Float32Array(n);
  const slot = new Int32Array(n);
  let norm = 0;
  for (let j = 0; j < n; j += 1) {
    const p = order[j] as number;
    const i = p & 4095;
    idx[j] = p >>> 12;
    slot[j] = i;
    tf[j] = tfs[i] as number;
    norm += (vals[i] as number) ** 2;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < n; j += 1) val[j] = (vals[slot[j] as number] as number) / norm;
  return { idx, val, tf, bag, slot };
}

/** Re-applies current idf to stored raw weights (after many new papers were seen). */
export function reweight(v: TermVector, df: DocFreq): Float32Array {
  const val = new Float32Array(v.idx.length);
  let norm = 0;
  for (let i = 0; i < v.idx.length; i += 1) {
    const x = (v.tf[i] as number) * df.idf(v.idx[i] as number);
    val[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < val.length; i += 1) val[i] = (val[i] as number) / norm;
  return val;
}

/** Dot product of two sorted sparse vectors (a merge). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  const ai = a.idx;
  const bi = b.idx;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) {
      s += (a.val[i] as number) * (b.val[j] as number);
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return s;
}
