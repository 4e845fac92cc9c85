/** A saved-paper snapshot for tests: plausible defaults, every field overridable. */
import type { SavedPaper } from '@/utils/saved-paper';

export function savedPaper(over: Partial<SavedPaper> & { id: string }): SavedPaper {
  return {
    version: 1,
    title: `Paper ${over.id}`,
    authors: ['Ada Lovelace'],
    abstract: null,
    comments: null,
    journalRef: null,
    doi: null,
    primaryCategory: 'math.OC',
    categories: ['math.OC'],
    published: '2026-05-01',
    updated: null,
    hasHtml: true,
    tagline: null,
    theorems: null,
    figureCount: null,
    firstFigure: null,
    statements: null,
    savedAt: 1_000,
    ...over,
  };
}
