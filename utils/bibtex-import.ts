/**
 * BibTeX import (issue 12): a .bib from Zotero, Google Scholar, PaperMemory or arXiv itself ->
 * the arXiv papers it names, with their tags, and the entries it skipped.
 *
 * Parsing is @retorquere/bibtex-parser (the parser behind Better BibTeX for Zotero): it
 * recovers entry by entry from malformed input, decodes TeX accents and commands to Unicode
 * ({\"u} -> ü, \H{o} -> ő, x^2 -> x²) and splits names. This module only decides which entries
 * are arXiv papers and bounds what it keeps. Pure; never throws: a bad file is an error result.
 */
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { parseArxivId } from './arxiv-ids';

/** Larger files are refused before parsing (a library of 10,000 entries is ~10 MB). */
export const MAX_BIB_CHARS = 50 * 1024 * 1024;
export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS_PER_PAPER = 20;
const MAX_TITLE_LENGTH = 1_000;
const MAX_AUTHORS = 200;
const MAX_ERRORS_KEPT = 50;

export interface BibImportEntry {
  /** Canonical arXiv id without version. */
  id: string;
  version: number | null;
  title: string | null;
  authors: string[];
  tags: string[];
  /** Citation keys of every entry merged into this one (duplicates in the file). */
  keys: string[];
}

export interface BibSkippedEntry {
  key: string;
  type: string;
  title: string | null;
  reason: string;
}

export type BibImportResult =
  | {
      ok: true;
      entries: BibImportEntry[];
      skipped: BibSkippedEntry[];
      /** Entries merged into an earlier one with the same arXiv id. */
      duplicates: number;
      /** Parse errors of single entries (the rest of the file was read). */
      errors: string[];
    }
  | { ok: false; error: { kind: 'too-large' | 'not-text' | 'empty' | 'unreadable'; message: string } };

