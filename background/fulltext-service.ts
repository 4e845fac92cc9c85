/**
 * Full-text analysis for one paper version: from the cache (per version, as long as the
 * analyser that made it is the current one), else one polite request to arxiv.org/html
 * through the shared scheduler. Requests are cancellable until they start (a card scrolled
 * away), and failures are not cached, so a retry can win. Only cards on screen ask, so an
 * outdated analysis is re-fetched lazily, a few at a time, never a whole cache at once.
 */
import type { RequestQueue } from '@/utils/arxiv-api';
import { htmlUrl } from '@/utils/arxiv-ids';
import { getFulltext, markFulltextStale, putFulltext } from './db/cache';
import { type PithDb } from './db/schema';
import { analyzeFulltext, FULLTEXT_ANALYSER_VERSION, isLatexmlDocument } from '@/utils/fulltext';
import type { HttpError } from './http';
import type { FulltextAnalysis } from '@/utils/paper';
import { ownFigureFilter } from '@/utils/figure-origin';
import { reasonOfHttp, waitingText } from './failure-wording';
import { t } from '@/utils/i18n';
import type { FulltextResult, Priority } from '@/utils/messaging';

export interface FulltextService {
  get(req: { id: string; version: number | null; requestId: string; priority: Priority }): Promise<FulltextResult>;
  cancel(requestId: string): void;
  /** The card could not load the cached first figure `src`: fetch the paper again next time. */
  figureFailed(req: { id: string; version: number | null; src: string }): Promise<void>;
}

/** The card's words for a failed request (background/failure-wording.ts), the reason in `detail`. */
function errorResult(error: HttpError, retryInMs: number | undefined): FulltextResult {
  const reason = reasonOfHttp(error);
  const message = reason === 'offline' ? t('fulltextOffline') : waitingText(reason, retryInMs);
  return retryInMs === undefined
    ? { status: 'error', reason, message, detail: error.message }
    : { status: 'error', reason, message, detail: error.message, retryInMs };
}

/** An analysis cached before figures were held to the paper's own files may name another site's. */
function figureIsOwn(analysis: FulltextAnalysis, id: string, version: number | null): boolean {
  const src = analysis.firstFigure?.src;
  return src === undefined || ownFigureFilter(htmlUrl(id, version))(src) !== null;
}

export function createFulltextService(db: PithDb, scheduler: RequestQueue): FulltextService {
  const controllers = new Map<string, AbortController>();

  return {
    async get({ id, version, requestId, priority }) {
      // Registered before the cache read, so a cancel that arrives during it is not lost.
      const controller = new AbortController();
      controllers.set(requestId, controller);
      try {
        const cached = await getFulltext(db, id, version);
        if (cached?.status === 'no-html') return { status: 'no-html' };
        // Rows from before analyser versions were stored count as version 1.
        const usable = cached?.status === 'ok' && figureIsOwn(cached.analysis, id, version) ? cached.analysis : null;
        if (usable && cached?.status === 'ok' && (cached.analyser ?? 1) === FULLTEXT_ANALYSER_VERSION) {
          return { status: 'ok', analysis: usable };
        }
        // Made by an older analyser (or its figure failed to load): fetched again, and shown
        // meanwhile should the fetch fail. One naming another site's figure is never shown.
        const outdated = usable;
        if (controller.signal.aborted) return { status: 'cancelled' };
        const pageUrl = htmlUrl(id, version);
        const response = await scheduler.request(pageUrl, {
          priority: priority === 'visible' ? 'high' : 'low',
          signal: controller.signal,
        });
        if (!response.ok) {
          if (response.error.kind === 'aborted') return { status: 'cancelled' };
          if (response.error.kind === 'http' && response.error.status === 404) {
            await putFulltext(db, id, version, { status: 'no-html' });
            return { status: 'no-html' };
          }
          if (outdated) return { status: 'ok', analysis: outdated };
          return errorResult(response.error, response.retryInMs);
        }
        if (!isLatexmlDocument(response.text)) {
          // arXiv answers some ids with a "no HTML for this paper" page rather than a 404.
          await putFulltext(db, id, version, { status: 'no-html' });
          return { status: 'no-html' };
        }
        // Relative figure paths resolve against the URL the page was served at, after
        // redirects, as in a browser: LaTeXML 0.8.7 pages were redirected to `.../<id>v<N>/`
        // and use `x1.png`; latexml-oxide pages stay at `.../<id>v<N>` and use `<id>v<N>/f.png`.
        const analysis = analyzeFulltext(response.text, response.url ?? pageUrl);
        await putFulltext(db, id, version, { status: 'ok', analysis, analyser: FULLTEXT_ANALYSER_VERSION });
        return { status: 'ok', analysis };
      } catch (error) {
        return { status: 'error', reason: 'internal', message: error instanceof Error ? error.message : String(error) };
      } finally {
        controllers.delete(requestId);
      }
    },
    cancel(requestId) {
      controllers.get(requestId)?.abort();
      controllers.delete(requestId);
    },
    async figureFailed({ id, version, src }) {
      const cached = await getFulltext(db, id, version);
      // Only the analysis that named this image: a newer one may already have replaced it.
      if (cached?.status === 'ok' && cached.analysis.firstFigure?.src === src) await markFulltextStale(db, id, version);
    },
  };
}
