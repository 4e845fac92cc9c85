/**
 * How the theorem badge words a paper's statements: the count it shows and the breakdown
 * by printed name ("2 theorems · 5 lemmas"). UI wording only; the names themselves come
 * from utils/fulltext.ts.
 */

function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Number of statements printed as `name` (case-insensitive: "Theorem" also counts a
 * "THEOREM"), or of all statements when `name` is null. Restatements ("Restatement of
 * Theorem") are a different printed name and do not count as Theorems.
 */
export function theoremTotal(theorems: Record<string, number>, name: string | null = 'Theorem'): number {
  let total = 0;
  const want = name?.toLowerCase() ?? null;
  for (const [key, n] of Object.entries(theorems)) {
    if (!Number.isFinite(n) || n <= 0) continue;
    if (want === null || key.toLowerCase() === want) total += n;
  }
  return total;
}

/** Order of the breakdown: the classic hierarchy first, then the rest by count. */
const CANONICAL_ORDER = ['theorem', 'proposition', 'lemma', 'corollary', 'definition'];

const IRREGULAR_PLURALS = new Map<string, string>([
  ['criterion', 'criteria'],
  ['phenomenon', 'phenomena'],
  // "lemmata" is correct but rare in modern papers; "lemmas" is what readers expect.
  ['lemma', 'lemmas'],
]);

/** English plural of one lower-case word. */
function pluralWord(w: string): string {
  const irregular = IRREGULAR_PLURALS.get(w);
  if (irregular !== undefined) return irregular;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`; // summary -> summaries
  if (/sis$/.test(w)) return `${w.slice(0, -2)}es`; // hypothesis -> hypotheses
  if (/(?:s|x|z|ch|sh)$/.test(w)) return `${w}es`; // box -> boxes
  return `${w}s`;
}

/**
 * Lower-case a printed name for running text ("Main Theorem" -> "main theorem"), keeping
 * acronyms and mixed-case words ("KKT Condition" -> "KKT condition"). Proper names lose
 * their capital; they are rare in statement names.
 */
function lowerName(name: string): string {
  return name
    .split(' ')
    .map((w) => (w.slice(1) !== w.slice(1).toLowerCase() ? w : w.toLowerCase()))
    .join(' ');
}

/** Pluralise the head noun: the word before " of " ("restatements of theorem"), else the last. */
function pluralName(lower: string): string {
  const words = lower.split(' ');
  const ofIdx = words.indexOf('of');
  const head = ofIdx > 0 ? ofIdx - 1 : words.length - 1;
  const w = words[head];
  if (w !== undefined && /\p{Ll}$/u.test(w)) words[head] = pluralWord(w);
  return words.join(' ');
}

/**
 * "2 theorems · 5 lemmas · 1 corollary": every printed name with its count, singular for
 * 1, names lower-cased for running text (names differing only in case are merged), in the
 * order Theorem, Proposition, Lemma, Corollary, Definition, then the rest by count
 * (descending), ties alphabetically. '' when there are no statements.
 */
export function formatTheoremBreakdown(theorems: Record<string, number>): string {
  const merged = new Map<string, number>();
  for (const [key, n] of Object.entries(theorems)) {
    if (!Number.isFinite(n) || n <= 0) continue;
    const lower = lowerName(normalizeSpace(key));
    if (lower === '') continue;
    merged.set(lower, (merged.get(lower) ?? 0) + Math.floor(n));
  }
  const rank = (name: string): number => {
    const i = CANONICAL_ORDER.indexOf(name);
    return i === -1 ? CANONICAL_ORDER.length : i;
  };
  return [...merged.entries()]
    .filter(([, n]) => n > 0)
    .sort(([a, na], [b, nb]) => rank(a) - rank(b) || nb - na || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => `${n} ${n === 1 ? name : pluralName(name)}`)
    .join(' \u00b7 ');
}
