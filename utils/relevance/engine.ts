/**
 * The relevance model of issue 12: learned on the device from the reader's own labels, in the
 * style of arxiv-sanity-lite (tf-idf of title + abstract + authors, one linear classifier per
 * tag), explained on every card.
 *
 * - Features: hashed tf-idf of title + abstract words and word pairs, author and category
 *   tokens (text.ts, vector.ts), idf from every paper the extension has seen (doc-freq.ts).
 * - Labels: saved = positive; "not interested" = negative; seen-and-passed = weak negative.
 *   Older labels weigh less (half-life). A passed label never overrides a stronger one.
 * - Models: one logistic regression for the whole library and one per tag; with fewer than
 *   `minPositives` positives a model is "nearest": the cosine to the closest positive.
 * - Output per paper: score 0..1, the terms that contributed most, the nearest saved paper.
 * - Training after a label is incremental: SGD from the previous weights on the changed labels
 *   plus a small replay sample of the old ones (stratified, seeded), continuing the learning-rate
 *   schedule; a model is built from all labels only when it first becomes linear or on `full`.
 *
 * Pure: no I/O, no timers, no DOM; runs in a worker or the background. The caller persists
 * `toState()` (typed arrays, IndexedDB-friendly) and restores it with `fromState()`.
 */
import { DocFreq, type DocFreqState } from './doc-freq';
import { FEATURE_DIM, seededRandom } from './hash';
import { sigmoid, trainLogistic, type LinearModel, type TrainExample } from './logistic';
import { NearestIndex, type Neighbour } from './nearest';
import { paperTerms, type RelevanceInput, type TermBag, type TermKind } from './text';
import { VarintReader, VarintWriter } from './varint';
import { reweight, termBuckets, vectorize, type ExplainedVector, type SparseVector } from './vector';

/** 2: models keep their SGD step count (warm starts continue the schedule). */
export const RELEVANCE_STATE_VERSION = 2;

export type LabelKind = 'saved' | 'not-interested' | 'passed';


export interface LabelEvent {
  kind: LabelKind;
  /** When the reader gave the label (ms since epoch). */
  at: number;
  /** Tags of a saved paper. */
  tags?: readonly string[];
}

export interface RelevanceOptions {
  /** Labels lose half their weight every this many days. */
  halfLifeDays: number;
  /** Fewer positives than this: nearest-saved-paper scoring instead of a linear model. */
  minPositives: number;
  /** Seen-and-passed labels kept (newest first); older ones would weigh little anyway. */
  maxPassed: number;
  /** Term kinds left out of the features (the evaluation's text-only variant). */
  omitKinds: TermKind[];
  seed: number;
  /** SGD passes after a label, from the previous weights, over the changes and the replay sample. */
  warmEpochs: number;
  /** Old labels replayed with the changed ones after a label (half positives, half negatives). */
  replay: number;
}

export const DEFAULT_RELEVANCE_OPTIONS: Readonly<RelevanceOptions> = {
  halfLifeDays: 180,
  minPositives: 5,
  maxPassed: 20_000,
  omitKinds: [],
  seed: 12,
  warmEpochs: 2,
  replay: 1_000,
};

/** Label strength before time decay. */
const LABEL_WEIGHT: Readonly<Record<LabelKind, number>> = { saved: 1, 'not-interested': 1, passed: 0.3 };
/** Saved papers outside a tag are weak negatives for that tag's model. */
const OTHER_TAG_WEIGHT = 0.3;
const KIND_CODE: Readonly<Record<LabelKind, number>> = { saved: 0, 'not-interested': 1, passed: 2 };
const CODE_KIND: readonly LabelKind[] = ['saved', 'not-interested', 'passed'];
const DAY_MS = 86_400_000;
/** The hash -> term map behind model summaries stays small. */
const MAX_TERM_NAMES = 20_000;
/** Readable terms per card. */
const WHY_TERMS = 5;
/** Re-apply idf to stored examples once this many more papers have been seen. */
const REWEIGHT_GROWTH = 1.25;
/** Papers whose terms are kept between calls (a long listing is 2,000). */
const BAG_CACHE = 3_000;
/** A changed label is shown this many times in a warm update (among `replay` old ones). */
const CHANGED_REPEAT = 3;
/**
 * Cards' tf-idf vectors are kept until this many more papers have been seen (x 1.02), or the
 * examples are re-weighted: each listing observed moves the idf a little, and re-vectorising
 * 2,000 cards for a 0.1% change would cost more than the whole scoring.
 */
const CARD_VECTOR_GROWTH = 1.02;
/** Linear sums read the weights in runs of 2^8 buckets (1 KB of Float32): see `linearSums`. */
const SWEEP_SHIFT = 8;

/**
 * One paper a listing showed: its terms, tokenised once, and what scoring it found, each with
 * what it depends on, so that scoring the listing again redoes only what changed.
 */
