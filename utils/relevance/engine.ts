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
 *
 * Pure: no I/O, no timers, no DOM; runs in a worker or the background. The caller persists
 * `toState()` (typed arrays, IndexedDB-friendly) and restores it with `fromState()`.
 */
import { DocFreq, type DocFreqState } from './doc-freq';
import { FEATURE_DIM, seededRandom } from './hash';
import { linearScore, trainLogistic, type LinearModel, type TrainExample } from './logistic';
import { NearestIndex } from './nearest';
import { paperTerms, type RelevanceInput, type TermKind } from './text';
import { VarintReader, VarintWriter } from './varint';
import { reweight, termBuckets, vectorize, type SparseVector } from './vector';

export const RELEVANCE_STATE_VERSION = 1;

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
  /** SGD passes after a label, from the previous weights. */
  warmEpochs: number;
}

export const DEFAULT_RELEVANCE_OPTIONS: Readonly<RelevanceOptions> = {
  halfLifeDays: 180,
  minPositives: 5,
  maxPassed: 20_000,
  omitKinds: [],
  seed: 12,
  warmEpochs: 1,
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

interface Example {
  id: string;
  kind: LabelKind;
  at: number;
  tags: string[];
  title: string;
  idx: Int32Array;
  tf: Float32Array;
  val: Float32Array;
}

type Slot =
  | { kind: 'linear'; model: LinearModel; positives: number; trainedAt: number }
  | { kind: 'nearest'; positives: number; trainedAt: number };

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
  private passedCount = 0;
  private readonly slots = new Map<string, Slot>();
  private readonly dirty = new Set<string>();
  private readonly termNames = new Map<number, string>();
  private readonly indexCache = new Map<string, { index: NearestIndex; docs: Example[] }>();

  constructor(options: Partial<RelevanceOptions> = {}) {
    this.options = { ...DEFAULT_RELEVANCE_OPTIONS, ...options, omitKinds: [...(options.omitKinds ?? [])] };
  }

  // -------------------------------------------------------------------------------------------
  // Input

  /** Counts papers the extension has seen in the document frequencies (each id once). */
  observe(papers: Iterable<RelevanceInput>): number {
    let added = 0;
    for (const p of papers) {
      if (!p || typeof p.id !== 'string' || this.df.has(p.id)) continue;
      if (this.df.add(p.id, termBuckets(paperTerms(p), this.options))) added += 1;
    }
    return added;
  }

  /** Records (or replaces) the label of a paper. A "passed" never overrides saved or not-interested. */
  label(paper: RelevanceInput, event: LabelEvent): void {
    if (!paper || typeof paper.id !== 'string') return;
    const old = this.examples.get(paper.id);
    if (event.kind === 'passed' && old && old.kind !== 'passed') return;
    this.observe([paper]);
    const v = vectorize(paperTerms(paper), this.df, this.options);
    const tags = event.kind === 'saved' ? [...new Set((event.tags ?? []).filter((t) => typeof t === 'string' && t !== ''))] : [];
    const at = Number.isFinite(event.at) ? event.at : 0;
    if (old) this.forget(old);
    const ex: Example = { id: paper.id, kind: event.kind, at, tags, title: String(paper.title ?? ''), idx: v.idx, tf: v.tf, val: v.val };
    this.examples.set(paper.id, ex);
    if (ex.kind === 'passed') this.passedCount += 1;
    if (ex.kind === 'saved') {
      v.idx.forEach((b, i) => {
        if (this.termNames.size < MAX_TERM_NAMES && !this.termNames.has(b)) this.termNames.set(b, v.bag.display(v.slot[i] as number));
      });
    }
    this.markDirty(ex);
    if (this.passedCount > this.options.maxPassed * 1.05) this.evictPassed();
  }

  /** Removes a paper's label (unsaved, or undo of "not interested"). */
  unlabel(id: string): void {
    const old = this.examples.get(id);
    if (old) this.forget(old);
  }

  private forget(ex: Example): void {
    this.examples.delete(ex.id);
    if (ex.kind === 'passed') this.passedCount -= 1;
    this.markDirty(ex);
  }

  private markDirty(ex: Example): void {
    this.dirty.add(LIBRARY);
    this.indexCache.clear();
    if (ex.kind === 'saved') for (const t of ex.tags) this.dirty.add(slotKey(t));
    // Negatives and untagged saves are negatives of every tag model.
    for (const key of this.slots.keys()) if (key !== LIBRARY && (ex.kind !== 'saved' || !ex.tags.includes(key.slice(2)))) this.dirty.add(key);
  }

  private evictPassed(): void {
    for (const ex of this.examples.values()) {
      if (this.passedCount <= this.options.maxPassed) break;
      if (ex.kind !== 'passed') continue;
      this.examples.delete(ex.id);
      this.passedCount -= 1;
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
      report.reweighted = true;
    }
    const tags = new Set<string>();
    for (const ex of this.examples.values()) if (ex.kind === 'saved') for (const t of ex.tags) tags.add(t);
    const wanted = new Set<string>([LIBRARY, ...[...tags].map(slotKey)]);
    for (const key of [...this.slots.keys()]) if (!wanted.has(key)) this.slots.delete(key);
    for (const key of wanted) {
      if (!options.full && this.slots.has(key) && !this.dirty.has(key)) continue;
      const tag = key === LIBRARY ? null : key.slice(2);
      report.trained.push(this.trainSlot(tag, now, options.full === true));
    }
    this.dirty.clear();
    this.indexCache.clear();
    return report;
  }

  private trainSlot(tag: string | null, now: number, full: boolean): TrainReport['trained'][number] {
    const key = slotKey(tag);
    const halfLife = this.options.halfLifeDays * DAY_MS;
    const decay = (at: number): number => Math.pow(0.5, Math.max(0, now - at) / halfLife);
    const pos: TrainExample[] = [];
    const neg: TrainExample[] = [];
    const weak: TrainExample[] = [];
    for (const ex of this.examples.values()) {
      const w = LABEL_WEIGHT[ex.kind] * decay(ex.at);
      const vec = { idx: ex.idx, val: ex.val };
      if (ex.kind === 'saved') {
        if (tag === null || ex.tags.includes(tag)) pos.push({ vec, y: 1, weight: w });
        else weak.push({ vec, y: 0, weight: OTHER_TAG_WEIGHT * decay(ex.at) });
      } else if (ex.kind === 'not-interested') neg.push({ vec, y: 0, weight: w });
      else weak.push({ vec, y: 0, weight: w });
    }
    const trainedAt = now;
    if (pos.length < this.options.minPositives || neg.length + weak.length === 0) {
      this.slots.set(key, { kind: 'nearest', positives: pos.length, trainedAt });
      return { tag, mode: 'nearest', examples: pos.length, positives: pos.length };
    }
    // Weak negatives are many (every passed card): a seeded sample, re-weighted to keep their
    // total. The update after one label (warm start) uses a smaller sample than a full build.
    const prev = this.slots.get(key);
    const warm = !full && prev?.kind === 'linear';
    const cap = Math.max(2_000, (warm ? 1 : 3) * pos.length);
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
    const all = pos.concat(neg, sample);
    let P = 0;
    let N = 0;
    for (const e of all) if (e.y === 1) P += e.weight; else N += e.weight;
    // Class balance: both sides carry the same total weight, and the mean weight is 1 so the
    // SGD step size means the same whatever the mix of labels and their ages.
    for (const e of all) e.weight *= e.y === 1 ? all.length / (2 * P) : all.length / (2 * N);
    const epochs = warm ? this.options.warmEpochs : Math.min(40, Math.max(5, Math.round(400_000 / all.length)));
    const model = trainLogistic(all, {
      epochs,
      seed: this.options.seed,
      init: warm && prev?.kind === 'linear' ? prev.model : null,
      lambda: 1e-4,
    });
    this.slots.set(key, { kind: 'linear', model, positives: pos.length, trainedAt });
    return { tag, mode: 'linear', examples: all.length, positives: pos.length };
  }

  // -------------------------------------------------------------------------------------------
  // Scoring

  private positivesIndex(tag: string | null): { index: NearestIndex; docs: Example[] } {
    const key = slotKey(tag);
    let entry = this.indexCache.get(key);
    if (!entry) {
      const docs = [...this.examples.values()].filter((e) => e.kind === 'saved' && (tag === null || e.tags.includes(tag)));
      entry = { index: new NearestIndex(docs.map((d) => ({ idx: d.idx, val: d.val }))), docs };
      this.indexCache.set(key, entry);
    }
    return entry;
  }

  /** Scores papers (a listing) with the trained models. Call `train` first after labels change. */
  score(papers: readonly RelevanceInput[]): RelevanceResult[] {
    const lib = this.slots.get(LIBRARY);
    const libIndex = this.positivesIndex(null);
    const tagSlots = [...this.slots.entries()].filter(([k]) => k !== LIBRARY);
    return papers.map((paper) => {
      const v = vectorize(paperTerms(paper), this.df, this.options);
      const self = this.examples.get(paper.id);
      const exclude = self?.kind === 'saved' ? libIndex.docs.indexOf(self) : -1;
      const nb = libIndex.index.nearest(v, exclude);
      const nearestDoc = nb ? (libIndex.docs[nb.index] as Example) : null;
      const nearest = nb && nearestDoc ? { id: nearestDoc.id, title: nearestDoc.title, similarity: nb.similarity } : null;
      let score = 0;
      let mode: RelevanceResult['mode'] = 'none';
      const contrib = new Float64Array(v.idx.length);
      if (lib?.kind === 'linear') {
        mode = 'linear';
        score = linearScore(lib.model, v);
        v.idx.forEach((b, i) => (contrib[i] = (lib.model.weights[b] as number) * (v.val[i] as number)));
      } else if (lib?.kind === 'nearest' && nearest && nearestDoc) {
        mode = 'nearest';
        score = Math.max(0, Math.min(1, nearest.similarity));
        const other = { idx: nearestDoc.idx, val: nearestDoc.val };
        v.idx.forEach((b, i) => (contrib[i] = (v.val[i] as number) * valueAt(other, b)));
      }
      const why: WhyTerm[] = Array.from(contrib.keys())
        .filter((i) => (contrib[i] as number) > 0)
        .sort((a, b) => (contrib[b] as number) - (contrib[a] as number))
        .slice(0, WHY_TERMS)
        .map((i) => ({ term: v.bag.display(v.slot[i] as number), kind: v.bag.kindOf(v.slot[i] as number), weight: contrib[i] as number }));
      const tags = tagSlots
        .map(([key, slot]) => {
          const tag = key.slice(2);
          if (slot.kind === 'linear') return { tag, score: linearScore(slot.model, v) };
          const own = this.positivesIndex(tag);
          const ex = self?.kind === 'saved' ? own.docs.indexOf(self) : -1;
          return { tag, score: Math.max(0, own.index.nearest(v, ex)?.similarity ?? 0) };
        })
        .sort((a, b) => b.score - a.score)
        .slice(0, 3);
      return { id: paper.id, score, mode, why, nearest, tags };
    });
  }

  /** The terms a model weighs most (library when tag is null): what "your library is about". */
  topTerms(tag: string | null, n = 10): { term: string; weight: number }[] {
    const slot = this.slots.get(slotKey(tag));
    const weights = new Map<number, number>();
    if (slot?.kind === 'linear') {
      for (const b of this.termNames.keys()) weights.set(b, slot.model.weights[b] as number);
    } else {
      for (const d of this.positivesIndex(tag).docs) d.idx.forEach((b, i) => weights.set(b, (weights.get(b) ?? 0) + (d.val[i] as number)));
    }
    return [...weights.entries()]
      .filter(([b, w]) => w > 0 && this.termNames.has(b))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([b, weight]) => ({ term: this.termNames.get(b) as string, weight }));
  }

  stats(): { seen: number; saved: number; notInterested: number; passed: number; models: { tag: string | null; mode: string; positives: number }[] } {
    let saved = 0;
    let notInterested = 0;
    for (const ex of this.examples.values()) if (ex.kind === 'saved') saved += 1; else if (ex.kind === 'not-interested') notInterested += 1;
    return {
      seen: this.df.n,
      saved,
      notInterested,
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
        return { tag, kind: 'nearest', positives: s.positives, trainedAt: s.trainedAt, bias: 0, weightIdx: new Uint8Array(0), weightVal: new Float32Array(0) };
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
      return { tag, kind: 'linear', positives: s.positives, trainedAt: s.trainedAt, bias: s.model.bias, weightIdx: w.bytes(), weightVal: Float32Array.from(vals) };
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
        const ex: Example = { id: e.ids[i] as string, kind, at: e.at[i] as number, tags: [...(e.tags[i] as string[])], title: e.titles[i] as string, idx: e.idx.slice(a, b), tf: e.tf.slice(a, b), val: new Float32Array(0) };
        ex.val = reweight(ex, engine.df);
        engine.examples.set(ex.id, ex);
        if (kind === 'passed') engine.passedCount += 1;
      }
      for (const m of s.models) {
        const key = slotKey(m.tag);
        if (m.kind === 'nearest') {
          engine.slots.set(key, { kind: 'nearest', positives: m.positives, trainedAt: m.trainedAt });
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
        engine.slots.set(key, { kind: 'linear', model: { weights, bias: m.bias }, positives: m.positives, trainedAt: m.trainedAt });
      }
      s.termNames.buckets.forEach((b, i) => engine.termNames.set(b, s.termNames.names[i] as string));
      return { ok: true, engine };
    } catch (error) {
      return { ok: false, reason: 'malformed', message: `damaged model state: ${error instanceof Error ? error.message : String(error)}` };
    }
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

