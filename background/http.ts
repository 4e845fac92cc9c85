/**
 * One HTTP GET attempt with a timeout, turned into a typed outcome that never throws.
 *
 * The scheduler (utils/scheduler.ts) decides *when* and *whether again* to send a
 * request; this file only knows how to send it once and how to name what went wrong.
 * Everything time- or network-related is injected so tests run on fake timers.
 */

/** Why a request did not produce a usable response. One `kind` per cause, so callers can `switch`. */
export type HttpError =
  /** The server answered with a non-2xx status (other than an exhausted 429/503, see `rate-limited`). */
  | { kind: 'http'; status: number; message: string; body: string; retryAfterMs: number | null }
  /** 429/503 kept coming back until the retry budget ran out, or the host's back-off is too long to wait. */
  | { kind: 'rate-limited'; status: number | null; message: string; retryAfterMs: number }
  /** No complete response within the time limit (headers and body both count). */
  | { kind: 'timeout'; message: string; timeoutMs: number }
  /** `fetch` rejected while the browser says it is offline. */
  | { kind: 'offline'; message: string }
  /** `fetch` rejected for any other reason (DNS, TLS, CORS, connection reset ...). */
  | { kind: 'network'; message: string }
  /** A 2xx answer whose body the caller cannot use (a truncated feed, an HTML error page, nothing). */
  | { kind: 'bad-response'; status: number; message: string }
  /** Every caller withdrew (AbortSignal) before a response arrived. */
  | { kind: 'aborted'; message: string }
  /** The URL could not even be parsed; nothing was sent. */
  | { kind: 'invalid-url'; message: string };

/** A finished request: the body text of a 2xx response, or a typed error. */
export type HttpResult =
  /**
   * `url`: set only when the body came from another URL than the one asked for (redirects);
   * relative links in the body resolve against it.
   */
  | { ok: true; status: number; text: string; url?: string }
  /**
   * `retryInMs`: set when the failure is passing (no answer, a bad answer, a server error, a
   * throttle): the host takes requests again in this long, so asking again then is polite and
   * may succeed. Absent when asking again would not help (404, invalid URL, cancelled, offline).
   */
  | { ok: false; error: HttpError; retryInMs?: number };

/** Timer and network primitives; defaults use the globals at call time (so vitest fake timers apply). */
export interface HttpDeps {
  fetch: typeof fetch;
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** `false` means the browser knows it is offline; `undefined` means it cannot tell. */
  isOnline: () => boolean | undefined;
}

/** Defaults bound lazily: `vi.useFakeTimers()` replaces the globals after this module loads. */
export function defaultHttpDeps(): HttpDeps {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
    setTimer: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimer: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    isOnline: () => (typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean' ? navigator.onLine : undefined),
  };
}

/**
 * `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Returns the wait in ms from `nowMs` (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse accepts the IMF-fixdate form servers send ("Wed, 21 Oct 2015 07:28:00 GMT").
  // Require a letter so a bare number like "-5" or "1.5" is not read as a year.
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Sends one GET and reads the whole body as text, under one timeout for both.
 * `signal` lets the owner withdraw the request; that yields `aborted`, not `network`.
 * Never throws.
 */
export async function fetchText(
  url: string,
  options: { timeoutMs: number; signal?: AbortSignal },
  deps: HttpDeps,
): Promise<HttpResult> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted) return { ok: false, error: { kind: 'aborted', message: 'request cancelled before it was sent' } };

  const controller = new AbortController();
  let timedOut = false;
  const timer = deps.setTimer(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // Race every await against the abort, so a fetch (or a stalled body) that ignores its
  // signal still ends at the deadline instead of holding a scheduler slot forever.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
  });
  aborted.catch(() => undefined); // the race below observes it; never an unhandled rejection

  try {
    // Cookies are not needed for public arXiv data; omitting them keeps the user's session out of it.
    const response = await Promise.race([deps.fetch(url, { signal: controller.signal, credentials: 'omit' }), aborted]);
    const text = await Promise.race([response.text(), aborted]);
    if (response.ok) {
      const redirected = response.url !== '' && response.url !== url;
      return redirected ? { ok: true, status: response.status, text, url: response.url } : { ok: true, status: response.status, text };
    }
    return {
      ok: false,
      error: {
        kind: 'http',
        status: response.status,
        message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        body: text,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), deps.now()),
      },
    };
  } catch (error) {
    if (timedOut) {
      return { ok: false, error: { kind: 'timeout', message: `no response within ${timeoutMs} ms`, timeoutMs } };
    }
    if (signal?.aborted) return { ok: false, error: { kind: 'aborted', message: 'request cancelled' } };
    if (deps.isOnline() === false) return { ok: false, error: { kind: 'offline', message: 'the browser is offline' } };
    return { ok: false, error: { kind: 'network', message: `network error: ${describe(error)}` } };
  } finally {
    deps.clearTimer(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