interface PaperEntry {
  /** The text's shape (lengths, categories): an abstract filled in later is tokenised again. */
  fp: string;
  bag: TermBag;
  vec?: ExplainedVector;
  vecEpoch?: number;
  /** The library's nearest saved paper for `vec`, as found at `version` of `index`. */
  near?: { vec: ExplainedVector; index: NearestIndex; version: number; nb: Neighbour | null };
  /**
   * Each linear model's sum for `vec` (z[j] by `models[j]`, the model of column j it was
   * summed with, columns as in `keys`), and the library model's strongest terms.
   */
  lin?: { vec: ExplainedVector; keys: readonly string[]; models: (LinearModel | null)[]; z: Float64Array; top: Int32Array; topW: Float64Array; kept: number };
}

interface Example {
  id: string;
  /** Position in `saved` or `unsaved` (swap-removal keeps both lists dense for sampling). */
  pos: number;
  /** Label sequence number when it was given: a warm update replays what came after its model. */
  seq: number;
  kind: LabelKind;
  at: number;
  tags: string[];
  title: string;
  idx: Int32Array;
  tf: Float32Array;
  val: Float32Array;
}

type Slot =
  | { kind: 'linear'; model: LinearModel; positives: number; trainedAt: number; seq: number }
  | { kind: 'nearest'; positives: number; trainedAt: number; seq: number };

interface PositivesIndex {
  index: NearestIndex;
  /** By index position (null once removed). */
  docs: (Example | null)[];
  at: Map<string, number>;
}

export interface WhyTerm {
  term: string;
  kind: TermKind;
  /** Share of the score this term carried (model weight x feature, or cosine part). */
  weight: number;
}

export interface RelevanceResult {
  id: string;
  /** 0..1; 0 with mode "none" (no saved paper yet: the card shows no score). */
  score: number;
  mode: 'linear' | 'nearest' | 'none';
  why: WhyTerm[];
  /** Most similar saved paper (never the paper itself). */
  nearest: { id: string; title: string; similarity: number } | null;
  /** Per-tag scores, best first (at most 3). */
  tags: { tag: string; score: number }[];
}

export interface TrainReport {
  trained: { tag: string | null; mode: 'linear' | 'nearest'; examples: number; positives: number }[];
  reweighted: boolean;
}

export interface RelevanceState {
  version: number;
  options: RelevanceOptions;
  df: DocFreqState;
  /** Papers' df count at the last reweighting. */
  reweightedAt: number;
  examples: {
    ids: string[];
    titles: string[];
    kinds: Uint8Array;
    at: Float64Array;
    tags: string[][];
    /** Feature offsets into idx/tf (length = examples + 1). */
    offsets: Uint32Array;
    idx: Int32Array;
    tf: Float32Array;
  };
  models: {
    tag: string | null;
    kind: 'linear' | 'nearest';
    positives: number;
    trainedAt: number;
    bias: number;
    steps: number;
    /** Non-zero weights: delta-varint buckets and their values. */
    weightIdx: Uint8Array;
    weightVal: Float32Array;
  }[];
  termNames: { buckets: Int32Array; names: string[] };
}

export type RestoreResult = { ok: true; engine: RelevanceEngine } | { ok: false; reason: 'newer-version' | 'older-version' | 'malformed'; message: string };

const LIBRARY = '\u0000library';

function slotKey(tag: string | null): string {
  return tag === null ? LIBRARY : `t:${tag}`;
}

export class RelevanceEngine {
  readonly options: RelevanceOptions;
  private df = new DocFreq();
  private reweightedAt = 0;
  private readonly examples = new Map<string, Example>();
  /** Saved examples, and the others (not interested, passed): dense, for sampling. */
  private readonly saved: Example[] = [];
  private readonly unsaved: Example[] = [];
  private passedCount = 0;
  private readonly tagCounts = new Map<string, number>();
  private seq = 0;
  /** Label changes (new or removed labels) not yet seen by every model, in order. */
  private changes: { id: string; seq: number }[] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly dirty = new Set<string>();
  private readonly termNames = new Map<number, string>();
  private readonly indexCache = new Map<string, PositivesIndex>();
  private readonly bags = new Map<string, PaperEntry>();
  /** Cards' vectors are computed at this epoch (see CARD_VECTOR_GROWTH), begun at `epochN` papers seen. */
  private vecEpoch = 0;
  private epochN = 0;
  /**
   * The linear models as scoring's columns. `keys` is kept as the same array while the set of
   * models is the same, so a paper's sums stay matched to their columns across trainings and
   * only the columns whose model was trained again are summed again.
   */
  private columns: { keys: readonly string[]; models: LinearModel[] } | null = null;
  /** The last `sweepPlan`. */
  private plan: { vecs: ExplainedVector[]; bucket: Int32Array; paper: Int32Array; pos: Int32Array; val: Float32Array; total: number } | null = null;

  constructor(options: Partial<RelevanceOptions> = {}) {
    this.options = { ...DEFAULT_RELEVANCE_OPTIONS, ...options, omitKinds: [...(options.omitKinds ?? [])] };
  }

  // -------------------------------------------------------------------------------------------
  // Input

  /**
   * A paper's terms, tokenised once: the listing a tab shows is observed, then scored, then
   * scored again after every label (cards on screen are re-scored), so the bags of the last
   * few thousand papers are kept (a few KB each). Keyed by id and the text's shape, so an
   * abstract filled in later (from the API) is tokenised again.
   */
  private termsOf(p: RelevanceInput): TermBag {
    return this.entryOf(p).bag;
  }

