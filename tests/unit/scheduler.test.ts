import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, type HttpResult } from '../../background/http';
import { createScheduler, type PersistedHosts, type SchedulerOptions, type SchedulerStore } from '../../background/scheduler';

const API = 'https://export.arxiv.org/api/query?id_list=';
const HTML = 'https://arxiv.org/html/';
const T0 = Date.UTC(2026, 4, 18, 12, 0, 0); // a whole second, so HTTP-dates are exact

interface Call {
  url: string;
  at: number;
  signal: AbortSignal | undefined;
  respond: (body: string, init?: ResponseInit) => void;
  fail: (error: unknown) => void;
}

/**
 * A fake network: each fetch is recorded with its start time and answered by `reply`
 * (which may delay with fake timers) or, when `reply` returns undefined, left pending for the test.
 */
function fakeNetwork(reply?: (call: Call, index: number) => { body?: string; init?: ResponseInit; delayMs?: number } | undefined) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    return new Promise<Response>((resolve, reject) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const done = (): void => {
        inFlight -= 1;
      };
      const call: Call = {
        url: String(input),
        at: Date.now(),
        signal: init?.signal ?? undefined,
        respond: (body, responseInit) => {
          done();
          resolve(new Response(body, responseInit));
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      calls.push(call);
      const planned = reply?.(call, calls.length - 1);
      if (planned) {
        const send = (): void => call.respond(planned.body ?? 'ok', planned.init);
        if (planned.delayMs) setTimeout(send, planned.delayMs);
        else send();
      }
    });
  }) as unknown as typeof globalThis.fetch;
  return {
    fetch,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    starts: () => calls.map((c) => c.at - T0),
  };
}

function make(network: ReturnType<typeof fakeNetwork>, options: SchedulerOptions = {}) {
  // Exact schedules are easier to read without the jitter margin; its own test sets it.
  return createScheduler({
    spacingMarginMs: 0,
    ...options,
    deps: { fetch: network.fetch, isOnline: () => true, ...options.deps },
  });
}

/** A store in memory that records what was written and when (fake clock, relative to T0). */
function memoryStore(initial: PersistedHosts = {}) {
  let current: PersistedHosts = structuredClone(initial);
  const saves: { at: number; hosts: PersistedHosts }[] = [];
  const store: SchedulerStore = {
    load: async () => structuredClone(current),
    save: async (hosts) => {
      current = structuredClone(hosts);
      saves.push({ at: Date.now() - T0, hosts: current });
    },
  };
  return { store, saves, get current() { return current; } };
}

/** Collects results as they settle, with the time they settled. */
function track(promise: Promise<HttpResult>) {
  const box: { result: HttpResult | undefined; at: number | undefined } = { result: undefined, at: undefined };
  void promise.then((result) => {
    box.result = result;
    box.at = Date.now() - T0;
  });
  return box;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('spacing and concurrency', () => {
  it('export.arxiv.org: one at a time, starts at least 3 s apart', async () => {
    const net = fakeNetwork(() => ({ body: '<feed/>' }));
    const scheduler = make(net);
    const results = [1, 2, 3, 4].map((n) => track(scheduler.request(`${API}2601.0000${n}`)));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.starts()).toEqual([0]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(net.starts()).toEqual([0]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(net.starts()).toEqual([0, 3_000, 6_000, 9_000]);
    expect(net.calls.map((c) => c.url)).toEqual([1, 2, 3, 4].map((n) => `${API}2601.0000${n}`));
    expect(results.map((r) => r.result)).toEqual(Array(4).fill({ ok: true, status: 200, text: '<feed/>' }));
    expect(net.maxInFlight).toBe(1);
  });

  it('export.arxiv.org: a slow response holds the single connection, and the next starts 3 s after its answer', async () => {
    // The server may have seen the slow request arrive late (connection set-up): only 3 s after
    // the answer is surely 3 s after its arrival.
    const net = fakeNetwork(() => ({ delayMs: 5_000 }));
    const scheduler = make(net);
    for (const n of [1, 2, 3]) void scheduler.request(`${API}2601.0000${n}`);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(net.starts()).toEqual([0, 8_000, 16_000]);
    expect(net.maxInFlight).toBe(1);
  });

  it('arxiv.org: at most 2 in flight and starts at least 1 s apart', async () => {
    const net = fakeNetwork(() => ({ delayMs: 2_500 }));
    const scheduler = make(net);
    const results = [1, 2, 3, 4, 5].map((n) => track(scheduler.request(`${HTML}2601.0000${n}v1`)));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.starts()).toEqual([0]); // one running, four queued
    await vi.advanceTimersByTimeAsync(30_000);
    // r1 0-2500, r2 1000-3500, r3 waits for a slot (2500), r4 for a slot (3500), r5 for a slot (5000).
    expect(net.starts()).toEqual([0, 1_000, 2_500, 3_500, 5_000]);
    expect(net.maxInFlight).toBe(2);
    expect(results.every((r) => r.result?.ok)).toBe(true);
  });

  it('hosts are independent, and policies are configurable', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net, { policies: { 'export.arxiv.org': { maxConcurrent: 1, minIntervalMs: 500 } } });
    void scheduler.request(`${API}a`);
    void scheduler.request(`${API}b`);
    void scheduler.request(`${HTML}2601.00001`);
    void scheduler.request('https://example.org/x');
    await vi.advanceTimersByTimeAsync(5_000);
    const byUrl = Object.fromEntries(net.calls.map((c) => [c.url, c.at - T0]));
    expect(byUrl).toEqual({ [`${API}a`]: 0, [`${API}b`]: 500, [`${HTML}2601.00001`]: 0, 'https://example.org/x': 0 });
  });
});

