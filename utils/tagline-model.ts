/**
 * The sentence scorer: a linear model over explainable features of each abstract sentence
 * Which sentence becomes the headline is decided by `score = w . f`, with `f` the
 * features below and `w` fitted by `npm run fit:taglines` (tests/scripts/fit-taglines.ts) on SciTLDR
 * train and the project's hand-written taglines; the weights are the committed data file
 * tagline-weights.json. Every feature is named (FEATURES), so a weight reads as a reason.
 */
import fitted from './tagline-weights.json';

/**
 * The cues the sentence reader (tagline-candidates.ts analyse) finds, with the hand-set weight
 * each had before the fit. The fit starts from these and is pulled back towards them (L2), so a
 * cue the training data rarely shows keeps about its hand-set value.
 */
export const CLAIM_WEIGHTS = {
  /** "Our main result is that X". */
  mainResult: 4.5,
  /** "These results establish X as Y". */
  establishAs: 2.5,
  /** "We prove/show/establish ..." vs "we observe/report/derive ...". */
  weStrongVerb: 3,
  weWeakVerb: 2,
  weArgue: -0.5,
  /** "We also show": usually a secondary result. */
  weAlso: -0.6,
  /** "We prove X" (a noun phrase follows) vs "We prove that X" vs "we show how X". */
  weNoThat: -1,
  weThat: 1.5,
  weHow: -1,
  /** "Our results show that X"; hedged ("suggest", "highlight") and "show how". */
  resultsThat: 3.5,
  resultsHow: 2.5,
  resultsHedged: 2,
  /** "We propose X, a Y that Z" (named) vs an unnamed proposal, and one turned into a clause. */
  proposalNamed: 2,
  proposal: 0.5,
  proposalClause: 0.5,
  /** "We construct X and analyze Y": the proposal is only one of two actions (SECOND_ACTION). */
  secondAction: -2,
  /** "We study X": a topic, no result. */
  topicOnly: -2,
  /** "We relate X to Y" turned into "Relating X to Y": an action, no result. */
  weAction: 0,
  performance: 1.2,
  comparative: 0.5,
  quantity: 0.8,
  outlook: -1.5,
  anaphoricDeterminer: -0.7,
  anaphoricPronoun: -1.5,
  secondary: -0.4,
  concluding: 0.8,
  additive: -0.3,
  question: -2,
  /** A sentence with no claim cue at the start of the abstract is background. */
  unclaimedFirst: -2,
  unclaimedSecond: -0.5,
  firstOfMany: -0.5,
  short: -2,
  long: -0.5,
  weNearStart: -1.5,
} as const;


export type CueName = keyof typeof CLAIM_WEIGHTS;

/** Features measured on every sentence besides the cues (position, background, title ...). */
export const EXTRA_FEATURES = [
  /** Relative position in the abstract: 0 first, 1 last. */
  'position',
  'isFirst',
  'isLast',
  /** Background and prior-work talk ("Recently, ... has attracted", "existing methods"). */
  'background',
  'priorWork',
  /** The paper's own contribution ("we", "this paper", "our", "novel"). */
  'we',
  'thisPaper',
  'our',
  'novel',
  /** Result talk ("results show", "experiments", "accuracy"). */
  'resultTalk',
  /** Numbers in the sentence, capped at 3, divided by 3. */
  'numbers',
  /** Share of the title's content words the sentence repeats (Porter-free, lowercased). */
  'titleOverlap',
  /** Length in characters / 200. */
  'length',
  /**
   * How central the sentence is: the mean share of the other sentences that repeat each of its
   * content words. The classic extractive-summary cue: the claim names what the rest is about.
   */
  'centrality',
  /** Share of the sentence's content words that are title words (titleOverlap's precision). */
  'titleShare',
  /** Second and third sentence: where SciTLDR's contribution sentences cluster after background. */
  'isSecond',
  'isThird',
  /**
   * Words in the reshaped body, in bins around the gold TLDRs' ~20 words (ROUGE-F rewards a
   * length near the reference's): under 12, 12-19, 30-44, 45 and more (20-29 is the reference).
   */
  'wordsFew',
  'wordsShort',
  'wordsLong',
  'wordsMany',
  /** The body names a method-like noun ("approach", "framework", "model", "algorithm"). */
  'methodNoun',
] as const;

