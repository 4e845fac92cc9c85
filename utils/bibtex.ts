/**
 * BibTeX export in arXiv's own style — the entry arXiv's "Export BibTeX citation" gives:
 *
 *   @misc{barboni2026training,
 *         title={Training Infinitely Deep and Wide Transformers},
 *         author={Raphaël Barboni and Maarten V. de Hoop},
 *         year={2026},
 *         eprint={2609.22268},
 *         archivePrefix={arXiv},
 *         primaryClass={math.OC},
 *         url={https://arxiv.org/abs/2609.22268},
 *   }
 *
 * (arXiv writes a space after the comma on the title and url lines; kept, so our entries
 * diff cleanly against ones copied from arxiv.org.)
 *
 * Decisions:
 * - Non-ASCII letters stay UTF-8, as in arXiv's export: biber/biblatex and modern BibTeX
 *   read UTF-8, and `{\'e}` conversions lose letters outside Latin-1 (Dokmanić, Łojasiewicz).
 *   Only the citation key is folded to ASCII, since keys must be plain.
 * - `$...$` math is copied verbatim; outside math the LaTeX specials `{ } & % # _ ^` and a
 *   lone `$` are escaped. Backslash commands already in arXiv metadata (`\"o`, `\emph{x}`)
 *   are kept, with their brace group, because arXiv titles are TeX source.
 * - year = year of the first version (what a reader cites), then latest version, then the
 *   year encoded in the id.
 * - key = first author's last name + year + first significant title word, lowercased ASCII;
 *   a repeat within one export gets a numeric suffix (`smith2026graphs2`).
 * - A DOI becomes `doi={...}`; a journal reference becomes `note={...}` because standard
 *   styles print `note` for @misc and ignore `journal`.
 * - With `published` (the `bibtexPublished` setting, off by default), a paper whose API record
 *   or page gives a journal reference or a publisher's DOI is written as the published
 *   version: `@article` with `journal={<journal ref>}` and `doi`, the arXiv fields kept (biblatex
 *   prints eprint, and the entry still finds the preprint). The journal reference stays one
 *   string: arXiv's is free text ("Phys. Rev. D 99, 104012 (2019)"), and splitting it into
 *   volume and pages would be a guess. arXiv's own DataCite DOI (10.48550/arXiv.*) names the
 *   preprint, not a publication: alone it leaves the entry @misc.
 */
import { absUrl } from './arxiv-ids';
import { collapseSpace } from './text';
import type { PaperMeta } from './paper';

const INDENT = '      ';

/** Characters that must be backslash-escaped in text mode. */
const TEXT_SPECIALS = new Set(['&', '%', '#', '_', '{', '}']);

/**
 * Escape one field value. Scans left to right, copying `$...$` / `$$...$$` math verbatim
 * and escaping text-mode specials elsewhere.
 */
export function escapeBibtex(input: string): string {
  const s = collapseSpace(input);
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      const [copied, next] = copyCommand(s, i);
      out += copied;
      i = next;
    } else if (c === '$') {
      const delim = s.startsWith('$$', i) ? '$$' : '$';
      const end = findMathEnd(s, i + delim.length, delim);
      if (end === -1) {
        out += '\\$'; // a lone dollar is a currency sign, not math
        i += 1;
      } else {
        out += s.slice(i, end + delim.length);
        i = end + delim.length;
      }
    } else if (TEXT_SPECIALS.has(c)) {
      out += `\\${c}`;
      i += 1;
    } else if (c === '^') {
      out += '\\^{}';
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return balanceBraces(out);
}

/** Closing delimiter of math opened just before `from`, skipping `\$`; -1 if none. */
function findMathEnd(s: string, from: number, delim: string): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s.startsWith(delim, j)) return j > from ? j : -1;
  }
  return -1;
}

/**
 * Copy a backslash sequence at `i` as it stands: an escaped special (`\&`, `\{`), a control
 * word (`\emph`) or an accent (`\'`, `\"`), plus the brace group that follows a command
 * (`{x}`), whose content is escaped in turn. Returns the text and the next index.
 */
function copyCommand(s: string, i: number): [string, number] {
  const next = s[i + 1];
  if (next === undefined) return ['\\textbackslash{}', i + 1];
  if (TEXT_SPECIALS.has(next) || next === '$' || next === '\\') return [`\\${next}`, i + 2];
  let j = i + 1;
  if (/[A-Za-z]/.test(next)) {
    while (j < s.length && /[A-Za-z]/.test(s[j]!)) j++;
  } else {
    j++; // one-character command: accents \' \" \` \^ \~ \= \. and the like
  }
  let out = s.slice(i, j);
  if (s[j] === '{') {
    const close = matchingBrace(s, j);
    if (close !== -1) {
      out += `{${escapeInner(s.slice(j + 1, close))}}`;
      j = close + 1;
    }
  }
  return [out, j];
}

/** Escape the argument of a command without collapsing it into a new top-level field. */
function escapeInner(s: string): string {
  return s.length === 0 ? '' : escapeBibtex(s);
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return -1;
}

/**
 * BibTeX counts `\{` and `\}` as braces too, so one lone literal brace would break the
 * whole file. If the field is unbalanced, write literal braces as \textbraceleft{} /
 * \textbraceright{} instead, which are balanced by construction.
 */
function balanceBraces(field: string): string {
  let depth = 0;
  for (const c of field) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) break;
  }
  if (depth === 0) return field;
  return field.replace(/\\\{/g, '\\textbraceleft{}').replace(/\\\}/g, '\\textbraceright{}');
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/** Letters NFD cannot split into base + accent. */
const ASCII_FOLD: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
  þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i',
};