describe('priority', () => {
  it('runs higher priority first and FIFO within a priority', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net);
    void scheduler.request(`${API}first`); // starts at once
    void scheduler.request(`${API}low`, { priority: 'low' });
    void scheduler.request(`${API}normal1`);
    void scheduler.request(`${API}high1`, { priority: 'high' });
    void scheduler.request(`${API}normal2`, { priority: 'normal' });
    void scheduler.request(`${API}high2`, { priority: 'high' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(net.calls.map((c) => c.url.slice(API.length))).toEqual(['first', 'high1', 'high2', 'normal1', 'normal2', 'low']);
  });

  it('a shared request takes the most urgent caller\'s priority', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net);
    void scheduler.request(`${API}first`);
    void scheduler.request(`${API}normal`);
    void scheduler.request(`${API}prefetch`, { priority: 'low' });
    void scheduler.request(`${API}prefetch`, { priority: 'high' }); // the card scrolled into view
    await vi.advanceTimersByTimeAsync(60_000);
    expect(net.calls.map((c) => c.url.slice(API.length))).toEqual(['first', 'prefetch', 'normal']);
  });
});

describe('de-duplication', () => {
  it('identical queued or in-flight requests share one fetch and one result', async () => {
    const net = fakeNetwork(() => ({ body: 'shared', delayMs: 1_000 }));
    const scheduler = make(net);
    const a = track(scheduler.request(`${API}x`));
    const b = track(scheduler.request(`${API}x`)); // while in flight
    void scheduler.request(`${API}y`);
    const c = track(scheduler.request(`${API}y`)); // while queued
    await vi.advanceTimersByTimeAsync(10_000);
    expect(net.calls.map((call) => call.url)).toEqual([`${API}x`, `${API}y`]);
    expect(a.result).toEqual({ ok: true, status: 200, text: 'shared' });
    expect(b.result).toEqual(a.result);
    expect(c.result).toEqual(a.result);
  });

  it('by default keeps a small margin over the minimum spacing, so jitter never makes it shorter', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net, { spacingMarginMs: undefined });
    void scheduler.request(`${API}a`);
    void scheduler.request(`${API}b`);
    void scheduler.request(`${API}c`);
    await vi.advanceTimersByTimeAsync(10_000);
    const starts = net.starts();
    expect(starts).toHaveLength(3);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThan(3_000);
      expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(3_100);
    }
  });

  it('a finished request is not a cache: asking again fetches again', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net);
    await scheduler.request(`${API}x`);
    const again = track(scheduler.request(`${API}x`));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(net.starts()).toEqual([0, 3_000]);
    expect(again.result?.ok).toBe(true);
  });
});