export type FeatureName = CueName | (typeof EXTRA_FEATURES)[number];

export const FEATURES: readonly FeatureName[] = [...(Object.keys(CLAIM_WEIGHTS) as CueName[]), ...EXTRA_FEATURES];

export const FEATURE_INDEX: ReadonlyMap<FeatureName, number> = new Map(FEATURES.map((f, i) => [f, i]));

/** The hand-set weights as a vector (0 for the extra features): the fit's prior. */
export const PRIOR_WEIGHTS: readonly number[] = FEATURES.map((f) => (f in CLAIM_WEIGHTS ? CLAIM_WEIGHTS[f as CueName] : 0));

export interface WeightsFile {
  about: string;
  /** How much the cut's own score counts next to the sentence score when picking a headline. */
  cutWeight: number;
  weights: Record<string, number>;
}

/** Weights by feature name; a feature the file does not name keeps its prior. */
export function weightVector(file: Pick<WeightsFile, 'weights'>): Float64Array {
  return Float64Array.from(FEATURES, (f, i) => file.weights[f] ?? PRIOR_WEIGHTS[i] ?? 0);
}

const FILE = fitted as WeightsFile;
export const WEIGHTS: Float64Array = weightVector(FILE);
export const CUT_WEIGHT: number = typeof FILE.cutWeight === 'number' ? FILE.cutWeight : 1;

export function dot(f: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < f.length; i += 1) s += (f[i] ?? 0) * (w[i] ?? 0);
  return s;
}

const BACKGROUND = /\b(?:recent(?:ly)?|in recent years|nowadays|has (?:been|become|attracted|received|gained)|have (?:been|become|attracted|received|gained)|is (?:a|an) (?:important|fundamental|key|central|popular|widely)|are (?:important|popular|widely|increasingly)|remains? (?:a |an )?(?:challenge|challenging|open|difficult|unclear|elusive)|plays? an? (?:important|crucial|key|central) role|however|unfortunately|despite|although|suffers?|lacks?|limited|typically|usually|commonly|often|widely)\b/;
const PRIOR_WORK = /\b(?:previous(?:ly)?|prior (?:work|art|methods|approaches)|existing|traditional(?:ly)?|conventional(?:ly)?|state[- ]of[- ]the[- ]art (?:methods|approaches|models)|most (?:methods|approaches|work)|many (?:methods|approaches|works)|current (?:methods|approaches)|et al)\b/;
const THIS_PAPER = /\b(?:this|the present|our) (?:paper|work|letter|article|study|note|report|manuscript)\b|\bin this\b|\bhere(?:in)?\b/;
const NOVEL = /\b(?:novel|new|first)\b/;
const RESULT_TALK = /\b(?:results?|experiments?|empirical(?:ly)?|evaluations?|benchmarks?|accuracy|performance|datasets?|state[- ]of[- ]the[- ]art)\b/;
const WE = /\b(?:we|i)\b/;
const OUR = /\bour\b/;
const NUMBER = /\d+(?:[.,]\d+)?/g;

/** Lowercased content words (4+ letters) of a title, for the overlap feature. */
export function titleWords(title: string): Set<string> {
  return new Set(title.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? []);
}

/** Frequent 4+ letter words that say nothing about a paper's topic (for centrality). */
const FUNCTION_WORDS = new Set(
  ('that this with from these those their which have also such into than using based show shows ' +
    'paper propose proposed work both more most over been they them other each while through ' +
    'between when where what there then thus however only well very much many some further can ' +
    'could would should will able used uses make makes given different various several').split(' '),
);

/** The words of each sentence and how many sentences use each word (centrality, titleOverlap). */
export interface AbstractWords {
  /** Each sentence lowercased (the feature patterns carry no `i` flag). */
  lower: string[];
  /** Distinct content words (4+ letters, lowercased, function words dropped) of each sentence. */
  words: string[][];
  /** In how many sentences each word occurs. */
  df: { get(word: string): number | undefined };
}

const CONTENT_WORD = /[a-z][a-z0-9-]{3,}/g;

/** abstractWords packs the last sentence index (+1) below this; an abstract has fewer sentences. */
const SLOT = 1 << 16;

