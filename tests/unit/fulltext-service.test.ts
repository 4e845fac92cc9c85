import { useFreshDbs } from '../helpers/fresh-db';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestQueue } from '../../utils/arxiv-api';
import { getFulltext, putFulltext } from '../../background/db/cache';
import { createFulltextService } from '../../background/fulltext-service';
import { FULLTEXT_ANALYSER_VERSION } from '../../utils/fulltext';
import { theoremTotal } from '../../components/theorem-wording';
import type { HttpResult } from '../../background/http';
import type { RequestPriority } from '../../background/scheduler';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

const DIR = arxivFixturesDir();
const read = (f: string) => readFileSync(`${DIR}/${f}`, 'utf8');

interface Expected {
  theorems: Record<string, number>;
  figures: number;
  firstFigureImage: string;
}
const EXPECTED = JSON.parse(read('EXPECTED.json')) as Record<string, Expected | string>;

interface Call {
  url: string;
  priority: RequestPriority | undefined;
  signal: AbortSignal | undefined;
}

type Answer = HttpResult | ((call: Call) => Promise<HttpResult>);

/** Stands in for the scheduler: records requests, answers with a fixture page or an error. */
class StubQueue implements RequestQueue {
  calls: Call[] = [];
  constructor(public answer: Answer) {}
  async request(url: string, options?: { priority?: RequestPriority; signal?: AbortSignal }): Promise<HttpResult> {
    const call = { url, priority: options?.priority, signal: options?.signal };
    this.calls.push(call);
    return typeof this.answer === 'function' ? this.answer(call) : this.answer;
  }
}

/**
 * A LaTeXML 0.8.7 page as arxiv.org served it: `/html/<id>v<N>` redirected to
 * `/html/<id>v<N>/`, so the response URL ends in a slash and `x1.png` resolves inside it.
 */
const page = (f: string): ((call: Call) => Promise<HttpResult>) => async (call) => ({
  ok: true,
  status: 200,
  text: read(f),
  url: `${call.url}/`,
});
/** A latexml-oxide page (since Aug 2026): served at `/html/<id>v<N>` itself, no redirect. */
const oxidePage = (f: string): ((call: Call) => Promise<HttpResult>) => async (call) => ({
  ok: true,
  status: 200,
  text: read(f),
  url: call.url,
});

/** Like the real scheduler: a caller that aborts gets `aborted`, never the page. */
const answerWhenAborted = (call: Call): Promise<HttpResult> =>
  new Promise((resolve) => {
    const done = () => resolve({ ok: false, error: { kind: 'aborted', message: 'request cancelled' } });
    if (call.signal?.aborted) done();
    else call.signal?.addEventListener('abort', done, { once: true });
  });

const freshDb = useFreshDbs('test-fulltext-service');

let seq = 0;
const req = (id: string, version: number | null, priority: 'visible' | 'prefetch' = 'visible') => ({
  id,
  version,
  requestId: `r-${seq++}`,
  priority,
});

async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}

describe('full-text service: figures as served today, analyser versions, failed figures', () => {
  it('an oxide page (2507.00150v1, served without a trailing slash) gives the real image URL', async () => {
    const queue = new StubQueue(oxidePage('arxiv-2507.00150v1-oxide-0.7.6-figure-excerpt.html'));
    const result = await createFulltextService(freshDb(), queue).get(req('2507.00150', 1));
    expect(queue.calls[0]!.url).toBe('https://arxiv.org/html/2507.00150v1');
    expect(result.status === 'ok' && result.analysis.firstFigure?.src).toBe(
      'https://arxiv.org/html/2507.00150v1/plot1_distributions_600.png',
    );
  });

  it('the oxide theorem excerpt (2609.04056v1): Definition 2, Proposition 1, Lemma 1', async () => {
    const queue = new StubQueue(oxidePage('arxiv-2609.04056v1-oxide-0.7.6-theorems-excerpt.html'));
    const result = await createFulltextService(freshDb(), queue).get(req('2609.04056', 1));
    expect(result.status === 'ok' && result.analysis.theorems).toEqual({ Definition: 2, Proposition: 1, Lemma: 1 });
  });

  it('an analysis cached by an older analyser is fetched again when asked for, and replaced', async () => {
    const db = freshDb();
    // What version 1 cached for an oxide page: the doubled path, and no analyser field.
    const doubled = 'https://arxiv.org/html/2507.00150v1/2507.00150v1/plot1_distributions_600.png';
    await putFulltext(db, '2507.00150', 1, {
      status: 'ok',
      analysis: { theorems: {}, figureCount: 1, firstFigure: { src: doubled, caption: 'old' } },
    });
    const queue = new StubQueue(oxidePage('arxiv-2507.00150v1-oxide-0.7.6-figure-excerpt.html'));
    const service = createFulltextService(db, queue);
    const result = await service.get(req('2507.00150', 1));
    expect(queue.calls.length).toBe(1);
    expect(result.status === 'ok' && result.analysis.firstFigure?.src).toBe(
      'https://arxiv.org/html/2507.00150v1/plot1_distributions_600.png',
    );
    const row = await getFulltext(db, '2507.00150', 1);
    expect(row?.status === 'ok' && row.analyser).toBe(FULLTEXT_ANALYSER_VERSION);
    // Current now: the next request asks nobody.
    await service.get(req('2507.00150', 1));
    expect(queue.calls.length).toBe(1);
  });

  it('an outdated analysis is still shown when fetching it again fails (offline)', async () => {
    const db = freshDb();
    const old = { theorems: { Theorem: 2 }, figureCount: 1, firstFigure: null };
    await putFulltext(db, '2401.00001', 1, { status: 'ok', analysis: old, analyser: FULLTEXT_ANALYSER_VERSION - 1 });
    const queue = new StubQueue({ ok: false, error: { kind: 'offline', message: 'the browser is offline' } });
    const result = await createFulltextService(db, queue).get(req('2401.00001', 1));
    expect(queue.calls.length).toBe(1);
    expect(result).toEqual({ status: 'ok', analysis: old });
  });

  it('a first figure that failed to load makes the next request fetch the paper again', async () => {
    const db = freshDb();
    const queue = new StubQueue(oxidePage('arxiv-2507.00150v1-oxide-0.7.6-figure-excerpt.html'));
    const service = createFulltextService(db, queue);
    const first = await service.get(req('2507.00150', 1));
    const src = first.status === 'ok' ? first.analysis.firstFigure!.src : '';
    // A report about some other image (an analysis since replaced) changes nothing.
    await service.figureFailed({ id: '2507.00150', version: 1, src: 'https://arxiv.org/html/other.png' });
    await service.get(req('2507.00150', 1));
    expect(queue.calls.length).toBe(1);
    await service.figureFailed({ id: '2507.00150', version: 1, src });
    await service.get(req('2507.00150', 1));
    expect(queue.calls.length).toBe(2);
    // Refreshed: current again.
    await service.get(req('2507.00150', 1));
    expect(queue.calls.length).toBe(2);
    // Nothing cached: a no-op, not an error.
    await expect(service.figureFailed({ id: '2401.99999', version: 1, src })).resolves.toBeUndefined();
  });
});

