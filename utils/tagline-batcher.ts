/**
 * Gathers endpoint tagline requests into batches: cards ask one at a time, the endpoint gets
 * one request for up to ENDPOINT_BATCH_MAX abstracts (the same prompt, the papers numbered).
 * One batch is in flight at a time, so a long listing never floods a local model server;
 * requests arriving meanwhile form the next batch.
 */
import type { TaglineInput } from './tagline';
import { ENDPOINT_BATCH_MAX, type EndpointSettings, type TaglineResult } from './tagline-engines';

export type BatchRunner = (inputs: TaglineInput[], settings: EndpointSettings) => Promise<TaglineResult[]>;

interface Pending {
  input: TaglineInput;
  settings: EndpointSettings;
  resolve: (r: TaglineResult) => void;
  reject: (e: unknown) => void;
}

export interface TaglineBatcher {
  get(input: TaglineInput, settings: EndpointSettings): Promise<TaglineResult>;
}

/**
 * `run` does one request (generateEndpointTaglines); `waitMs` is how long the first request of
 * a batch waits for company (cards on screen ask within a few milliseconds of each other).
 */
export function createTaglineBatcher(run: BatchRunner, waitMs = 25, max = ENDPOINT_BATCH_MAX): TaglineBatcher {
  const queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;

  const schedule = (): void => {
    if (inFlight || timer !== null || queue.length === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, queue.length >= max ? 0 : waitMs);
  };

  const flush = async (): Promise<void> => {
    if (inFlight || queue.length === 0) return;
    // One batch shares one endpoint and key: requests made under other settings wait their turn.
    const first = queue[0]!.settings;
    const batch: Pending[] = [];
    for (let i = 0; i < queue.length && batch.length < max; ) {
      if (sameSettings(queue[i]!.settings, first)) batch.push(...queue.splice(i, 1));
      else i += 1;
    }
    inFlight = true;
    try {
      const results = await run(batch.map((p) => p.input), first);
      batch.forEach((p, i) => {
        const r = results[i];
        if (r) p.resolve(r);
        else p.reject(new Error('endpoint: no result'));
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      inFlight = false;
      schedule();
    }
  };

  return {
    get(input, settings) {
      return new Promise<TaglineResult>((resolve, reject) => {
        queue.push({ input, settings, resolve, reject });
        if (queue.length >= max && timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
        schedule();
      });
    },
  };
}

function sameSettings(a: EndpointSettings, b: EndpointSettings): boolean {
  return a.baseUrl === b.baseUrl && a.model === b.model && (a.apiKey ?? null) === (b.apiKey ?? null);
}