  /** The paper's tf-idf vector: kept with its terms for the current epoch (CARD_VECTOR_GROWTH). */
  private vectorOf(entry: PaperEntry): ExplainedVector {
    if (entry.vec && entry.vecEpoch === this.vecEpoch) return entry.vec;
    entry.vec = vectorize(entry.bag, this.df, this.options);
    entry.vecEpoch = this.vecEpoch;
    return entry.vec;
  }

  private entryOf(p: RelevanceInput): PaperEntry {
    const fp = `${typeof p.title === 'string' ? p.title.length : -1}:${typeof p.abstract === 'string' ? p.abstract.length : -1}:${Array.isArray(p.authors) ? p.authors.length : -1}:${Array.isArray(p.categories) ? p.categories.join(',') : ''}`;
    const hit = this.bags.get(p.id);
    if (hit && hit.fp === fp) return hit;
    const entry: PaperEntry = { fp, bag: paperTerms(p) };
    if (hit) this.bags.delete(p.id);
    else if (this.bags.size >= BAG_CACHE) this.bags.delete(this.bags.keys().next().value as string);
    this.bags.set(p.id, entry);
    return entry;
  }

  /**
   * Counts papers the extension has seen in the document frequencies (each id once), and keeps
   * their terms and vectors: the listing a tab reads is observed first ('papers:seen'), so
   * scoring its cards finds them featurised (a paper counted on an earlier visit is featurised
   * here again, not at scoring).
   */
  observe(papers: Iterable<RelevanceInput>): number {
    let added = 0;
    const entries: PaperEntry[] = [];
    for (const p of papers) {
      if (!p || typeof p.id !== 'string') continue;
      const entry = this.entryOf(p);
      entries.push(entry);
      if (this.count(p.id, entry)) added += 1;
    }
    // Their tf-idf vectors too, with the idf this listing left (a new epoch if it moved it enough).
    if (this.df.n > this.epochN * CARD_VECTOR_GROWTH) this.newVectorEpoch();
    for (const entry of entries) this.vectorOf(entry);
    return added;
  }

  /** Counts a paper in the document frequencies unless it already is; true when it was new. */
  private count(id: string, entry: PaperEntry): boolean {
    return !this.df.has(id) && this.df.add(id, termBuckets(entry.bag, this.options));
  }

  /** Records (or replaces) the label of a paper. A "passed" never overrides saved or not-interested. */
  label(paper: RelevanceInput, event: LabelEvent): void {
    if (!paper || typeof paper.id !== 'string') return;
    const old = this.examples.get(paper.id);
    if (event.kind === 'passed' && old) return;
    this.count(paper.id, this.entryOf(paper));
    const v = vectorize(this.termsOf(paper), this.df, this.options);
    const tags = event.kind === 'saved' ? [...new Set((event.tags ?? []).filter((t) => typeof t === 'string' && t !== ''))] : [];
    const at = Number.isFinite(event.at) ? event.at : 0;
    if (old) this.forget(old);
    this.seq += 1;
    const ex: Example = { id: paper.id, pos: -1, seq: this.seq, kind: event.kind, at, tags, title: String(paper.title ?? ''), idx: v.idx, tf: v.tf, val: v.val };
    this.insert(ex);
    if (ex.kind === 'saved') {
      v.idx.forEach((b, i) => {
        if (this.termNames.size < MAX_TERM_NAMES && !this.termNames.has(b)) this.termNames.set(b, v.bag.display(v.slot[i] as number));
      });
    }
    this.changed(ex);
    if (this.passedCount > this.options.maxPassed * 1.05) this.evictPassed();
  }

  /** The label a paper has now, or null. */
  labelOf(id: string): LabelKind | null {
    return this.examples.get(id)?.kind ?? null;
  }

  /** Removes a paper's label (unsaved, or undo of "not interested"). */
  unlabel(id: string): void {
    const old = this.examples.get(id);
    if (!old) return;
    this.forget(old);
    this.seq += 1;
    this.changed(old);
  }

  private insert(ex: Example): void {
    const list = ex.kind === 'saved' ? this.saved : this.unsaved;
    ex.pos = list.length;
    list.push(ex);
    this.examples.set(ex.id, ex);
    if (ex.kind === 'passed') this.passedCount += 1;
    for (const t of ex.tags) this.tagCounts.set(t, (this.tagCounts.get(t) ?? 0) + 1);
    if (ex.kind === 'saved') for (const [key, entry] of this.indexCache) if (key === LIBRARY || ex.tags.includes(key.slice(2))) addToIndex(entry, ex);
  }

  private forget(ex: Example): void {
    const list = ex.kind === 'saved' ? this.saved : this.unsaved;
    const last = list.pop() as Example;
    if (last !== ex) {
      list[ex.pos] = last;
      last.pos = ex.pos;
    }
    this.examples.delete(ex.id);
    if (ex.kind === 'passed') this.passedCount -= 1;
    for (const t of ex.tags) {
      const n = (this.tagCounts.get(t) ?? 1) - 1;
      if (n > 0) this.tagCounts.set(t, n);
      else this.tagCounts.delete(t);
    }
    if (ex.kind === 'saved') {
      for (const [key, entry] of this.indexCache) {
        const at = entry.at.get(ex.id);
        if (at === undefined) continue;
        entry.index.remove(at);
        entry.docs[at] = null;
        entry.at.delete(ex.id);
        // Mostly tombstones: rebuilt on next use.
        if (entry.index.removed > Math.max(64, entry.index.size)) this.indexCache.delete(key);
      }
    }
  }