describe('full-text service (real LaTeXML fixtures through a stub queue)', () => {
  for (const [file, id, version] of [
    ['latexml-catastrophic-goodhart-restatements.html', '2406.06366', 2],
    ['latexml-llncs-rendezvous-class-theorems.html', '2312.00001', 1],
    ['latexml-erdos-szekeres-custom-thm.html', 'math/0601001', 3],
    ['latexml-point-transects-no-theorems.html', '2401.00007', 4],
  ] as const) {
    it(`${file}: ok with EXPECTED.json theorem counts and the absolute first figure URL`, async () => {
      const exp = EXPECTED[file] as Expected;
      const db = freshDb();
      const queue = new StubQueue(page(file));
      const service = createFulltextService(db, queue);

      const result = await service.get(req(id, version));
      expect(queue.calls.length).toBe(1);
      expect(queue.calls[0]!.url).toBe(`https://arxiv.org/html/${id}v${version}`);
      expect(queue.calls[0]!.priority).toBe('high');
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      expect(result.analysis.theorems).toEqual(exp.theorems);
      expect(result.analysis.figureCount).toBe(exp.figures);
      const base = `https://arxiv.org/html/${id}v${version}/`;
      expect(result.analysis.firstFigure?.src).toBe(new URL(exp.firstFigureImage, base).href);
      expect(result.analysis.firstFigure?.src.startsWith(base)).toBe(true);
      expect(theoremTotal(result.analysis.theorems)).toBe(exp.theorems['Theorem'] ?? 0);

      // Cached per version: the second call asks nobody.
      const again = await service.get(req(id, version, 'prefetch'));
      expect(again).toEqual(result);
      expect(queue.calls.length).toBe(1);
      const row = await getFulltext(db, id, version);
      expect(row?.status).toBe('ok');
    });
  }

  it('spells out the figure URL for the catastrophic-goodhart fixture', async () => {
    const service = createFulltextService(freshDb(), new StubQueue(page('latexml-catastrophic-goodhart-restatements.html')));
    const result = await service.get(req('2406.06366', 2));
    expect(result.status === 'ok' && result.analysis.firstFigure?.src).toBe(
      'https://arxiv.org/html/2406.06366v2/images/reward_plots_random_starling_30k_se.png',
    );
    expect(result.status === 'ok' && theoremTotal(result.analysis.theorems)).toBe(6);
  });

  it('caches per version: another version is fetched anew', async () => {
    const queue = new StubQueue(page('latexml-robust-sls-amsthm.html'));
    const service = createFulltextService(freshDb(), queue);
    await service.get(req('2401.00001', 1));
    await service.get(req('2401.00001', 1));
    expect(queue.calls.length).toBe(1);
    await service.get(req('2401.00001', 2, 'prefetch'));
    expect(queue.calls.length).toBe(2);
    expect(queue.calls[1]!.url).toBe('https://arxiv.org/html/2401.00001v2');
    expect(queue.calls[1]!.priority).toBe('low');
  });

  it('404 -> no-html, cached', async () => {
    const db = freshDb();
    const queue = new StubQueue({
      ok: false,
      error: { kind: 'http', status: 404, message: 'HTTP 404 Not Found', body: 'Not Found', retryAfterMs: null },
    });
    const service = createFulltextService(db, queue);
    await expect(service.get(req('2508.16190', 1))).resolves.toEqual({ status: 'no-html' });
    expect((await getFulltext(db, '2508.16190', 1))?.status).toBe('no-html');
    await expect(service.get(req('2508.16190', 1))).resolves.toEqual({ status: 'no-html' });
    expect(queue.calls.length).toBe(1);
  });

  it('a page that is not LaTeXML (an arXiv abs page) -> no-html, cached', async () => {
    const db = freshDb();
    const queue = new StubQueue(page('abs-2508.16190-2026.html'));
    const service = createFulltextService(db, queue);
    await expect(service.get(req('2508.16190', 1))).resolves.toEqual({ status: 'no-html' });
    await expect(service.get(req('2508.16190', 1))).resolves.toEqual({ status: 'no-html' });
    expect(queue.calls.length).toBe(1);
    expect((await getFulltext(db, '2508.16190', 1))?.status).toBe('no-html');
  });

  it('cancel before the answer -> cancelled, not cached', async () => {
    const db = freshDb();
    const queue = new StubQueue(answerWhenAborted);
    const service = createFulltextService(db, queue);
    const r = req('2406.06366', 2);
    const pending = service.get(r);
    await until('request sent', () => queue.calls.length === 1);
    service.cancel(r.requestId);
    await expect(pending).resolves.toEqual({ status: 'cancelled' });
    expect(queue.calls[0]!.signal?.aborted).toBe(true);
    expect(await getFulltext(db, '2406.06366', 2)).toBeUndefined();

    // A later request is sent again and can succeed.
    queue.answer = page('latexml-catastrophic-goodhart-restatements.html');
    const later = await service.get(req('2406.06366', 2));
    expect(later.status).toBe('ok');
    expect(queue.calls.length).toBe(2);
  });

  it('cancel right after asking (before the request is queued) still cancels', async () => {
    const queue = new StubQueue(answerWhenAborted);
    const service = createFulltextService(freshDb(), queue);
    const r = req('2406.06366', 2);
    const pending = service.get(r);
    service.cancel(r.requestId);
    await expect(pending).resolves.toEqual({ status: 'cancelled' });
    // Nothing was fetched for a card that is gone.
    expect(queue.calls.length).toBe(0);
  });

  it('cancelling one request leaves another alone', async () => {
    const queue = new StubQueue(answerWhenAborted);
    const service = createFulltextService(freshDb(), queue);
    const a = req('2406.06366', 2);
    const b = req('2401.00001', 1);
    const pa = service.get(a);
    const pb = service.get(b);
    await until('both requests sent', () => queue.calls.length === 2);
    service.cancel(a.requestId);
    await expect(pa).resolves.toEqual({ status: 'cancelled' });
    const callB = queue.calls.find((c) => c.url.endsWith('2401.00001v1'))!;
    expect(callB.signal?.aborted).toBe(false);
    service.cancel(b.requestId);
    await expect(pb).resolves.toEqual({ status: 'cancelled' });
  });

  it("offline -> error reason 'offline', not cached: the next call asks again", async () => {
    const db = freshDb();
    const queue = new StubQueue({ ok: false, error: { kind: 'offline', message: 'the browser is offline' } });
    const service = createFulltextService(db, queue);
    const result = await service.get(req('2406.06366', 2));
    expect(result.status).toBe('error');
    expect(result.status === 'error' && result.reason).toBe('offline');
    expect(result.status === 'error' && result.message).toMatch(/offline/i);
    expect(await getFulltext(db, '2406.06366', 2)).toBeUndefined();

    queue.answer = page('latexml-catastrophic-goodhart-restatements.html');
    const again = await service.get(req('2406.06366', 2));
    expect(queue.calls.length).toBe(2);
    expect(again.status).toBe('ok');
  });

  it('other failures keep their reason and are not cached', async () => {
    const cases: [HttpResult, string][] = [
      [{ ok: false, error: { kind: 'rate-limited', status: 429, message: 'HTTP 429', retryAfterMs: 60_000 } }, 'rate-limited'],
      [{ ok: false, error: { kind: 'timeout', message: 'no response within 20000 ms', timeoutMs: 20_000 } }, 'timeout'],
      [{ ok: false, error: { kind: 'network', message: 'network error: reset' } }, 'network'],
      [{ ok: false, error: { kind: 'http', status: 500, message: 'HTTP 500', body: '', retryAfterMs: null } }, 'http'],
    ];
    for (const [answer, reason] of cases) {
      const db = freshDb();
      const queue = new StubQueue(answer);
      const service = createFulltextService(db, queue);
      const result = await service.get(req('2406.06366', 2));
      expect(result.status === 'error' && result.reason, reason).toBe(reason);
      expect(await getFulltext(db, '2406.06366', 2)).toBeUndefined();
      await service.get(req('2406.06366', 2));
      expect(queue.calls.length, reason).toBe(2);
    }
  });
});