interface Creator {
  name?: string;
  lastName?: string;
  firstName?: string;
  prefix?: string;
  suffix?: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;

/** One line of plain text: control chars out, whitespace collapsed, bounded. */
function plain(s: unknown, max: number): string {
  if (typeof s !== 'string') return '';
  // NFC: the parser composes some accents as base + combining mark; stored text is composed.
  const t = s.normalize('NFC').replace(CONTROL_RE, ' ').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/**
 * The parser marks up italics, small caps, sub/superscripts with a few HTML tags; the library
 * keeps plain text. A `<` typed in a BibTeX title never reaches here as `<` (TeX's text-mode
 * OT1 reading turns it into ¡), so every tag left is the parser's own.
 */
function stripMarkup(s: string): string {
  return s.replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/gi, '');
}

function field(fields: Record<string, unknown>, name: string): string {
  const v = fields[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join(', ');
  return '';
}

const DOI_RE = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?10\.48550\/arxiv\.(.+)$/i;
/**
 * "arXiv preprint arXiv:2106.09685" and "arXiv preprint hep-th/9711200" (Google Scholar's
 * journal), "arXiv:hep-th/9901001v2", "arXiv: Arxiv-2006.11239" (PaperMemory).
 */
const PRINTED_RE = /arxiv\b[\s:/-]*(?:preprint\s*)?(?:arxiv\b[\s:/-]*)?((?:[a-z-]+(?:\.[a-z-]+)?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?)/i;
const URL_IN_TEXT_RE = /https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/[^\s,;{}]+/i;

/** The arXiv id an entry names, from the most specific field to the least. */
export function entryArxivId(fields: Record<string, unknown>): { id: string; version: number | null } | null {
  const prefix = (field(fields, 'archiveprefix') || field(fields, 'eprinttype')).trim().toLowerCase();
  const eprint = field(fields, 'eprint').trim();
  if (eprint && (prefix === '' || prefix === 'arxiv')) {
    const p = parseArxivId(eprint);
    if (p) return p;
  }
  const doi = DOI_RE.exec(field(fields, 'doi').trim());
  if (doi?.[1]) {
    const p = parseArxivId(doi[1]);
    if (p) return p;
  }
  for (const name of ['url', 'howpublished', 'note', 'journal', 'journaltitle', 'publisher', 'eprint']) {
    const text = field(fields, name);
    if (!text) continue;
    const url = URL_IN_TEXT_RE.exec(text);
    const p = url ? parseArxivId(url[0].replace(/[.)\]]+$/, '')) : null;
    if (p) return p;
    const printed = PRINTED_RE.exec(text);
    const q = printed?.[1] ? parseArxivId(printed[1]) : null;
    if (q) return q;
  }
  return null;
}

function authorName(c: Creator): string {
  if (typeof c.name === 'string') return c.name;
  return [c.firstName, c.prefix, c.lastName, c.suffix ? `, ${c.suffix}` : undefined]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .join(' ')
    .replace(/ ,/g, ',');
}

/** Tags from `keywords` (Zotero, PaperMemory) and `groups` (JabRef), bounded and deduplicated. */
function entryTags(fields: Record<string, unknown>): string[] {
  const raw: string[] = [];
  const kw = fields['keywords'];
  if (Array.isArray(kw)) raw.push(...kw.filter((x): x is string => typeof x === 'string'));
  else if (typeof kw === 'string') raw.push(...kw.split(/[,;]/));
  const groups = fields['groups'];
  if (typeof groups === 'string') raw.push(...groups.split(/[,;]/));
  else if (Array.isArray(groups)) raw.push(...groups.filter((x): x is string => typeof x === 'string'));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const t = plain(r, MAX_TAG_LENGTH);
    if (t === '' || seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
    if (out.length >= MAX_TAGS_PER_PAPER) break;
  }
  return out;
}

/** Parses a .bib file's text. Never throws. */
export function parseBibtexImport(text: unknown): BibImportResult {
  if (typeof text !== 'string') return { ok: false, error: { kind: 'not-text', message: 'the file is not text' } };
  if (text.length > MAX_BIB_CHARS) {
    return { ok: false, error: { kind: 'too-large', message: `the file is larger than ${MAX_BIB_CHARS / 1024 / 1024} MB; nothing was imported` } };
  }
  if (text.includes('\u0000')) return { ok: false, error: { kind: 'not-text', message: 'the file is binary, not BibTeX' } };
  if (!text.includes('@')) return { ok: false, error: { kind: 'empty', message: 'no BibTeX entries in the file' } };
  let library: ReturnType<typeof parseBibtex>;
  try {
    library = parseBibtex(text, { sentenceCase: false, caseProtection: false, applyCrossRef: false });
  } catch (error) {
    return { ok: false, error: { kind: 'unreadable', message: `the file could not be read as BibTeX: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const byId = new Map<string, BibImportEntry>();
  const skipped: BibSkippedEntry[] = [];
  let duplicates = 0;
  for (const entry of library.entries) {
    const fields = (entry.fields ?? {}) as Record<string, unknown>;
    const key = plain(entry.key, 200);
    const type = plain(entry.type, 40);
    const rawTitle = typeof fields['title'] === 'string' ? plain(stripMarkup(fields['title']), MAX_TITLE_LENGTH) : '';
    const title = rawTitle === '' ? null : rawTitle;
    if (Object.keys(fields).length === 0) continue; // an entry the parser gave up on: counted in errors
    const arxiv = entryArxivId(fields);
    if (!arxiv) {
      skipped.push({ key, type, title, reason: 'no arXiv id (eprint, arxiv.org URL or 10.48550/arXiv DOI)' });
      continue;
    }
    const authors = (Array.isArray(fields['author']) ? (fields['author'] as Creator[]) : [])
      .slice(0, MAX_AUTHORS)
      .map((c) => plain(stripMarkup(authorName(c)), 200))
      .filter((a) => a !== '');
    const tags = entryTags(fields);
    const prev = byId.get(arxiv.id);
    if (prev) {
      duplicates += 1;
      prev.keys.push(key);
      for (const t of tags) if (prev.tags.length < MAX_TAGS_PER_PAPER && !prev.tags.some((p) => p.toLowerCase() === t.toLowerCase())) prev.tags.push(t);
      prev.title ??= title;
      if (prev.authors.length === 0) prev.authors = authors;
      if (arxiv.version !== null && (prev.version === null || arxiv.version > prev.version)) prev.version = arxiv.version;
      continue;
    }
    byId.set(arxiv.id, { id: arxiv.id, version: arxiv.version, title, authors, tags, keys: [key] });
  }
  const errors = library.errors.slice(0, MAX_ERRORS_KEPT).map((e) => plain(e.error, 300));
  if (byId.size === 0 && skipped.length === 0 && errors.length > 0) {
    return { ok: false, error: { kind: 'unreadable', message: `no readable BibTeX entry: ${errors[0]}` } };
  }
  return { ok: true, entries: [...byId.values()], skipped, duplicates, errors };
}