  private changed(ex: Example): void {
    this.changes.push({ id: ex.id, seq: this.seq });
    this.dirty.add(LIBRARY);
    if (ex.kind === 'saved') for (const t of ex.tags) this.dirty.add(slotKey(t));
    // Negatives and untagged saves are negatives of every tag model.
    for (const key of this.slots.keys()) if (key !== LIBRARY && (ex.kind !== 'saved' || !ex.tags.includes(key.slice(2)))) this.dirty.add(key);
  }

  /** Oldest passed labels first (lowest seq). */
  private evictPassed(): void {
    const passed = this.unsaved.filter((e) => e.kind === 'passed').sort((a, b) => a.seq - b.seq);
    for (const ex of passed) {
      if (this.passedCount <= this.options.maxPassed) break;
      this.forget(ex);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Training

  /** Trains every model whose labels changed since the last call. `now` (ms) drives the time decay. */
  train(now: number, options: { full?: boolean } = {}): TrainReport {
    const report: TrainReport = { trained: [], reweighted: false };
    if (this.df.n >= Math.max(20, this.reweightedAt * REWEIGHT_GROWTH)) {
      for (const ex of this.examples.values()) ex.val = reweight(ex, this.df);
      this.reweightedAt = this.df.n;
      this.indexCache.clear();
      this.newVectorEpoch();
      report.reweighted = true;
    }
    const wanted = new Set<string>([LIBRARY, ...[...this.tagCounts.keys()].map(slotKey)]);
    for (const key of [...this.slots.keys()]) if (!wanted.has(key)) this.slots.delete(key);
    for (const key of wanted) {
      if (!options.full && this.slots.has(key) && !this.dirty.has(key)) continue;
      const tag = key === LIBRARY ? null : key.slice(2);
      report.trained.push(this.trainSlot(tag, now, options.full === true));
    }
    this.dirty.clear();
    this.changes = [];
    this.columns = this.linearColumns();
    return report;
  }

  private decay(at: number, now: number): number {
    return Math.pow(0.5, Math.max(0, now - at) / (this.options.halfLifeDays * DAY_MS));
  }

  /** The example as a training example of the model of `tag` (null: the library). */
  private asTraining(ex: Example, tag: string | null, now: number): TrainExample {
    const vec = { idx: ex.idx, val: ex.val };
    const d = this.decay(ex.at, now);
    if (ex.kind === 'saved') {
      if (tag === null || ex.tags.includes(tag)) return { vec, y: 1, weight: LABEL_WEIGHT.saved * d };
      return { vec, y: 0, weight: OTHER_TAG_WEIGHT * d };
    }
    return { vec, y: 0, weight: LABEL_WEIGHT[ex.kind] * d };
  }

  private trainSlot(tag: string | null, now: number, full: boolean): TrainReport['trained'][number] {
    const key = slotKey(tag);
    const positives = tag === null ? this.saved.length : (this.tagCounts.get(tag) ?? 0);
    const negatives = this.examples.size - positives;
    const trainedAt = now;
    if (positives < this.options.minPositives || negatives === 0) {
      this.slots.set(key, { kind: 'nearest', positives, trainedAt, seq: this.seq });
      return { tag, mode: 'nearest', examples: positives, positives };
    }
    const prev = this.slots.get(key);
    const all = !full && prev?.kind === 'linear' ? this.warmExamples(tag, prev.seq, now) : this.fullExamples(tag, now);
    balance(all);
    const warm = !full && prev?.kind === 'linear';
    const epochs = warm ? this.options.warmEpochs : Math.min(40, Math.max(5, Math.round(400_000 / all.length)));
    const model = trainLogistic(all, {
      epochs,
      seed: this.options.seed + this.seq,
      init: warm && prev?.kind === 'linear' ? prev.model : null,
      lambda: 1e-4,
    });
    this.slots.set(key, { kind: 'linear', model, positives, trainedAt, seq: this.seq });
    return { tag, mode: 'linear', examples: all.length, positives };
  }

  /** Every label of the model; weak negatives (many: every passed card) a seeded sample re-weighted to keep their total. */
  private fullExamples(tag: string | null, now: number): TrainExample[] {
    const pos: TrainExample[] = [];
    const neg: TrainExample[] = [];
    const weak: TrainExample[] = [];
    for (const ex of this.saved) {
      const t = this.asTraining(ex, tag, now);
      (t.y === 1 ? pos : weak).push(t);
    }
    for (const ex of this.unsaved) (ex.kind === 'not-interested' ? neg : weak).push(this.asTraining(ex, tag, now));
    const cap = Math.max(2_000, 3 * pos.length);
    let sample = weak;
    if (weak.length > cap) {
      const rand = seededRandom(this.options.seed + pos.length);
      sample = [];
      for (let i = 0; i < weak.length; i += 1) {
        // Selection sampling (Knuth's algorithm S): exactly `cap` items, order kept.
        if (rand() * (weak.length - i) < cap - sample.length) sample.push(weak[i] as TrainExample);
      }
      const f = weak.length / sample.length;
      for (const e of sample) e.weight *= f;
    }
    return pos.concat(neg, sample);
  }

  /**
   * A warm update: the labels changed since the model's last training, each a few times, and a
   * replay sample of old labels (half from the model's positives, half from its negatives) so
   * the model does not drift towards the newest label. Cost: O(replay), whatever the library size.
   */
  private warmExamples(tag: string | null, since: number, now: number): TrainExample[] {
    const out: TrainExample[] = [];
    for (const c of this.changes) {
      if (c.seq <= since) continue;
      const ex = this.examples.get(c.id);
      if (!ex || ex.seq !== c.seq) continue; // removed since, or labelled again later
      const t = this.asTraining(ex, tag, now);
      for (let r = 0; r < CHANGED_REPEAT; r += 1) out.push(t);
    }
    const rand = seededRandom(this.options.seed + since);
    const half = this.options.replay >> 1;
    // Positives of a tag are scattered in `saved`: its members are gathered (saved is ~10k at most).
    const pos = tag === null ? this.saved : this.saved.filter((e) => e.tags.includes(tag));
    const pick = (list: readonly Example[], n: number, keep?: (e: Example) => boolean) => {
      if (list.length === 0) return;
      for (let i = 0; i < n; i += 1) {
        const ex = list[Math.floor(rand() * list.length)] as Example;
        if (!keep || keep(ex)) out.push(this.asTraining(ex, tag, now));
      }
    };
    pick(pos, Math.min(half, pos.length * 2));
    const otherSaved = tag === null ? 0 : this.saved.length - pos.length;
    const negPool = this.unsaved.length + otherSaved;
    if (negPool > 0) {
      const fromSaved = Math.round((half * otherSaved) / negPool);
      pick(this.unsaved, Math.min(half - fromSaved, this.unsaved.length * 2));
      if (tag !== null) pick(this.saved, fromSaved, (e) => !e.tags.includes(tag));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Scoring

  private positivesIndex(tag: string | null): PositivesIndex {
    const key = slotKey(tag);
    let entry = this.indexCache.get(key);
    if (!entry) {
      entry = { index: new NearestIndex(), docs: [], at: new Map() };
      for (const e of this.saved) if (tag === null || e.tags.includes(tag)) addToIndex(entry, e);
      this.indexCache.set(key, entry);
    }
    return entry;
  }

  private linearColumns(): { keys: readonly string[]; models: LinearModel[] } {
    const linear = [...this.slots.entries()].filter((e): e is [string, Extract<Slot, { kind: 'linear' }>] => e[1].kind === 'linear');
    const keys = linear.map(([k]) => k);
    const old = this.columns?.keys;
    const same = old !== undefined && old.length === keys.length && old.every((k, j) => k === keys[j]);
    return { keys: same ? old : keys, models: linear.map(([, slot]) => slot.model) };
  }

  private newVectorEpoch(): void {
    this.vecEpoch += 1;
    this.epochN = this.df.n;
  }

  /**
   * Scores papers (a listing) with the trained models. Call `train` first after labels change.
   * What a paper's score is made of is kept with its terms (PaperEntry) and redone only when
   * what it depends on changed: its vector (the epoch), the weights (a training), the saved
   * papers (a save compares one new paper per card, see NearestIndex.nearestSince).
   */
  score(papers: readonly RelevanceInput[]): RelevanceResult[] {
    if (this.df.n > this.epochN * CARD_VECTOR_GROWTH) this.newVectorEpoch();
    const lib = this.slots.get(LIBRARY);
    const libIndex = this.positivesIndex(null);
    const tagSlots = [...this.slots.entries()].filter(([k]) => k !== LIBRARY);
    this.columns ??= this.linearColumns();
    const { keys, models } = this.columns;
    const m = keys.length;
    const libCol = keys.indexOf(LIBRARY);
    const column = new Map(keys.map((k, j) => [k, j]));
    // Each tag model: its column when linear (-1: nearest, scored against the tag's papers).
    const tagCols = tagSlots.map(([key, slot]) => ({ tag: key.slice(2), col: slot.kind === 'linear' ? (column.get(key) ?? -1) : -1 }));
    const top = new Int32Array(WHY_TERMS);
    const topW = new Float64Array(WHY_TERMS);
    const entries = papers.map((p) => this.entryOf(p));
    const vecs = entries.map((e) => this.vectorOf(e));
    const lins = this.linearSums(entries, vecs, keys, models, libCol);
    return papers.map((paper, i) => {
      const entry = entries[i] as PaperEntry;
      const v = vecs[i] as ExplainedVector;
      const exclude = libIndex.at.get(paper.id) ?? -1;
      const near = entry.near;
      const nb =
        near && near.vec === v && near.index === libIndex.index
          ? libIndex.index.nearestSince(v, near.nb, near.version, exclude)
          : libIndex.index.nearest(v, exclude);
      entry.near = { vec: v, index: libIndex.index, version: libIndex.index.version, nb };
      const nearestDoc = nb ? libIndex.docs[nb.index] : null;
      const nearest = nb && nearestDoc ? { id: nearestDoc.id, title: nearestDoc.title, similarity: nb.similarity } : null;
      let score = 0;
      let mode: RelevanceResult['mode'] = 'none';
      // The WHY_TERMS largest positive contributions, kept sorted as they come (no array sort).
      let kept = 0;
      const consider = (i: number, c: number) => {
        if (!(c > 0) || (kept === WHY_TERMS && c <= (topW[WHY_TERMS - 1] as number))) return;
        let k = kept < WHY_TERMS ? kept++ : WHY_TERMS - 1;
        while (k > 0 && (topW[k - 1] as number) < c) {
          topW[k] = topW[k - 1] as number;
          top[k] = top[k - 1] as number;
          k -= 1;
        }
        topW[k] = c;
        top[k] = i;
      };
      const lin = lins[i] as NonNullable<PaperEntry['lin']>;
      const zs = lin.z;
      kept = 0;
      if (lib?.kind === 'linear') {
        mode = 'linear';
        score = sigmoid(zs[libCol] as number);
        kept = lin.kept;
        top.set(lin.top);
        topW.set(lin.topW);
      } else if (lib?.kind === 'nearest' && nearest && nearestDoc) {
        mode = 'nearest';
        score = Math.max(0, Math.min(1, nearest.similarity));
        const other = { idx: nearestDoc.idx, val: nearestDoc.val };
        for (let i = 0; i < v.idx.length; i += 1) consider(i, (v.val[i] as number) * valueAt(other, v.idx[i] as number));
      }
      const why: WhyTerm[] = [];
      for (let k = 0; k < kept; k += 1) {
        const slot = v.slot[top[k] as number] as number;
        why.push({ term: v.bag.display(slot), kind: v.bag.kindOf(slot), weight: topW[k] as number });
      }
      // The 3 best tags, by insertion (no array of every tag sorted per card).
      const tags: { tag: string; score: number }[] = [];
      for (const t of tagCols) {
        let tagScore: number;
        if (t.col >= 0) tagScore = sigmoid(zs[t.col] as number);
        else {
          const own = this.positivesIndex(t.tag);
          tagScore = Math.max(0, own.index.nearest(v, own.at.get(paper.id) ?? -1)?.similarity ?? 0);
        }
        if (tags.length === 3 && tagScore <= (tags[2] as { score: number }).score) continue;
        let k = tags.length < 3 ? tags.length : 2;
        tags[k] = { tag: t.tag, score: tagScore };
        while (k > 0 && (tags[k - 1] as { score: number }).score < tagScore) {
          const swap = tags[k - 1] as { tag: string; score: number };
          tags[k - 1] = tags[k] as { tag: string; score: number };
          tags[k] = swap;
          k -= 1;
        }
      }
      return { id: paper.id, score, mode, why, nearest, tags };
    });
  }

  /**
   * Every feature of these papers, grouped by bucket >> SWEEP_SHIFT (a counting sort, stable:
   * within a paper the features stay in bucket order). Kept for the last list of vectors: cards
   * on screen are scored again, as they were, after each label.
   */
  private sweepPlan(vecs: ExplainedVector[]): { vecs: ExplainedVector[]; bucket: Int32Array; paper: Int32Array; pos: Int32Array; val: Float32Array; total: number } {
    const last = this.plan;
    if (last && last.vecs.length === vecs.length && last.vecs.every((v, i) => v === vecs[i])) return last;
    const n = vecs.length;
    let total = 0;
    for (const v of vecs) total += v.idx.length;
    const groups = FEATURE_DIM >>> SWEEP_SHIFT;
    const start = new Int32Array(groups + 1);
    for (const v of vecs) {
      for (let k = 0; k < v.idx.length; k += 1) {
        const g = ((v.idx[k] as number) >>> SWEEP_SHIFT) + 1;
        start[g] = (start[g] as number) + 1;
      }
    }
    for (let g = 0; g < groups; g += 1) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
    const bucket = new Int32Array(total);
    const paper = new Int32Array(total);
    const pos = new Int32Array(total);
    const val = new Float32Array(total);
    for (let i = 0; i < n; i += 1) {
      const v = vecs[i] as ExplainedVector;
      for (let k = 0; k < v.idx.length; k += 1) {
        const b = v.idx[k] as number;
        const g = b >>> SWEEP_SHIFT;
        const at = start[g] as number;
        start[g] = at + 1;
        bucket[at] = b;
        paper[at] = i;
        pos[at] = k;
        val[at] = v.val[k] as number;
      }
    }
    this.plan = { vecs: [...vecs], bucket, paper, pos, val, total };
    return this.plan;
  }

  /**
   * Brings every paper's linear sums up to date (PaperEntry.lin): only the columns whose model
   * was trained since they were summed. The sums are taken model by model over all papers'
   * features ordered by bucket (a counting sort on the bucket's high bits), so one model's
   * 1 MB of weights is read front to back instead of at 2,000 x 80 random places, which on a
   * busy machine is a cache miss each. Within a paper the features are added in bucket order,
   * as a plain loop over its sorted vector would: the sums are the same to the last bit.
   */
  private linearSums(entries: PaperEntry[], vecs: ExplainedVector[], keys: readonly string[], models: LinearModel[], libCol: number): NonNullable<PaperEntry['lin']>[] {
    const n = entries.length;
    const m = keys.length;
    const need = new Uint8Array(n * m);
    const colNeeded = new Uint8Array(m);
    const lins = entries.map((entry, i) => {
      const v = vecs[i] as ExplainedVector;
      let lin = entry.lin;
      if (!lin || lin.vec !== v || lin.keys !== keys) {
        lin = { vec: v, keys, models: new Array<LinearModel | null>(m).fill(null), z: new Float64Array(m), top: new Int32Array(0), topW: new Float64Array(0), kept: 0 };
        entry.lin = lin;
      }
      for (let j = 0; j < m; j += 1) {
        if (lin.models[j] !== models[j]) {
          need[i * m + j] = 1;
          colNeeded[j] = 1;
        }
      }
      return lin;
    });
    if (!colNeeded.includes(1)) return lins;
    const { bucket, paper, pos, val, total } = this.sweepPlan(vecs);
    const sum = new Float64Array(n);
    const tops = new Int32Array(n * WHY_TERMS);
    const topWs = new Float64Array(n * WHY_TERMS);
    const kept = new Uint8Array(n);
    for (let j = 0; j < m; j += 1) {
      if (!colNeeded[j]) continue;
      const model = models[j] as LinearModel;
      const w = model.weights;
      sum.fill(model.bias);
      const isLib = j === libCol;
      if (isLib) kept.fill(0);
      for (let k = 0; k < total; k += 1) {
        const i = paper[k] as number;
        if (need[i * m + j] === 0) continue;
        const c = (w[bucket[k] as number] as number) * (val[k] as number);
        sum[i] = (sum[i] as number) + c;
        if (isLib && c > 0) {
          // The WHY_TERMS largest positive contributions of paper i, kept sorted as they come.
          const o = i * WHY_TERMS;
          const have = kept[i] as number;
          if (have === WHY_TERMS && c <= (topWs[o + WHY_TERMS - 1] as number)) continue;
          let q = have < WHY_TERMS ? have : WHY_TERMS - 1;
          if (have < WHY_TERMS) kept[i] = have + 1;
          while (q > 0 && (topWs[o + q - 1] as number) < c) {
            topWs[o + q] = topWs[o + q - 1] as number;
            tops[o + q] = tops[o + q - 1] as number;
            q -= 1;
          }
          topWs[o + q] = c;
          tops[o + q] = pos[k] as number;
        }
      }
      for (let i = 0; i < n; i += 1) {
        if (need[i * m + j] === 0) continue;
        const lin = lins[i] as NonNullable<PaperEntry['lin']>;
        lin.z[j] = sum[i] as number;
        lin.models[j] = model;
        if (isLib) {
          const o = i * WHY_TERMS;
          lin.kept = kept[i] as number;
          lin.top = tops.slice(o, o + lin.kept);
          lin.topW = topWs.slice(o, o + lin.kept);
        }
      }
    }
    return lins;
  }

  /** The terms a model weighs most (library when tag is null): what "your library is about". */
  topTerms(tag: string | null, n = 10): { term: string; weight: number }[] {
    const slot = this.slots.get(slotKey(tag));
    const weights = new Map<number, number>();
    if (slot?.kind === 'linear') {
      for (const b of this.termNames.keys()) weights.set(b, slot.model.weights[b] as number);
    } else {
      for (const d of this.positivesIndex(tag).docs) d?.idx.forEach((b, i) => weights.set(b, (weights.get(b) ?? 0) + (d.val[i] as number)));
    }
    return [...weights.entries()]
      .filter(([b, w]) => w > 0 && this.termNames.has(b))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([b, weight]) => ({ term: this.termNames.get(b) as string, weight }));
  }

  stats(): { seen: number; saved: number; notInterested: number; passed: number; models: { tag: string | null; mode: string; positives: number }[] } {
    return {
      seen: this.df.n,
      saved: this.saved.length,
      notInterested: this.unsaved.length - this.passedCount,
      passed: this.passedCount,
      models: [...this.slots.entries()].map(([k, s]) => ({ tag: k === LIBRARY ? null : k.slice(2), mode: s.kind, positives: s.positives })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Persistence

  toState(): RelevanceState {
    const exs = [...this.examples.values()];
    const offsets = new Uint32Array(exs.length + 1);
    exs.forEach((e, i) => (offsets[i + 1] = (offsets[i] as number) + e.idx.length));
    const idx = new Int32Array(offsets[exs.length] as number);
    const tf = new Float32Array(idx.length);
    exs.forEach((e, i) => {
      idx.set(e.idx, offsets[i] as number);
      tf.set(e.tf, offsets[i] as number);
    });
    const models: RelevanceState['models'] = [...this.slots.entries()].map(([key, s]) => {
      const tag = key === LIBRARY ? null : key.slice(2);
      if (s.kind !== 'linear') {
        return { tag, kind: 'nearest', positives: s.positives, trainedAt: s.trainedAt, bias: 0, steps: 0, weightIdx: new Uint8Array(0), weightVal: new Float32Array(0) };
      }
      const w = new VarintWriter();
      const vals: number[] = [];
      let prev = 0;
      const nz: number[] = [];
      for (let i = 0; i < s.model.weights.length; i += 1) if (s.model.weights[i] !== 0) nz.push(i);
      w.write(nz.length);
      for (const i of nz) {
        w.write(i - prev);
        prev = i;
        vals.push(s.model.weights[i] as number);
      }
      return { tag, kind: 'linear', positives: s.positives, trainedAt: s.trainedAt, bias: s.model.bias, steps: s.model.steps, weightIdx: w.bytes(), weightVal: Float32Array.from(vals) };
    });
    return {
      version: RELEVANCE_STATE_VERSION,
      options: { ...this.options, omitKinds: [...this.options.omitKinds] },
      df: this.df.toState(),
      reweightedAt: this.reweightedAt,
      examples: {
        ids: exs.map((e) => e.id),
        titles: exs.map((e) => e.title),
        kinds: Uint8Array.from(exs.map((e) => KIND_CODE[e.kind])),
        at: Float64Array.from(exs.map((e) => e.at)),
        tags: exs.map((e) => [...e.tags]),
        offsets,
        idx,
        tf,
      },
      models,
      termNames: { buckets: Int32Array.from(this.termNames.keys()), names: [...this.termNames.values()] },
    };
  }

  /** Restores a saved state; a state from another version or a damaged one is refused (rebuild from labels). */
  static fromState(state: unknown): RestoreResult {
    const s = state as RelevanceState;
    if (!s || typeof s !== 'object' || typeof s.version !== 'number') return { ok: false, reason: 'malformed', message: 'not a relevance model state' };
    if (s.version > RELEVANCE_STATE_VERSION) return { ok: false, reason: 'newer-version', message: `model state version ${s.version} was written by a newer build` };
    if (s.version < RELEVANCE_STATE_VERSION) return { ok: false, reason: 'older-version', message: `model state version ${s.version} is outdated` };
    try {
      const engine = new RelevanceEngine(s.options);
      engine.df = DocFreq.fromState(s.df);
      engine.reweightedAt = s.reweightedAt;
      const e = s.examples;
      const n = e.ids.length;
      if (e.offsets.length !== n + 1 || e.kinds.length !== n || e.at.length !== n || e.tags.length !== n || e.titles.length !== n) throw new Error('example arrays disagree');
      for (let i = 0; i < n; i += 1) {
        const a = e.offsets[i] as number;
        const b = e.offsets[i + 1] as number;
        const kind = CODE_KIND[e.kinds[i] as number];
        if (kind === undefined || b < a || b > e.idx.length) throw new Error('bad example');
        // Stored in label order: the sequence numbers come back as 1..n.
        const ex: Example = { id: e.ids[i] as string, pos: -1, seq: i + 1, kind, at: e.at[i] as number, tags: [...(e.tags[i] as string[])], title: e.titles[i] as string, idx: e.idx.slice(a, b), tf: e.tf.slice(a, b), val: new Float32Array(0) };
        ex.val = reweight(ex, engine.df);
        engine.insert(ex);
      }
      engine.seq = n;
      for (const m of s.models) {
        const key = slotKey(m.tag);
        if (m.kind === 'nearest') {
          engine.slots.set(key, { kind: 'nearest', positives: m.positives, trainedAt: m.trainedAt, seq: n });
          continue;
        }
        const weights = new Float32Array(FEATURE_DIM);
        const r = new VarintReader(m.weightIdx);
        const count = r.read();
        if (count !== m.weightVal.length) throw new Error('weights disagree');
        let at = 0;
        for (let i = 0; i < count; i += 1) {
          at += r.read();
          if (at >= FEATURE_DIM) throw new Error('weight bucket out of range');
          weights[at] = m.weightVal[i] as number;
        }
        const steps = Number.isFinite(m.steps) && m.steps >= 0 ? m.steps : 0;
        engine.slots.set(key, { kind: 'linear', model: { weights, bias: m.bias, steps }, positives: m.positives, trainedAt: m.trainedAt, seq: n });
      }
      s.termNames.buckets.forEach((b, i) => engine.termNames.set(b, s.termNames.names[i] as string));
      return { ok: true, engine };
    } catch (error) {
      return { ok: false, reason: 'malformed', message: `damaged model state: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

function addToIndex(entry: PositivesIndex, ex: Example): void {
  const at = entry.index.add({ idx: ex.idx, val: ex.val });
  entry.docs[at] = ex;
  entry.at.set(ex.id, at);
}

/**
 * Class balance: both sides carry the same total weight, and the mean weight is 1 so the SGD
 * step size means the same whatever the mix of labels and their ages.
 */
function balance(all: TrainExample[]): void {
  let P = 0;
  let N = 0;
  for (const e of all) if (e.y === 1) P += e.weight; else N += e.weight;
  if (P === 0 || N === 0) return;
  // Repeated examples (a changed label shown several times) share one object: scale each once.
  const done = new Set<TrainExample>();
  for (const e of all) {
    if (done.has(e)) continue;
    done.add(e);
    e.weight *= e.y === 1 ? all.length / (2 * P) : all.length / (2 * N);
  }
}

function valueAt(v: SparseVector, bucket: number): number {
  let lo = 0;
  let hi = v.idx.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = v.idx[mid] as number;
    if (x === bucket) return v.val[mid] as number;
    if (x < bucket) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

