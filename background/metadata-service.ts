/**
 * Metadata the listing page lacks (abstract, dates, DOI), from the cache or the export API.
 *
 * Ids asked for by every tab gather in one queue. Whenever the export host may take a request
 * (the scheduler spaces them 3 s apart), one request carries up to `BATCH_SIZE` waiting ids,
 * on-screen ones first, so a listing costs the fewest requests arXiv's rule allows.
 */
import { fetchPapers, type PaperLookup, type RequestQueue } from '@/utils/arxiv-api';
import { getPapers, putPapers } from './db/cache';
import { type PithDb } from './db/schema';
import type { FailureReason, PaperFailure, PapersResult, Priority } from '@/utils/messaging';
import { reasonOfHttp, waitingText } from './failure-wording';
import { t } from '@/utils/i18n';
import { copyPaperMeta, type PaperMeta } from '@/utils/paper';

const BATCH_SIZE = 100;
const EXPORT_HOST = 'export.arxiv.org';
/** Never hold ids longer than this for a slot (a long back-off fails them in the scheduler). */
const MAX_GATHER_WAIT_MS = 10_000;

interface Waiter {
  priority: Priority;
  resolve: (lookup: PaperLookup) => void;
}

export interface MetadataService {
  get(ids: string[], priority: Priority): Promise<PapersResult>;
}

/** Why an id could not be had, with the card's words for it (background/failure-wording.ts). */
function failureOf(lookup: Exclude<PaperLookup, { status: 'found' }>): PaperFailure {
  if (lookup.status === 'missing') return { reason: 'missing', message: t('paperUnknownId'), detail: lookup.message };
  const { error, retryInMs } = lookup;
  let reason: FailureReason;
  if (error.kind === 'fetch') reason = reasonOfHttp(error.cause);
  else if (error.kind === 'malformed' || error.kind === 'not-atom' || error.kind === 'empty') reason = 'parse';
  else if (error.kind === 'invalid-id') return { reason: 'missing', message: t('paperNotAnId'), detail: error.message };
  else reason = 'http';
  if (reason === 'offline') return { reason, message: t('paperOffline'), detail: error.message };
  return retryInMs === undefined
    ? { reason, message: waitingText(reason, undefined), detail: error.message }
    : { reason, message: waitingText(reason, retryInMs), detail: error.message, retryInMs };
}

export function createMetadataService(
  db: PithDb,
  scheduler: RequestQueue & { nextStartDelay?(host: string): number },
): MetadataService {
  const waiting = new Map<string, Waiter[]>();
  let running = false;
  /** Callers still reading the cache; the first request waits for them so it carries all their ids. */
  let gathering = 0;

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (waiting.size > 0) {
        // Wait for the export host's next slot before forming the batch: ids that arrive
        // meanwhile join it instead of costing another request.
        const delay = Math.min(scheduler.nextStartDelay?.(EXPORT_HOST) ?? 0, MAX_GATHER_WAIT_MS);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        const ordered = [...waiting.entries()].sort(
          ([, a], [, b]) => Number(b.some((w) => w.priority === 'visible')) - Number(a.some((w) => w.priority === 'visible')),
        );
        const batch = ordered.slice(0, BATCH_SIZE).map(([id]) => id);
        const waiters = batch.map((id) => [id, waiting.get(id) ?? []] as const);
        for (const id of batch) waiting.delete(id);
        const priority = waiters.some(([, ws]) => ws.some((w) => w.priority === 'visible')) ? 'high' : 'low';
        const results = await fetchPapers(batch, { scheduler, priority, maxIds: BATCH_SIZE });
        const found = [...results.values()].flatMap((r) => (r.status === 'found' ? [r.paper] : []));
        try {
          await putPapers(db, found);
        } catch (error) {
          console.warn('[arXiv Pith] could not cache metadata:', error);
        }
        for (const [id, ws] of waiters) {
          const lookup = results.get(id) ?? { status: 'missing', message: 'no answer' };
          for (const w of ws) w.resolve(lookup);
        }
      }
    } finally {
      running = false;
    }
  }

  function lookupFromApi(id: string, priority: Priority): Promise<PaperLookup> {
    return new Promise((resolve) => {
      const list = waiting.get(id);
      if (list) list.push({ priority, resolve });
      else waiting.set(id, [{ priority, resolve }]);
    });
  }

  return {
    async get(ids, priority) {
      const unique = [...new Set(ids)];
      const papers: Record<string, PaperMeta> = {};
      const failed: PapersResult['failed'] = {};
      gathering += 1;
      let cached: Awaited<ReturnType<typeof getPapers>>;
      try {
        cached = await getPapers(db, unique);
      } finally {
        gathering -= 1;
        // Runs after this caller (and any others that finished together) queued their ids.
        if (gathering === 0) queueMicrotask(() => void pump());
      }
      const toFetch: string[] = [];
      unique.forEach((id, i) => {
        const hit = cached[i];
        if (hit?.abstract) papers[id] = copyPaperMeta(hit);
        else toFetch.push(id);
      });
      const lookups = await Promise.all(toFetch.map((id) => lookupFromApi(id, priority)));
      toFetch.forEach((id, i) => {
        const lookup = lookups[i]!;
        if (lookup.status !== 'found') {
          failed[id] = failureOf(lookup);
          return;
        }
        papers[id] = lookup.paper;
        // A field missing from one entry touches only that field: the rest of the card fills in.
        if (!lookup.paper.abstract) {
          failed[id] = { reason: 'no-abstract', message: t('paperNoAbstract'), detail: 'the API entry has no <summary>' };
        }
      });
      return { papers, failed };
    },
  };
}
