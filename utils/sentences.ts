/**
 * Sentence splitting for arXiv abstracts.
 *
 * Abstracts are full of periods that do not end a sentence: abbreviations ("e.g.", "et al.",
 * "Fig. 3"), initials ("J. Smith"), decimals, version numbers, URLs and TeX math such as
 * `$x = 1. y$`. A naive split on ". " cuts claims in half, so the tagline engine would pick a
 * fragment. This splitter only ends a sentence at a terminator that is outside protected spans
 * (math, URLs), is not an abbreviation, and is followed by something that can start a sentence.
 */

/** A half-open character range [start, end) of the input that must never be cut. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Abbreviations (lowercased, without the final period) after which a period never ends a
 * sentence: they are always followed by more of the same sentence (a number, a name, a label).
 * Unit-like words ("ms", "s", "st") are deliberately absent: "below 6 ms. Moreover" must split.
 */
const ALWAYS_ABBREV = new Set([
  'e.g', 'i.e', 'cf', 'vs', 'viz', 'al', 'fig', 'figs', 'eq', 'eqs', 'eqn', 'eqns', 'ref',
  'refs', 'sec', 'secs', 'sect', 'thm', 'thms', 'lem', 'prop', 'cor', 'def', 'defn', 'tab',
  'app', 'ch', 'chap', 'vol', 'pp', 'approx', 'resp', 'dr', 'prof', 'dept', 'univ', 'a.k.a',
  'w.r.t', 'wrt', 'ver',
  'eds', 'assoc', 'phys', 'lett', 'nucl', 'astron', 'astrophys', 'proc', 'conf', 'ibid',
]);

/** Abbreviations that are only abbreviations when a number follows ("No. 5", "ca. 10,000" but "is no. We"). */
const NUMBER_ABBREV = new Set(['no', 'nos', 'nr', 'art', 'p', 'ca']);

