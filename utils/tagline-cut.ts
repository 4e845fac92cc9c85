/**
 * Cutting a claim at a clause boundary so the headline fits, with the cut-off part kept for the
 * qualifier.
 */
import { findProtectedSpans, type Span } from './sentences';
import { BOUNDARIES, FULL_STRENGTH, WORD_CUT_STRENGTH, COMPLEMENT_ADJECTIVES, DANGLING_WORDS, PRONOUN_WE, FRONTED } from './tagline-lexicon';
import { mainVerbEnd, listRegions, maskForCutting, splitsCoordination } from './tagline-syntax';
import { HEADLINE_TYPICAL_MIN, HEADLINE_MAX } from './tagline-rules';

const TRAILING_JUNK = new Set([' ', ',', ';', ':', '—', '–', '-', '/', '(', '[']);

/** Trims a cut piece: trailing punctuation, dangling words, unmatched open brackets. */
export function tidyEnd(s: string): string {
  let out = s;
  for (let guard = 0; guard < 12; guard += 1) {
    const before = out;
    // Trailing separators and a final period (a loop, not an end-anchored regex: those rescan
    // the whole string and dominate the run time on 2,000 abstracts).
    let end = out.length;
    while (end > 0 && TRAILING_JUNK.has(out[end - 1] ?? '')) end -= 1;
    out = out.slice(0, end);
    if (out.endsWith('.') && !out.endsWith('..')) out = out.slice(0, -1);
    // Drop an unmatched "(" and what follows it.
    const lastOpen = out.lastIndexOf('(');
    if (lastOpen !== -1 && out.indexOf(')', lastOpen) === -1) {
      let opens = 0;
      let closes = 0;
      for (let k = 0; k < out.length; k += 1) {
        const c = out.charCodeAt(k);
        if (c === 40) opens += 1;
        else if (c === 41) closes += 1;
      }
      if (opens > closes) out = out.slice(0, lastOpen);
    }
    const space = out.lastIndexOf(' ');
    const last = out.slice(space + 1).toLowerCase();
    const word = last.endsWith('.') ? last.slice(0, -1) : last;
    if (DANGLING_WORDS.has(word)) out = out.slice(0, space + 1);
    if (out === before) break;
  }
  return out.trim();
}

/** Trims the start of a cut-off clause for use as a qualifier. */
function tidyStart(s: string): string {
  return s
    .replace(/^[\s,;:—–\-]+/u, '')
    // "but that Y improve Z" after "X are brittle": the second "that"-clause reads as its own.
    .replace(/^(?:and|but|or|so|yet|then|thus|hence)\s+(?:that\s+(?=\S+\s+\S))?/i, '')
    .trim();
}

