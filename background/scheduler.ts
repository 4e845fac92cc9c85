/**
 * The polite request queue. One instance lives in the background service worker and every
 * tab's requests go through it, so arXiv sees one well-behaved client per browser.
 *
 * Per host it enforces a concurrency limit and a minimum gap between request starts — for a
 * single-connection host, from the end of the previous request (arXiv's API terms: "no more
 * than one request every three seconds", single connection,
 * https://info.arxiv.org/help/api/tou.html), orders work by priority then arrival, shares one
 * fetch between identical requests, drops queued work nobody waits for any more, and backs
 * off the whole host on 429/503 (honouring `Retry-After`).
 *
 * Any other passing failure (no answer in time, a network error, a 5xx, a 2xx body the caller
 * cannot use) also backs the whole host off, one growing, bounded step per failure in a row
 * (5 s, 10 s, 20 s ... 5 min; any usable answer resets it), and is handed back with
 * `retryInMs`: the callers (cards) ask again then, so one ladder serves every tab.
 *
 * With a `store`, each host's last request start and back-off are written before the request
 * goes out and read before the first one: a restarted service worker (or a Firefox event page
 * woken again) waits out the rest of the 3 s and of any back-off. A host whose request was still
 * in flight when the background stopped counts that attempt as failed: its answer (perhaps a 503
 * with a Retry-After) was lost with the background, so the next request waits one back-off step
 * rather than only the spacing.
 *
 * It never throws and never rejects: every caller gets an `HttpResult`.
 */
import { defaultHttpDeps, fetchText, type HttpDeps, type HttpError, type HttpResult } from './http';


/** Limits for one host. */
export interface HostPolicy {
  /** Requests in flight at once. */
  maxConcurrent: number;
  /** Minimum time between the starts of two requests (retries included). */
  minIntervalMs: number;
}

/** Higher runs first; equal priorities run in arrival order. On-screen cards ask for `high`. */
export type RequestPriority = 'high' | 'normal' | 'low';

/** How much later than its persisted stamp a request may really have started (see load). */
const RESTART_ALLOWANCE_MS = 250;

const PRIORITY_RANK: Record<RequestPriority, number> = { high: 2, normal: 1, low: 0 };

/**
 * arXiv's published limits: the export API at most one request every 3 s on one connection
 * (https://info.arxiv.org/help/api/tou.html); arxiv.org pages gently, two at a time.
 */
export const DEFAULT_POLICIES: Readonly<Record<string, HostPolicy>> = {
  'export.arxiv.org': { maxConcurrent: 1, minIntervalMs: 3_000 },
  'arxiv.org': { maxConcurrent: 2, minIntervalMs: 1_000 },
};

export interface SchedulerOptions {
  /** Policies by host name (`URL.host`); merged over DEFAULT_POLICIES. */
  policies?: Record<string, HostPolicy>;
  /** For hosts without a policy: cautious, since we do not know their rules. */
  defaultPolicy?: HostPolicy;
  /** Per attempt, headers and body together. */
  timeoutMs?: number;
  /** How many times one request is re-sent after 429/503 before it fails as `rate-limited`. */
  maxRetries?: number;
  /** First exponential back-off step when the server gives no usable `Retry-After`. */
  backoffBaseMs?: number;
  /** Cap of the exponential back-off. */
  backoffMaxMs?: number;
  /**
   * A request is not kept waiting longer than this for a host's back-off (e.g. `Retry-After: 3600`);
   * it fails as `rate-limited` with the remaining wait instead, and the UI can offer a retry.
   */
  maxBackoffWaitMs?: number;
  /**
   * Added to every host's minimum spacing (default 25 ms): timers, clocks and the network
   * stack each add a few ms of jitter, and the rule ("at least 3 s apart") must hold as the
   * server sees it, not only by our clock (measured 2,990-2,999 ms apart on the wire without).
   */
  spacingMarginMs?: number;
  /** Where the hosts' pacing state outlives the worker (see PersistedHosts). */
  store?: SchedulerStore;
  /** Network and clock; defaults are the browser's. */
  deps?: Partial<HttpDeps>;
}

