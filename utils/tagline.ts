/**
 * The extractive tagline engine: abstract (+ title) -> { headline, qualifier }.
 *
 * Pure, deterministic and offline (DESIGN.md, "Taglines"). The headline states the paper's main
 * claim as subject + verb + result, without "we"/"our" or a discourse lead-in, cut at a clause
 * boundary to about 60-110 characters with `$...$` math kept whole. The qualifier is the clause
 * that was cut off (a condition or mechanism), else a prefix condition ("Under assumption X, we
 * prove ..."), else the best other result sentence. Falls back to the title, never to nothing.
 */
import type { Tagline } from './paper';
import { splitNormalisedSentences } from './sentences';
import { normaliseText, balanceMath } from './tagline-normalise';
import { BANNED_LEAD_INS, PRONOUN_WE } from './tagline-lexicon';
import { qualifierFromStep } from './tagline-syntax';
import { capitalise, lowerFirst, lengthScore, type Cut, cutAtClause } from './tagline-cut';
import { type Candidate, titleName, analyse } from './tagline-candidates';
import { HEADLINE_MAX, QUALIFIER_MAX, headlineRuleViolationsNormalised } from './tagline-rules';
import { CUT_WEIGHT, FEATURES, FEATURE_INDEX, WEIGHTS, abstractWords, titleWords, type FeatureName } from './tagline-model';

export interface TaglineInput {
  title: string;
  abstract: string | null;
}

/** Headline built from the title alone (used when the abstract offers nothing better). */
function titleTagline(title: string): Tagline {
  const t = balanceMath(normaliseText(title)).replace(/\.$/, '');
  if (t === '') return { headline: 'Untitled paper', qualifier: null };
  if (t.length <= HEADLINE_MAX) return { headline: capitalise(t), qualifier: null };
  const cut = cutAtClause(t, HEADLINE_MAX, (n) => (n >= 30 ? 0 : -4));
  if (cut) return { headline: capitalise(cut.head), qualifier: cut.rest ? clipQualifier(cut.rest) : null };
  return { headline: `${t.slice(0, HEADLINE_MAX - 1).replace(/\s+\S*$/, '')}…`, qualifier: null };
}

/** Fits a qualifier into QUALIFIER_MAX characters at a clause boundary. */
function clipQualifier(q: string): string | null {
  const t = balanceMath(q.trim().replace(/[.!]+$/, ''));
  if (t.length < 8) return null;
  if (t.length <= QUALIFIER_MAX && !PRONOUN_WE.test(t)) return t;
  const cut = cutAtClause(t, QUALIFIER_MAX, (n) => (n >= 25 ? 0 : -4));
  return cut && cut.head.length >= 12 ? cut.head : null;
}

/**
 * The extractive tagline for one paper. Never throws and never returns an empty headline.
 * Deterministic: the same input always gives the same output.
 */
export function extractTagline(input: TaglineInput): Tagline {
  return extractTaglineWith(input, DEFAULT_MODEL);
}

/** The sentence scorer's weights and how much the cut's score counts (tagline-model.ts). */
export interface SentenceModel {
  weights: ArrayLike<number>;
  cutWeight: number;
  /** Added to a sentence that states a result (CLAIM_BONUS unless given). */
  claimBonus?: number;
}

/**
 * Added to a sentence that states the paper's own result ("we prove that X", "our results
 * show X") over one that only names the topic ("We study X" -> "Studying X") or a proposal
 * ("We present a framework to solve X"). Hand-set, not fitted: SciTLDR's TLDRs often restate
 * the topic, so the fit alone ranks "Studying X" first, while a card must say what the paper
 * claims. With the expected-ROUGE fit (2026-12-01) 1.5 is about the least that keeps
 * DESIGN.md's example (its topic sentence outscores the claim by about 1.1); on dev it costs
 * h+q R1 0.4 against no bonus (38.8 vs 39.2), on the hand-written set it gains 1.5 (38.7 vs 37.2).
 */
const CLAIM_BONUS = 1.5;

