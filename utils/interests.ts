/**
 * Interests (issue 11): followed authors, followed keywords and muted keywords, matched
 * against a card. Matching is case- and accent-insensitive on whole words; an entry may be a
 * phrase; an entry's characters are never read as a pattern (entries are compared as word
 * sequences, no RegExp is ever built from them).
 */
import { t } from './i18n';

/** Lower case, accents removed (NFD then no combining marks), compatibility forms folded. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Words: runs of letters and digits (any script). Everything else separates them. */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Entries longer than this are cut before matching (a 10,000-character line costs nothing). */
const MAX_ENTRY_CHARS = 200;

/** Whether `needle` occurs in `hay` as a contiguous word sequence. */
function containsSequence(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > hay.length) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export interface InterestLists {
  followAuthors: readonly string[];
  followKeywords: readonly string[];
  mutedKeywords: readonly string[];
}

interface Prepared {
  label: string;
  words: string[];
}

export interface CompiledInterests {
  authors: Prepared[];
  keywords: Prepared[];
  muted: Prepared[];
}

function prepare(list: readonly string[]): Prepared[] {
  const out: Prepared[] = [];
  for (const raw of list) {
    if (typeof raw !== 'string') continue;
    const label = raw.trim().slice(0, MAX_ENTRY_CHARS);
    const w = words(label);
    if (w.length > 0) out.push({ label, words: w });
  }
  return out;
}

export function compileInterests(lists: InterestLists): CompiledInterests {
  return { authors: prepare(lists.followAuthors), keywords: prepare(lists.followKeywords), muted: prepare(lists.mutedKeywords) };
}

export interface InterestMatch {
  /** Why the card is marked ("you follow Zuazua · keyword: mean-field"), or null. */
  match: string | null;
  /** Why it is muted ("muted: LLM"), or null. */
  muted: string | null;
}

export interface MatchablePaper {
  title: string;
  authors: readonly string[];
  abstract: string | null;
}

/** What a card's interests say: a followed author (name words in one author's name), keywords in title or abstract. */
export function matchInterests(paper: MatchablePaper, interests: CompiledInterests): InterestMatch {
  if (interests.authors.length + interests.keywords.length + interests.muted.length === 0) return { match: null, muted: null };
  const reasons: string[] = [];
  if (interests.authors.length > 0) {
    const names = paper.authors.map(words);
    for (const a of interests.authors) if (names.some((n) => containsSequence(n, a.words))) reasons.push(t('matchAuthor', a.label));
  }
  let text: string[] | null = null;
  const textWords = () => (text ??= words(`${paper.title}\n${paper.abstract ?? ''}`));
  for (const k of interests.keywords) if (containsSequence(textWords(), k.words)) reasons.push(t('matchKeyword', k.label));
  const muted = interests.muted.filter((k) => containsSequence(textWords(), k.words)).map((k) => k.label);
  return { match: reasons.length ? reasons.join(' · ') : null, muted: muted.length ? t('mutedBy', muted.join(', ')) : null };
}

/** The options page's one-entry-per-line text as a list (blank lines dropped, duplicates once). */
export function parseLines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim();
    if (entry === '' || seen.has(foldText(entry))) continue;
    seen.add(foldText(entry));
    out.push(entry);
  }
  return out;
}

/** storage.sync's per-item quota (chrome.storage.sync.QUOTA_BYTES_PER_ITEM): key length + JSON of the value. */
export const SYNC_ITEM_BYTES = 8_192;

/** Bytes storage.sync counts for one item. */
export function syncItemBytes(key: string, value: unknown): number {
  return key.length + new TextEncoder().encode(JSON.stringify(value)).length;
}