describe('cancellation', () => {
  it('drops a queued request whose only caller aborted, before it starts', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net);
    void scheduler.request(`${HTML}first`);
    void scheduler.request(`${HTML}second`);
    const controller = new AbortController();
    const scrolledAway = track(scheduler.request(`${HTML}offscreen`, { signal: controller.signal }));
    void scheduler.request(`${HTML}last`);
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(scrolledAway.result).toEqual({ ok: false, error: { kind: 'aborted', message: 'request cancelled' } });
    expect(scrolledAway.at).toBe(500); // answered at once, not when its turn would have come
    await vi.advanceTimersByTimeAsync(10_000);
    expect(net.calls.map((c) => c.url.slice(HTML.length))).toEqual(['first', 'second', 'last']);
    // The dropped request did not use up a start slot: `last` took its place.
    expect(net.starts()).toEqual([0, 1_000, 2_000]);
  });

  it('keeps a shared request while any caller still waits', async () => {
    const net = fakeNetwork(() => ({ body: 'still wanted' }));
    const scheduler = make(net);
    void scheduler.request(`${API}first`);
    const controller = new AbortController();
    const leaver = track(scheduler.request(`${API}x`, { signal: controller.signal }));
    const stayer = track(scheduler.request(`${API}x`));
    controller.abort();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(leaver.result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(stayer.result).toEqual({ ok: true, status: 200, text: 'still wanted' });
    expect(net.calls).toHaveLength(2);
  });

  it('aborts the fetch in flight when every caller has left', async () => {
    const net = fakeNetwork(); // never answers on its own
    const scheduler = make(net);
    const controller = new AbortController();
    const result = track(scheduler.request(`${HTML}big`, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.calls[0]!.signal?.aborted).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(result.result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(net.calls[0]!.signal?.aborted).toBe(true);
    // The aborted request gave its slot back: two more (which never answer) both start.
    void scheduler.request(`${HTML}next1`);
    void scheduler.request(`${HTML}next2`);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(net.calls).toHaveLength(3);
  });

  it('an already-aborted signal never reaches the network', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net);
    const result = await scheduler.request(`${API}x`, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(net.calls).toHaveLength(0);
  });
});