/** Heads that open a subordinate clause or an infinitive of purpose, not a claim. */
const SUBORDINATE_START = /^(?:as|since|because|while|whereas|although|though|unless|whether|such as|including|to (?!date\b)[a-z]+)\s/i;

/** "They ...", "Their use ...", "Many of them ...", "It improves ..." (not the expletive "It is possible to"). */
const POINTING_PRONOUN = /^(?:they|them|their|its|it (?!is |was |has been |can be |turns out |remains )|(?:many|most|some|all|each|none|both|several|few|one) of (?:them|these|those|which))\b/i;

/** "we show that are able to X" (the authors' slip): a clause without its subject. */
const SUBJECTLESS = /^(?:are|is|was|were|can|could|has|have|had|will|would|may|might|does|do|did)\s/i;

/** Below this a cut split the subject from its verb (tagline-cut.ts VERBLESS_PENALTY is 3). */
const VERBLESS_FLOOR = -1.5;

/** Background and prior-work talk, and "we construct X and analyze Y" (whose X alone is no claim). */
const BACKGROUND_FEATURES = ['background', 'priorWork', 'unclaimedFirst', 'secondAction'].map((f) => FEATURE_INDEX.get(f as FeatureName) ?? -1);

/** The sentence talks about the field or earlier work, or is half of two actions: no qualifier. */
function isBackground(c: Candidate): boolean {
  return BACKGROUND_FEATURES.some((k) => k >= 0 && (c.features[k] ?? 0) > 0);
}

const DEFAULT_MODEL: SentenceModel = { weights: WEIGHTS, cutWeight: CUT_WEIGHT };

/** One zeroed buffer for the feature vectors of `count` sentences (one allocation, not one each). */
function featureBuffer(count: number): Float64Array {
  return new Float64Array(FEATURES.length * count);
}

/** Sentence `i`'s feature vector: a view of `buffer`, FEATURES.length long. */
function featureView(buffer: Float64Array, i: number): Float64Array {
  return buffer.subarray(i * FEATURES.length, (i + 1) * FEATURES.length);
}

/**
 * Every sentence of the abstract as the scorer reads it (features, score, reshaped body): what
 * `npm run fit:taglines` fits the weights on. Empty when the abstract is too short to use.
 */
export function sentenceCandidates(input: TaglineInput, weights: ArrayLike<number> = WEIGHTS): Candidate[] {
  const cleanTitle = normaliseText(typeof input?.title === 'string' ? input.title : '');
  const abstract = typeof input?.abstract === 'string' ? normaliseText(input.abstract, cleanTitle) : '';
  if (abstract.length < 20) return [];
  const name = titleName(cleanTitle);
  const titleSet = titleWords(cleanTitle);
  const sentences = splitNormalisedSentences(abstract);
  const words = abstractWords(sentences);
  const buffer = featureBuffer(sentences.length);
  return sentences.map((s, i) => analyse(s, i, sentences.length, name, titleSet, weights, words, featureView(buffer, i)));
}