/** Capitalises the first word when it is an ordinary lowercase word (not "mRNA", not `$x$`). */
export function capitalise(s: string): string {
  const m = /^(\p{Ll}[\p{Ll}'’-]*)(?=[\s,:;]|$)/u.exec(s);
  if (!m) return s;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function lowerFirst(s: string): string {
  // Only an ordinary capitalised word is lowered: "When X" -> "when X", but "NASA" stays.
  return /^\p{Lu}\p{Ll}+\b/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

export function lengthScore(len: number): number {
  if (len >= HEADLINE_TYPICAL_MIN && len <= HEADLINE_MAX) return 0;
  if (len > HEADLINE_MAX) return -Infinity;
  if (len >= 45) return -(HEADLINE_TYPICAL_MIN - len) * 0.02;
  if (len >= 30) return -0.3 - (45 - len) * 0.06;
  return -4;
}

export interface Cut {
  head: string;
  rest: string | null;
  score: number;
}

interface CutOptions {
  /** The body is a clause: no cut may separate its subject from its finite verb. */
  clause?: boolean;
  /** The body is a noun phrase ("a general theory of X for Y"): complements stay attached. */
  np?: boolean;
  /** End of the clause's finite verb when already known (-1: find it). */
  verbEnd?: number;
  /** A headline cut: the weak complement boundaries (BoundaryRule.headlineOnly) may be used. */
  headline?: boolean;
}

/** "... requires a non-negligible": a determiner, then one word, at the very end. */
const DETERMINER_WORD_END = /\b(?:a|an|the|its|their|this|these|each|every)\s+[\p{L}-]+$/iu;
/** The same, tried at one position only (sticky). */
const DETERMINER_WORD_AT = /\b(?:a|an|the|its|their|this|these|each|every)\s+[\p{L}-]+$/iuy;

/**
 * DETERMINER_WORD_END.test(head) without trying every start position: the final word and the
 * whitespace before it are found from the end (ASCII; anything else takes the regex), so a
 * match can only start 1 to 5 characters before that whitespace.
 */
function endsWithDeterminerWord(head: string): boolean {
  let k = head.length;
  for (; k > 0; k -= 1) {
    const c = head.charCodeAt(k - 1);
    if (c >= 128) return DETERMINER_WORD_END.test(head);
    if (!(c === 45 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
  }
  if (k === head.length) return false;
  let q = k;
  for (; q > 0; q -= 1) {
    const c = head.charCodeAt(q - 1);
    if (c >= 128) return DETERMINER_WORD_END.test(head);
    if (!(c === 32 || (c >= 9 && c <= 13))) break;
  }
  if (q === k) return false;
  for (let p = Math.max(0, q - 5); p < q; p += 1) {
    DETERMINER_WORD_AT.lastIndex = p;
    if (DETERMINER_WORD_AT.test(head)) return true;
  }
  return false;
}

/**
 * The most a cut adds to its boundary's strength: scoreLen is never positive and the length
 * bonus is 0.3 * len / max with len <= max (the epsilon absorbs floating-point rounding).
 */
const CUT_BONUS_MAX = 0.3 + 1e-9;

/** A cut inside a coordination of words: below a clean cut of the same sentence, above a word cut. */
const COORDINATION_PENALTY = 1.2;

/** Score of a cut that drops the clause's verb: far below any real cut, above nothing at all. */
const VERBLESS_PENALTY = 3;

/**
 * Cuts `body` at the best clause boundary so the head fits in `max` characters and contains no
 * "we"/"us" (everything after the first such pronoun is off limits). Never inside a list, and
 * in a clause never between subject and finite verb (such a cut is penalised so that another
 * sentence wins). Returns null when no cut leaves a usable head.
 */
export function cutAtClause(body: string, max: number, scoreLen: (n: number) => number, opts: CutOptions = {}): Cut | null {
  const spans = findProtectedSpans(body);
  const masked = maskForCutting(body, spans);
  const we = PRONOUN_WE.exec(masked);
  const limit = we ? we.index : body.length;
  const scanEnd = Math.min(limit, max + 40);
  // Both are needed only once a cut short of the whole body is examined, so they are lazy.
  let verbEndMemo: number | null = !opts.clause ? -1 : opts.verbEnd !== undefined && opts.verbEnd >= 0 ? opts.verbEnd : null;
  const verbEnd = (): number => (verbEndMemo ??= mainVerbEnd(masked));
  let lists: Span[] | null = masked.includes(', ') ? null : [];
  const inList = (i: number): boolean => (lists ??= listRegions(masked)).some((r) => i >= r.start && i < r.end);
  // The qualifier part (`rest`) is only tidied for the winning cut, once, at the end.
  let best: { head: string; from: number; score: number } | null = null;
  const consider = (end: number, restStart: number, strength: number, ellipsis: boolean): void => {
    // tidyEnd only drops a few trailing words, so far-too-long cuts can be skipped unexamined.
    if (end > max + 40) return;
    // A cut scores at most strength + 0.3 (scoreLen <= 0, len <= max), so one that cannot beat
    // the best so far is not examined at all.
    if (best !== null && strength + CUT_BONUS_MAX <= best.score) return;
    const raw = body.slice(0, end);
    let head = tidyEnd(raw);
    // "... relationships consistent" when "with X" follows: cut before the adjective instead.
    const lastSpace = head.lastIndexOf(' ');
    if (lastSpace > 0 && COMPLEMENT_ADJECTIVES.has(head.slice(lastSpace + 1).toLowerCase()) && /^[\s,]*(?:with|to|of|for|from|on|in|as|than|at|by)\s/i.test(body.slice(head.length))) {
      head = tidyEnd(head.slice(0, lastSpace));
    }
    if (ellipsis && head !== '') head += '…';
    const len = head.length;
    if (len > max || len === 0) return;
    let score = strength + scoreLen(len) + (0.3 * len) / max;
    // A head that is only a fronted phrase ("For a realistic gas distribution") is no claim.
    if (FRONTED.test(head) && !/,/.test(head)) score -= 1.5;
    // "... requires a non-negligible" (cut between an adjective and its noun) reads unfinished.
    if (end < body.length && endsWithDeterminerWord(head)) score -= 0.6;
    // "... enables visibility-aware" (a compound adjective whose noun is in the rest).
    if (end < body.length && /-(?:aware|based|free|dependent|like|specific|driven|guided|informed|resolved|efficient|invariant|preserving|agnostic|scale|level|order)$/i.test(head)) score -= 0.6;
    // "... relationships consistent" lost its "with ...": tidyEnd drops the word, but a cut
    // that needs no repair is better.
    if (end < body.length && head.length < raw.trim().length - 1) score -= 0.3;
    // "accurate / and efficient potentials", "between waves / and spins": half a coordination.
    if (end < body.length && splitsCoordination(masked, end)) score -= COORDINATION_PENALTY;
    // Subject without its verb: "The heterostructure formed by A and B" (verb in the rest).
    if (!Number.isFinite(score) || (best !== null && score <= best.score)) return;
    // Checked last: the penalty only lowers a score that would otherwise win.
    if (end < body.length && verbEnd() !== -1 && head.replace(/…$/, '').length < verbEnd()) score -= VERBLESS_PENALTY;
    if (best === null || score > best.score) {
      // The rest starts where the tidied head ends, so words tidyEnd dropped ("consistent")
      // open the qualifier instead of vanishing.
      const from = !ellipsis && body.startsWith(head) ? Math.min(head.length, restStart) : restStart;
      best = { head, from, score };
    }
  };
  if (limit === body.length) consider(body.length, body.length, FULL_STRENGTH, false);
  for (const rule of BOUNDARIES) {
    if (rule.headlineOnly && !opts.headline) continue;
    // Rules are ordered by strength. A weak boundary scores at most strength + 0.3, so once a
    // candidate beats that, the weaker rules cannot win and are not scanned at all.
    const current = best as { score: number } | null;
    if (current !== null && current.score > rule.strength + 0.3) break;
    const strength = opts.np && rule.npStrength !== undefined ? rule.npStrength : rule.strength;
    // None of this rule's cuts could win (see consider): the scan is skipped.
    if (current !== null && strength + CUT_BONUS_MAX <= current.score) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(masked); m !== null; m = rule.re.exec(masked)) {
      if (m[0].length === 0) rule.re.lastIndex += 1;
      // Matches come in order: past the pronoun or past max + 40 nothing can be cut any more.
      if (m.index > scanEnd) break;
      if (m.index < 15) continue;
      if (inList(m.index)) continue;
      consider(m.index, m.index + m[0].length, strength, false);
      const now = best as { score: number } | null;
      if (now !== null && strength + CUT_BONUS_MAX <= now.score) break;
    }
  }
  const found = best as { score: number } | null;
  if (found === null || found.score < 0) {
    // Last resort: the last word boundary that fits (outside lists), marked with an ellipsis.
    for (let i = Math.min(limit, max - 1); i > 20; i -= 1) {
      if (masked[i] === ' ' && !inList(i)) {
        consider(i, i + 1, WORD_CUT_STRENGTH, true);
        break;
      }
    }
  }
  const won = best as { head: string; from: number; score: number } | null;
  if (won === null) return null;
  const rest = won.from < body.length ? tidyEnd(tidyStart(body.slice(won.from))) : '';
  return { head: won.head, rest: rest === '' ? null : rest, score: won.score };
}