describe('back-off on 429/503', () => {
  it('429 with Retry-After in seconds: the whole host waits, then the request is retried', async () => {
    const net = fakeNetwork((_, i) => (i === 0 ? { init: { status: 429, headers: { 'Retry-After': '10' } } } : { body: `ok${i}` }));
    const kept = memoryStore();
    const scheduler = make(net, { store: kept.store });
    const backoffs = () => kept.saves.map((s) => (s.hosts['export.arxiv.org']?.backoffUntilMs ?? 0) - T0);
    const first = track(scheduler.request(`${API}a`));
    const other = track(scheduler.request(`${API}b`)); // another caller's request on the same host
    await vi.advanceTimersByTimeAsync(9_999);
    expect(net.starts()).toEqual([0]);
    expect(backoffs().at(-1)).toBe(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    // The retried request keeps its place in line ahead of b.
    expect(net.calls.map((c) => [c.url.slice(API.length), c.at - T0])).toEqual([
      ['a', 0],
      ['a', 10_000],
      ['b', 13_000],
    ]);
    expect(first.result).toEqual({ ok: true, status: 200, text: 'ok1' });
    expect(other.result).toEqual({ ok: true, status: 200, text: 'ok2' });
    expect(backoffs()).toContain(10_000);
    expect(kept.current['export.arxiv.org']).toMatchObject({ backoffUntilMs: 0, backoffLevel: 0, inFlight: false }); // cleared after success
  });

  it('429 with Retry-After as an HTTP-date', async () => {
    const retryAt = new Date(T0 + 8_000).toUTCString();
    const net = fakeNetwork((_, i) => (i === 0 ? { init: { status: 429, headers: { 'Retry-After': retryAt } } } : {}));
    const scheduler = make(net);
    const result = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(net.starts()).toEqual([0, 8_000]);
    expect(result.result?.ok).toBe(true);
  });

  it('503 without Retry-After: exponential back-off 5 s, 10 s, 20 s, then success', async () => {
    const net = fakeNetwork((_, i) => (i < 3 ? { init: { status: 503 } } : { body: 'finally' }));
    const kept = memoryStore();
    const scheduler = make(net, { store: kept.store });
    const result = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(net.starts()).toEqual([0, 5_000, 15_000, 35_000]);
    expect(result.result).toEqual({ ok: true, status: 200, text: 'finally' });
    expect(result.at).toBe(35_000);
    // Success resets the ladder: the next 503 waits 5 s again.
    expect(kept.current['export.arxiv.org']).toMatchObject({ backoffUntilMs: 0, backoffLevel: 0, inFlight: false });
  });

  it('gives up after the retry budget with a typed rate-limited error', async () => {
    const net = fakeNetwork(() => ({ init: { status: 503 } }));
    // No spacing on this host, so the back-off ladder alone decides when retries start.
    const scheduler = make(net, {
      maxRetries: 3,
      backoffBaseMs: 1_000,
      backoffMaxMs: 3_000,
      policies: { 'export.arxiv.org': { maxConcurrent: 1, minIntervalMs: 0 } },
    });
    const result = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(60_000);
    // 1 s, 2 s, then the cap of 3 s; the fourth failure ends it.
    expect(net.starts()).toEqual([0, 1_000, 3_000, 6_000]);
    expect(result.result).toMatchObject({ ok: false, error: { kind: 'rate-limited', status: 503, retryAfterMs: 3_000 } });
    expect(result.at).toBe(6_000);
  });

  it('the back-off is shared: a different caller\'s request waits too, other hosts do not', async () => {
    const net = fakeNetwork((call) => (call.url.endsWith('a') && call.at === T0 ? { init: { status: 429 } } : {}));
    const scheduler = make(net);
    void scheduler.request(`${API}a`);
    await vi.advanceTimersByTimeAsync(1_000);
    const late = track(scheduler.request(`${API}b`, { priority: 'high' }));
    const html = track(scheduler.request(`${HTML}2601.00001`));
    await vi.advanceTimersByTimeAsync(0);
    expect(html.result?.ok).toBe(true);
    expect(html.at).toBe(1_000);
    await vi.advanceTimersByTimeAsync(20_000);
    const apiStarts = net.calls.filter((c) => c.url.startsWith(API)).map((c) => [c.url.slice(API.length), c.at - T0]);
    // b (high priority) goes first once the 5 s back-off ends; a follows 3 s later.
    expect(apiStarts).toEqual([
      ['a', 0],
      ['b', 5_000],
      ['a', 8_000],
    ]);
    expect(late.result?.ok).toBe(true);
  });

  it('a Retry-After longer than we are willing to wait fails fast, for new requests too', async () => {
    const net = fakeNetwork(() => ({ init: { status: 429, headers: { 'Retry-After': '3600' } } }));
    const scheduler = make(net);
    const first = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.result).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 3_600_000 } });
    await vi.advanceTimersByTimeAsync(60_000);
    const later = await scheduler.request(`${API}b`);
    expect(later).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 3_540_000 } });
    expect(net.calls).toHaveLength(1);
  });

  it('a persisted back-off survives a restart through the store', async () => {
    const net = fakeNetwork(() => ({}));
    const kept = memoryStore({
      'export.arxiv.org': { lastStartMs: T0 - 60_000, backoffUntilMs: T0 + 7_000, backoffLevel: 2, inFlight: false },
      'arxiv.org': { lastStartMs: T0 - 60_000, backoffUntilMs: T0 - 1_000, backoffLevel: 0, inFlight: false }, // already over: ignored
    });
    const scheduler = make(net, { store: kept.store });
    void scheduler.request(`${API}a`);
    void scheduler.request(`${HTML}x`);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(Object.fromEntries(net.calls.map((c) => [c.url, c.at - T0]))).toEqual({ [`${API}a`]: 7_000, [`${HTML}x`]: 0 });
  });

  it('other statuses are not retried', async () => {
    const net = fakeNetwork(() => ({ body: 'Not Found', init: { status: 404, statusText: 'Not Found' } }));
    const scheduler = make(net);
    const result = await scheduler.request(`${HTML}2601.00001v1`);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'http', status: 404, message: 'HTTP 404 Not Found', body: 'Not Found', retryAfterMs: null },
    });
    expect(net.calls).toHaveLength(1);
  });
});

