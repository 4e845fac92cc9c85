import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerHandlers } from '@/background/background-handlers';
import { sendMessage } from '@/utils/messaging';
import { saveSettings } from '@/utils/settings';
import { extractTagline } from '@/utils/tagline';

// A real abstract from the /new capture (2609.22268), shortened to its claim sentences.
const PAPER = {
  id: '2609.22268',
  version: 1,
  title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
  abstract:
    'In this work, we present a spectral Galerkin (SG) framework to solve the fully nonlinear transient heat equation in finite domains. ' +
    'Applied to rapid laser-metal interactions, the SG solver reproduces high-fidelity FE temperature fields with less than 1% relative error while achieving 227-fold faster GPU runtimes.',
};

let server: Server | null = null;
let hits = 0;

beforeEach(() => {
  hits = 0;
  registerHandlers();
});

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** An OpenAI-compatible endpoint on 127.0.0.1 that answers one fixed tagline. */
async function startEndpoint(): Promise<string> {
  server = createServer((req, res) => {
    // happy-dom's fetch applies CORS (the extension's host permission lifts it in a browser).
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    hits++;
    req.resume();
    req.on('end', () => {
      const content = JSON.stringify({
        headline: 'Spectral Galerkin solver matches FE accuracy 227 times faster',
        qualifier: 'for nonlinear transient heat transfer',
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const address = server!.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/v1`;
}

describe('background tagline handlers', () => {
  it('with the default (extractive) engine answers the extractive tagline and calls no model', async () => {
    const result = await sendMessage('tagline:get', PAPER);
    expect(result.engine).toBe('extractive');
    expect(result.tagline).toEqual(extractTagline(PAPER));
  });

  it('the endpoint engine answers from the model once, then from the cache for that version', async () => {
    const baseUrl = await startEndpoint();
    await saveSettings({ taglineEngine: 'endpoint', endpointBaseUrl: baseUrl, endpointModel: 'test-model' });
    const first = await sendMessage('tagline:get', { ...PAPER, id: '2609.99001' });
    expect(first.fallbackReason).toBeUndefined();
    expect(first.engine).toBe('endpoint');
    expect(first.tagline.headline).toBe('Spectral Galerkin solver matches FE accuracy 227 times faster');
    const again = await sendMessage('tagline:get', { ...PAPER, id: '2609.99001' });
    expect(again).toEqual({ tagline: first.tagline, engine: 'endpoint', source: 'endpoint' });
    expect(hits).toBe(1);
    // Another version is another tagline.
    await sendMessage('tagline:get', { ...PAPER, id: '2609.99001', version: 2 });
    expect(hits).toBe(2);
  });

  it('keeps on-device taglines per paper version', async () => {
    const key = { id: '2609.99002', version: 3, engine: 'on-device' as const };
    expect(await sendMessage('tagline:cached', key)).toEqual({ tagline: null });
    const tagline = { headline: 'A headline the on-device model wrote', qualifier: null };
    await sendMessage('tagline:put', { ...key, tagline });
    expect(await sendMessage('tagline:cached', key)).toEqual({ tagline });
    expect(await sendMessage('tagline:cached', { ...key, version: 4 })).toEqual({ tagline: null });
  });
});
