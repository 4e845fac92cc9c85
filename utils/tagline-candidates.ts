/**
 * Candidate sentences: how each abstract sentence reads as a claim (its lead-in stripped, its body
 * reshaped) and how much it is worth as the headline.
 */
import { findProtectedSpans } from './sentences';
import { CONNECTIVE, STRONG_VERB, WE_CLAIM, AND_CLAIM, ESTABLISH_AS, resultsClaim, MAIN_RESULT, PROPOSAL, TOPIC_ONLY, resultWordFlags, OUTLOOK, ANAPHORIC_START, SECONDARY_START, PRONOUN_WE, FRONTED, SECOND_ACTION, WE_OTHER, WE_NOT_ACTION, gerund, HEDGE_VERB, AND_PROPOSAL, COORDINATED_PROPOSAL, AUTHOR_VERBS } from './tagline-lexicon';
import { nounPhraseToClause, maskForCutting, dropSubjectAside } from './tagline-syntax';
import { tidyEnd, lowerFirst } from './tagline-cut';
import { HEADLINE_MAX, QUALIFIER_MAX } from './tagline-rules';
import { FEATURES, FEATURE_INDEX, WEIGHTS, dot, fillExtraFeatures, type AbstractWords, type CueName } from './tagline-model';

export interface Candidate {
  index: number;
  /** The claim with its lead-in removed. */
  body: string;
  /** A leading condition or mechanism phrase ("Under this assumption"), kept for the qualifier. */
  prefix: string | null;
  /** The sentence's worth as the headline: WEIGHTS . features. */
  score: number;
  /** The features the score was computed from (tagline-model.ts FEATURES order). */
  features: Float64Array;
  /** How the body reads: a clause (keeps its verb) or a noun phrase ("a theory of X for Y"). */
  shape: 'clause' | 'np';
  /** End of the finite verb when the engine put it there ("solutions arise"), else -1. */
  verbEnd: number;
  /** The sentence states the paper's own result ("we prove that", "our results show"), not only a proposal or topic. */
  claimed: boolean;
}

/** Name of the paper's system when the title has the shape "Name: subtitle". */
export function titleName(title: string): string | null {
  const m = /^([^:]{2,30}):\s/.exec(title);
  const name = m?.[1]?.trim();
  if (!name || name.split(/\s+/).length > 3 || !/[\p{Lu}\d]/u.test(name.slice(1))) return null;
  return name;
}

/** A condition/mechanism prefix worth showing as a qualifier. */
function conditionPrefix(prefix: string): string | null {
  const p = tidyEnd(prefix.trim().replace(/^[,\s]+/, ''));
  if (p.length < 12 || p.length > QUALIFIER_MAX) return null;
  if (PRONOUN_WE.test(p)) return null;
  if (!/^(?:under|assuming|for|in the|when|if|using|by|based on|with|given|comparing|applied|within|at|on)\b/i.test(p)) return null;
  return lowerFirst(p);
}

/** A vowel letter with a consonant sound ("unified", "user", "Euclidean", "one-shot"). */
const CONSONANT_SOUND = /^(?:uni|use|usu|uti|ubiq|eu|one\b|once\b)/i;

/** "a"/"an" as the next word's sound asks ("a architecture" -> "an architecture"); "the" stays. */
function article(given: string, next: string): string {
  const a = given.toLowerCase();
  if (a !== 'a' && a !== 'an') return a;
  // An acronym is read letter by letter: "an RND-based detector", "an LSTM", "a GAN".
  if (/^\p{Lu}{2}/u.test(next)) return /^[AEFHILMNORSX]/.test(next) ? 'an' : 'a';
  return /^[aeiou]/i.test(next) && !CONSONANT_SOUND.test(next) ? 'an' : 'a';
}

/** What proposalHeadline's "called X" patterns cannot match without. */
const NAMING_WORD = /\s(?:called|named|dubbed|termed|coined)\s/i;