/** What a restarted worker needs to stay polite: per host, ms since the epoch. */
export interface PersistedHost {
  lastStartMs: number;
  backoffUntilMs: number;
  backoffLevel: number;
  /**
   * A request to the host was out when this was written. Set before the fetch and cleared in the
   * same write that records its outcome, so finding it on start means the outcome was lost.
   */
  inFlight: boolean;
}
export type PersistedHosts = Record<string, PersistedHost>;

export interface SchedulerStore {
  load(): Promise<PersistedHosts>;
  save(hosts: PersistedHosts): Promise<void>;
}

export interface RequestOptions {
  priority?: RequestPriority;
  /**
   * Whether a 2xx body is usable: null if so, else why not. An unusable body is a passing
   * failure like a timeout (`bad-response`, host backed off, `retryInMs`). Requests shared
   * between callers use the first caller's check.
   */
  check?: (text: string) => string | null;
  /** Aborting withdraws this caller; the request itself is dropped once nobody waits for it. */
  signal?: AbortSignal;
}

export interface Scheduler {
  /** Queue a GET of `url`; resolves (never rejects) when it finishes, fails, or this caller aborts. */
  request(url: string, options?: RequestOptions): Promise<HttpResult>;
  /**
   * Milliseconds until a new request to `host` could start (spacing and back-off; 0 = now).
   * Lets a caller that batches (the metadata service) form its batch only when it can be sent,
   * so ids arriving meanwhile ride along instead of waiting for a further request.
   */
  nextStartDelay(host: string): number;
}

interface Caller {
  resolve: (result: HttpResult) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Job {
  url: string;
  host: string;
  rank: number;
  /** Arrival order; kept across retries so a retried request keeps its place in line. */
  seq: number;
  callers: Set<Caller>;
  state: 'queued' | 'running';
  /** Attempts sent so far. */
  attempts: number;
  /** Aborts the attempt in flight when the last caller leaves. */
  controller: AbortController | null;
  check: ((text: string) => string | null) | undefined;
}

interface HostState {
  policy: HostPolicy;
  queue: Job[];
  running: number;
  lastStartMs: number;
  backoffUntilMs: number;
  /** Passing failures in a row (429/503, timeouts, 5xx, bad bodies); drives the exponential step. */
  backoffLevel: number;
  timer: unknown;
}

const DEFAULTS = {
  defaultPolicy: { maxConcurrent: 1, minIntervalMs: 1_000 } satisfies HostPolicy,
  timeoutMs: 20_000,
  maxRetries: 4,
  backoffBaseMs: 5_000,
  backoffMaxMs: 5 * 60_000,
  maxBackoffWaitMs: 5 * 60_000,
  spacingMarginMs: 25,
};


/** Statuses that mean "slow down" rather than "this request is wrong". */
function isThrottleStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** Failures that say nothing against the request itself: asking again later may work. */
function isPassing(error: HttpError): boolean {
  switch (error.kind) {
    case 'timeout':
    case 'network':
    case 'bad-response':
    case 'rate-limited':
      return true;
    case 'http':
      return error.status >= 500 || error.status === 408 || error.status === 429;
    default:
      return false;
  }
}

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const deps: HttpDeps = { ...defaultHttpDeps(), ...options.deps };
  const policies: Record<string, HostPolicy> = { ...DEFAULT_POLICIES, ...options.policies };
  const defaultPolicy = options.defaultPolicy ?? DEFAULTS.defaultPolicy;
  const spacingMarginMs = options.spacingMarginMs ?? DEFAULTS.spacingMarginMs;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxRetries = options.maxRetries ?? DEFAULTS.maxRetries;
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULTS.backoffBaseMs;
  const backoffMaxMs = options.backoffMaxMs ?? DEFAULTS.backoffMaxMs;
  const maxBackoffWaitMs = options.maxBackoffWaitMs ?? DEFAULTS.maxBackoffWaitMs;

  const hosts = new Map<string, HostState>();
  /** Queued or running jobs by URL: the de-duplication table. */
  const jobs = new Map<string, Job>();
  let nextSeq = 0;

