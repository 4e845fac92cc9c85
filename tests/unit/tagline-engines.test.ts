// @vitest-environment node
// Node's own fetch talks to a real HTTP server on 127.0.0.1; happy-dom's fetch would apply
// browser CORS rules that an extension's background does not have.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractTagline } from '../../utils/tagline';
import {
  downloadLanguageModel,
  generateTagline,
  languageModelAvailability,
  TAGLINE_SCHEMA,
  type LanguageModelCreateOptions,
  type LanguageModelFactory,
  parseTaglineJson,
  type SummarizerAvailability,
  type SummarizerCreateOptions,
  type SummarizerFactory,
} from '../../utils/tagline-engines';

const paper = {
  title: 'Sharp pressure estimates for the Navier-Stokes system in thin porous media',
  abstract:
    'In previous studies, the Reynolds number is considered to be of order one. We prove that, for each regime, ' +
    'there exists a critical Reynolds number $Re_c$ such that the lower-dimensional Darcy law is still valid for ' +
    'every Reynolds number of order smaller than $Re_c$. Above $Re_c$ the inertial term must be kept.',
};
const extractive = extractTagline(paper);

interface Seen {
  method: string | undefined;
  url: string | undefined;
  auth: string | undefined;
  body: unknown;
}

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl = '';
let behaviour: Behaviour = () => undefined;
let seen: Seen[] = [];

function chat(content: string): string {
  return JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(data);
      } catch {
        body = data;
      }
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      behaviour(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
});

const endpoint = (apiKey: string | null = 'sk-test') => ({ id: 'endpoint' as const, endpoint: { baseUrl: `${baseUrl}/`, model: 'llama3', apiKey } });

describe('endpoint engine (real HTTP server on 127.0.0.1)', () => {
  it('uses the model headline and qualifier on success and sends a proper chat request', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(chat('```json\n{"headline": "Darcy\'s law in thin porous media holds up to a critical Reynolds number", "qualifier": "above it inertia matters"}\n```'));
    };
    const r = await generateTagline(paper, endpoint(), { fetch, timeoutMs: 2000 });
    expect(r).toEqual({
      engine: 'endpoint',
      source: 'endpoint',
      tagline: { headline: "Darcy's law in thin porous media holds up to a critical Reynolds number", qualifier: 'above it inertia matters' },
    });
    expect(seen).toHaveLength(1);
    const req = seen[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.auth).toBe('Bearer sk-test');
    const body = req?.body as { model: string; messages: Array<{ role: string; content: string }> };
    expect(body.model).toBe('llama3');
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[1]?.content).toContain('critical Reynolds number');
  });

  it('sends no Authorization header without a key', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(chat('{"headline": "Darcy\'s law in thin porous media holds up to a critical Reynolds number", "qualifier": null}'));
    };
    const r = await generateTagline(paper, endpoint(null), { fetch, timeoutMs: 2000 });
    expect(r.engine).toBe('endpoint');
    expect(r.tagline.qualifier).toBeNull();
    expect(seen[0]?.auth).toBeUndefined();
  });

  it('falls back with "endpoint: HTTP 401" on a rejected key', async () => {
    behaviour = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"Incorrect API key"}}');
    };
    const r = await generateTagline(paper, endpoint('bad'), { fetch, timeoutMs: 2000 });
    expect(r).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive, fallbackReason: 'endpoint: HTTP 401' });
  });

  it('falls back with "endpoint: timed out" when the server does not answer in time', async () => {
    behaviour = () => undefined; // never responds
    const t0 = Date.now();
    const r = await generateTagline(paper, endpoint(), { fetch, timeoutMs: 300 });
    expect(r).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive, fallbackReason: 'endpoint: timed out' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('falls back on garbage: a non-JSON body, a chat reply without JSON, missing fields, too long', async () => {
    const cases: Array<[string, string]> = [
      ['<html>502 Bad Gateway</html>', 'endpoint: reply is not a chat completion'],
      [chat('Sure! Here is a headline: Darcy law holds.'), 'endpoint: reply is not the requested JSON'],
      [chat('{"headline": '), 'endpoint: reply is not the requested JSON'],
      [chat('{"title": "x"}'), 'endpoint: reply is not the requested JSON'],
      [chat(JSON.stringify({ headline: 'A'.repeat(200), qualifier: null })), 'endpoint: headline too long (200 chars)'],
      [chat(JSON.stringify({ headline: 'We prove that Darcy law holds below a critical Reynolds number', qualifier: null })), 'endpoint: headline breaks rule no-we, no-lead-in'],
      [JSON.stringify({ choices: [] }), 'endpoint: reply is not a chat completion'],
    ];
    for (const [payload, reason] of cases) {
      behaviour = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(payload);
      };
      const r = await generateTagline(paper, endpoint(), { fetch, timeoutMs: 2000 });
      expect(r).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive, fallbackReason: reason });
    }
  });

  it('falls back without a request when the base URL or fetch is missing, or the port is closed', async () => {
    const noUrl = await generateTagline(paper, { id: 'endpoint', endpoint: { baseUrl: 'not a url', model: 'm' } }, { fetch });
    expect(noUrl.fallbackReason).toBe('endpoint: no valid base URL set');
    const noFetch = await generateTagline(paper, endpoint(), {});
    expect(noFetch.fallbackReason).toBe('endpoint: no network access');
    const closed = await generateTagline(paper, { id: 'endpoint', endpoint: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' } }, { fetch, timeoutMs: 2000 });
    expect(closed.engine).toBe('extractive');
    expect(closed.fallbackReason).toMatch(/^endpoint: network error/);
    expect(seen).toHaveLength(0);
  });
});

