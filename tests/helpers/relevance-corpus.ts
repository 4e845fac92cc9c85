/**
 * The real papers in the shared arXiv captures, parsed with the project's own parsers, for the
 * relevance evaluation, its unit tests and its benchmark. Read in place (shared-data.mjs).
 */
import { Window } from 'happy-dom';
import { parseAtomFeed } from '../../utils/arxiv-api';
import { iterateListing, iterateSearchResults, toPaperMeta } from '../../utils/arxiv-page';
import type { PaperMeta } from '../../utils/paper';
import { listArxivFixtures, readArxivFixture } from './shared-data.mjs';

function parseHtml(html: string): Document {
  const window = new Window({ url: 'https://arxiv.org/', settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  window.document.write(html);
  return window.document as unknown as Document;
}

export interface CorpusPaper extends PaperMeta {
  /** Capture it came from, and its position there (arXiv's own order). */
  source: string;
  position: number;
}

/**
 * Every paper of the listing, search and API captures, first occurrence kept, in capture
 * order (files sorted by name, entries in page order).
 */
export function loadRelevanceCorpus(): CorpusPaper[] {
  const out: CorpusPaper[] = [];
  const seen = new Set<string>();
  const push = (source: string, papers: PaperMeta[]): void => {
    papers.forEach((p, position) => {
      if (seen.has(p.id)) return;
      seen.add(p.id);
      out.push({ ...p, source, position });
    });
  };
  for (const name of listArxivFixtures()) {
    if (name.startsWith('search-results-')) push(name, [...iterateSearchResults(parseHtml(readArxivFixture(name)))].map(toPaperMeta));
    else if (name.startsWith('list-')) push(name, [...iterateListing(parseHtml(readArxivFixture(name)))].map(toPaperMeta));
    else if (name.startsWith('api-query-')) {
      const r = parseAtomFeed(readArxivFixture(name));
      if (r.ok) push(name, r.entries);
    }
  }
  return out;
}
