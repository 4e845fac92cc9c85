import { useFreshDbs } from '../helpers/fresh-db';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestQueue } from '../../utils/arxiv-api';
import { getPapers, putPapers } from '../../background/db/cache';
import type { HttpError, HttpResult } from '../../background/http';
import { createMetadataService } from '../../background/metadata-service';
import type { RequestPriority } from '../../background/scheduler';
import type { PaperMeta } from '../../utils/paper';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

const DIR = arxivFixturesDir();
const read = (f: string) => readFileSync(`${DIR}/${f}`, 'utf8');

/** Real API answers: the new-format feed header, and every real <entry> of the saved responses by id. */
const NEW_FORMAT = read('api-query-idlist-1207.7214-newformat-2026-05.xml');
const FEED_HEAD = NEW_FORMAT.slice(0, NEW_FORMAT.indexOf('<entry>'));
const ENTRIES = new Map<string, string>();
for (const f of [
  'api-query-idlist-1207.7214-newformat-2026-05.xml',
  'api-query-idlist-2508.16190-newformat-2026-05.xml',
  'api-query-idlist-1entry-2020.xml',
  'api-query-2entries-2025-10.xml',
]) {
  for (const m of read(f).matchAll(/<entry>[\s\S]*?<\/entry>/g)) {
    const id = /<id>https?:\/\/arxiv\.org\/abs\/([^<]+?)v\d+<\/id>/.exec(m[0])?.[1];
    if (id) ENTRIES.set(id, m[0]);
  }
}
const API_ERROR_FEED = read('api-error-invalid-query-newformat-2026-10.xml');

/** The API's answer to `id_list=...`: the entries it knows, in a real feed. */
function feedFor(ids: string[]): string {
  return `${FEED_HEAD}${ids.flatMap((id) => ENTRIES.get(id.replace(/v\d+$/, '')) ?? []).join('\n  ')}\n</feed>\n`;
}

interface Call {
  url: string;
  ids: string[];
  priority: RequestPriority | undefined;
}

/** A RequestQueue standing in for the scheduler: records requests, answers from the fixtures. */
class StubQueue implements RequestQueue {
  calls: Call[] = [];
  failWith: HttpError | null = null;
  retryInMs: number | undefined = undefined;
  body: string | null = null;
  private holds: (() => void)[] = [];
  hold = false;

  async request(url: string, options?: { priority?: RequestPriority; signal?: AbortSignal }): Promise<HttpResult> {
    const ids = (new URL(url).searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    this.calls.push({ url, ids, priority: options?.priority });
    if (this.hold) await new Promise<void>((r) => this.holds.push(r));
    if (this.failWith) return this.retryInMs === undefined ? { ok: false, error: this.failWith } : { ok: false, error: this.failWith, retryInMs: this.retryInMs };
    return { ok: true, status: 200, text: this.body ?? feedFor(ids) };
  }

  release(): void {
    this.hold = false;
    for (const r of this.holds.splice(0)) r();
  }
}

async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}

const freshDb = useFreshDbs('test-metadata-service');

