/**
 * A little syntax for the tagline engine: finite verbs, lists, noun phrases turned into clauses,
 * and the masking that keeps math and brackets out of every cut.
 *
 * Word lists, not a part-of-speech tagger, on measured grounds (issue 10, 2026-12-01, this
 * machine, 2,000 SciTLDR train abstracts, esbuild --minify bundles): wink-nlp 2.4.0 with
 * wink-eng-lite-web-model 1.8.1 is 3.66 MB minified (1.03 MB gzip) and tags the 2,000 abstracts
 * in 3.4 s (110k tokens/s, 0.6 s to load the model); compromise 14.17.0 is 365 KB (142 KB gzip)
 * and takes 78 s (4k tokens/s). The whole engine's budget is 100 ms for 2,000 abstracts; even
 * tagging only the chosen sentence (~30 tokens each) would cost wink-nlp ~0.5 s and compromise
 * ~15 s, and wink-nlp alone would add 3.66 MB to the content script.
 */
import { findProtectedSpans, type Span } from './sentences';
import { AUTHOR_VERBS, DANGLING_WORDS } from './tagline-lexicon';

// ---------------------------------------------------------------------------------------------
// A little syntax: enough to keep a clause's subject together with its finite verb, to keep lists
// whole and to turn "we observe X arising from Y" into "X arise(s) from Y". Word lists, not a
// parser: a miss only falls back to the plain clause-boundary cut.
// ---------------------------------------------------------------------------------------------

/** Finite auxiliaries and modals. */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'can', 'cannot', 'could', 'may', 'might',
  'must', 'shall', 'should', 'will', 'would', 'does', 'do', 'did',
]);

/** Base forms of verbs that carry results in abstracts (their -s and -ed forms are derived). */
const VERB_BASES = (
  'show exhibit display reveal yield produce reproduce achieve attain reach outperform surpass exceed ' +
  'beat match improve reduce increase decrease enhance suppress enable allow permit provide deliver ' +
  'offer support require need remain become emerge arise exist persist survive coexist hold depend ' +
  'rely scale follow lead drive govern control determine dominate explain predict capture describe ' +
  'address solve learn recover converge diverge admit satisfy agree differ vary grow decay vanish ' +
  'undergo host possess feature carry behave act serve play occur appear relate correspond connect ' +
  'link separate contain involve include combine consist form create generate induce cause trigger ' +
  'open close break preserve retain violate generalize generalise transfer extend apply work fail ' +
  'compete exceed span approach account lie rise fall shift change make give take keep bring find ' +
  'identify mark open favor favour stabilize stabilise destabilize destabilise limit restrict ' +
  'constrain dictate set define characterize characterise distinguish extract estimate compute ' +
  'identify detect map model simulate support outline unify bridge enhance boost accelerate speed'
).split(' ');

const IRREGULAR_PAST: Record<string, string> = {
  led: 'lead', drove: 'drive', grew: 'grow', rose: 'rise', fell: 'fall', held: 'hold', made: 'make',
  became: 'become', gave: 'give', took: 'take', lay: 'lie', arose: 'arise', broke: 'break',
  brought: 'bring', kept: 'keep', found: 'find', underwent: 'undergo', set: 'set',
};

/** Third person singular of a base form ("extract" -> "extracts", "vary" -> "varies"). */
function thirdSingular(base: string): string {
  if (base === 'have') return 'has';
  if (base === 'be') return 'is';
  if (base === 'do') return 'does';
  if (/(?:s|x|z|ch|sh|o)$/.test(base)) return `${base}es`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  return `${base}s`;
}

/** Past participle of a regular base form ("implement" -> "implemented", "apply" -> "applied"). */
function pastParticiple(base: string): string {
  if (base.endsWith('e')) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  return `${base}ed`;
}

