/**
 * BibTeX import (issue 12): a .bib from Zotero, Google Scholar, PaperMemory or arXiv itself ->
 * the arXiv papers it names, with their tags, and the entries it skipped.
 *
 * Parsing is @citation-js/plugin-bibtex's own two grammars (the BibTeX plugin of Citation.js):
 * the file grammar reads entries, `@string` macros and `#` concatenation; the value grammar
 * decodes TeX accents and commands to Unicode ({\"u} -> ü, \H{o} -> ő, x^2 -> x²) and splits
 * names. Only those two modules are imported, not the plugin registry of @citation-js/core,
 * and neither evaluates code (the parser used before pulled lodash's `Function("return this")`,
 * which web-ext lint reports as DANGEROUS_EVAL, and took 6 s on 5,000 entries).
 * The file grammar stops at the first error; this module then reads the file entry by entry so
 * one broken entry costs only itself. This module decides which entries are arXiv papers and
 * bounds what it keeps. Pure; never throws: a bad file is an error result.
 */
import { parse as parseBibFile, type RawBibEntry } from '@citation-js/plugin-bibtex/lib-mjs/input/file.js';
import { parse as parseBibValue, type BibName } from '@citation-js/plugin-bibtex/lib-mjs/input/value.js';
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
 * The value grammar marks up titles (\emph -> <i>, \textsc -> a small-caps <span>, ...); the
 * library keeps plain text, shown with textContent. A tag typed into the file itself goes too:
 * nothing here is ever HTML.
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

/** The fields this module reads; the rest of an entry (abstracts, files, ...) is never decoded. */
const READ_FIELDS = new Set([
  'title', 'author', 'keywords', 'groups',
  'archiveprefix', 'eprinttype', 'eprint', 'doi', 'url', 'howpublished', 'note', 'journal', 'journaltitle', 'publisher',
]);
/** Text with something for TeX to decode: commands, groups, math, ties, dash and quote ligatures. */
const TEX_RE = /[\\{}$~]|--|``|''/;

/**
 * One field's raw text -> decoded value. Names are always split; other text is decoded only
 * when it holds TeX (most fields are plain, and decoding is most of the parse time). A value
 * the value grammar cannot read (an unclosed `$`) keeps its text without the braces.
 */
function decodeField(name: string, raw: string): unknown {
  if (name !== 'author' && !TEX_RE.test(raw)) return raw;
  try {
    return parseBibValue(raw, name);
  } catch {
    return raw.replace(/[{}]/g, '');
  }
}

function decodeEntry(entry: RawBibEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry.properties ?? {})) {
    if (READ_FIELDS.has(name) && value !== '') out[name] = decodeField(name, String(value));
  }
  return out;
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

function authorName(c: BibName): string {
  if (typeof c.literal === 'string') return c.literal;
  return [c.given, c.prefix, c.family, c.suffix ? `, ${c.suffix}` : undefined]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .join(' ')
    .replace(/ ,/g, ',');
}

/** Tags from `keywords` (Zotero, PaperMemory) and `groups` (JabRef), bounded and deduplicated. */
function entryTags(fields: Record<string, unknown>): string[] {
  const raw: string[] = [];
  const kw = fields['keywords'];
  // The value grammar splits `keywords` at commas only; PaperMemory joins them with "; ".
  if (Array.isArray(kw)) {
    for (const k of kw) if (typeof k === 'string') raw.push(...k.split(';'));
  } else if (typeof kw === 'string') raw.push(...kw.split(/[,;]/));
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

/** Where each entry starts: an `@` first on its line (BibTeX writers put one there). */
const ENTRY_START_RE = /^[ \t]*@/gm;
const STRING_ENTRY_RE = /^\s*@\s*string\s*[{(]/i;

/** A grammar error's first line, without the source excerpt it quotes. */
function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * All entries of a file. The whole text is read at once; when that fails, entry by entry
 * (from each `@` that starts a line), each with the `@string` macros read before it, so an
 * unclosed brace or a stray character costs only its own entry. The text before the first
 * such `@` is a comment to BibTeX and stays one.
 */
function readEntries(text: string): { entries: RawBibEntry[]; errors: string[] } {
  try {
    return { entries: parseBibFile(text), errors: [] };
  } catch {
    // read again below, entry by entry
  }
  const starts = [...text.matchAll(ENTRY_START_RE)].map((m) => m.index);
  const entries: RawBibEntry[] = [];
  const errors: string[] = [];
  let macros = '';
  let line = 1;
  let counted = 0;
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i]!;
    const chunk = text.slice(start, starts[i + 1] ?? text.length);
    for (let j = text.indexOf('\n', counted); j !== -1 && j < start; j = text.indexOf('\n', j + 1)) line += 1;
    counted = start;
    const isMacro = STRING_ENTRY_RE.test(chunk);
    try {
      // A macro is checked alone first: a broken one must not break every entry after it.
      const read = parseBibFile(isMacro ? chunk : macros + chunk);
      if (isMacro) macros += chunk;
      else entries.push(...read);
    } catch (error) {
      if (errors.length < MAX_ERRORS_KEPT) {
        const key = /^[ \t]*@\s*\w+\s*[{(]\s*([^,\s]*)/.exec(chunk)?.[1] ?? '';
        errors.push(`line ${line}${key ? ` (${key})` : ''}: ${errorLine(error)}`);
      }
    }
  }
  return { entries, errors };
}

/** Parses a .bib file's text. Never throws. */
export function parseBibtexImport(text: unknown): BibImportResult {
  if (typeof text !== 'string') return { ok: false, error: { kind: 'not-text', message: 'the file is not text' } };
  if (text.length > MAX_BIB_CHARS) {
    return { ok: false, error: { kind: 'too-large', message: `the file is larger than ${MAX_BIB_CHARS / 1024 / 1024} MB; nothing was imported` } };
  }
  if (text.includes('\u0000')) return { ok: false, error: { kind: 'not-text', message: 'the file is binary, not BibTeX' } };
  if (!text.includes('@')) return { ok: false, error: { kind: 'empty', message: 'no BibTeX entries in the file' } };
  let library: { entries: RawBibEntry[]; errors: string[] };
  try {
    library = readEntries(text);
  } catch (error) {
    // Not expected (the grammars throw only SyntaxErrors, caught above): still a result.
    return { ok: false, error: { kind: 'unreadable', message: `the file could not be read as BibTeX: ${errorLine(error)}` } };
  }
  const byId = new Map<string, BibImportEntry>();
  const skipped: BibSkippedEntry[] = [];
  let duplicates = 0;
  for (const entry of library.entries) {
    const fields = decodeEntry(entry);
    const key = plain(entry.label, 200);
    const type = plain(entry.type, 40);
    const rawTitle = typeof fields['title'] === 'string' ? plain(stripMarkup(fields['title']), MAX_TITLE_LENGTH) : '';
    const title = rawTitle === '' ? null : rawTitle;
    const arxiv = entryArxivId(fields);
    if (!arxiv) {
      skipped.push({ key, type, title, reason: 'no arXiv id (eprint, arxiv.org URL or 10.48550/arXiv DOI)' });
      continue;
    }
    const authors = (Array.isArray(fields['author']) ? (fields['author'] as BibName[]) : [])
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
  const errors = library.errors.map((e) => plain(e, 300));
  if (byId.size === 0 && skipped.length === 0 && errors.length > 0) {
    return { ok: false, error: { kind: 'unreadable', message: `no readable BibTeX entry: ${errors[0]}` } };
  }
  return { ok: true, entries: [...byId.values()], skipped, duplicates, errors };
}
