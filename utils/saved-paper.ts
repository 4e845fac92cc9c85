/**
 * The library's record of a paper, and the fields derived from it when it is stored. Pure:
 * the popup, import/export and the background's library (background/db/library.ts) share it.
 */
import { copyPaperMeta, type PaperMeta, type Statement, type Tagline } from './paper';
import { collapseSpace, collapseSpaceRuns } from './text';
import { cleanNote, cleanTags } from './tags';
import { boundStatements, statementsSearchText } from './statements';

/**
 * A saved paper: a full snapshot, so the library works offline and outlives every cache.
 * This is the shape the popup shows, BibTeX/JSON export write and JSON import reads.
 */
export interface SavedPaper extends PaperMeta {
  tagline: Tagline | null;
  /** Formal statements by printed name; null = never analysed (unknown, not zero). */
  theorems: Record<string, number> | null;
  figureCount: number | null;
  /** First figure of the HTML version (absolute URL) and its caption. */
  firstFigure: { src: string; caption: string } | null;
  /**
   * The paper's formal statements (bounded as in utils/statements.ts); null = not known.
   * Rows saved before statements existed have no such field: read as null. It rides inside
   * the snapshot object, which is not indexed, so the database needs no new version.
   */
  statements: Statement[] | null;
  /** Epoch milliseconds. */
  savedAt: number;
  /**
   * The reader's tags (utils/tags.ts) and note. Optional: rows saved before tags existed have
   * neither, and no index is needed (the popup filters in memory), so the database shape
   * needs no new version. Absent and empty mean the same; exports write them only when set.
   */
  tags?: string[];
  note?: string;
}

/**
 * What `saved` stores: the snapshot plus fields derived from it at write time, so the
 * popup can search 10,000 papers with one `includes` per row and sort by an index
 * instead of lowercasing every title on every keystroke.
 */
export interface SavedRow extends SavedPaper {
  /** Lowercased, accent-folded title + authors + tagline + abstract + id + categories + statements. */
  searchText: string;
  /** Lowercased, accent-folded title for the "sort by title" index. */
  sortTitle: string;
}

/** Lowercase and strip diacritics, so "raphael" finds "Raphaël". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function buildSearchText(p: SavedPaper): string {
  const parts = [
    p.title,
    p.authors.join(' '),
    p.tagline?.headline ?? '',
    p.tagline?.qualifier ?? '',
    p.abstract ?? '',
    p.id,
    p.categories.join(' '),
    (p.tags ?? []).join(' '),
    p.note ?? '',
    statementsSearchText(p.statements),
  ];
  return foldText(collapseSpaceRuns(parts.join('\n')));
}

export function toSavedRow(p: SavedPaper): SavedRow {
  const snapshot = toSavedPaper(p);
  return {
    ...snapshot,
    searchText: buildSearchText(snapshot),
    sortTitle: collapseSpace(foldText(snapshot.title)),
  };
}

/** Drop derived fields (and anything else unknown) from a row: the portable snapshot. */
export function toSavedPaper(p: SavedPaper): SavedPaper {
  const tags = cleanTags(p.tags);
  const note = cleanNote(p.note);
  return {
    ...copyPaperMeta(p),
    tagline: p.tagline ? { headline: p.tagline.headline, qualifier: p.tagline.qualifier } : null,
    theorems: p.theorems ? { ...p.theorems } : null,
    figureCount: p.figureCount,
    firstFigure: p.firstFigure ? { src: p.firstFigure.src, caption: p.firstFigure.caption } : null,
    statements: Array.isArray(p.statements) ? boundStatements(p.statements) : null,
    savedAt: p.savedAt,
    ...(tags.length > 0 ? { tags } : {}),
    ...(note !== '' ? { note } : {}),
  };
}