  function hostState(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      const policy = policies[host] ?? defaultPolicy;
      state = {
        // A zero or negative limit would stall the host forever; treat it as 1.
        policy: { maxConcurrent: Math.max(1, Math.floor(policy.maxConcurrent)), minIntervalMs: Math.max(0, policy.minIntervalMs) },
        queue: [],
        running: 0,
        lastStartMs: Number.NEGATIVE_INFINITY,
        backoffUntilMs: 0,
        backoffLevel: 0,
        timer: null,
      };
      hosts.set(host, state);
    }
    return state;
  }

  function setBackoff(state: HostState, untilMs: number): void {
    state.backoffUntilMs = untilMs;
  }

  const store = options.store;
  /** Nothing starts before the persisted state is read (a restarted worker's first request). */
  let loaded = store === undefined;
  let saving: Promise<void> = Promise.resolve();

  /** Write every host's pacing state; writes are chained, so the last one wins. */
  function persist(): Promise<void> {
    if (!store) return Promise.resolve();
    const snapshot: PersistedHosts = {};
    for (const [host, state] of hosts) {
      if (state.lastStartMs === Number.NEGATIVE_INFINITY && state.backoffUntilMs === 0) continue;
      snapshot[host] = {
        lastStartMs: Number.isFinite(state.lastStartMs) ? state.lastStartMs : 0,
        backoffUntilMs: state.backoffUntilMs,
        backoffLevel: state.backoffLevel,
        inFlight: state.running > 0,
      };
    }
    saving = saving.then(() => store.save(snapshot)).catch((error: unknown) => {
      console.warn('[arXiv Pith] could not keep the request pacing:', error);
    });
    return saving;
  }

  if (store) {
    void store
      .load()
      .catch(() => ({}) as PersistedHosts)
      .then((saved) => {
        const now = deps.now();
        for (const [host, entry] of Object.entries(saved ?? {})) {
          if (!entry || typeof entry !== 'object') continue;
          const state = hostState(host);
          const { lastStartMs, backoffUntilMs, backoffLevel, inFlight } = entry;
          // A clock that went backwards (or junk) must not stall a host: only the past counts.
          // The stamp is written just before the request goes out, and the write itself takes
          // tens of ms (a worker stopped mid-request measured 2,952 ms to its next request):
          // after a restart, count from a little later than the stamp.
          if (Number.isFinite(lastStartMs) && lastStartMs <= now) {
            state.lastStartMs = Math.max(state.lastStartMs, lastStartMs + RESTART_ALLOWANCE_MS);
          }
          if (Number.isFinite(backoffUntilMs) && backoffUntilMs > now) state.backoffUntilMs = Math.max(state.backoffUntilMs, backoffUntilMs);
          if (Number.isInteger(backoffLevel) && backoffLevel > 0) state.backoffLevel = Math.min(Math.max(state.backoffLevel, backoffLevel), 30);
          if (inFlight === true && Number.isFinite(lastStartMs) && lastStartMs <= now) lostAttempt(state, lastStartMs, now);
        }
      })
      .finally(() => {
        loaded = true;
        for (const host of hosts.keys()) pump(host);
      });
  }

  /**
   * The background stopped with a request out (a Firefox event page is suspended when idle even
   * with a fetch pending): whatever answered it, perhaps a 503 whose Retry-After we never read,
   * is lost. Count it as a failed attempt: one step up the ladder, counted from the latest moment
   * that answer can have come (the attempt times out after `timeoutMs`, and nothing came after
   * the background stopped, which was before `now`). Long enough ago, nothing is left to wait.
   */
  function lostAttempt(state: HostState, startedMs: number, now: number): void {
    const answeredBy = Math.min(now, startedMs + timeoutMs);
    const until = answeredBy + ladderStep(state);
    state.backoffLevel = Math.min(state.backoffLevel + 1, 30);
    if (until > now && until > state.backoffUntilMs) setBackoff(state, until);
  }

  /** Hand the result to every caller still waiting and forget the job. */
  function settle(job: Job, result: HttpResult): void {
    if (jobs.get(job.url) === job) jobs.delete(job.url);
    for (const caller of job.callers) {
      if (caller.onAbort) caller.signal?.removeEventListener('abort', caller.onAbort);
      caller.resolve(result);
    }
    job.callers.clear();
  }

  function removeFromQueue(state: HostState, job: Job): void {
    const index = state.queue.indexOf(job);
    if (index >= 0) state.queue.splice(index, 1);
  }

  /** Highest rank first, then earliest arrival. Queues are small (one listing), so a scan is fine. */
  function takeNext(state: HostState): Job | undefined {
    let best: Job | undefined;
    for (const job of state.queue) {
      if (!best || job.rank > best.rank || (job.rank === best.rank && job.seq < best.seq)) best = job;
    }
    if (best) removeFromQueue(state, best);
    return best;
  }

  /** Start whatever the host's limits allow now, and arm one timer for the next opening. */
  function pump(host: string): void {
    const state = hostState(host);
    if (state.timer !== null) {
      deps.clearTimer(state.timer);
      state.timer = null;
    }
    if (!loaded) return;
    while (state.queue.length > 0 && state.running < state.policy.maxConcurrent) {
      const now = deps.now();
      const backoffLeft = state.backoffUntilMs - now;
      if (backoffLeft > maxBackoffWaitMs) {
        // Waiting this long would leave cards spinning; fail now and let the UI offer a retry.
        for (const job of state.queue.splice(0)) {
          settle(job, {
            ok: false,
            error: {
              kind: 'rate-limited',
              status: null,
              message: `${host} asked us to wait ${Math.ceil(backoffLeft / 1000)} s`,
              retryAfterMs: backoffLeft,
            },
            retryInMs: backoffLeft,
          });
        }
        return;
      }
      const readyAt = Math.max(
        state.lastStartMs + state.policy.minIntervalMs + spacingMarginMs,
        state.backoffUntilMs,
      );
      if (now < readyAt) {
        state.timer = deps.setTimer(() => {
          state.timer = null;
          pump(host);
        }, readyAt - now);
        return;
      }
      const job = takeNext(state);
      if (!job) return;
      void run(state, job);
    }
  }

  async function run(state: HostState, job: Job): Promise<void> {
    job.state = 'running';
    job.attempts += 1;
    job.controller = new AbortController();
    const { signal } = job.controller;
    state.running += 1;
    state.lastStartMs = deps.now();
    let result: HttpResult;
    try {
      // Written before the request goes out: a worker stopped a moment later still knows.
      await persist();
      if (signal.aborted) {
        result = { ok: false, error: { kind: 'aborted', message: 'request cancelled' } };
      } else {
        // The write above takes tens of ms: spacing counts from the moment the request really
        // starts, else the next one goes out that much early (measured 2,951 ms apart).
        state.lastStartMs = deps.now();
        const answer = fetchText(job.url, { timeoutMs, signal }, deps);
        void persist();
        result = await answer;
      }
    } catch (error) {
      // fetchText never throws; this guards the invariant that a slot is always released.
      result = { ok: false, error: { kind: 'network', message: String(error) } };
    }
    if (result.ok && job.check) {
      const problem = job.check(result.text);
      if (problem !== null) result = { ok: false, error: { kind: 'bad-response', status: result.status, message: problem } };
    }
    state.running -= 1;
    job.controller = null;
    if (state.policy.maxConcurrent === 1) {
      // A single-connection host (the export API) counts its spacing from the end of the
      // previous request: the server sees a request when it arrives, and the first one of a
      // connection arrives only after CONNECT and TLS (under load it reached the stand-in
      // 2,527 ms before the next one although they started 3 s apart). Its answer comes later
      // still, so "3 s after the answer" is "at least 3 s apart" as the server counts.
      state.lastStartMs = Math.max(state.lastStartMs, deps.now());
    }

    if (job.callers.size === 0) {
      // Everyone left while it was in flight; nobody to tell.
      if (jobs.get(job.url) === job) jobs.delete(job.url);
    } else if (!result.ok && result.error.kind === 'http' && isThrottleStatus(result.error.status)) {
      handleThrottle(state, job, result.error);
    } else if (!result.ok && isPassing(result.error)) {
      // No answer, a server error, a body we cannot use: the host waits one step longer each
      // time, and every caller learns when asking again makes sense.
      const waitMs = backOff(state, result.error.kind === 'http' ? result.error.retryAfterMs : null);
      settle(job, { ...result, retryInMs: waitMs });
    } else {
      // Any usable answer ends the back-off ladder; 'offline' says nothing about the server.
      const answered = result.ok || result.error.kind === 'http';
      if (answered && (state.backoffLevel > 0 || state.backoffUntilMs > 0)) {
        state.backoffLevel = 0;
        if (state.backoffUntilMs <= deps.now()) setBackoff(state, 0);
      }
      settle(job, result);
    }
    // One write records the outcome (back-off, reset, end-based spacing) and clears `inFlight`
    // together: a background stopped between two writes would otherwise keep neither the
    // Retry-After nor the sign that an answer was lost.
    void persist();
    pump(job.host);
  }

  /** One more step on the host's ladder (or the server's own Retry-After); returns the wait. */
  function backOff(state: HostState, retryAfterMs: number | null): number {
    const waitMs = retryAfterMs ?? ladderStep(state);
    state.backoffLevel += 1;
    // Back off the whole host: every queued request waits, not just this one.
    const until = deps.now() + waitMs;
    if (until > state.backoffUntilMs) setBackoff(state, until);
    return Math.max(0, state.backoffUntilMs - deps.now());
  }

  /** The exponential step for the host's next failure in a row (5 s, 10 s, 20 s ... capped). */
  function ladderStep(state: HostState): number {
    return Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.min(state.backoffLevel, 30));
  }

  function handleThrottle(state: HostState, job: Job, error: Extract<HttpError, { kind: 'http' }>): void {
    const waitMs = backOff(state, error.retryAfterMs);
    if (job.attempts > maxRetries) {
      settle(job, {
        ok: false,
        error: {
          kind: 'rate-limited',
          status: error.status,
          message: `${job.host} answered ${error.status} ${job.attempts} times; giving up for now`,
          retryAfterMs: waitMs,
        },
        retryInMs: waitMs,
      });
      return;
    }
    job.state = 'queued';
    state.queue.push(job);
  }

  function request(url: string, requestOptions: RequestOptions = {}): Promise<HttpResult> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return Promise.resolve({ ok: false, error: { kind: 'invalid-url', message: `not a URL: ${url.slice(0, 200)}` } });
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      return Promise.resolve({ ok: false, error: { kind: 'invalid-url', message: `unsupported protocol ${parsed.protocol}` } });
    }
    const { signal } = requestOptions;
    if (signal?.aborted) {
      return Promise.resolve({ ok: false, error: { kind: 'aborted', message: 'request cancelled before it was queued' } });
    }
    const key = parsed.href;
    const rank = PRIORITY_RANK[requestOptions.priority ?? 'normal'];

    return new Promise<HttpResult>((resolve) => {
      let job = jobs.get(key);
      if (job) {
        // Shared request: the most urgent caller decides its place in line.
        job.rank = Math.max(job.rank, rank);
      } else {
        job = {
          url: key,
          host: parsed.host,
          rank,
          seq: nextSeq++,
          callers: new Set(),
          state: 'queued',
          attempts: 0,
          controller: null,
          check: requestOptions.check,
        };
        jobs.set(key, job);
        hostState(job.host).queue.push(job);
      }
      const theJob = job;
      const caller: Caller = { resolve, signal, onAbort: undefined };
      if (signal) {
        caller.onAbort = () => withdraw(theJob, caller);
        signal.addEventListener('abort', caller.onAbort, { once: true });
      }
      theJob.callers.add(caller);
      pump(theJob.host);
    });
  }

  /** One caller gives up: answer it at once; drop the job if it was the last one. */
  function withdraw(job: Job, caller: Caller): void {
    if (!job.callers.delete(caller)) return;
    caller.resolve({ ok: false, error: { kind: 'aborted', message: 'request cancelled' } });
    if (job.callers.size > 0) return;
    if (jobs.get(job.url) === job) jobs.delete(job.url);
    if (job.state === 'queued') {
      const state = hostState(job.host);
      removeFromQueue(state, job);
      pump(job.host);
    } else {
      job.controller?.abort();
    }
  }

  return {
    request,
    nextStartDelay(host) {
      const state = hosts.get(host);
      if (!state) return 0;
      const readyAt = Math.max(state.lastStartMs + state.policy.minIntervalMs + spacingMarginMs, state.backoffUntilMs);
      return Math.max(0, readyAt - deps.now());
    },
  };
}
