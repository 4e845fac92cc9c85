/**
 * Tags and notes of saved papers (issue 12): one rule for what a tag is, shared by the card's
 * save menu, the popup, JSON import and BibTeX import. Tags are plain text, never HTML: they
 * are shown with textContent only. Pure.
 */

export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS_PER_PAPER = 20;
/** A note is the reader's own text; 20,000 characters is a long page of it. */
export const MAX_NOTE_LENGTH = 20_000;

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;

/** One tag: control characters out, whitespace collapsed, at most MAX_TAG_LENGTH; '' = no tag. */
export function cleanTag(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const t = raw.normalize('NFC').replace(CONTROL_RE, ' ').replace(/\s+/g, ' ').trim();
  return t.length > MAX_TAG_LENGTH ? t.slice(0, MAX_TAG_LENGTH).trimEnd() : t;
}

/** Tags in their given order, cleaned, without case-insensitive duplicates, bounded. */
export function cleanTags(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const t = cleanTag(r);
    const key = t.toLowerCase();
    if (t === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(t);
    if (out.length >= MAX_TAGS_PER_PAPER) break;
  }
  return out;
}

/** What a reader types into a tag field: "ml, optimal transport; reading" -> three tags. */
export function parseTagInput(text: string): string[] {
  return cleanTags(text.split(/[,;]/));
}

/** A note as stored: line breaks kept, other control characters out, bounded; '' = no note. */
export function cleanNote(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  const t = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  return t.length > MAX_NOTE_LENGTH ? t.slice(0, MAX_NOTE_LENGTH) : t;
}

/** Every tag used in `papers`, most used first, then A–Z (for the popup's tag filter). */
export function tagCounts(papers: readonly { tags?: readonly string[] }[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of papers) for (const t of p.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** The papers carrying `tag` (exact), in their given order; null = every paper. */
export function withTag<T extends { tags?: readonly string[] }>(papers: readonly T[], tag: string | null): readonly T[] {
  if (tag === null) return papers;
  return papers.filter((p) => p.tags?.includes(tag) === true);
}