/** Rewrites "X, a Y that Z" (after "we propose") into "X: a Y that Z". */
function proposalHeadline(body: string): { text: string; named: boolean } {
  // "a novel approach" -> "an approach", not "a approach".
  const plain = body.replace(/^(?:the\s+|an?\s+)?(?:novel|new)\s+(?:and\s+)?/i, (m) => (/^(?:an?|the)\s/i.test(m) ? m.replace(/(?:novel|new)\s+(?:and\s+)?/i, '') : ''));
  // The leading article as the next word asks; also mends the authors' "an unified framework".
  const lead = /^(an?)(\s+)(?=\S)/i.exec(plain);
  const b = lead && lead[1] !== undefined ? `${lead[1].charAt(0)}${article(lead[1], plain.slice(lead[0].length)) === 'an' ? 'n' : ''}${plain.slice(lead[1].length)}` : plain;
  // "X, a Y" and "X -- a Y" ("Bamboo -- the first data augmentation method ...").
  const named = /^([^,]{1,70}?)(,|\s+--?|\s+[–—])\s+(?:(an?|the)\s+)((?:novel\s+|new\s+)?)(.+)$/i.exec(b);
  if (named && named[1] !== undefined && named[5] !== undefined) {
    // A name spelled out with its acronym is one too: "Federated Deep Supervision (FedDSR), a
    // ...", "The Subscale Pixel Network (SPN), a ..." (without its "The"), "... (variBAD), a ...".
    const acronym = /^(?:the\s+)?\p{Lu}.*\((?=[^)]*\p{Lu}[^)]*\p{Lu})[\p{L}\d-]+\)$/u.test(named[1].trim());
    const name = acronym ? named[1].trim().replace(/^the\s+/i, '') : named[1].trim();
    const firstWord = name.split(/\s+/)[0] ?? '';
    // After a comma a capitalised common word ("Transformers, a ...") is no name; before a dash
    // a short capitalised phrase is ("Bamboo -- the first method", "Deep neural forests (DNF) -- a").
    const dash = named[2] !== ',';
    // "Deep SAD, an end-to-end ...": a short name with a word in capitals.
    const capsWord = name.split(/\s+/).length <= 3 && /\b\p{Lu}[\p{L}\d-]*\p{Lu}/u.test(name);
    const nameLike = acronym || capsWord || (dash ? /^\p{Lu}/u.test(firstWord) && name.split(/\s+/).length <= 5 : /[\p{Lu}\d-]/u.test(firstWord) && !/^\p{Lu}\p{Ll}+$/u.test(firstWord));
    if (!/^(?:an?|the)$/i.test(firstWord) && nameLike) {
      return { text: `${name}: ${article(named[3] ?? 'a', named[5])} ${named[5]}`, named: true };
    }
  }
  // "a method called adaptive loss scaling that ...": the name runs up to the relative clause.
  // Both patterns need the naming word between spaces; one plain scan rules them out for most
  // bodies before their lazy name groups backtrack through the first 80 characters.
  const called = NAMING_WORD.test(b)
    ? (/^(?:an?|the)\s+(.{3,80}?),?\s+(?:called|named|dubbed|termed|coined)\s+([^,\s]+(?:\s+[^,\s]+){0,3}?(?:\s+\([^)]*\))?),?\s+((?:that|which|to|for|with|whose)\s.*)$/i.exec(b) ??
      /^(?:an?|the)\s+(.{3,80}?),?\s+(?:called|named|dubbed|termed|coined)\s+([^,\s]+(?:\s+\([^)]*\))?),?\s+(.*)$/i.exec(b))
    : null;
  if (called && called[1] !== undefined && called[2] !== undefined && called[3] !== undefined) {
    return { text: `${called[2]}: ${article('a', called[1])} ${called[1]} ${called[3]}`, named: true };
  }
  // "a method, DeFINE, for learning X" / "a quantization technique, AutoQ, to search X": the
  // name comes after the noun; one word with inner capitals, between commas or at the end.
  const after = /^(an?|the)\s+([^,]{3,90}?),\s+(\p{Lu}[\p{L}\d-]*\p{Lu}[\p{L}\d-]*)(?:,\s+(.*)|\s+(to\s.*)|$)/u.exec(b);
  if (after && after[2] !== undefined && after[3] !== undefined) {
    const rest = after[4] ?? after[5];
    return { text: `${after[3]}: ${article('a', after[2])} ${after[2]}${rest ? ` ${rest}` : ''}`, named: true };
  }
  return { text: b, named: false };
}

