/**
 * Paper -> bag of hashed terms for the relevance model: words and word pairs of title +
 * abstract, author tokens and category tokens, each keeping where its readable form is so the
 * card's "why" line can show "neural networks", not a bucket number.
 *
 * This runs for every card of a listing (2,000 on a long page), so the scanner works on char
 * codes and hashes words in place: no substring, no string-keyed map per word. Only non-ASCII
 * words (rare) go through a string fold. Pure and total: any PaperMeta-like object in.
 */
import { FEATURE_DIM } from './hash';

/** The fields the model reads; PaperMeta and ListingEntry both fit. */
export interface RelevanceInput {
  id: string;
  title: string;
  authors: readonly string[];
  abstract: string | null;
  categories: readonly string[];
}

/** w = word, b = word pair, a = author, c = category. */
export type TermKind = 'w' | 'b' | 'a' | 'c';
export const TERM_KINDS: readonly TermKind[] = ['w', 'b', 'a', 'c'];
const W = 0;
const B = 1;
const A = 2;
const C = 3;

/**
 * English function words plus words every abstract uses (paper, propose, results ...): they
 * carry no topic and would otherwise fill word pairs. idf down-weights the rest.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also although am among an and any are as at be because been before being ' +
    'below between both but by can could did do does doing done down during each either else even ever every few for ' +
    'from further had has have having he her here hers herself him himself his how however i if in into is it its ' +
    'itself just less many may me might more most much must my myself neither no nor not now of off often on once ' +
    'one only onto or other others our ours ourselves out over own per rather same several she should since so some ' +
    'such than that the their theirs them themselves then there these they this those though through thus to too ' +
    'two under until up upon us very via was we well were what when where whether which while who whom whose why ' +
    'will with within without would yet you your yours yourself yourselves ' +
    // Academic boilerplate: present in most abstracts whatever the topic.
    'paper papers propose proposed proposes present presents presented show shows shown study studies studied ' +
    'work works approach approaches method methods result results new novel based using use used uses given ' +
    'introduce introduces introduced demonstrate demonstrates provide provides obtain obtained first furthermore ' +
    'moreover finally respectively particular particularly et al e g i e'
  ).split(/\s+/),
);

// ---------------------------------------------------------------------------------------------
// Hashing: FNV-1a seeded per kind, murmur3 finaliser. Words are hashed from char codes.

const FNV_PRIME = 0x01000193;
const KIND_SEED = [0x811c9dc5, 0x2b8f3d17, 0x5a1e6c93, 0x7d4c2be1] as const;

function fnvString(h: number, s: string): number {
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & (FEATURE_DIM - 1);
}

/** Bucket of a term given as strings (tests, the eval's keyword baseline). Same as the scanner's. */
export function termBucket(kind: TermKind, key: string): number {
  const k = TERM_KINDS.indexOf(kind);
  if (k === B) {
    const [a = '', b = ''] = key.split(' ');
    return pairBucket(fnvString(KIND_SEED[W], a) >>> 0, fnvString(KIND_SEED[W], b) >>> 0);
  }
  return finish(fnvString(KIND_SEED[k] ?? KIND_SEED[W], key));
}

function pairBucket(h1: number, h2: number): number {
  return finish(Math.imul(h1 ^ KIND_SEED[B], 0x9e3779b1) ^ h2);
}

const STOP_HASHES: ReadonlySet<number> = new Set([...STOPWORDS].map((w) => fnvString(KIND_SEED[W], w) >>> 0));

// ---------------------------------------------------------------------------------------------

const MATH_RE = /\$\$[\s\S]*?\$\$|\$[^$]*\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g;
const TEX_COMMAND_RE = /\\[A-Za-z]+\*?/g;
const COMBINING_RE = /\p{M}+/gu;
/** Longest text read per paper: a pasted full text must not make scoring slow. */
const MAX_TEXT = 5_000;
/** Most distinct terms per paper (bounded memory whatever the input). */
export const MAX_TERMS = 4_000;

/** Folds case and diacritics: "Schrödinger" and "Schrodinger" are one key. */
export function foldText(s: string): string {
  return s.normalize('NFKD').replace(COMBINING_RE, '').toLowerCase();
}

/**
 * A light English plural fold (networks -> network, studies -> study) so small libraries share
 * terms; deliberately not a full stemmer, so keys stay readable words.
 */
export function foldPlural(w: string): string {
  const n = w.length;
  if (n <= 3 || w.charCodeAt(n - 1) !== 115) return w;
  if (w.endsWith('ies') && n > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || w.endsWith('xes') || w.endsWith('ches') || w.endsWith('shes')) return w.slice(0, -2);
  const prev = w.charCodeAt(n - 2);
  // -ss, -us, -is, -os, -as, -ys stay: loss, status, analysis, chaos, gas, days.
  if (prev === 115 || prev === 117 || prev === 105 || prev === 111 || prev === 97 || prev === 121) return w;
  return w.slice(0, -1);
}

