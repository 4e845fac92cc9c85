/**
 * Document frequencies of hashed features over the papers the extension has seen: the "idf"
 * of tf-idf. Incremental (one paper at a time, each paper counted once by id) and serialised
 * as delta varints (a few hundred KB for 50,000 papers).
 */
import { FEATURE_DIM, hashString } from './hash';
import { VarintReader, VarintWriter, decodeSortedInts, encodeSortedInts } from './varint';

export interface DocFreqState {
  dim: number;
  /** Papers counted. */
  n: number;
  /** Sorted 32-bit hashes of the counted ids (delta varints): a paper is never counted twice. */
  ids: Uint8Array;
  /** Non-zero buckets as (delta bucket, count) varint pairs. */
  counts: Uint8Array;
}

export class DocFreq {
  readonly counts: Uint32Array;
  /**
   * ln(1 + count) per bucket, kept current as papers are counted: idf is then one subtraction
   * instead of a logarithm per feature per card (2,000 cards x 80 features on a long listing).
   */
  private readonly logCounts: Float32Array;
  private readonly ids = new Set<number>();
  private nValue = 0;
  private logN = 0;
  /** Changes with every counted paper: a vector computed at the same version is still exact. */
  version = 0;

  constructor(readonly dim: number = FEATURE_DIM) {
    this.counts = new Uint32Array(dim);
    this.logCounts = new Float32Array(dim);
  }

  /** Papers counted. */
  get n(): number {
    return this.nValue;
  }

  private setN(n: number): void {
    this.nValue = n;
    this.logN = Math.log(1 + n);
    this.version += 1;
  }

  has(id: string): boolean {
    return this.ids.has(hashString(id));
  }

  /** Counts one paper's distinct buckets; false (and nothing changes) if the id was counted before. */
  add(id: string, buckets: Iterable<number>): boolean {
    const h = hashString(id);
    if (this.ids.has(h)) return false;
    this.ids.add(h);
    this.setN(this.nValue + 1);
    for (const b of buckets) {
      const c = (this.counts[b] as number) + 1;
      this.counts[b] = c;
      this.logCounts[b] = Math.log(1 + c);
    }
    return true;
  }

  /** Smoothed idf (as scikit-learn's `smooth_idf`): ln((1 + n) / (1 + df)) + 1, never zero, never infinite. */
  idf(bucket: number): number {
    return this.logN - (this.logCounts[bucket] as number) + 1;
  }

  toState(): DocFreqState {
    const w = new VarintWriter();
    let prev = 0;
    let nonZero = 0;
    for (let i = 0; i < this.dim; i += 1) if (this.counts[i] !== 0) nonZero += 1;
    w.write(nonZero);
    for (let i = 0; i < this.dim; i += 1) {
      const c = this.counts[i] as number;
      if (c === 0) continue;
      w.write(i - prev);
      w.write(c);
      prev = i;
    }
    const ids = [...this.ids].sort((a, b) => a - b);
    return { dim: this.dim, n: this.n, ids: encodeSortedInts(ids), counts: w.bytes() };
  }

  /** Throws on a malformed state; RelevanceEngine.fromState turns that into a rebuild. */
  static fromState(state: DocFreqState): DocFreq {
    if (!state || state.dim !== FEATURE_DIM || !(state.counts instanceof Uint8Array) || !(state.ids instanceof Uint8Array)) {
      throw new Error('document frequencies: unexpected shape');
    }
    const df = new DocFreq(state.dim);
    const r = new VarintReader(state.counts);
    const nonZero = r.read();
    let at = 0;
    for (let i = 0; i < nonZero; i += 1) {
      at += r.read();
      if (at >= df.dim) throw new Error('document frequencies: bucket out of range');
      const c = r.read();
      df.counts[at] = c;
      df.logCounts[at] = Math.log(1 + c);
    }
    for (const h of decodeSortedInts(state.ids)) df.ids.add(h);
    df.setN(Number.isFinite(state.n) && state.n >= 0 ? state.n : df.ids.size);
    return df;
  }
}
