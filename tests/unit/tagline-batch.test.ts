// @vitest-environment node
// Endpoint batching: several abstracts in one chat-completions request, against a real HTTP
// server on 127.0.0.1 answering in the OpenAI shape; and the batcher that gathers card requests.
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractTagline, type TaglineInput } from '../../utils/tagline';
import { ENDPOINT_BATCH_MAX, generateEndpointTaglines, parseBatchJson, type EndpointSettings, type TaglineResult } from '../../utils/tagline-engines';
import { createTaglineBatcher } from '../../utils/tagline-batcher';

const papers: TaglineInput[] = [
  { title: 'Sharp pressure estimates in thin porous media', abstract: 'We prove that the lower-dimensional Darcy law is valid for every Reynolds number below a critical value.' },
  { title: 'Training Infinitely Deep and Wide Transformers', abstract: 'We prove that gradient flow converges to global minima when the initial loss is sufficiently small.' },
  { title: 'A survey of graph kernels', abstract: 'We review graph kernels and compare them on twelve benchmark data sets of molecules and proteins.' },
];

let server: Server;
let base = '';
let bodies: Array<{ model: string; messages: Array<{ role: string; content: string }>; max_tokens: number }> = [];
let reply: (res: ServerResponse) => void = () => undefined;
const chat = (content: string): string => JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] });
const ok = (content: string) => (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(chat(content));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(JSON.parse(data));
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  bodies = [];
});

const settings = (): EndpointSettings => ({ baseUrl: base, model: 'llama3', apiKey: null });

describe('generateEndpointTaglines: one request for several abstracts', () => {
  it('sends every paper, numbered, under one prompt, and matches the reply by paper number', async () => {
    reply = ok(
      '```json\n' +
        JSON.stringify({
          taglines: [
            { paper: 2, headline: 'Gradient flow converges to global minima of deep transformers', qualifier: 'when the initial loss is small' },
            { paper: 1, headline: 'The lower-dimensional Darcy law holds below a critical Reynolds number', qualifier: null },
            { paper: 3, headline: 'Graph kernels compared on twelve molecule and protein benchmarks', qualifier: null },
          ],
        }) +
        '\n```',
    );
    const r = await generateEndpointTaglines(papers, settings(), { fetch, timeoutMs: 2000 });
    expect(bodies).toHaveLength(1);
    const user = bodies[0]!.messages[1]!.content;
    expect(user.indexOf('Paper 1\nTitle: Sharp pressure')).toBeGreaterThanOrEqual(0);
    expect(user.indexOf('Paper 2\nTitle: Training')).toBeGreaterThan(user.indexOf('Paper 1'));
    expect(user).toContain('Paper 3\nTitle: A survey of graph kernels');
    expect(bodies[0]!.messages[0]!.content).toMatch(/"taglines"/);
    expect(r.map((x) => [x.source, x.tagline.headline])).toEqual([
      ['endpoint', 'The lower-dimensional Darcy law holds below a critical Reynolds number'],
      ['endpoint', 'Gradient flow converges to global minima of deep transformers'],
      ['endpoint', 'Graph kernels compared on twelve molecule and protein benchmarks'],
    ]);
    expect(r[1]!.tagline.qualifier).toBe('when the initial loss is small');
  });

  it('a missing or rule-breaking entry falls back alone, with its reason', async () => {
    reply = ok(JSON.stringify({ taglines: [{ paper: 1, headline: 'The lower-dimensional Darcy law holds below a critical Reynolds number', qualifier: null }, { paper: 2, headline: 'We prove convergence of gradient flow to global minima', qualifier: null }] }));
    const r = await generateEndpointTaglines(papers, settings(), { fetch, timeoutMs: 2000 });
    expect(r[0]!.engine).toBe('endpoint');
    expect(r[1]).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractTagline(papers[1]!), fallbackReason: 'endpoint: headline breaks rule no-we, no-lead-in' });
    expect(r[2]).toEqual({ engine: 'extractive', source: 'extractive', tagline: extractTagline(papers[2]!), fallbackReason: 'endpoint: no tagline for this paper in the reply' });
  });

  it('takes an unnumbered bare array in order', () => {
    expect(parseBatchJson('[{"headline": "A", "qualifier": null}, {"headline": "B"}]')).toEqual([
      { paper: null, headline: 'A', qualifier: null },
      { paper: null, headline: 'B', qualifier: null },
    ]);
    expect(parseBatchJson('Sorry, I cannot help.')).toBeNull();
  });

  it('an HTTP error or a reply that is not JSON gives every paper the extractive tagline and the reason', async () => {
    reply = (res) => {
      res.writeHead(503);
      res.end('busy');
    };
    const failed = await generateEndpointTaglines(papers, settings(), { fetch, timeoutMs: 2000 });
    expect(failed.map((x) => x.fallbackReason)).toEqual(['endpoint: HTTP 503', 'endpoint: HTTP 503', 'endpoint: HTTP 503']);
    expect(failed.map((x) => x.tagline)).toEqual(papers.map((p) => extractTagline(p)));
    reply = ok('Here are your headlines!');
    const prose = await generateEndpointTaglines(papers, settings(), { fetch, timeoutMs: 2000 });
    expect(new Set(prose.map((x) => x.fallbackReason))).toEqual(new Set(['endpoint: reply is not the requested JSON']));
  });
});

describe('createTaglineBatcher', () => {
  const result = (input: TaglineInput): TaglineResult => ({ tagline: { headline: `H ${input.title}`, qualifier: null }, engine: 'endpoint', source: 'endpoint' });

  it('gathers requests into batches of at most ENDPOINT_BATCH_MAX, one batch in flight at a time', async () => {
    const runs: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const batcher = createTaglineBatcher(async (inputs) => {
      runs.push(inputs.length);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return inputs.map(result);
    }, 5);
    const n = ENDPOINT_BATCH_MAX + 3;
    const out = await Promise.all(Array.from({ length: n }, (_, i) => batcher.get({ title: `p${i}`, abstract: 'x' }, settings())));
    expect(out.map((r) => r.tagline.headline)).toEqual(Array.from({ length: n }, (_, i) => `H p${i}`));
    expect(runs).toEqual([ENDPOINT_BATCH_MAX, 3]);
    expect(maxInFlight).toBe(1);
  });

  it('never mixes two endpoints in one batch, and a failed run rejects only its own batch', async () => {
    const seen: string[] = [];
    const batcher = createTaglineBatcher(async (inputs, s) => {
      seen.push(`${s.baseUrl}:${inputs.length}`);
      if (s.baseUrl.includes('bad')) throw new Error('boom');
      return inputs.map(result);
    }, 5);
    const other = { baseUrl: 'http://bad.example/v1', model: 'm' };
    const a = batcher.get({ title: 'a', abstract: 'x' }, settings());
    const b = batcher.get({ title: 'b', abstract: 'x' }, other);
    const c = batcher.get({ title: 'c', abstract: 'x' }, settings());
    await expect(b).rejects.toThrow('boom');
    expect((await a).tagline.headline).toBe('H a');
    expect((await c).tagline.headline).toBe('H c');
    expect(seen).toEqual([`${base}:2`, 'http://bad.example/v1:1']);
  });
});