class FakeSummarizer implements SummarizerFactory {
  calls: SummarizerCreateOptions[] = [];
  summarized: Array<{ text: string; context: string | undefined }> = [];
  destroyed = 0;
  constructor(
    private readonly state: SummarizerAvailability,
    private readonly reply: string | (() => Promise<string>),
  ) {}
  async availability(options?: SummarizerCreateOptions): Promise<SummarizerAvailability> {
    if (options) this.calls.push(options);
    return this.state;
  }
  async create(options: SummarizerCreateOptions) {
    this.calls.push(options);
    return {
      summarize: async (text: string, o?: { context?: string }) => {
        this.summarized.push({ text, context: o?.context });
        return typeof this.reply === 'string' ? this.reply : this.reply();
      },
      destroy: () => {
        this.destroyed += 1;
      },
    };
  }
}

describe('on-device engine (fake Summarizer API)', () => {
  it('uses the headline summary, with the extractive qualifier', async () => {
    const fake = new FakeSummarizer('available', '"Darcy\'s law holds in thin porous media up to a critical Reynolds number."\n');
    const r = await generateTagline(paper, { id: 'on-device' }, { summarizer: fake });
    expect(r).toEqual({
      engine: 'on-device',
      source: 'summarizer',
      tagline: { headline: "Darcy's law holds in thin porous media up to a critical Reynolds number", qualifier: extractive.qualifier },
    });
    expect(fake.calls.map((c) => [c.type, c.format, c.length])).toEqual([
      ['headline', 'plain-text', 'short'],
      ['headline', 'plain-text', 'short'],
    ]);
    expect(fake.summarized[0]?.text).toContain('critical Reynolds number');
    expect(fake.summarized[0]?.context).toContain(paper.title);
    expect(fake.destroyed).toBe(1);
  });

  it('falls back when the API is missing, unavailable, not downloaded, failing, slow or unusable', async () => {
    const cases: Array<[SummarizerFactory | null, string]> = [
      [null, 'on-device model unavailable in this browser'],
      [new FakeSummarizer('unavailable', 'x'), 'on-device model unavailable'],
      [new FakeSummarizer('downloadable', 'x'), 'on-device model not downloaded yet'],
      [new FakeSummarizer('available', () => Promise.reject(new Error('NotReadableError: model crashed'))), 'on-device model: NotReadableError: model crashed'],
      [new FakeSummarizer('available', () => new Promise<string>(() => undefined)), 'on-device model: timed out'],
      [new FakeSummarizer('available', 'We show that a law holds'), 'on-device model: headline breaks rule no-we, no-lead-in'],
      [new FakeSummarizer('available', ''), 'on-device model: empty headline'],
    ];
    for (const [fake, reason] of cases) {
      const r = await generateTagline(paper, { id: 'on-device' }, { summarizer: fake, timeoutMs: 200 });
      expect(r).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive, fallbackReason: reason });
    }
  });
});

describe('extractive engine and parsing', () => {
  it('extractive config returns the extractive tagline without a reason', async () => {
    expect(await generateTagline(paper, { id: 'extractive' })).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive });
  });

  it('parseTaglineJson finds the object inside prose and fences, rejects junk', () => {
    expect(parseTaglineJson('Here: {"headline":"A {b} c","qualifier":"q"} done')).toEqual({ headline: 'A {b} c', qualifier: 'q' });
    expect(parseTaglineJson('{"headline": 5}')).toBeNull();
    expect(parseTaglineJson('no json')).toBeNull();
    expect(parseTaglineJson('{"headline":"x","qualifier":7}')).toEqual({ headline: 'x', qualifier: null });
  });
});

/** Shaped like Chrome's `LanguageModel` global: availability(), create() with a download monitor, prompt(). */
class FakeLanguageModel implements LanguageModelFactory {
  created: LanguageModelCreateOptions[] = [];
  prompts: { input: string; options?: { responseConstraint?: unknown } }[] = [];
  destroyed = 0;
  constructor(
    private state: 'unavailable' | 'downloadable' | 'downloading' | 'available',
    private reply: string | (() => Promise<string>),
    private progress: number[] = [],
  ) {}
  availability(): Promise<'unavailable' | 'downloadable' | 'downloading' | 'available'> {
    return Promise.resolve(this.state);
  }
  create(options: LanguageModelCreateOptions = {}) {
    this.created.push(options);
    const listeners: ((e: { loaded: number }) => void)[] = [];
    options.monitor?.({ addEventListener: (_type, l) => listeners.push(l) });
    for (const loaded of this.progress) for (const l of listeners) l({ loaded });
    if (this.progress.length > 0) this.state = 'available';
    return Promise.resolve({
      prompt: (input: string, opts?: { responseConstraint?: unknown }) => {
        this.prompts.push({ input, options: opts });
        return typeof this.reply === 'string' ? Promise.resolve(this.reply) : this.reply();
      },
      destroy: () => {
        this.destroyed += 1;
      },
    });
  }
}