/** Section labels of structured abstracts ("Conclusions: These observations ..."). */
const SECTION_LABEL =
  /^(?:background|context|aims?|purpose|objectives?|methods?|results?|conclusions?|findings|motivation|significance|summary)\s*:\s*/i;

/** Strips discourse openers ("Here,", "In this paper,", "Conclusions:") repeatedly. */
function stripConnectives(s: string): string {
  let out = s;
  for (let i = 0; i < 4; i += 1) {
    const next = out.replace(SECTION_LABEL, '').replace(CONNECTIVE, '');
    if (next === out) break;
    out = next;
  }
  return out;
}


/**
 * Moves a fronted adverbial ("For a realistic gas distribution, X is ...") out of the body so
 * the headline starts with the subject; the phrase becomes a qualifier candidate.
 */
function splitFronted(body: string): { body: string; front: string | null } {
  if (!FRONTED.test(body)) return { body, front: null };
  const masked = maskForCutting(body, findProtectedSpans(body));
  const re = /,\s+/g;
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    if (m.index > 180) break;
    const rest = body.slice(m.index + m[0].length);
    // Still inside the fronted phrase: a conjunction or a participle ("corresponding to ...").
    if (/^(?:and|or|but|nor|respectively|which|where|e\.g|i\.e)\b/i.test(rest) || /^\p{Ll}+(?:ing|ed)\b/u.test(rest)) continue;
    if (rest.length < 30 || FRONTED.test(rest)) break;
    return { body: rest, front: body.slice(0, m.index) };
  }
  return { body, front: null };
}

/** "If A, then B" -> body B with qualifier "if A". */
function splitConditional(body: string): { body: string; cond: string | null } {
  const m = /^(if|when|whenever)\s+(.{8,200}?),?\s+then\s+(.+)$/i.exec(body);
  if (m && m[2] !== undefined && m[3] !== undefined) return { body: m[3], cond: `${(m[1] ?? 'if').toLowerCase()} ${m[2]}` };
  return { body, cond: null };
}

/**
 * "We fill this gap and propose X" / "we address it by proposing X": the match of
 * COORDINATED_PROPOSAL when a "we" comes before it.
 */
function coordinatedProposal(s: string): RegExpExecArray | null {
  const m = COORDINATED_PROPOSAL.exec(s);
  return m !== null && /\b(?:we|i)\b/i.test(s.slice(0, m.index)) ? m : null;
}

/** "and calibrates " right after a proposal verb ("presents and calibrates X"). */
const SHARED_OBJECT_VERB = /^(?:and|&)\s+([a-z]+)\s+/i;

/** "calibrates", "tested", "evaluate": a form of one of the paper's own verbs (AUTHOR_VERBS). */
function isAuthorVerbForm(word: string): boolean {
  const w = word.toLowerCase();
  return [w, w.replace(/e?s$/, ''), w.replace(/s$/, ''), w.replace(/e?d$/, ''), w.replace(/d$/, '')].some((b) => AUTHOR_VERBS.has(b));
}

/** The first "and V" / ", and then V" after an object; V is checked against AUTHOR_VERBS. */
const AND_AUTHOR_VERB = /(,?\s+and\s+(?:then\s+|also\s+|further\s+)?)([a-z]+)\b/i;

/** "One question that arises is whether", "The question (we ask) is how", "A key question is". */
const INDIRECT_QUESTION = /^(?:one|a|the|an|our)\s+(?:\w+\s+){0,2}?(?:question|problem)\s+(?:\w+\s+){0,3}?is\s+(?:whether|how|why|what|if)\b/i;

/** "We propose Robust Normalization (RobustNorm) and ...": the object of the first verb. */
const FIRST_OBJECT = /\b(?:we|i)\s+(?:[a-z]+ly\s+)?(?:propose|introduce|present|develop|design|build|construct|define|derive)\s+((?:an?\s+|the\s+)?[^,;]{3,60})$/i;

