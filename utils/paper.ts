/**
 * The shapes every part of the extension agrees on for one paper.
 * Listing parser, API client, database, cards and library all speak these types.
 */

/** Metadata of one paper, merged from the listing page and the export API. */
export interface PaperMeta {
  /** Canonical id without version: "2609.22268" or "math/0601001". */
  id: string;
  /** Latest version known, or null when no source showed one. */
  version: number | null;
  title: string;
  authors: string[];
  abstract: string | null;
  comments: string | null;
  journalRef: string | null;
  doi: string | null;
  /** Category code such as "cs.CL". */
  primaryCategory: string | null;
  /** Category codes, primary first. */
  categories: string[];
  /** ISO date (YYYY-MM-DD) of the first version, when known. */
  published: string | null;
  /** ISO date (YYYY-MM-DD) of the latest version, when known. */
  updated: string | null;
  /** Whether arXiv has an HTML (LaTeXML) version; null when the page did not say. */
  hasHtml: boolean | null;
}

/** What the full text (arxiv.org/html/<id>) tells about a paper. */
export interface FulltextAnalysis {
  /** Formal statements by printed name, e.g. { Theorem: 2, Lemma: 5 }. */
  theorems: Record<string, number>;
  figureCount: number;
  firstFigure: { src: string; caption: string } | null;
  /**
   * The formal statements themselves, in paper order (see utils/statements.ts for the
   * limits). Absent on analyses made before analyser version 3 (still shown while a fresh
   * one is fetched) and on snapshots saved before then.
   */
  statements?: Statement[];
}

/** One formal statement as the paper prints it. Untrusted text: never inserted as HTML. */
export interface Statement {
  /** Printed name, as the badge counts it: "Theorem", "Lemma", "Main Theorem". */
  name: string;
  /** Number as printed ("2.1", "0.C.1", "A"); '' when unnumbered. */
  number: string;
  /** The statement's own title ("Main result", "Well-posedness"); null when it has none. */
  title: string | null;
  /** The statement's text, whitespace collapsed, math as `$TeX$`; cut at a word with "…". */
  text: string;
  /** The statement's id in the HTML (link target); null when LaTeXML gave it none. */
  anchor: string | null;
}

/** A one-line claim headline and the condition or mechanism it leaves out. */
export interface Tagline {
  headline: string;
  qualifier: string | null;
}

/**
 * Exactly the PaperMeta fields of `p`, lists copied: drops whatever else a row or snapshot
 * carries (derived fields, unknown keys from an import).
 */
export function copyPaperMeta(p: PaperMeta): PaperMeta {
  return {
    id: p.id,
    version: p.version,
    title: p.title,
    authors: [...p.authors],
    abstract: p.abstract,
    comments: p.comments,
    journalRef: p.journalRef,
    doi: p.doi,
    primaryCategory: p.primaryCategory,
    categories: [...p.categories],
    published: p.published,
    updated: p.updated,
    hasHtml: p.hasHtml,
  };
}