export function abstractWords(sentences: readonly string[]): AbstractWords {
  const seen = new Map<string, number>();
  const lower = sentences.map((s) => s.toLowerCase());
  const words = lower.map((l, i) => {
    const out: string[] = [];
    // CONTENT_WORD by hand: exec() allocates a match object per word, which cost more than the
    // rest of the centrality feature together.
    const n = l.length;
    let k = 0;
    while (k < n) {
      const c = l.charCodeAt(k);
      if (c < 97 || c > 122) {
        k += 1;
        continue;
      }
      const start = k;
      k += 1;
      for (; k < n; k += 1) {
        const d = l.charCodeAt(k);
        if (!((d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 45)) break;
      }
      if (k - start < 4) continue;
      const w = l.slice(start, k);
      // One map for both: (sentences using w) * SLOT + (last sentence index + 1), or -1 for a
      // function word, so most words cost one lookup.
      const v = seen.get(w);
      if (v === -1 || (v !== undefined && v % SLOT === i + 1)) continue;
      if (v === undefined && FUNCTION_WORDS.has(w)) {
        seen.set(w, -1);
        continue;
      }
      seen.set(w, (v === undefined ? SLOT : v - (v % SLOT) + SLOT) + i + 1);
      out.push(w);
    }
    return out;
  });
  const get = (w: string): number | undefined => {
    const v = seen.get(w);
    return v === undefined || v < 0 ? undefined : Math.floor(v / SLOT);
  };
  return { lower, words, df: { get } };
}

const METHOD_NOUN = /\b(?:method|approach|framework|model|algorithm|technique|architecture|network|system|scheme)s?\b/;

/**
 * Fills the extra features of sentence `index` of `count` into `f` (raw: the sentence as the
 * abstract has it, before any lead-in is stripped; body: the reshaped claim, and lowercased).
 */
export function fillExtraFeatures(
  f: Float64Array,
  raw: string,
  body: string,
  lowerBody: string,
  index: number,
  count: number,
  title: ReadonlySet<string>,
  words: AbstractWords | null,
): void {
  const at = (name: FeatureName, v: number): void => {
    f[FEATURE_INDEX.get(name) ?? 0] = v;
  };
  at('position', count > 1 ? index / (count - 1) : 0);
  if (index === 0) at('isFirst', 1);
  if (index === count - 1 && count > 1) at('isLast', 1);
  if (index === 1) at('isSecond', 1);
  if (index === 2) at('isThird', 1);
  // Lowercased once; the patterns carry no `i` flag (case-insensitive alternations are slow).
  const lower = words?.lower[index] ?? raw.toLowerCase();
  if (BACKGROUND.test(lower)) at('background', 1);
  if (PRIOR_WORK.test(lower)) at('priorWork', 1);
  if (WE.test(lower)) at('we', 1);
  if (THIS_PAPER.test(lower)) at('thisPaper', 1);
  if (OUR.test(lower)) at('our', 1);
  if (NOVEL.test(lower)) at('novel', 1);
  if (RESULT_TALK.test(lower)) at('resultTalk', 1);
  // Counted up to the cap, without building the array of every number as match() would.
  let numbers = 0;
  NUMBER.lastIndex = 0;
  while (numbers < 3 && NUMBER.exec(raw) !== null) numbers += 1;
  if (numbers > 0) at('numbers', numbers / 3);
  const own = words?.words[index] ?? null;
  if (title.size > 0) {
    let shared = 0;
    const set = own ?? [...new Set(lower.match(CONTENT_WORD) ?? [])];
    for (const w of set) if (title.has(w)) shared += 1;
    at('titleOverlap', shared / title.size);
    if (set.length > 0) at('titleShare', shared / set.length);
  }
  at('length', raw.length / 200);
  if (own !== null && words !== null && own.length > 0 && count > 1) {
    let shared = 0;
    for (const w of own) shared += (words.df.get(w) ?? 1) - 1;
    at('centrality', shared / own.length / (count - 1));
  }
  let n = body === '' ? 0 : 1;
  // indexOf jumps between the spaces: a charCodeAt loop over every character cost twice as much.
  for (let k = body.indexOf(' '); k !== -1; k = body.indexOf(' ', k + 1)) n += 1;
  if (n < 12) at('wordsFew', 1);
  else if (n < 20) at('wordsShort', 1);
  else if (n >= 45) at('wordsMany', 1);
  else if (n >= 30) at('wordsLong', 1);
  if (METHOD_NOUN.test(lowerBody)) at('methodNoun', 1);
}