/** Chars dropped from the end of an ASCII word by foldPlural, and whether a "y" is appended. */
function pluralCut(t: string, s: number, e: number): number {
  const n = e - s;
  if (n <= 3 || t.charCodeAt(e - 1) !== 115) return 0;
  const c2 = t.charCodeAt(e - 2);
  const c3 = t.charCodeAt(e - 3);
  if (n > 4 && c2 === 101 && c3 === 105) return -3; // -ies -> -y (negative: cut 3, add y)
  if (n > 4 && c2 === 101 && c3 === 115 && t.charCodeAt(e - 4) === 115) return 2; // -sses
  if (c2 === 101 && c3 === 120) return 2; // -xes
  if (n > 4 && c2 === 101 && c3 === 104 && (t.charCodeAt(e - 4) === 99 || t.charCodeAt(e - 4) === 115)) return 2; // -ches -shes
  if (c2 === 115 || c2 === 117 || c2 === 105 || c2 === 111 || c2 === 97 || c2 === 121) return 0;
  return 1;
}

const OTHER = 0;
const WORD = 1;
const BREAK = 2;
let charClasses: Uint8Array | null = null;

/**
 * Class of every UTF-16 code unit, built on first use: lowercase letters and digits are word
 * chars, and so is non-ASCII except punctuation blocks and ×, ÷ (accented and Greek words stay
 * words); clause punctuation breaks word pairs.
 */
function classes(): Uint8Array {
  if (charClasses) return charClasses;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c += 1) {
    if (c < 128) t[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? WORD : OTHER;
    else t[c] = c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) ? WORD : OTHER;
  }
  for (const ch of '.,;:!?()[]{}"|\u201c\u201d') t[ch.charCodeAt(0)] = BREAK;
  charClasses = t;
  return t;
}

/**
 * The terms of one paper: parallel arrays, one slot per distinct bucket. `display(i)` rebuilds
 * the readable form of slot i from where it was first seen.
 */
export class TermBag {
  constructor(
    readonly size: number,
    readonly bucket: Int32Array,
    readonly count: Float32Array,
    readonly kind: Uint8Array,
    /** First occurrence: source (0 title, 1 abstract, 2 names) and range (or name index). */
    private readonly src: Uint8Array,
    private readonly start: Int32Array,
    private readonly end: Int32Array,
    private readonly texts: readonly string[],
    private readonly names: readonly string[],
  ) {}

  /** Every term as a plain object (tests, the evaluation's keyword baseline); not for hot paths. */
  list(): { kind: TermKind; bucket: number; display: string; count: number }[] {
    return Array.from({ length: this.size }, (_, i) => ({ kind: this.kindOf(i), bucket: this.bucket[i] as number, display: this.display(i), count: this.count[i] as number }));
  }

  kindOf(i: number): TermKind {
    return TERM_KINDS[this.kind[i] as number] as TermKind;
  }

  display(i: number): string {
    const s = this.src[i] as number;
    if (s === 2) return this.names[this.start[i] as number] ?? '';
    return (this.texts[s] as string).slice(this.start[i], this.end[i]);
  }
}

/**
 * Scratch space reused by every paperTerms call (one paper at a time, synchronous): an
 * open-addressing table bucket -> slot stamped with a generation, so nothing is allocated or
 * cleared per paper except the exact-size result.
 */
const TABLE_BITS = 13;
const TABLE_SIZE = 1 << TABLE_BITS;
class Scratch {
  size = 0;
  generation = 0;
  readonly stamp = new Int32Array(TABLE_SIZE);
  readonly tableSlot = new Int32Array(TABLE_SIZE);
  readonly bucket = new Int32Array(MAX_TERMS);
  readonly count = new Float32Array(MAX_TERMS);
  readonly kind = new Uint8Array(MAX_TERMS);
  readonly src = new Uint8Array(MAX_TERMS);
  readonly start = new Int32Array(MAX_TERMS);
  readonly end = new Int32Array(MAX_TERMS);

