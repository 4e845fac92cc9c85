import { detectPageKind, parseListing, parseSearchResults } from '@/utils/arxiv-page';
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
    const entries = kind === 'listing' ? parseListing(document) : parseSearchResults(document);
    // An unknown or changed layout yields no entries: the page stays exactly as arXiv sent it.
    if (entries.length === 0) return;
    const settings = await loadSettings();
    await startListing(ctx, entries, settings);
  },
});