describe('metadata service (real Atom fixtures through a stub queue)', () => {
  it('fetches papers it has not cached, parsed from the real responses', async () => {
    const queue = new StubQueue();
    const service = createMetadataService(freshDb(), queue);
    const result = await service.get(['1207.7214', '2508.16190'], 'visible');

    expect(result.failed).toEqual({});
    const higgs = result.papers['1207.7214']!;
    expect(higgs.title).toBe(
      'Observation of a new particle in the search for the Standard Model Higgs boson with the ATLAS detector at the LHC',
    );
    expect(higgs.version).toBe(2);
    expect(higgs.doi).toBe('10.1016/j.physletb.2012.08.020');
    expect(higgs.journalRef).toBe('Phys.Lett. B716 (2012) 1-29');
    expect(higgs.primaryCategory).toBe('hep-ex');
    expect(higgs.published).toBe('2012-07-31');
    expect(higgs.abstract).toMatch(/^A search for the Standard Model Higgs boson/);
    const comic = result.papers['2508.16190']!;
    expect(comic.title).toBe('ComicScene154: A Scene Dataset for Comic Analysis');
    expect(comic.authors).toEqual(['Sandro Paval', 'Ivan P. Yamshchikov', 'Pascal Meißner']);
    expect(comic.version).toBe(1);

    expect(queue.calls.length).toBe(1);
    expect(queue.calls[0]!.url.startsWith('https://export.arxiv.org/api/query?')).toBe(true);
    expect(queue.calls[0]!.ids.sort()).toEqual(['1207.7214', '2508.16190']);
    expect(queue.calls[0]!.priority).toBe('high');
  });

  it('caches found papers: a second call makes no request', async () => {
    const db = freshDb();
    const queue = new StubQueue();
    const service = createMetadataService(db, queue);
    const first = await service.get(['1601.00001'], 'prefetch');
    expect(first.papers['1601.00001']?.title).toBeTruthy();
    expect(queue.calls.length).toBe(1);
    expect(queue.calls[0]!.priority).toBe('low');

    const cached = await getPapers(db, ['1601.00001']);
    expect(cached[0]?.abstract).toBe(first.papers['1601.00001']!.abstract);

    const second = await service.get(['1601.00001'], 'visible');
    expect(queue.calls.length).toBe(1);
    expect(second).toEqual(first);
    expect(second.papers['1601.00001']).not.toHaveProperty('seenAt');
  });

  it('a cache hit with an abstract makes no request; a page-only row without one does', async () => {
    const db = freshDb();
    const meta = (id: string, abstract: string | null): PaperMeta => ({
      id,
      version: 1,
      title: `Cached ${id}`,
      authors: ['A. Author'],
      abstract,
      comments: null,
      journalRef: null,
      doi: null,
      primaryCategory: 'cs.CL',
      categories: ['cs.CL'],
      published: null,
      updated: null,
      hasHtml: true,
    });
    await putPapers(db, [meta('2510.14968', 'Known abstract.'), meta('2508.16190', null)]);
    const queue = new StubQueue();
    const service = createMetadataService(db, queue);

    const hit = await service.get(['2510.14968'], 'visible');
    expect(queue.calls.length).toBe(0);
    expect(hit.papers['2510.14968']).toEqual(meta('2510.14968', 'Known abstract.'));

    const both = await service.get(['2510.14968', '2508.16190'], 'visible');
    expect(queue.calls.length).toBe(1);
    expect(queue.calls[0]!.ids).toEqual(['2508.16190']);
    expect(both.papers['2510.14968']?.abstract).toBe('Known abstract.');
    expect(both.papers['2508.16190']?.abstract).toMatch(/^Comics offer a compelling/);
    // The API's answer merged into the page's row (hasHtml kept from the page).
    expect((await getPapers(db, ['2508.16190']))[0]?.hasHtml).toBe(true);
  });

  it('sends all ids of one call in one request', async () => {
    const queue = new StubQueue();
    const service = createMetadataService(freshDb(), queue);
    const ids = ['1207.7214', '2508.16190', '1601.00001', '2510.14968', '2510.14827'];
    const result = await service.get(ids, 'visible');
    expect(Object.keys(result.papers).sort()).toEqual([...ids].sort());
    expect(queue.calls.length).toBe(1);
    expect(queue.calls[0]!.ids.sort()).toEqual([...ids].sort());
  });

  it('batches ids requested concurrently by several callers into one request', async () => {
    const queue = new StubQueue();
    const service = createMetadataService(freshDb(), queue);
    const [a, b, c] = await Promise.all([
      service.get(['1207.7214'], 'visible'),
      service.get(['2508.16190', '1207.7214'], 'prefetch'),
      service.get(['1601.00001'], 'visible'),
    ]);
    expect(queue.calls.length).toBe(1);
    expect(queue.calls[0]!.ids.sort()).toEqual(['1207.7214', '1601.00001', '2508.16190']);
    expect(a.papers['1207.7214']?.version).toBe(2);
    expect(b.papers['1207.7214']?.version).toBe(2);
    expect(b.papers['2508.16190']?.version).toBe(1);
    expect(c.papers['1601.00001']).toBeDefined();
  });

  it('gathers ids that arrive while a request is in flight into the next request, visible first', async () => {
    const queue = new StubQueue();
    const service = createMetadataService(freshDb(), queue);
    queue.hold = true;
    const first = service.get(['2510.14968'], 'prefetch');
    await until('first request sent', () => queue.calls.length === 1);

    const prefetchIds = Array.from({ length: 120 }, (_, i) => `2601.${String(10000 + i)}`);
    const later = [service.get(prefetchIds, 'prefetch'), service.get(['2508.16190'], 'prefetch'), service.get(['1207.7214'], 'visible')];
    // Let every caller read the cache and queue its ids behind the held request.
    await new Promise((r) => setTimeout(r, 50));
    expect(queue.calls.length).toBe(1);
    queue.release();
    const [, big, comic, higgs] = await Promise.all([first, ...later]);

    expect(queue.calls.length).toBe(3);
    const second = queue.calls[1]!;
    const third = queue.calls[2]!;
    // The on-screen id goes first, in the first batch, at high priority.
    expect(second.ids[0]).toBe('1207.7214');
    expect(second.ids.length).toBe(100);
    expect(second.priority).toBe('high');
    expect(third.priority).toBe('low');
    expect(new Set([...second.ids, ...third.ids])).toEqual(new Set([...prefetchIds, '2508.16190', '1207.7214']));
    expect(second.ids.length + third.ids.length).toBe(122);

    expect(higgs!.papers['1207.7214']?.version).toBe(2);
    expect(comic!.papers['2508.16190']?.version).toBe(1);
    // Ids the API does not know are reported missing, not invented.
    expect(Object.keys(big!.papers)).toEqual([]);
    expect(Object.keys(big!.failed).length).toBe(120);
    for (const failure of Object.values(big!.failed)) expect(failure.reason).toBe('missing');
  });

  // The message is the text the card shows (written in the background only), in the reader's
  // words; the technical reason goes in `detail` (the tooltip). Passing failures say when the
  // card asks again (the scheduler's retryInMs).
  const failures: [HttpError, number | undefined, string, string][] = [
    [{ kind: 'rate-limited', status: 429, message: 'HTTP 429 Too Many Requests', retryAfterMs: 30_000 }, 30_000, 'rate-limited', 'arXiv asked us to slow down; trying again in 30 s'],
    [{ kind: 'offline', message: 'the browser is offline' }, undefined, 'offline', 'Offline: the card fills in when you are back online.'],
    [{ kind: 'timeout', message: 'no response within 20000 ms', timeoutMs: 20_000 }, 30_000, 'timeout', 'arXiv did not answer; trying again in 30 s'],
    [{ kind: 'network', message: 'network error: Failed to fetch' }, 5_000, 'network', 'arXiv could not be reached; trying again in 5 s'],
    [{ kind: 'http', status: 500, message: 'HTTP 500', body: '', retryAfterMs: null }, 120_000, 'http', 'arXiv had a problem answering; trying again in 2 min'],
    [{ kind: 'bad-response', status: 200, message: 'not well-formed XML (line 1)' }, 10_000, 'parse', 'arXiv sent an incomplete answer; trying again in 10 s'],
  ];
  for (const [error, retryInMs, reason, message] of failures) {
    it(`maps a failed request (${error.kind}) to failed[id].reason '${reason}' and does not cache it`, async () => {
      const db = freshDb();
      const queue = new StubQueue();
      queue.failWith = error;
      queue.retryInMs = retryInMs;
      const service = createMetadataService(db, queue);
      const result = await service.get(['1207.7214', '2508.16190'], 'visible');
      expect(result.papers).toEqual({});
      expect(result.failed['1207.7214']).toEqual({ reason, message, detail: error.message, ...(retryInMs === undefined ? {} : { retryInMs }) });
      expect(result.failed['2508.16190']?.reason).toBe(reason);
      expect(await getPapers(db, ['1207.7214'])).toEqual([undefined]);

      // Back online: the next call asks again and succeeds.
      queue.failWith = null;
      const again = await service.get(['1207.7214'], 'visible');
      expect(queue.calls.length).toBe(2);
      expect(again.papers['1207.7214']?.version).toBe(2);
      expect(again.failed).toEqual({});
    });
  }

  it('forms the next batch only when the export host can take it, so ids arriving meanwhile ride along', async () => {
    /** A queue that, like the scheduler, can start the next request only 300 ms after the last. */
    class SpacedQueue extends StubQueue {
      lastAt = Number.NEGATIVE_INFINITY;
      override request(url: string, options?: { priority?: RequestPriority; signal?: AbortSignal }) {
        this.lastAt = Date.now();
        return super.request(url, options);
      }
      nextStartDelay(): number {
        return Math.max(0, this.lastAt + 300 - Date.now());
      }
    }
    const queue = new SpacedQueue();
    const service = createMetadataService(freshDb(), queue);
    const ids = [...ENTRIES.keys()];
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const first = service.get([ids[0]!], 'visible');
    await until('first request', () => queue.calls.length === 1);
    await first;
    // Three callers arrive while the host is not yet ready: one request carries them all.
    const later = [service.get([ids[1]!], 'visible')];
    await new Promise((r) => setTimeout(r, 40));
    later.push(service.get([ids[2]!], 'visible'));
    await new Promise((r) => setTimeout(r, 40));
    later.push(service.get([ids[3]!], 'prefetch'));
    const results = await Promise.all(later);
    expect(queue.calls).toHaveLength(2);
    expect(queue.calls[1]!.ids.sort()).toEqual([ids[1]!, ids[2]!, ids[3]!].sort());
    for (const [i, result] of results.entries()) expect(Object.keys(result.papers)).toEqual([ids[i + 1]]);
  });

  it("an HTTP 400 carrying the API's error feed reports the API's message", async () => {
    const queue = new StubQueue();
    queue.failWith = { kind: 'http', status: 400, message: 'HTTP 400', body: API_ERROR_FEED, retryAfterMs: null };
    const service = createMetadataService(freshDb(), queue);
    const result = await service.get(['2508.16190'], 'visible');
    expect(result.failed['2508.16190']?.reason).toBe('http');
    expect(result.failed['2508.16190']?.message).toBe('arXiv had a problem answering.');
    expect(result.failed['2508.16190']?.detail).toContain("Invalid query string: '('");
  });

  it('a response that is not Atom maps to reason parse', async () => {
    const queue = new StubQueue();
    queue.body = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const service = createMetadataService(freshDb(), queue);
    const result = await service.get(['2508.16190'], 'visible');
    expect(result.failed['2508.16190']?.reason).toBe('parse');
  });

  it('an entry without <summary> fills every other field and says, once and for good, that it has no abstract', async () => {
    const queue = new StubQueue();
    queue.body = feedFor(['2508.16190']).replace(/<summary>[\s\S]*?<\/summary>/, '');
    const service = createMetadataService(freshDb(), queue);
    const result = await service.get(['2508.16190'], 'visible');
    expect(result.papers['2508.16190']).toMatchObject({ abstract: null, version: 1 });
    expect(result.papers['2508.16190']?.title).not.toBe('');
    expect(result.failed['2508.16190']).toMatchObject({ reason: 'no-abstract' });
    expect(result.failed['2508.16190']?.retryInMs).toBeUndefined();
  });

  it('an id the API does not return is missing', async () => {
    const queue = new StubQueue();
    const service = createMetadataService(freshDb(), queue);
    const result = await service.get(['2508.16190', '2509.99999'], 'visible');
    expect(result.papers['2508.16190']).toBeDefined();
    expect(result.failed['2509.99999']).toMatchObject({ reason: 'missing', message: 'arXiv does not know this id.' });
    expect(result.failed['2508.16190']).toBeUndefined();
  });
});
