import { defineContentScript } from 'wxt/utils/define-content-script';
import { detectPageKind, iterateListing, iterateSearchResults, type ListingEntry } from '@/utils/arxiv-page';
import { loadSettings } from '@/utils/settings';
import { startListing } from './listing';
import { startAbsPage } from './abs-page';

export default defineContentScript({
  matches: ['*://arxiv.org/*', '*://www.arxiv.org/*'],
  runAt: 'document_end',
  async main(ctx) {
    // Benchmark marks (npm run bench): the page's performance timeline sees content-script marks.
    performance.mark('pith:start');
    const kind = detectPageKind(document, new URL(location.href));
    if (kind === 'abs') return startAbsPage(ctx);
    if (kind !== 'listing' && kind !== 'search') return;
    const entries = kind === 'listing' ? iterateListing(document) : iterateSearchResults(document);
    // An unknown or changed layout yields no entries: the page stays exactly as arXiv sent it.
    const first = entries.next();
    if (first.done) return;
    const settings = await loadSettings();
    await startListing(ctx, withFirst(first.value, entries), settings);
  },
});

/** The parser's entries with the one already taken to see that there are any. */
function* withFirst(first: ListingEntry, rest: Iterator<ListingEntry>): Generator<ListingEntry> {
  yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