/**
 * "We propose X and show that it is resilient": "it" is X, which the claim names instead of a
 * pronoun no card can resolve ("It is not only resilient ..." on dev, 2026-12-01).
 */
function nameForIt(before: string, claim: string): string {
  if (!/^it\s/i.test(claim)) return claim;
  const object = FIRST_OBJECT.exec(before.trimEnd())?.[1]?.trim();
  return object ? `${object}${claim.slice(2)}` : claim;
}

/** "enables us to turn X" -> "enables turning X": the "us" would end the headline there. */
function withoutUsTo(body: string): string {
  return body.replace(/\b((?:enable|allow)(?:s|d|ed)?)\s+us\s+to\s+([a-z]+ly\s+)?([a-z]{3,})\b/gi, (_m, verb: string, adverb: string | undefined, next: string) => `${verb} ${adverb ?? ''}${gerund(next)}`);
}

/** Who the "and show that Y" belongs to: the authors, or the paper ("This work proposes X and argues that Y"). */
const AND_CLAIM_SUBJECT = /\b(?:we|i|this (?:paper|work|study|article|letter|report|note|thesis))\b/i;

/** Cheap pre-checks of analyse: "we "/"i " as a word, " that"/" how ", "this ", "main ". */
const HAS_WE = /(?:^| )(?:we|i) /i;
const HAS_THAT = / that| how /i;
const HAS_THIS = /this /i;
const HAS_MAIN = /main /i;

