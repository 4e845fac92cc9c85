/**
 * The library's record of a paper, and the fields derived from it when it is stored. Pure:
 * the popup, import/export and the background's library (background/db/library.ts) share it.
 */
import { copyPaperMeta, type PaperMeta, type Tagline } from './paper';
import { collapseSpace, collapseSpaceRuns } from './text';

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
  /** Epoch milliseconds. */
  savedAt: number;
}

/**
 * What `saved` stores: the snapshot plus fields derived from it at write time, so the
 * popup can search 10,000 papers with one `includes` per row and sort by an index
 * instead of lowercasing every title on every keystroke.
 */
export interface SavedRow extends SavedPaper {
  /** Lowercased, accent-folded title + authors + tagline + abstract + id + categories. */
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
  return {
    ...copyPaperMeta(p),
    tagline: p.tagline ? { headline: p.tagline.headline, qualifier: p.tagline.qualifier } : null,
    theorems: p.theorems ? { ...p.theorems } : null,
    figureCount: p.figureCount,
    firstFigure: p.firstFigure ? { src: p.firstFigure.src, caption: p.firstFigure.caption } : null,
    savedAt: p.savedAt,
  };
}