/** Lowercase ASCII letters and digits only: "Dokmanić" -> "dokmanic", "Łojasiewicz" -> "lojasiewicz". */
export function toKeyPart(text: string): string {
  return text
    .replace(/[ßæÆœŒøØłŁđĐþÞðÐı]/g, (ch) => ASCII_FOLD[ch] ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'on', 'of', 'in', 'for', 'and', 'to', 'with', 'from', 'by', 'at', 'is', 'are', 'via',
  'into', 'onto', 'towards', 'toward', 'some', 'new', 'note', 'what', 'how', 'why', 'do', 'does', 'can',
]);

function lastName(author: string | undefined): string {
  if (!author) return '';
  const words = author.replace(/\$[^$]*\$/g, ' ').split(/[\s,]+/).filter((w) => w.length > 0);
  for (let k = words.length - 1; k >= 0; k--) {
    const part = toKeyPart(words[k]!);
    if (part && !NAME_SUFFIXES.has(part)) return part;
  }
  return '';
}

function firstTitleWord(title: string): string {
  const text = title.replace(/\$\$?[^$]*\$\$?/g, ' ').replace(/\\[A-Za-z]+/g, ' ');
  for (const w of text.split(/[\s\-–—:;,.!?()[\]{}/"'`]+/)) {
    const part = toKeyPart(w);
    if (part && !STOP_WORDS.has(part) && /[a-z]/.test(part)) return part;
  }
  return '';
}

/** Year of the paper: first version, then latest version, then the id (YYMM / archive/YYMM). */
export function paperYear(p: Pick<PaperMeta, 'id' | 'published' | 'updated'>): string | null {
  for (const date of [p.published, p.updated]) {
    const m = date ? /^(\d{4})/.exec(date) : null;
    if (m?.[1]) return m[1];
  }
  const m = /^(\d{2})\d{2}\./.exec(p.id) ?? /\/(\d{2})\d{5}$/.exec(p.id);
  if (!m?.[1]) return null;
  const yy = Number(m[1]);
  return String(yy >= 91 ? 1900 + yy : 2000 + yy);
}

/** arXiv-style citation key before de-duplication, e.g. "barboni2026training". */
export function bibtexKey(p: PaperMeta): string {
  const key = `${lastName(p.authors[0])}${paperYear(p) ?? ''}${firstTitleWord(p.title)}`;
  return key || `arxiv${toKeyPart(p.id)}`;
}

// ---------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------

/** BibTeX splits `author` on " and "; a name containing the word is braced to stay whole. */
function formatAuthor(name: string): string {
  const escaped = escapeBibtex(name);
  return /\sand\s/i.test(escaped) ? `{${escaped}}` : escaped;
}

function primaryClassOf(p: PaperMeta): string | null {
  if (p.primaryCategory) return p.primaryCategory;
  if (p.categories[0]) return p.categories[0];
  const archive = /^([a-z-]+)\//.exec(p.id);
  return archive?.[1] ?? null;
}

export interface BibtexOptions {
  /** `@article` with `journal`/`doi` when the paper has a journal reference or publisher DOI. */
  published?: boolean;
}

const ARXIV_DOI_RE = /^10\.48550\/arxiv\./i;

/** Whether `published` makes this paper an `@article`. */
export function hasPublishedVersion(p: Pick<PaperMeta, 'journalRef' | 'doi'>): boolean {
  return Boolean(p.journalRef?.trim()) || Boolean(p.doi?.trim() && !ARXIV_DOI_RE.test(p.doi.trim()));
}

/** One entry with the given key: arXiv's `@misc`, or `@article` (see BibtexOptions). */
export function toBibtexEntry(p: PaperMeta, key: string, options: BibtexOptions = {}): string {
  const article = options.published === true && hasPublishedVersion(p);
  const lines: string[] = [`@${article ? 'article' : 'misc'}{${key},`];
  const field = (name: string, value: string, trailingSpace = false) =>
    lines.push(`${INDENT}${name}={${value}},${trailingSpace ? ' ' : ''}`);
  field('title', escapeBibtex(p.title), true);
  if (p.authors.length > 0) field('author', p.authors.map(formatAuthor).join(' and '));
  if (article && p.journalRef?.trim()) field('journal', escapeBibtex(p.journalRef));
  const year = paperYear(p);
  if (year) field('year', year);
  field('eprint', p.id);
  field('archivePrefix', 'arXiv');
  const primary = primaryClassOf(p);
  if (primary) field('primaryClass', primary);
  // DOIs may contain `_`, `%`, `#`: escape them as text like every other field.
  if (p.doi) field('doi', escapeBibtex(p.doi));
  if (p.journalRef && !article) field('note', escapeBibtex(p.journalRef));
  field('url', absUrl(p.id), true);
  lines.push('}');
  return lines.join('\n');
}

/** The whole export: one entry per paper, keys unique within the file. */
export function toBibtex(papers: readonly PaperMeta[], options: BibtexOptions = {}): string {
  const used = new Set<string>();
  const entries = papers.map((p) => {
    const base = bibtexKey(p);
    let key = base;
    // A suffixed key could equal another paper's own key: count until free.
    for (let n = 2; used.has(key); n++) key = `${base}${n}`;
    used.add(key);
    return toBibtexEntry(p, key, options);
  });
  return entries.length === 0 ? '' : `${entries.join('\n\n')}\n`;
}
