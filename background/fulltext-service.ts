/**
 * Full-text analysis for one paper version: from the cache (forever per version), else one
 * polite request to arxiv.org/html through the shared scheduler. Requests are cancellable
 * until they start (a card scrolled away), and failures are not cached, so a retry can win.
 */
import type { RequestQueue } from '@/utils/arxiv-api';
import { htmlUrl } from '@/utils/arxiv-ids';
import { getFulltext, putFulltext } from './db/cache';
import { type PithDb } from './db/schema';
import { analyzeFulltext, isLatexmlDocument } from '@/utils/fulltext';
import type { HttpError } from './http';
import type { FailureReason, FulltextResult, Priority } from '@/utils/messaging';

export interface FulltextService {
  get(req: { id: string; version: number | null; requestId: string; priority: Priority }): Promise<FulltextResult>;
  cancel(requestId: string): void;
}

function reasonOf(error: HttpError): FailureReason {
  switch (error.kind) {
    case 'offline':
    case 'timeout':
    case 'rate-limited':
    case 'http':
    case 'network':
      return error.kind;
    default:
      return 'network';
  }
}

function messageOf(error: HttpError): string {
  switch (error.kind) {
    case 'offline':
      return 'Offline: theorems and figure load when you are back online.';
    case 'rate-limited':
      return 'arXiv asked us to slow down; try again in a little while.';
    case 'timeout':
      return 'arXiv took too long to answer.';
    default:
      return error.message;
  }
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
        if (cached && (cached.status === 'ok' || cached.status === 'no-html')) {
          return cached.status === 'ok' ? { status: 'ok', analysis: cached.analysis } : { status: 'no-html' };
        }
        if (controller.signal.aborted) return { status: 'cancelled' };
        // The versioned URL is the page's own address: relative figure paths resolve against it.
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
          return { status: 'error', reason: reasonOf(response.error), message: messageOf(response.error) };
        }
        if (!isLatexmlDocument(response.text)) {
          // arXiv answers some ids with a "no HTML for this paper" page rather than a 404.
          await putFulltext(db, id, version, { status: 'no-html' });
          return { status: 'no-html' };
        }
        const analysis = analyzeFulltext(response.text, pageUrl.endsWith('/') ? pageUrl : `${pageUrl}/`);
        await putFulltext(db, id, version, { status: 'ok', analysis });
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
  };
}
