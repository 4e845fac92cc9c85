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

/**
 * Top-MAX_FEATURES tf-idf features, L2-normalised and sorted by bucket, with the readable term
 * of each (collisions within one paper are summed by the bag).
 */
export function vectorize(bag: TermBag, df: DocFreq, options: VectorOptions = {}): ExplainedVector & TermVector {
  const omit = kindMask(options);
  const n0 = bag.size;
  const tfs = new Float64Array(n0);
  const vals = new Float64Array(n0);
  let kept = 0;
  for (let i = 0; i < n0; i += 1) {
    const k = bag.kind[i] as number;
    if (omit & (1 << k)) continue;
    const tf = (1 + Math.log(bag.count[i] as number)) * (KIND_WEIGHTS[k] as number);
    tfs[i] = tf;
    vals[i] = tf * df.idf(bag.bucket[i] as number);
    kept += 1;
  }
  let threshold = 0;
  if (kept > MAX_FEATURES) {
    const sorted = vals.slice().sort();
    threshold = sorted[n0 - MAX_FEATURES] as number;
  }
  // Pack bucket and slot in one number: a numeric typed-array sort orders by bucket.
  const packed: number[] = [];
  for (let i = 0; i < n0; i += 1) {
    const v = vals[i] as number;
    if (v > 0 && v >= threshold && packed.length < MAX_FEATURES) packed.push((bag.bucket[i] as number) * 8192 + i);
  }
  const order = Float64Array.from(packed).sort();
  const n = order.length;
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  const tf = new Float32Array(n);
  const slot = new Int32Array(n);
  let norm = 0;
  for (let j = 0; j < n; j += 1) {
    const p = order[j] as number;
    const i = p % 8192;
    idx[j] = (p - i) / 8192;
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