/** Characters that may follow a terminator before the gap: closing quotes and brackets. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);

/** What may start a new sentence: an uppercase letter, a digit, math, a quote or a bracket. */
const SENTENCE_START = /[\p{Lu}\p{Lt}0-9$\\"“‘'([]/u;

/**
 * Finds the spans of `text` that must stay whole: `$$...$$`, `$...$`, `\(...\)`, `\[...\]`
 * and URLs. Escaped dollars (`\$`) are literal; an unmatched `$` protects nothing, so one stray
 * dollar cannot swallow the rest of an abstract.
 */
export function findProtectedSpans(text: string): Span[] {
  const spans: Span[] = [];
  // Jump between the only characters that can open a span instead of visiting every one.
  const opener = /\\|\$|https?:\/\/|www\./gi;
  const n = text.length;
  let m: RegExpExecArray | null;
  while ((m = opener.exec(text)) !== null) {
    const i = m.index;
    const c = m[0];
    if (c === '\\') {
      const d = text[i + 1];
      if (d === '(' || d === '[') {
        const close = text.indexOf(d === '(' ? '\\)' : '\\]', i + 2);
        if (close !== -1) {
          spans.push({ start: i, end: close + 2 });
          opener.lastIndex = close + 2;
          continue;
        }
      }
      opener.lastIndex = i + 2; // skip the escaped character, including "\$"
      continue;
    }
    if (c === '$') {
      const display = text[i + 1] === '$';
      const open = display ? 2 : 1;
      const close = findClosingDollar(text, i + open, display);
      if (close !== -1) {
        spans.push({ start: i, end: close + open });
        opener.lastIndex = close + open;
      } else {
        opener.lastIndex = i + open;
      }
      continue;
    }
    // A URL, unless it is glued to a preceding word ("xwww.").
    if (i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) continue;
    let end = i;
    while (end < n && !/\s/.test(text[end] ?? ' ')) end += 1;
    // A URL at the end of a sentence keeps its trailing punctuation outside the span.
    while (end > i && /[.,;:!?)\]'"]/.test(text[end - 1] ?? '')) end -= 1;
    spans.push({ start: i, end });
    opener.lastIndex = Math.max(end, i + 1);
  }
  return spans;
}

function findClosingDollar(text: string, from: number, display: boolean): number {
  for (let j = from; j < text.length; j += 1) {
    const c = text[j];
    if (c === '\\') {
      j += 1;
      continue;
    }
    if (c === '$') {
      if (!display) return j;
      if (text[j + 1] === '$') return j;
    }
  }
  return -1;
}

/** Whether the character at `i` is a letter, a digit or a period (ASCII fast path). */
function isWordOrDot(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 46 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /[\p{L}\p{N}.]/u.test(text[i] ?? '');
}

/** The word (letters, digits, inner periods) that ends just before index `end`. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && isWordOrDot(text, start - 1)) start -= 1;
  // Strip leading periods so "...e.g" is not read as ".e.g".
  while (start < end && text.charCodeAt(start) === 46) start += 1;
  return text.slice(start, end);
}

/** Whether the period at index `dot` belongs to an abbreviation, initial or number. */
function isNonTerminalPeriod(text: string, dot: number, next: string): boolean {
  const word = wordBefore(text, dot);
  if (word === '') return false;
  const lower = word.toLowerCase();
  // "al" is "et al.", followed by a year, a verb or a citation far more often than by a new
  // sentence; the same holds for "Fig.", "Eq." and the rest of the list.
  if (ALWAYS_ABBREV.has(lower)) return true;
  if (NUMBER_ABBREV.has(lower) && /[0-9]/.test(next)) return true;
  // The usual case, an ordinary word: longer than one letter (an astral one is two code units)
  // and without a period, so neither test below can match.
  if (word.length > 2 && !word.includes('.')) return false;
  // Initials: "J. Smith", "A. B. Jones" (a single capital letter before the period).
  if (/^\p{Lu}$/u.test(word)) return true;
  // Dotted abbreviations: "e.g", "U.S", "a.k.a".
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return false;
}

/**
 * Splits an abstract into sentences. Whitespace is collapsed; each sentence is trimmed and keeps
 * its terminator. Never throws; returns [] for empty input.
 */
export function splitSentences(input: string): string[] {
  // Text from normaliseText is already collapsed; only rewrite when there is something to do.
  return splitNormalisedSentences((/\s\s|[\t\n\r\f\v\u00a0]/.test(input) ? input.replace(/\s+/g, ' ') : input).trim());
}

/**
 * splitSentences for text whose whitespace is already collapsed and trimmed (normaliseText's
 * output), without scanning it for whitespace again.
 */
export function splitNormalisedSentences(text: string): string[] {
  if (text === '') return [];
  const spans = findProtectedSpans(text);
  const out: string[] = [];
  let start = 0;
  let spanIdx = 0;
  const n = text.length;
  const terminator = /[.!?]/g;
  for (let i = 0; i < n; i += 1) {
    // Jump straight to the next terminator; nothing else can end a sentence.
    terminator.lastIndex = i;
    const hit = terminator.exec(text);
    if (hit === null) break;
    i = hit.index;
    // Jump over protected spans in one step (they are sorted and disjoint).
    while (spanIdx < spans.length && i >= (spans[spanIdx]?.end ?? 0)) spanIdx += 1;
    const span = spans[spanIdx];
    if (span && i >= span.start) {
      i = span.end - 1;
      continue;
    }
    const c = text[i];
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // Ellipses ("...", "…") continue a sentence: they mostly stand for elided list items.
    if (c === '.' && (text[i + 1] === '.' || (i > 0 && text[i - 1] === '.'))) continue;
    let j = i + 1;
    while (j < n && CLOSERS.has(text[j] ?? '')) j += 1;
    const gap = text[j] === ' ';
    const nextIdx = gap ? j + 1 : j;
    const next = text[nextIdx] ?? '';
    if (j >= n) break; // terminator at the very end: the tail is the last sentence
    if (gap) {
      if (!SENTENCE_START.test(next)) continue;
      // A period right after a URL or math span ends the sentence: "see https://x.org/a.b. Next".
      // (spans[-1] would be a slow property lookup, not an array read.)
      const afterSpan = (spanIdx > 0 && spans[spanIdx - 1]?.end === i) || spans[spanIdx]?.end === i;
      if (c === '.' && !afterSpan && isNonTerminalPeriod(text, i, next)) continue;
    } else {
      // No space after the period ("binary.The signal"): only a lowercase word of two or more
      // letters followed by a capitalised word counts; decimals, versions, domains and
      // "e.g.A" do not.
      if (c !== '.') continue;
      // Cheap character checks first: most of these periods are decimals ("3.5").
      const after = text.charCodeAt(nextIdx);
      const before = text.charCodeAt(i - 1);
      if (!(after >= 65 && after <= 90) && !(after > 127)) continue;
      if (!(before >= 97 && before <= 122) && !(before > 127)) continue;
      const prev = wordBefore(text, i);
      if (!/^\p{Ll}{2,}$/u.test(prev) || ALWAYS_ABBREV.has(prev)) continue;
      if (!/^\p{Lu}\p{Ll}/u.test(text.slice(nextIdx, nextIdx + 2))) continue;
    }
    const sentence = text.slice(start, j).trim();
    if (sentence !== '') out.push(sentence);
    start = nextIdx;
    i = nextIdx - 1;
  }
  const tail = text.slice(start).trim();
  if (tail !== '') out.push(tail);
  return out;
}