  reset(): void {
    this.size = 0;
    this.generation += 1;
    if (this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  add(bucket: number, kind: number, by: number, src: number, start: number, end: number): void {
    let h = Math.imul(bucket, 0x9e3779b1) >>> (32 - TABLE_BITS);
    for (;;) {
      if (this.stamp[h] !== this.generation) break;
      const at = this.tableSlot[h] as number;
      if (this.bucket[at] === bucket) {
        this.count[at] = (this.count[at] as number) + by;
        return;
      }
      h = (h + 1) & (TABLE_SIZE - 1);
    }
    if (this.size >= MAX_TERMS) return;
    const i = this.size;
    this.size += 1;
    this.stamp[h] = this.generation;
    this.tableSlot[h] = i;
    this.bucket[i] = bucket;
    this.count[i] = by;
    this.kind[i] = kind;
    this.src[i] = src;
    this.start[i] = start;
    this.end[i] = end;
  }

  bag(texts: string[], names: string[]): TermBag {
    const n = this.size;
    return new TermBag(n, this.bucket.slice(0, n), this.count.slice(0, n), this.kind.slice(0, n), this.src.slice(0, n), this.start.slice(0, n), this.end.slice(0, n), texts, names);
  }
}
let scratch: Scratch | null = null;

/** Words and word pairs of one text into the bag, each counted `by` times. */
function scanText(bag: Scratch, texts: string[], src: 0 | 1, input: string, by: number): void {
  const cls = classes();
  let text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  if (text.includes('$') || text.includes('\\')) text = text.replace(MATH_RE, ' . ').replace(TEX_COMMAND_RE, ' ');
  text = text.toLowerCase();
  texts[src] = text;
  let prevHash = -1;
  let prevStart = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = cls[c] as number;
    if (k !== WORD) {
      if (k === BREAK || (c === 45 && i + 1 < n && text.charCodeAt(i + 1) === 45)) prevHash = -1;
      i += 1;
      continue;
    }
    const start = i;
    let letters = false;
    let ascii = true;
    let raw = KIND_SEED[W] as number;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (cls[d] === WORD) {
        if (d > 57) letters = true;
        if (d >= 128) ascii = false;
        raw = Math.imul(raw ^ d, FNV_PRIME);
        i += 1;
      } else if ((d === 45 || d === 39 || d === 0x2019) && i + 1 < n && cls[text.charCodeAt(i + 1)] === WORD) {
        raw = Math.imul(raw ^ (d === 0x2019 ? 39 : d), FNV_PRIME); // joiners: "large-scale", "bell's"
        i += 1;
      } else break;
    }
    const len = i - start;
    let keyHash: number;
    if (ascii) {
      if (!letters || len < 2 || len > 40 || STOP_HASHES.has(raw >>> 0)) {
        prevHash = -1; // a stopword breaks the phrase: "learning of graphs" is no pair
        continue;
      }
      const cut = pluralCut(text, start, i);
      if (cut === 0) keyHash = raw >>> 0;
      else {
        let h = KIND_SEED[W] as number;
        const stop = i - Math.abs(cut);
        for (let k = start; k < stop; k += 1) {
          const d = text.charCodeAt(k);
          h = Math.imul(h ^ (d === 0x2019 ? 39 : d), FNV_PRIME);
        }
        if (cut < 0) h = Math.imul(h ^ 121, FNV_PRIME); // "y"
        keyHash = h >>> 0;
      }
    } else {
      const folded = foldText(text.slice(start, i)).replace(/\u2019/g, "'");
      if (folded.length < 2 || folded.length > 40 || STOPWORDS.has(folded)) {
        prevHash = -1;
        continue;
      }
      keyHash = fnvString(KIND_SEED[W], foldPlural(folded)) >>> 0;
    }
    bag.add(finish(keyHash), W, by, src, start, i);
    if (prevHash !== -1) bag.add(pairBucket(prevHash, keyHash), B, by, src, prevStart, i);
    prevHash = keyHash;
    prevStart = start;
  }
}

/**
 * Author key: family name and first initial ("barboni r"), folded, so "Raphaël Barboni" and
 * "R. Barboni" meet. Names come as "Given Family" from arXiv's pages and API.
 */
export function authorKey(name: string): string | null {
  const parts = foldText(name)
    .replace(/\([^)]*\)/g, ' ')
    .split(/[^a-z'-]+/)
    .filter((p) => p !== '' && !/^(?:jr|sr|ii|iii|iv)$/.test(p));
  const family = parts[parts.length - 1];
  if (family === undefined || family.length < 2) return null;
  const initial = parts.length > 1 ? (parts[0] as string)[0] : '';
  return initial ? `${family} ${initial}` : family;
}

/** All terms of a paper. The title counts twice: it says most about the topic. */
export function paperTerms(paper: RelevanceInput): TermBag {
  scratch ??= new Scratch();
  const bag = scratch;
  bag.reset();
  const texts = ['', ''];
  const names: string[] = [];
  if (typeof paper.title === 'string') scanText(bag, texts, 0, paper.title, 2);
  if (typeof paper.abstract === 'string') scanText(bag, texts, 1, paper.abstract, 1);
  for (const name of Array.isArray(paper.authors) ? paper.authors.slice(0, 50) : []) {
    if (typeof name !== 'string') continue;
    const key = authorKey(name);
    if (!key) continue;
    names.push(name.trim());
    bag.add(termBucket('a', key), A, 1, 2, names.length - 1, 0);
  }
  for (const cat of Array.isArray(paper.categories) ? paper.categories.slice(0, 20) : []) {
    if (typeof cat !== 'string' || cat.trim() === '') continue;
    names.push(cat.trim());
    bag.add(termBucket('c', cat.trim().toLowerCase()), C, 1, 2, names.length - 1, 0);
  }
  return bag.bag(texts, names);
}