describe('on-device engine (fake Prompt API)', () => {
  const json = (headline: string, qualifier: string | null): string => JSON.stringify({ headline, qualifier });

  it('asks for the pith form as constrained JSON and uses headline + qualifier', async () => {
    const fake = new FakeLanguageModel('available', json('Darcy law holds in thin porous media below a critical Reynolds number', 'for every regime; above $Re_c$ inertia matters'));
    const r = await generateTagline(paper, { id: 'on-device' }, { languageModel: fake, summarizer: null });
    expect(r).toEqual({
      engine: 'on-device',
      source: 'prompt-api',
      tagline: { headline: 'Darcy law holds in thin porous media below a critical Reynolds number', qualifier: 'for every regime; above $Re_c$ inertia matters' },
    });
    expect(fake.created[0]?.initialPrompts?.[0]?.content).toMatch(/JSON only/);
    expect(fake.created[0]?.initialPrompts?.[0]?.content).toMatch(/no "we"/);
    expect(fake.prompts[0]?.input).toContain(paper.title);
    expect(fake.prompts[0]?.options?.responseConstraint).toBe(TAGLINE_SCHEMA);
    expect(fake.destroyed).toBe(1);
  });

  it('validates with the extractive rules: bad headline -> extractive with the reason; bad qualifier dropped', async () => {
    const cases: [string, string][] = [
      [json('We show that Darcy law holds in thin porous media', null), 'Prompt API: headline breaks rule no-we, no-lead-in'],
      [json('Darcy law holds for $Re < Re_c in thin porous media', null), 'Prompt API: headline breaks rule math-balanced'],
      ['Sure! The headline is: Darcy law holds.', 'Prompt API: reply is not the requested JSON'],
      [json('', null), 'Prompt API: empty headline'],
    ];
    for (const [reply, reason] of cases) {
      const r = await generateTagline(paper, { id: 'on-device' }, { languageModel: new FakeLanguageModel('available', reply), summarizer: null });
      expect(r).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive, fallbackReason: reason });
    }
    const r = await generateTagline(paper, { id: 'on-device' }, {
      languageModel: new FakeLanguageModel('available', json('Darcy law holds in thin porous media below a critical Reynolds number', 'as we prove for $Re')),
    });
    expect(r.tagline.qualifier).toBeNull();
  });

  it('not downloaded, unavailable, failing or slow: the Summarizer, else extractive with the reason', async () => {
    const summarizer = new FakeSummarizer('available', "Darcy's law holds in thin porous media up to a critical Reynolds number");
    const viaSummarizer = await generateTagline(paper, { id: 'on-device' }, { languageModel: new FakeLanguageModel('downloading', 'x'), summarizer });
    expect(viaSummarizer.source).toBe('summarizer');
    const cases: [FakeLanguageModel, string][] = [
      [new FakeLanguageModel('downloadable', 'x'), 'on-device model not downloaded yet'],
      [new FakeLanguageModel('downloading', 'x'), 'on-device model not downloaded yet'],
      [new FakeLanguageModel('unavailable', 'x'), 'on-device model unavailable'],
      [new FakeLanguageModel('available', () => Promise.reject(new Error('model crashed'))), 'on-device model: model crashed'],
      [new FakeLanguageModel('available', () => new Promise<string>(() => undefined)), 'Prompt API: timed out'],
    ];
    for (const [fake, reason] of cases) {
      const r = await generateTagline(paper, { id: 'on-device' }, { languageModel: fake, summarizer: null, timeoutMs: 200 });
      expect(r).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractive, fallbackReason: reason });
    }
  });

  it('availability states and download progress for the settings page', async () => {
    expect(await languageModelAvailability(null)).toEqual({ state: 'unavailable', reason: 'no Prompt API in this browser' });
    expect((await languageModelAvailability(new FakeLanguageModel('unavailable', 'x'))).reason).toMatch(/cannot run/);
    expect(await languageModelAvailability(new FakeLanguageModel('downloadable', 'x'))).toEqual({ state: 'downloadable' });
    const fake = new FakeLanguageModel('downloadable', 'x', [0, 0.5, 1]);
    const seenProgress: number[] = [];
    await downloadLanguageModel(fake, (p) => seenProgress.push(p));
    expect(seenProgress).toEqual([0, 0.5, 1]);
    expect(await languageModelAvailability(fake)).toEqual({ state: 'available' });
    expect(fake.destroyed).toBe(1);
  });
});