/** extractTagline with other weights: what `npm run fit:taglines` tries while fitting. */
export function extractTaglineWith(input: TaglineInput, model: SentenceModel): Tagline {
  const title = typeof input?.title === 'string' ? input.title : '';
  try {
    const cleanTitle = normaliseText(title);
    const abstract = typeof input?.abstract === 'string' ? normaliseText(input.abstract, cleanTitle) : '';
    if (abstract.length < 20) return titleTagline(title);
    const normTitle = cleanTitle.replace(/\.$/, '').toLowerCase();
    const name = titleName(cleanTitle);
    const titleSet = titleWords(cleanTitle);
    // normaliseText already collapsed and trimmed the whitespace.
    const sentences = splitNormalisedSentences(abstract);
    const words = abstractWords(sentences);
    const buffer = featureBuffer(sentences.length);
    const cands = sentences.map((s, i) => analyse(s, i, sentences.length, name, titleSet, model.weights, words, featureView(buffer, i)));
    const bonus = model.claimBonus ?? CLAIM_BONUS;
    const worth = (c: Candidate): number => c.score + (c.claimed ? bonus : 0);
    const ranked = [...cands].sort((a, b) => worth(b) - worth(a) || a.index - b.index);

    let best: { cand: Candidate; cut: Cut; total: number } | null = null;
    for (const cand of ranked.slice(0, 4)) {
      // No cut scores above ~2.3, so a weaker sentence cannot overtake the best found so far.
      if (best !== null && worth(cand) + 2.3 * model.cutWeight < best.total) break;
      const cut = cutAtClause(cand.body, HEADLINE_MAX, lengthScore, { clause: cand.shape === 'clause', np: cand.shape === 'np', verbEnd: cand.verbEnd, headline: true });
      if (!cut || cut.head.length < 30) continue;
      if (cut.head.toLowerCase() === normTitle) continue;
      // A head that still opens with "This work" or similar is no headline; try the next one.
      if (BANNED_LEAD_INS.test(cut.head)) continue;
      // "As these features can be ..." / "To add an attention module ...": a subordinate clause
      // or an infinitive has no main clause, so it states nothing (dev's worst cards, 2026-12-01);
      // it wins only when no other sentence gives a head, like a verbless cut below.
      // A head opening on a pronoun that points to an earlier sentence ("They are of marginal
      // help ...") names nothing on its own either.
      const fragment = SUBORDINATE_START.test(cut.head) || POINTING_PRONOUN.test(cut.head) || SUBJECTLESS.test(cut.head);
      // Any other rule a head breaks ("vop_poc_nz, a package ...": not capitalised) rules it out.
      if (headlineRuleViolationsNormalised(capitalise(balanceMath(cut.head)), normTitle).some((r) => r !== 'length')) continue;
      // A cut that leaves the subject without its verb (VERBLESS_PENALTY) wins only when no
      // other sentence gives a head at all, however well its sentence scores.
      const total = worth(cand) + model.cutWeight * cut.score - (cut.score < VERBLESS_FLOOR || fragment ? 100 : 0);
      if (best === null || total > best.total) best = { cand, cut, total };
    }
    if (best === null) return titleTagline(title);

    const headline = capitalise(balanceMath(best.cut.head));
    let qualifier: string | null = null;
    if (best.cut.rest && best.cut.rest.length >= 12) {
      // "and implement it in X" -> "implemented in X"; another second step is no qualifier.
      const step = qualifierFromStep(best.cut.rest);
      const rest = step === undefined ? best.cut.rest : step;
      if (rest !== null) qualifier = clipQualifier(lowerFirst(rest));
    }
    if (!qualifier && best.cand.prefix) qualifier = clipQualifier(best.cand.prefix);
    if (!qualifier) {
      const chosen = best.cand.index;
      // Never a background or prior-work sentence ("Deep RL has achieved many recent successes"):
      // beside the headline it would read as the paper's own finding.
      // Nor one that opens on a pronoun pointing elsewhere ("Many of them capture ...").
      // Nor a subordinate clause or infinitive without its main clause ("As these features ..."),
      // nor one still opening with "This paper ...".
      const second = ranked.find((c) => c.index !== chosen && c.score >= 1 && !isBackground(c) && !POINTING_PRONOUN.test(c.body) && !SUBORDINATE_START.test(c.body) && !BANNED_LEAD_INS.test(c.body));
      if (second) {
        // A cut of a clause that left its verb behind ("The extension of the protocol where each
        // agent generates a value", the verb further on) says nothing beside the headline.
        const cut = cutAtClause(second.body, QUALIFIER_MAX, (n) => (n >= 25 ? 0 : -4), { clause: second.shape === 'clause', verbEnd: second.verbEnd });
        if (cut && cut.head.length >= 20 && cut.score >= VERBLESS_FLOOR) qualifier = clipQualifier(capitalise(cut.head));
      }
    }
    return { headline, qualifier };
  } catch {
    // Untrusted text must never break a card: the title is always a valid headline.
    return titleTagline(title);
  }
}