type VerbForm = 'base' | 's' | 'past';
const VERB_FORMS = new Map<string, VerbForm>();
for (const b of VERB_BASES) {
  VERB_FORMS.set(b, 'base');
  VERB_FORMS.set(thirdSingular(b), 's');
  if (!VERB_FORMS.has(pastParticiple(b))) VERB_FORMS.set(pastParticiple(b), 'past');
}
for (const past of Object.keys(IRREGULAR_PAST)) VERB_FORMS.set(past, 'past');

/** Words after which the next word is not a finite verb (it is a noun or an infinitive). */
const NOT_BEFORE_VERB = new Set([
  'the', 'a', 'an', 'this', 'these', 'those', 'its', 'their', 'our', 'his', 'her', 'each', 'every',
  'of', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'to', 'into', 'onto', 'over', 'under',
  'between', 'among', 'across', 'through', 'within', 'without', 'about', 'against', 'along',
  'toward', 'towards', 'upon', 'per', 'via', 'no', 'any', 'some', 'all', 'such', 'both', 'more',
  'less', 'most', 'new', 'novel', 'strong', 'weak', 'large', 'small', 'high', 'low',
]);

/** Words that open a verb's object or complement ("addresses these challenges"). */
const OBJECT_START = new Set([
  'the', 'a', 'an', 'this', 'these', 'those', 'its', 'their', 'his', 'her', 'no', 'both', 'all',
  'each', 'every', 'any', 'some', 'several', 'many', 'multiple', 'two', 'three', 'four', 'one',
  'not', 'that', 'how', 'whether', 'up', 'out', 'well',
]);

/** Prepositions after a past form that mark a participle ("formed by", "annealed in"). */
const PARTICIPLE_NEXT = /^(?:by|in|on|at|from|with|under|via|using|for|as|through|within|into|over|between|after|during|upon|across|along|against|near|around|to)$/;

interface Word {
  w: string;
  start: number;
  end: number;
}

/** Whether the character at `i` is a letter or digit (ASCII fast path). */
function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return c !== 1 && /[\p{L}\p{N}]/u.test(s.charAt(i));
}

/** The first word at or after `from` (before `limit`), or null. */
function nextWord(masked: string, from: number, limit: number): Word | null {
  let i = from;
  const n = Math.min(masked.length, limit);
  while (i < n) {
    while (i < n && masked.charCodeAt(i) === 32) i += 1;
    let j = i;
    while (j < masked.length && masked.charCodeAt(j) !== 32) j += 1;
    let a = i;
    let b = j;
    while (a < b && !isWordChar(masked, a)) a += 1;
    while (b > a && !isWordChar(masked, b - 1)) b -= 1;
    let blanked = false;
    for (let k = a; k < b && !blanked; k += 1) blanked = masked.charCodeAt(k) === 1;
    if (b > a && !blanked && a < n) return { w: masked.slice(a, b), start: a, end: b };
    i = j;
  }
  return null;
}

/** Words that open a new clause after ", and" ("..., and the method reduces Y"). */
const CLAUSE_OPENERS = new Set(['the', 'a', 'an', 'this', 'these', 'those', 'it', 'its', 'their', 'they', 'such', 'each', 'both', 'all', 'there']);

/** An opener whose partner ("and", "or", "but also") is still to come: "between A", "both A". */
const OPEN_PAIR = /\b(?:between|both|either|neither|whether|not only)\b(?![^,;]*\b(?:and|or|nor)\b)[^;]*$/i;

/**
 * A cut at `at`, where the rest opens with "and"/"or", splits a coordination of words ("accurate
 * and efficient potentials", "between waves and spins", "constructing, training, and analyzing")
 * rather than of clauses ("X improves A and reduces B", "..., and the method scales"). Clauses
 * are told by the word after the conjunction: a verb, or after a comma a clause opener.
 */
