/**
 * Library export and import as JSON.
 *
 * File format (version 1):
 *   { "format": "arxiv-pith-library", "version": 1, "exportedAt": "<ISO date>",
 *     "count": N, "papers": [ SavedPaper, ... ] }
 * One paper per line, so a library kept in git diffs paper by paper.
 *
 * Import is defensive: the file may be truncated, foreign, hand-edited or hostile.
 * Every record is validated field by field into a fresh object (nothing from the file is
 * stored as is), URLs must be http(s), and a file that cannot be read changes nothing.
 * Merging (`mergeImport` in background/db/library.ts) keeps the library's own record when an
 * id is already saved: the library may hold
 * a newer snapshot than an old backup, and an import must never undo later changes.
 */
import { parseArxivId } from './arxiv-ids';
import { toSavedPaper, type SavedPaper } from './saved-paper';
import { cleanNote, cleanTags } from './tags';
import type { Statement } from './paper';
import { boundStatements, MAX_STATEMENTS } from './statements';
import { t } from './i18n';

export const LIBRARY_FORMAT = 'arxiv-pith-library';
export const LIBRARY_FORMAT_VERSION = 1;
/** Larger files are refused before parsing: 10,000 papers export to about 20 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type LibraryImport =
  | {
      ok: true;
      papers: SavedPaper[];
      /** Records that were not valid saved papers (and why, for the first few). */
      skipped: number;
      problems: string[];
      /** Records whose id appeared earlier in the file (the newest `savedAt` is kept). */
      duplicates: number;
    }
  | { ok: false; error: string };

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

export function exportLibraryJson(papers: readonly SavedPaper[], exportedAt: Date = new Date()): string {
  const header = {
    format: LIBRARY_FORMAT,
    version: LIBRARY_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    count: papers.length,
  };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, ',\n  "papers": [');
  // toSavedPaper drops the derived search fields of stored rows.
  const body = papers.map((p) => `    ${JSON.stringify(toSavedPaper(p))}`).join(',\n');
  return `${head}${papers.length ? `\n${body}\n  ` : ''}]\n}\n`;
}

// ---------------------------------------------------------------------------
// Import: parsing and validation
// ---------------------------------------------------------------------------

function formatMB(bytes: number): string {
  return t('sizeMB', (bytes / (1024 * 1024)).toFixed(1));
}

/** A message when a file of `bytes` is too large to import, else null (check before reading it). */
export function checkImportSize(bytes: number): string | null {
  return bytes > MAX_IMPORT_BYTES
    ? t('importTooBig', formatMB(bytes), formatMB(MAX_IMPORT_BYTES))
    : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown, max = 100_000): string | null =>
  typeof v === 'string' && v.length <= max ? v : null;

const date = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function httpUrl(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function parseSavedAt(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t) && t > 0) return t;
  }
  return null;
}