export function analyse(
  sentence: string,
  index: number,
  count: number,
  name: string | null,
  title: ReadonlySet<string> = new Set(),
  weights: ArrayLike<number> = WEIGHTS,
  words: AbstractWords | null = null,
  /**
   * Zeroed, FEATURES.length long; the callers that analyse a whole abstract pass views of one
   * buffer, since allocating a typed array costs about 2 µs, a tenth of a sentence's analysis.
   */
  features: Float64Array = new Float64Array(FEATURES.length),
): Candidate {
  const hit = (cue: CueName): void => {
    features[FEATURE_INDEX.get(cue) ?? 0] = 1;
  };
  // Trailing "." / "!" run dropped by hand: an end-anchored regex tries every position.
  let rawEnd = sentence.length;
  while (rawEnd > 0 && (sentence.charCodeAt(rawEnd - 1) === 46 || sentence.charCodeAt(rawEnd - 1) === 33)) rawEnd -= 1;
  const raw = (rawEnd === sentence.length ? sentence : sentence.slice(0, rawEnd)).trim();
  const secondary = SECONDARY_START.test(raw);
  // "Overall, we find ..." / "In summary, ..." announce the paper's main conclusion.
  const concluding = /^(?:overall|in summary|in conclusion|taken together|together|altogether|in short|collectively)\b/i.test(raw);
  let s = stripConnectives(raw);
  let body = s;
  let prefix: string | null = null;
  let claimed = false;
  let proposed = false;
  let shape: Candidate['shape'] = 'clause';
  let made: { text: string; verbEnd: number } | null = null;

  // Cheap pre-checks keep the backtracking-heavy patterns off sentences they cannot match.
  // Plain substring checks: far cheaper than word-boundary regexes over every sentence.
  // Case-insensitive regexes instead of includes() on a lowercased copy: same answers (no
  // character outside ASCII folds to these letters), no copy, one scan each.
  const hasWe = HAS_WE.test(s);
  const hasThat = HAS_THAT.test(s);
  const hasProposer = hasWe || HAS_THIS.test(s);
  const mainMatch = HAS_MAIN.test(s) ? MAIN_RESULT.exec(s) : null;
  const andMatch = !mainMatch && hasProposer && hasThat ? AND_CLAIM.exec(s) : null;
  // "and show that" counts only after a "we" (or "This paper proposes X and argues that") in the same sentence.
  const andOk = andMatch !== null && andMatch.index < 400 && AND_CLAIM_SUBJECT.test(s.slice(0, andMatch.index));
  const mainBody = mainMatch ? mainMatch[1] : andOk && andMatch ? nameForIt(s.slice(0, andMatch.index), s.slice(andMatch.index + andMatch[0].length)) : undefined;
  const estAs = mainBody !== undefined ? null : ESTABLISH_AS.exec(s);
  if (estAs && estAs[1] !== undefined && estAs[2] !== undefined) {
    const subject = estAs[1];
    s = `${subject} ${/s$/i.test(subject) ? 'serve' : 'serves'} as ${estAs[2]}`;
    body = s;
    hit('establishAs');
  }
  const we = mainBody !== undefined || !hasWe ? null : WE_CLAIM.exec(s);
  // "We identify this shortcoming and propose X": the object of the weak verb is no claim; the
  // coordinated proposal below is the sentence's point.
  const weOk = we !== null && we.index <= 160 && (we[2] !== undefined || !COORDINATED_PROPOSAL.test(s.slice(we.index + we[0].length, we.index + we[0].length + 140)));
  const res = mainBody !== undefined || weOk || !hasThat ? null : resultsClaim(s);
  const direct = mainBody !== undefined || weOk || res || !hasProposer ? null : PROPOSAL.exec(s);
  const prop = direct ?? (mainBody !== undefined || weOk || res || !hasWe ? null : coordinatedProposal(s));
  if (mainBody !== undefined) {
    body = mainBody;
    hit('mainResult');
    claimed = true;
  } else if (we && weOk) {
    const verb = (we[1] ?? '').toLowerCase();
    const that = we[2];
    hit(STRONG_VERB.test(verb) ? 'weStrongVerb' : 'weWeakVerb');
    if (HEDGE_VERB.test(verb)) hit('weArgue');
    // "We also show" / "we further find" are usually secondary results.
    if (/\b(?:also|further|additionally)\s/i.test(we[0])) hit('weAlso');
    if (!that) hit('weNoThat'); // "We prove X" gives a noun phrase, weaker than "We prove that X"
    if (that && /^that/i.test(that)) hit('weThat');
    if (that && /^how/i.test(that)) hit('weHow');
    const before = s.slice(0, we.index);
    prefix = before.trim() !== '' ? conditionPrefix(before) : null;
    // "We show that, in fact, X": the connective after "that" goes too.
    body = stripConnectives(s.slice(we.index + we[0].length));
    claimed = true;
    if (!that) {
      // "We observe novel solutions arising from X" -> "Novel solutions arise from X".
      made = nounPhraseToClause(body);
      if (made !== null) body = made.text;
      else shape = 'np';
    }
  } else if (res) {
    const verb = res.verb.toLowerCase();
    hit(/^(?:suggest|highlight|support|impl)/.test(verb) ? 'resultsHedged' : res.how ? 'resultsHow' : 'resultsThat');
    const p = res.prefix;
    prefix = /,\s*$/.test(p) ? conditionPrefix(p) : null;
    body = res.body;
    claimed = true;
  } else if (prop && prop.index <= 120) {
    proposed = true;
    // "This study presents and calibrates X": the second verb shares the object.
    let object = s.slice(prop.index + prop[0].length).replace(SHARED_OBJECT_VERB, (m, verb: string) => (isAuthorVerbForm(verb) ? '' : m));
    // "We present a unifying view and propose X": the second proposal is the paper's system.
    const second = direct !== null ? AND_PROPOSAL.exec(object) : null;
    // It still counts as a second action: the sentence does two things.
    const repointed = second !== null && second.index <= 120;
    if (repointed) object = object.slice(second.index + second[0].length);
    const ph = proposalHeadline(object);
    body = ph.text;
    hit(ph.named ? 'proposalNamed' : 'proposal');
    // "We also introduce X": a secondary contribution, like "we also show".
    if (/\b(?:also|further|additionally)\s/i.test(prop[0])) hit('weAlso');
    if (repointed || (!ph.named && SECOND_ACTION.test(body))) hit('secondAction');
    // "We introduce a framework designed to extract X" -> "A framework extracts X".
    made = ph.named ? null : nounPhraseToClause(body);
    if (made !== null) {
      body = made.text;
      hit('proposalClause');
    } else shape = 'np';
    const before = s.slice(0, prop.index);
    prefix = before.trim() !== '' ? conditionPrefix(before) : null;
    claimed = true;
  } else if (hasWe && (TOPIC_ONLY.exec(s)?.index ?? Infinity) <= 60) {
    hit('topicOnly');
  }
  if (!claimed && hasWe) {
    // "We relate X to Y" -> "Relating X to Y": the authors' action as a noun phrase, so the
    // sentence stays usable instead of keeping its "we" (which no cut may keep).
    const other = WE_OTHER.exec(s);
    const verb = other?.[1]?.toLowerCase();
    if (other && verb !== undefined && other.index <= 120 && !WE_NOT_ACTION.has(verb) && !verb.endsWith('ed')) {
      const before = s.slice(0, other.index);
      prefix = before.trim() !== '' ? conditionPrefix(before) : null;
      // "We define X and compare Y" -> "Defining X and comparing Y": the second verb too.
      const object = s.slice(other.index + other[0].length).replace(AND_AUTHOR_VERB, (m, and: string, second: string) =>
        AUTHOR_VERBS.has(second.toLowerCase()) ? `${and}${gerund(second)}` : m,
      );
      body = `${gerund(verb)} ${object}`;
      shape = 'np';
      hit('weAction');
    }
  }

  if (/ us to /i.test(body)) body = withoutUsTo(body);
  // "our method" -> the system's own name when the title gives one, else "the method".
  // Both rewrites need "our" as a word, so "your", "four" and "behaviour" skip them.
  if (/\bour\b/i.test(body)) {
    body = body.replace(/\bour\s+(method|approach|framework|system|model|algorithm|technique|scheme|protocol|tool|pipeline|architecture|solver|design)\b/gi, (_m, noun: string) => (name ? name : `the ${noun}`));
    if (/\bour\b/i.test(body)) body = body.replace(/\bour\b/gi, 'the');
  }
  const cond = splitConditional(body);
  body = cond.body;
  if (cond.cond && !prefix) prefix = cond.cond;
  const fronted = splitFronted(body);
  body = fronted.body;
  if (fronted.front && !prefix) prefix = conditionPrefix(fronted.front) ?? lowerFirst(fronted.front);
  // "This observation, which has ..., corresponding to ..., is compatible with X": too long to
  // reach its verb, the clause drops the aside rather than lose the verb to the cut.
  if (shape === 'clause' && body.length > HEADLINE_MAX) body = dropSubjectAside(body) ?? body;
  s = body;

  const lowerBody = s.toLowerCase();
  const flags = resultWordFlags(lowerBody);
  if (flags & 1) hit('performance');
  if (flags & 2) hit('comparative');
  if (flags & 4) hit('quantity');
  // Outlook talk in the part that would become the headline; a trailing clause gets cut anyway.
  if (OUTLOOK.test(lowerBody.slice(0, HEADLINE_MAX))) hit('outlook');
  if (ANAPHORIC_START.test(s)) hit(/^(?:these|such|those)\b/i.test(s) ? 'anaphoricDeterminer' : 'anaphoricPronoun');
  if (secondary) hit('secondary');
  if (concluding) hit('concluding');
  if (/\b(?:additionally|also|further)\b/i.test(s.slice(0, 60))) hit('additive');
  // trim() only when the sentence may end in whitespace (a code unit trim() could remove).
  const lastCode = sentence.charCodeAt(sentence.length - 1);
  // An indirect question states nothing either: "One question that arises is whether X ...".
  if ((lastCode === 63 ? sentence : lastCode <= 32 || lastCode >= 160 ? sentence.trim() : '').endsWith('?') || INDIRECT_QUESTION.test(s)) hit('question');
  if (!claimed) {
    if (index === 0) hit('unclaimedFirst');
    else if (index === 1) hit('unclaimedSecond');
  }
  if (index === 0 && count > 2) hit('firstOfMany');
  if (s.length < 35) hit('short');
  if (s.length > 320) hit('long');
  if (PRONOUN_WE.test(s.slice(0, 25))) hit('weNearStart');
  fillExtraFeatures(features, sentence, s, lowerBody, index, count, title, words);
  const score = dot(features, weights);
  return { index, body: s, prefix, score, features, shape, verbEnd: made !== null && made.text === s ? made.verbEnd : -1, claimed: claimed && !proposed };
}