describe('timeouts and network failures', () => {
  it('times out after 20 s by default and frees the slot', async () => {
    const net = fakeNetwork((call) => (call.url.endsWith('stuck') ? undefined : {}));
    const scheduler = make(net);
    const stuck = track(scheduler.request(`${API}stuck`));
    const next = track(scheduler.request(`${API}next`));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(stuck.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    // The caller learns when asking again makes sense: the host is backed off one step (5 s).
    expect(stuck.result).toEqual({
      ok: false,
      error: { kind: 'timeout', message: 'no response within 20000 ms', timeoutMs: 20_000 },
      retryInMs: 5_000,
    });
    expect(net.calls[0]!.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(next.result?.ok).toBe(true);
    expect(net.starts()).toEqual([0, 25_000]);
  });

  it('a body that stalls also times out', async () => {
    const stalled = new Response(new ReadableStream({ start() {} }));
    const fetch = vi.fn(() => Promise.resolve(stalled)) as unknown as typeof globalThis.fetch;
    const scheduler = createScheduler({ timeoutMs: 1_000, deps: { fetch } });
    const result = track(scheduler.request(`${HTML}x`));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(result.result).toMatchObject({ ok: false, error: { kind: 'timeout', timeoutMs: 1_000 } });
  });

  it('network failure vs offline', async () => {
    const net = fakeNetwork((call) => {
      call.fail(new TypeError('Failed to fetch'));
      return undefined;
    });
    let online = true;
    const scheduler = make(net, { deps: { isOnline: () => online } });
    expect(await scheduler.request(`${HTML}a`)).toEqual({
      ok: false,
      error: { kind: 'network', message: 'network error: Failed to fetch' },
      retryInMs: 5_000,
    });
    online = false;
    const offline = track(scheduler.request(`${HTML}b`));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(offline.result).toEqual({ ok: false, error: { kind: 'offline', message: 'the browser is offline' } });
  });

  it('an unparsable URL is refused without a request', async () => {
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net);
    expect(await scheduler.request('not a url')).toMatchObject({ ok: false, error: { kind: 'invalid-url' } });
    expect(await scheduler.request('file:///etc/passwd')).toMatchObject({ ok: false, error: { kind: 'invalid-url' } });
    expect(net.calls).toHaveLength(0);
  });
});

describe('passing failures: growing, bounded, shared back-off', () => {
  it('timeouts in a row back the host off 5 s, 10 s, 20 s; each caller learns when to ask again; an answer resets it', async () => {
    let hang = 3;
    const net = fakeNetwork(() => (hang-- > 0 ? undefined : { body: 'feed' }));
    const scheduler = make(net, { timeoutMs: 1_000 });
    const waits: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const box = track(scheduler.request(`${API}a`));
      while (!box.result) await vi.advanceTimersByTimeAsync(100);
      const r = box.result;
      expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
      waits.push(r.ok ? undefined : r.retryInMs);
      // The caller (a card) asks again after retryInMs; nothing starts before the host is ready.
      await vi.advanceTimersByTimeAsync(r.ok ? 0 : r.retryInMs ?? 0);
    }
    expect(waits).toEqual([5_000, 10_000, 20_000]);
    const ok = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(0);
    expect(ok.result).toEqual({ ok: true, status: 200, text: 'feed' });
    // 1 s timeout + back-off between starts; never closer than the 3 s spacing.
    expect(net.starts()).toEqual([0, 6_000, 17_000, 38_000]);
    expect(scheduler.nextStartDelay('export.arxiv.org')).toBe(3_000);
  });

  it('the ladder is capped', async () => {
    const net = fakeNetwork((call) => {
      call.fail(new TypeError('Failed to fetch'));
      return undefined;
    });
    const scheduler = make(net, { backoffBaseMs: 1_000, backoffMaxMs: 4_000 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await scheduler.request(`${HTML}a`);
      waits.push(r.ok ? -1 : r.retryInMs ?? -1);
      await vi.advanceTimersByTimeAsync(waits.at(-1)!);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('a 5xx other than 503 is passing; a 404 is final', async () => {
    const net = fakeNetwork((_, i) => ({ init: { status: i === 0 ? 502 : 404 } }));
    const scheduler = make(net);
    expect(await scheduler.request(`${HTML}a`)).toMatchObject({ ok: false, error: { kind: 'http', status: 502 }, retryInMs: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    const notFound = await scheduler.request(`${HTML}a`);
    expect(notFound).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
    expect(notFound.ok === false && notFound.retryInMs).toBeUndefined();
  });

  it('a 2xx body the caller cannot use is a passing failure, and the host waits', async () => {
    const net = fakeNetwork((_, i) => ({ body: i === 0 ? '<feed><entry><summ' : '<feed/>' }));
    const scheduler = make(net);
    const check = (text: string) => (text.endsWith('/>') ? null : 'the feed was cut off');
    const first = await scheduler.request(`${API}a`, { check });
    expect(first).toEqual({ ok: false, error: { kind: 'bad-response', status: 200, message: 'the feed was cut off' }, retryInMs: 5_000 });
    const again = track(scheduler.request(`${API}a`, { check }));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(again.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(again.result).toEqual({ ok: true, status: 200, text: '<feed/>' });
  });
});

describe('pacing kept across restarts (store)', () => {
  it('each start is written before the request goes out', async () => {
    const kept = memoryStore();
    const seenAtFetch: (number | undefined)[] = [];
    const net = fakeNetwork(() => {
      seenAtFetch.push(kept.current['export.arxiv.org']?.lastStartMs);
      return {};
    });
    const scheduler = make(net, { store: kept.store });
    await scheduler.request(`${API}a`);
    expect(seenAtFetch).toEqual([T0]);
  });

  it('a restarted scheduler waits out the rest of the 3 s after the last start of the one before', async () => {
    const kept = memoryStore();
    const net = fakeNetwork(() => ({}));
    const before = make(net, { store: kept.store, spacingMarginMs: 25 });
    await before.request(`${API}a`);
    await vi.advanceTimersByTimeAsync(1_000); // the worker is stopped here
    const after = make(net, { store: kept.store, spacingMarginMs: 25 });
    const b = track(after.request(`${API}b`));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(b.result?.ok).toBe(true);
    // 3 s + the 25 ms margin, counted from the stamp plus the restart allowance (250 ms: the
    // stamp is written a moment before the request really starts).
    expect(net.starts()).toEqual([0, 3_275]);
  });

  it('a request in flight is marked before the fetch, and the mark goes in the same write as its outcome', async () => {
    const kept = memoryStore();
    const seenAtFetch: (boolean | undefined)[] = [];
    const net = fakeNetwork((_, i) => {
      seenAtFetch.push(kept.current['export.arxiv.org']?.inFlight);
      return i === 0 ? { init: { status: 503, headers: { 'Retry-After': '4' } } } : {};
    });
    const scheduler = make(net, { store: kept.store });
    const a = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(0);
    // The first write after the 503 already holds its Retry-After and no longer the mark.
    const afterAnswer = kept.saves.find((save) => save.hosts['export.arxiv.org']?.inFlight === false);
    expect(afterAnswer?.hosts['export.arxiv.org']).toMatchObject({ backoffUntilMs: T0 + 4_000, backoffLevel: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.result?.ok).toBe(true);
    expect(seenAtFetch).toEqual([true, true]);
    expect(kept.current['export.arxiv.org']).toMatchObject({ inFlight: false, backoffLevel: 0 });
  });

  it('a background stopped with a request in flight: the restarted one counts it as failed and waits a back-off step, not just 3 s', async () => {
    const kept = memoryStore();
    // The first answer never reaches the scheduler (in Firefox: the event page is suspended
    // with the fetch out, and a 503 with Retry-After: 4 is lost with it).
    const net = fakeNetwork((_, i) => (i === 0 ? undefined : i === 1 ? { init: { status: 503 } } : {}));
    // The stopped background writes nothing more (its own time-out would, in this test).
    let stopped = false;
    const before = make(net, { store: { load: kept.store.load, save: (hosts) => (stopped ? Promise.resolve() : kept.store.save(hosts)) } });
    void before.request(`${API}a`);
    await vi.advanceTimersByTimeAsync(1_000);
    stopped = true; // here, with the request still out
    expect(kept.current['export.arxiv.org']).toMatchObject({ lastStartMs: T0, inFlight: true });
    const after = make(net, { store: kept.store });
    const again = track(after.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(30_000);
    // 5 s from the restart (the latest the lost answer can have come), not 3.25 s from the start;
    // the lost attempt is one step on the ladder, so the 503 that follows waits 10 s.
    expect(net.starts()).toEqual([0, 6_000, 16_000]);
    expect(again.result?.ok).toBe(true);
    expect(kept.current['export.arxiv.org']).toMatchObject({ inFlight: false, backoffLevel: 0, backoffUntilMs: 0 });
  });

  it('a request left in flight long ago costs no wait: its answer cannot have come later than its time-out', async () => {
    const kept = memoryStore({ 'export.arxiv.org': { lastStartMs: T0 - 26_000, backoffUntilMs: 0, backoffLevel: 0, inFlight: true } });
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net, { store: kept.store });
    const r = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(0);
    // Timed out by T0 - 6 s at the latest, plus the 5 s step: over before the restart.
    expect(net.starts()).toEqual([0]);
    expect(r.result?.ok).toBe(true);
    // Within that bound it still waits: started 10 s ago, so answered by now, 5 s more.
    const recent = memoryStore({ 'export.arxiv.org': { lastStartMs: T0 - 10_000, backoffUntilMs: 0, backoffLevel: 1, inFlight: true } });
    const net2 = fakeNetwork(() => ({}));
    const scheduler2 = make(net2, { store: recent.store });
    void scheduler2.request(`${API}b`);
    await vi.advanceTimersByTimeAsync(20_000);
    // Level 1 before the lost attempt: the step is 10 s.
    expect(net2.calls.map((c) => c.at - T0)).toEqual([10_000]);
  });

  it('nothing starts before the store has been read', async () => {
    let release: (hosts: PersistedHosts) => void = () => undefined;
    const store: SchedulerStore = {
      load: () => new Promise((resolve) => (release = resolve)),
      save: async () => undefined,
    };
    const net = fakeNetwork(() => ({}));
    const scheduler = make(net, { store });
    const r = track(scheduler.request(`${API}a`));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(net.calls).toHaveLength(0);
    release({ 'export.arxiv.org': { lastStartMs: Date.now() - 1_000, backoffUntilMs: 0, backoffLevel: 0, inFlight: false } });
    // The rest of the 3 s after the stamp, plus the 250 ms restart allowance.
    await vi.advanceTimersByTimeAsync(2_249);
    expect(net.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.result?.ok).toBe(true);
  });

  it('an unreadable or junk store does not stall the hosts', async () => {
    const net = fakeNetwork(() => ({}));
    const broken: SchedulerStore = { load: () => Promise.reject(new Error('gone')), save: () => Promise.reject(new Error('full')) };
    expect((await make(net, { store: broken }).request(`${API}a`)).ok).toBe(true);
    const junk = memoryStore({ 'export.arxiv.org': { lastStartMs: Number.NaN, backoffUntilMs: Date.now() + 1e15, backoffLevel: -3, inFlight: false } } as PersistedHosts);
    const r = await make(net, { store: junk.store }).request(`${API}b`);
    // A back-off beyond what we are willing to wait fails fast with when to ask again.
    expect(r).toMatchObject({ ok: false, error: { kind: 'rate-limited' } });
    const future = memoryStore({ 'export.arxiv.org': { lastStartMs: Date.now() + 1e9, backoffUntilMs: 0, backoffLevel: 0, inFlight: false } });
    expect((await make(net, { store: future.store }).request(`${API}c`)).ok).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP-dates, rejects the rest', () => {
    expect(parseRetryAfter('120', T0)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', T0)).toBe(0);
    expect(parseRetryAfter(new Date(T0 + 30_000).toUTCString(), T0)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', T0)).toBe(0); // in the past
    for (const bad of [null, undefined, '', 'soon', '-5', '1.5', '12abc']) expect(parseRetryAfter(bad, T0), String(bad)).toBeNull();
  });
});