/** One record of an import file -> a clean SavedPaper, or the reason it is not one. */
export function validateSavedPaper(raw: unknown): SavedPaper | string {
  if (!isRecord(raw)) return 'not an object';
  const parsedId = typeof raw.id === 'string' ? parseArxivId(raw.id) : null;
  if (!parsedId) return `invalid arXiv id ${JSON.stringify(raw.id)?.slice(0, 40) ?? 'missing'}`;
  const title = str(raw.title, 5_000)?.trim();
  if (!title) return `${parsedId.id}: missing title`;
  if (!Array.isArray(raw.authors)) return `${parsedId.id}: missing authors`;
  const authors = stringList(raw.authors);
  const savedAt = parseSavedAt(raw.savedAt);
  if (savedAt === null) return `${parsedId.id}: missing or invalid savedAt`;

  const version =
    typeof raw.version === 'number' && Number.isInteger(raw.version) && raw.version >= 1 ? raw.version : parsedId.version;

  let tagline: SavedPaper['tagline'] = null;
  if (isRecord(raw.tagline) && str(raw.tagline.headline, 1_000)) {
    tagline = { headline: raw.tagline.headline as string, qualifier: str(raw.tagline.qualifier, 2_000) };
  }

  let theorems: SavedPaper['theorems'] = null;
  if (isRecord(raw.theorems)) {
    theorems = {};
    for (const [name, n] of Object.entries(raw.theorems)) {
      const c = count(n);
      if (c !== null && name.length <= 100) theorems[name] = c;
    }
  }

  let statements: SavedPaper['statements'] = null;
  if (Array.isArray(raw.statements)) {
    const list: Statement[] = [];
    for (const s of raw.statements.slice(0, MAX_STATEMENTS)) {
      if (!isRecord(s) || typeof s.name !== 'string' || typeof s.text !== 'string') continue;
      list.push({
        name: s.name,
        number: typeof s.number === 'string' ? s.number : '',
        title: typeof s.title === 'string' ? s.title : null,
        text: s.text,
        anchor: typeof s.anchor === 'string' ? s.anchor : null,
      });
    }
    // Same bounds as the analyser's, whatever the file holds.
    statements = boundStatements(list);
  }

  let firstFigure: SavedPaper['firstFigure'] = null;
  if (isRecord(raw.firstFigure)) {
    const src = httpUrl(raw.firstFigure.src);
    if (src) firstFigure = { src, caption: str(raw.firstFigure.caption, 10_000) ?? '' };
  }

  const tags = cleanTags(raw.tags);
  const note = cleanNote(raw.note);
  const categories = stringList(raw.categories);
  const primaryCategory = str(raw.primaryCategory, 100) ?? categories[0] ?? null;
  return {
    id: parsedId.id,
    version,
    title,
    authors,
    abstract: str(raw.abstract),
    comments: str(raw.comments, 10_000),
    journalRef: str(raw.journalRef, 10_000),
    doi: str(raw.doi, 500),
    primaryCategory,
    categories,
    published: date(raw.published),
    updated: date(raw.updated),
    hasHtml: typeof raw.hasHtml === 'boolean' ? raw.hasHtml : null,
    tagline,
    theorems,
    figureCount: count(raw.figureCount),
    firstFigure,
    statements,
    savedAt,
    // Only when present, like toSavedPaper: a library without tags reads and exports as before.
    ...(tags.length > 0 ? { tags } : {}),
    ...(note !== '' ? { note } : {}),
  };
}

const MAX_PROBLEMS_LISTED = 5;

/** Read an import file's text. Never throws; every failure is a message for the user. */
export function parseLibraryImport(text: string): LibraryImport {
  // Refuse before JSON.parse: parsing 50+ MB would freeze the popup and double the memory.
  const tooBig = checkImportSize(text.length);
  if (tooBig) return { ok: false, error: tooBig };
  if (text.trim() === '') return { ok: false, error: t('importEmpty') };

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      error: t('importNotJson', (err as Error).message),
    };
  }

  if (!isRecord(data) || data.format !== LIBRARY_FORMAT) {
    return {
      ok: false,
      error: t('importNotOurs', LIBRARY_FORMAT),
    };
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) {
    return { ok: false, error: t('importNoVersion') };
  }
  if (data.version > LIBRARY_FORMAT_VERSION) {
    return {
      ok: false,
      error: t('importNewer', data.version),
    };
  }
  if (!Array.isArray(data.papers)) {
    return { ok: false, error: t('importNoPapers') };
  }

  const byId = new Map<string, SavedPaper>();
  const problems: string[] = [];
  let skipped = 0;
  let duplicates = 0;
  for (const [index, raw] of data.papers.entries()) {
    const result = validateSavedPaper(raw);
    if (typeof result === 'string') {
      skipped++;
      if (problems.length < MAX_PROBLEMS_LISTED) problems.push(`paper ${index + 1}: ${result}`);
      continue;
    }
    const prev = byId.get(result.id);
    if (prev) {
      duplicates++;
      if (result.savedAt <= prev.savedAt) continue;
    }
    byId.set(result.id, result);
  }

  if (byId.size === 0 && skipped > 0) {
    return {
      ok: false,
      error: t('importNoneReadable', skipped, problems[0] ?? t('importInvalidRecords')),
    };
  }
  return { ok: true, papers: [...byId.values()], skipped, problems, duplicates };
}