export function splitsCoordination(masked: string, at: number): boolean {
  const m = /^(,?)\s*(?:and|or)\s+([A-Za-z-]+)(\s+(?:that|how|whether|the|a|an|its|their|this|these)\b)?/.exec(masked.slice(at, at + 60));
  if (m === null) return false;
  if (OPEN_PAIR.test(masked.slice(Math.max(0, at - 80), at))) return true;
  const w = (m[2] ?? '').toLowerCase();
  if (AUXILIARIES.has(w) || AUTHOR_VERBS.has(w) || (VERB_FORMS.has(w) && VERB_FORMS.get(w) !== 'base')) return false;
  // "... and argues that X", "and yields the best": a verb the tables lack, told by its object.
  if (m[3] !== undefined && /[^s]s$/.test(w)) return false;
  return !(m[1] === ',' && CLAUSE_OPENERS.has(w));
}

/** Whether `cur` reads as the clause's finite verb, given its neighbours. */
function isFiniteVerb(prev: Word | null, cur: Word, next: Word | null, masked: string): boolean {
  const w = cur.w;
  const c0 = w.charCodeAt(0);
  if (c0 < 97 || c0 > 122) return false; // proper nouns, acronyms, numbers, formulas
  if (w !== w.toLowerCase()) return false;
  const prevW = prev ? prev.w.toLowerCase() : '';
  // After a comma only an auxiliary or a listed -s/-ed form counts ("X, characterised by Y,
  // enables Z"); a guessed verb there is more often a new phrase.
  let comma = false;
  if (prev) {
    for (let k = prev.end; k < cur.start && !comma; k += 1) {
      const c = masked.charCodeAt(k);
      comma = c === 44 || c === 59 || c === 58;
    }
  }
  if (AUXILIARIES.has(w)) return prevW !== 'to';
  if (NOT_BEFORE_VERB.has(prevW) || /^\d/.test(prevW)) return false;
  const form = VERB_FORMS.get(w);
  const last = w.charCodeAt(w.length - 1);
  if (form === undefined && last !== 115) return false; // not a listed verb, no final "s"
  if (comma && form !== 's' && form !== 'past') return false;
  const nextW = next ? next.w.toLowerCase() : '';
  // "relates to", "addresses these", "learns chemically"; not "over the simulated length scales".
  // Any listed -s form with something after it ("outperforms state-of-the-art methods"), unless
  // that is the verb ("the model predictions show"); never the last word ("length scales").
  if (form === 's') return nextW !== '' && !AUXILIARIES.has(nextW) && VERB_FORMS.get(nextW) !== 's';
  if (form === 'past') return !PARTICIPLE_NEXT.test(nextW);
  // A base form follows a plural subject ("phonons drive", "they remain").
  if (form === 'base') return /(?:[^su]s|they)$/.test(prevW);
  // Any other -s word followed by an object or an adverb ("addresses these", "learns chemically").
  if (w.length >= 4 && /[^su'’]s$/.test(w) && !/(?:ics|ous|ss)$/.test(w)) {
    // "electronic excitations that remain": after an adjective the word is a plural noun and
    // "that" opens a relative clause (a verb's "that" follows its subject, a noun).
    if (nextW === 'that' && /(?:al|ic|ive|ous|ar|ary)$/.test(prevW)) return false;
    return OBJECT_START.has(nextW) || (nextW.length > 4 && nextW.endsWith('ly'));
  }
  return false;
}

/** Words that open a clause inside the subject: "excitations that remain ...", "the fact that X holds". */
const RELATIVE_WORDS = new Set(['that', 'which', 'who', 'whom', 'whose', 'where', 'whereby', 'wherein']);

/**
 * End of the main clause's finite verb in `masked` (the first one found in the first 200
 * characters), or -1 when the text has none there (a noun phrase, or a verb the lists miss).
 * A verb inside a clause that opens the subject is not the main one when another follows:
 * in "The only electronic excitations that remain available at low temperatures are the
 * excitations of ..." it is "are", so no cut may end after "available" (a /new capture's
 * headline did, 2026-12-01).
 */
export function mainVerbEnd(masked: string): number {
  const limit = 200;
  let prev = nextWord(masked, 0, limit);
  let cur = prev ? nextWord(masked, prev.end, limit) : null;
  let inRelative = false;
  let relativeVerb = -1;
  while (cur !== null) {
    const next = nextWord(masked, cur.end, limit + 30);
    if (relativeVerb === -1 && RELATIVE_WORDS.has(cur.w.toLowerCase())) inRelative = true;
    else if (isFiniteVerb(prev, cur, next, masked)) {
      if (!inRelative || relativeVerb !== -1) return cur.end;
      relativeVerb = cur.end;
    }
    prev = cur;
    cur = next !== null && next.start < limit ? next : null;
  }
  return relativeVerb;
}

/** Where an aside after the subject opens: ", which ..." (non-restrictive) or " - a hallmark of X - ". */
const ASIDE_OPEN = /,\s+(?:which|who|whose|where)\s|\s[-–—]\s/g;

/**
 * The clause without the aside between its subject and its verb, when that aside keeps the
 * verb out of a headline's reach: "This observation, which has a significance of 5.9 standard
 * deviations, corresponding to ..., is compatible with X" -> "This observation is compatible
 * with X"; "The linear mixing of physical fields - a hallmark of asymmetric systems - produces
 * Y" -> "The linear mixing of physical fields produces Y". The aside closes with a comma (or
 * the matching dash) right before a finite verb; a restrictive clause ("excitations that
 * remain available") changes the meaning and stays. Null when there is no such aside.
 */
export function dropSubjectAside(body: string): string | null {
  const masked = maskForCutting(body, findProtectedSpans(body));
  ASIDE_OPEN.lastIndex = 0;
  const open = ASIDE_OPEN.exec(masked);
  if (open === null || open.index < 10 || open.index > 120) return null;
  const dash = !open[0].startsWith(',');
  // The subject must not have its verb already ("X improves Y, which ...").
  const verb = mainVerbEnd(masked.slice(0, open.index));
  if (verb !== -1) return null;
  const close = dash ? /\s[-–—]\s/g : /,\s+/g;
  close.lastIndex = open.index + open[0].length;
  for (let m = close.exec(masked); m !== null && m.index < open.index + 240; m = close.exec(masked)) {
    const after = m.index + m[0].length;
    const before = lastWord(masked, m.index);
    const first = nextWord(masked, after, after + 40);
    if (first === null || first.start !== after) continue;
    // "The approach, which we call X, and its variants, are tested": a coordinated subject.
    if (/,\s+(?:and|or)\s/.test(masked.slice(open.index + 1, m.index + 1))) return null;
    const second = nextWord(masked, first.end, first.end + 40);
    // After a comma only an auxiliary or a listed -s/-ed form counts (isFiniteVerb's comma rule).
    if (isFiniteVerb(before, first, second, masked)) {
      return `${body.slice(0, open.index)} ${body.slice(after)}`;
    }
  }
  return null;
}

/** The last word ending at or before `end`, or null. */
function lastWord(masked: string, end: number): Word | null {
  let b = end;
  while (b > 0 && !isWordChar(masked, b - 1)) b -= 1;
  let a = b;
  while (a > 0 && isWordChar(masked, a - 1)) a -= 1;
  return b > a ? { w: masked.slice(a, b), start: a, end: b } : null;
}

/** Words that open a comma-separated segment which is a clause, not a list item. */
const NOT_ITEM = /^(?:which|who|whose|where|when|while|whereas|but|yet|so|thus|thereby|hence|although|though|because|since|if|unless|including|such|e\.g|i\.e|respectively|namely|as|then|and then|or then|that|it|this|we|they|there|with|without|in|on|for|of|at|by|from|to|under|via|through|using|into|over|across|within|between|among|after|before|during|than|compared|[a-z]+ing(?=\s)|[a-z]+ed (?:for|by|to|with|in|on|from|as|at|through|via|using|into))\b/i;

/**
 * Character ranges that lie inside a list ("A, B, C, and D" or "A, B and C"): from its first
 * separating comma to the end of the final "and"/"or". No headline may end in such a range.
 */
export function listRegions(masked: string): Span[] {
  const out: Span[] = [];
  let runStart = -1;
  for (let c = masked.indexOf(', '); c !== -1; ) {
    const next = masked.indexOf(', ', c + 2);
    const segStart = c + 2;
    const segEnd = next === -1 ? masked.length : next;
    // The segment's first seven words at most: list items are short.
    let cut = segStart;
    let spaces = 0;
    while (cut < segEnd && spaces < 7) {
      if (masked.charCodeAt(cut) === 32) spaces += 1;
      cut += 1;
    }
    const seg = masked.slice(segStart, cut);
    const conj = /^(?:and|or)\s/.exec(seg);
    // "holds under X, non-asymptotically, and does not require Y" coordinates verbs, not items.
    const [verbAfter = '', wordAfter = ''] = conj ? seg.slice(conj[0].length).toLowerCase().split(' ', 2) : [];
    // A base form coordinates verbs only with an object after it ("and analyze the results");
    // "its mechanical architecture, electrical system, and control system" ends a list.
    const baseForm = VERB_FORMS.get(verbAfter) === 'base' || (AUTHOR_VERBS.has(verbAfter) && !VERB_FORMS.has(verbAfter));
    if (conj && (AUXILIARIES.has(verbAfter) || ((VERB_FORMS.has(verbAfter) || AUTHOR_VERBS.has(verbAfter)) && (!baseForm || OBJECT_START.has(wordAfter) || wordAfter === '')))) {
      runStart = -1;
      c = next;
      continue;
    }
    const inner = conj ? null : / (?:and|or) /.exec(seg);
    if (conj) {
      // Oxford comma: "A, B, and C" (two or more separators before it) ends the list here.
      if (runStart !== -1) out.push({ start: runStart, end: segStart + conj[0].length });
      runStart = -1;
    } else if (NOT_ITEM.test(seg)) {
      runStart = -1;
    } else if (inner) {
      // "A, B and C": the last item follows an "and" inside the segment.
      out.push({ start: runStart === -1 ? c : runStart, end: segStart + inner.index + inner[0].length });
      runStart = -1;
    } else if (cut >= segEnd && next !== -1) {
      if (runStart === -1) runStart = c; // a short item between two commas
    } else {
      runStart = -1;
    }
    c = next;
  }
  return out;
}

/**
 * A qualifier must not open with the paper's second step ("implement it in X"): "V it in X"
 * becomes "V-ed in X", anything else in that shape is no qualifier.
 */
export function qualifierFromStep(rest: string): string | null | undefined {
  const m = /^(?:(?:and|then|also|further)\s+)*([a-z-]+)\s+/i.exec(rest);
  const verb = m?.[1]?.toLowerCase();
  if (!m || verb === undefined || !AUTHOR_VERBS.has(verb)) return undefined; // not a step
  const tail = rest.slice(m[0].length);
  const obj = /^(?:it|them|this|these)\s+(?=(?:in|into|to|on|for|as|with|via|within|across)\s)/i.exec(tail);
  if (!obj) return null;
  return `${pastParticiple(verb)} ${tail.slice(obj[0].length)}`;
}

/** Participles that head a reduced relative clause in a claim ("solutions arising from"). */
const PARTICIPLE_BASE: Record<string, string> = {
  arising: 'arise', showing: 'show', exhibiting: 'exhibit', displaying: 'display', emerging: 'emerge',
  leading: 'lead', resulting: 'result', yielding: 'yield', enabling: 'enable', allowing: 'allow',
  providing: 'provide', reaching: 'reach', achieving: 'achieve', reproducing: 'reproduce',
  revealing: 'reveal', consisting: 'consist', containing: 'contain', involving: 'involve',
  having: 'have', producing: 'produce', hosting: 'host', exceeding: 'exceed',
  outperforming: 'outperform', reducing: 'reduce', improving: 'improve', requiring: 'require',
  preserving: 'preserve', undergoing: 'undergo', featuring: 'feature', possessing: 'possess',
  carrying: 'carry', governing: 'govern', explaining: 'explain', capturing: 'capture',
  predicting: 'predict', extending: 'extend', spanning: 'span', retaining: 'retain',
  remaining: 'remain', persisting: 'persist', surviving: 'survive', coexisting: 'coexist',
  depending: 'depend', violating: 'violate', satisfying: 'satisfy', breaking: 'break',
  connecting: 'connect', linking: 'link', dominating: 'dominate', generating: 'generate',
  supporting: 'support', matching: 'match', attaining: 'attain', surpassing: 'surpass',
  stabilizing: 'stabilize', stabilising: 'stabilise', suppressing: 'suppress', enhancing: 'enhance',
  inducing: 'induce', driving: 'drive', hindering: 'hinder', limiting: 'limit',
};

/** Cheap pre-check: a word that nounPhraseToClause could turn into a verb. */
const NP_TRIGGER = new RegExp(`\\b(?:${Object.keys(PARTICIPLE_BASE).join('|')}|that|which|(?:designed|built|developed|trained|engineered|tailored|intended|optimi[sz]ed) to)\\s`);

/** Participles after "designed to" etc.: "X designed to extract Y" -> "X extracts Y". */
const PURPOSE = /^(?:designed|built|developed|trained|engineered|tailored|intended|optimi[sz]ed)\s+to\s+([a-z]+)\s/;
const PURPOSE_WORDS = new Set(['designed', 'built', 'developed', 'trained', 'engineered', 'tailored', 'intended', 'optimized', 'optimised']);

/** Whether the noun phrase `subject` is grammatically singular ("a framework", "the method"). */
function singularSubject(subject: string): boolean {
  const s = subject.trim();
  if (/^(?:an?|one|each|every|this|its)\s/i.test(s)) return true;
  // The head noun: last word before the first preposition ("structures of dense hydrogen").
  const head = s.split(/\s+(?:of|in|for|with|on|at|from|between|among|across|within|under|over|near|along|by|to)\s/i)[0] ?? s;
  const last = head.slice(head.lastIndexOf(' ') + 1).toLowerCase();
  return !/(?:[^su'’]s|data|phenomena|criteria)$/.test(last);
}

/**
 * Turns a noun-phrase claim into a clause: "novel solutions arising from X" -> "Novel solutions
 * arise from X", "a framework designed to extract X" -> "A framework extracts X", "a method
 * that reduces X" -> "A method reduces X". Null when the noun phrase has no such verb slot.
 */
export function nounPhraseToClause(body: string): { text: string; verbEnd: number } | null {
  if (!NP_TRIGGER.test(body.slice(0, 130))) return null;
  const masked = maskForCutting(body, findProtectedSpans(body));
  let prev = nextWord(masked, 0, 130);
  let cur = prev ? nextWord(masked, prev.end, 130) : null;
  for (let i = 1; prev !== null && cur !== null; i += 1, prev = cur, cur = nextWord(masked, cur.end, 130)) {
    let gap = false;
    for (let k = prev.end; k < cur.start && !gap; k += 1) gap = masked.charCodeAt(k) !== 32;
    if (gap) {
      if (/[,;:]/.test(masked.slice(prev.end, cur.start))) return null; // past the noun phrase
      continue;
    }
    if (i < 2) continue;
    const w = cur.w.toLowerCase();
    const part = PARTICIPLE_BASE[w];
    const purpose = part === undefined && PURPOSE_WORDS.has(w) ? PURPOSE.exec(masked.slice(cur.start, cur.start + 60).toLowerCase()) : null;
    const relative = w === 'that' || w === 'which';
    if (part === undefined && purpose === null && !relative) continue;
    const prevW = prev.w.toLowerCase();
    if (NOT_BEFORE_VERB.has(prevW) || DANGLING_WORDS.has(prevW)) continue;
    // "data sets for graph classification have repeating instances which cause X" is a clause
    // already: its "which" stays ("have repeating instances cause X" read wrong on dev).
    if (mainVerbEnd(masked.slice(0, cur.start)) !== -1) return null;
    const subject = body.slice(0, cur.start).trimEnd();
    const one = singularSubject(subject);
    const conj = (base: string): string => (base === 'be' ? (one ? 'is' : 'are') : one ? thirdSingular(base) : base);
    const clause = (verb: string, tail: string): { text: string; verbEnd: number } => ({
      text: `${subject} ${verb}${tail}`,
      verbEnd: subject.length + 1 + verb.length,
    });
    if (part !== undefined) {
      // "solutions arising from", "structures showing no"; not "moment generating functions".
      const after = nextWord(masked, cur.end, 160);
      const aw = (after?.w ?? '').toLowerCase();
      if (OBJECT_START.has(aw) || PARTICIPLE_NEXT.test(aw) || /^(?:strong|large|high|low|small|significant|robust)$/.test(aw) || (aw.length > 4 && aw.endsWith('ly'))) {
        return clause(conj(part), body.slice(cur.end));
      }
      continue;
    }
    if (purpose !== null && purpose[1] !== undefined) {
      return clause(conj(purpose[1]), body.slice(cur.start + purpose[0].length - 1));
    }
    // "a method that reduces X" -> "a method reduces X"; "evidence that the gap closes" is no NP.
    // After "to" ("a scheme to generate paths that are correlated", "a reduction to X that
    // preserves Y") the relative clause belongs to the later noun, not to the subject's head.
    if (/\sto\s/i.test(subject)) return null;
    const next = nextWord(masked, cur.end, 160);
    const nw = next?.w ?? '';
    const form = VERB_FORMS.get(nw);
    const finite = (AUXILIARIES.has(nw) && nw !== 'do') || form === 's' || (form === 'base' && !one);
    if (next && finite && next.start === cur.end + 1) return clause(nw, body.slice(next.end));
    return null;
  }
  return null;
}

/** Replaces protected spans and bracketed asides with filler so no boundary is found inside. */
export function maskForCutting(s: string, spans: readonly Span[]): string {
  // Intervals to blank out: protected spans, then balanced top-level bracket groups (only
  // balanced ones, so one stray "(" cannot hide the rest of the sentence).
  const blank: Span[] = [...spans];
  const stack: number[] = [];
  const bracket = /[()[\]{}]/g;
  let spanIdx = 0;
  for (let m = bracket.exec(s); m !== null; m = bracket.exec(s)) {
    const i = m.index;
    while (spanIdx < spans.length && (spans[spanIdx]?.end ?? 0) <= i) spanIdx += 1;
    const sp = spans[spanIdx];
    if (sp && i >= sp.start) continue; // brackets inside math are the formula's business
    const c = m[0];
    if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if (stack.length > 0) {
      const open = stack.pop() ?? i;
      if (stack.length === 0) blank.push({ start: open + 1, end: i });
    }
  }
  if (blank.length === 0) return s;
  blank.sort((x, y) => x.start - y.start);
  // Parts joined once: a flat string, where a chain of `+=` leaves a rope that every later
  // character-by-character scan has to walk.
  const parts: string[] = [];
  let pos = 0;
  for (const iv of blank) {
    const start = Math.max(iv.start, pos);
    if (iv.end <= start) continue;
    parts.push(s.slice(pos, start), '\u0001'.repeat(iv.end - start));
    pos = iv.end;
  }
  parts.push(s.slice(pos));
  return parts.join('');
}
