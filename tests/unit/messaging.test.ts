import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import {
  NoReplyError,
  isFromExtensionPage,
  onBackgroundMessages,
  sendMessage,
  type Handlers,
  type ToBackground,
} from '../../utils/messaging';
import type { SavedPaper } from '../../utils/saved-paper';

const unsubscribers: (() => void)[] = [];
function listen(handlers: Handlers<ToBackground>): () => void {
  const off = onBackgroundMessages(handlers);
  unsubscribers.push(off);
  return off;
}

afterEach(() => {
  for (const off of unsubscribers.splice(0)) off();
});

const snapshot: SavedPaper = {
  id: '2508.16190',
  version: 1,
  title: 'ComicScene154: A Scene Dataset for Comic Analysis',
  authors: ['Sandro Paval', 'Ivan P. Yamshchikov', 'Pascal Meißner'],
  abstract: 'Comics offer a compelling yet under-explored domain for computational narrative analysis.',
  comments: null,
  journalRef: null,
  doi: null,
  primaryCategory: 'cs.CL',
  categories: ['cs.CL'],
  published: '2025-08-22',
  updated: '2025-08-22',
  hasHtml: true,
  tagline: { headline: 'ComicScene154 gives scene-level narrative arcs for comics', qualifier: null },
  theorems: { Theorem: 2, Lemma: 1 },
  figureCount: 3,
  firstFigure: { src: 'https://arxiv.org/html/2508.16190v1/x1.png', caption: 'Figure 1' },
  statements: null,
  savedAt: 1_756_000_000_000,
};

describe('sendMessage <-> onBackgroundMessages', () => {
  it('round-trips typed requests and responses through the runtime', async () => {
    const seen: unknown[] = [];
    listen({
      'saved:ids': () => ({ ids: ['2508.16190', 'math/0601001'] }),
      'saved:remove': async ({ id }) => {
        seen.push(id);
        return { removed: id === snapshot.id ? snapshot : null };
      },
      'papers:get': ({ ids, priority }) => ({
        papers: {},
        failed: Object.fromEntries(ids.map((id) => [id, { reason: 'offline' as const, message: `${priority} ${id}` }])),
      }),
    });

    await expect(sendMessage('saved:ids', {})).resolves.toEqual({ ids: ['2508.16190', 'math/0601001'] });

    const removed = await sendMessage('saved:remove', { id: '2508.16190' });
    expect(removed).toEqual({ removed: snapshot });
    expect(removed.removed?.savedAt).toBe(1_756_000_000_000);
    expect(removed.removed?.firstFigure?.src).toBe('https://arxiv.org/html/2508.16190v1/x1.png');
    await expect(sendMessage('saved:remove', { id: '2101.00001' })).resolves.toEqual({ removed: null });
    expect(seen).toEqual(['2508.16190', '2101.00001']);

    await expect(sendMessage('papers:get', { ids: ['1207.7214'], priority: 'visible' })).resolves.toEqual({
      papers: {},
      failed: { '1207.7214': { reason: 'offline', message: 'visible 1207.7214' } },
    });
  });

  it('passes the sender to the handler', async () => {
    const handler = vi.fn(() => ({ ids: [] as string[] }));
    listen({ 'saved:ids': handler });
    await sendMessage('saved:ids', {});
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]).toHaveLength(2);
  });

  it('sends the envelope { pith: 1, type, data } on the wire', async () => {
    const raw: unknown[] = [];
    browser.runtime.onMessage.addListener((message: unknown) => {
      raw.push(message);
      return undefined;
    });
    listen({ 'fulltext:cancel': () => undefined });
    await sendMessage('fulltext:cancel', { requestId: 'r-1' });
    expect(raw).toEqual([{ pith: 1, type: 'fulltext:cancel', data: { requestId: 'r-1' } }]);
  });

  it('turns a thrown handler error into a rejected promise carrying the message', async () => {
    listen({
      'saved:put-by-id': () => {
        throw new Error('arXiv is unreachable');
      },
      'cache:stats': async () => {
        throw new Error('database closed');
      },
      'saved:ids': () => Promise.reject('plain string reason'),
    });
    await expect(sendMessage('saved:put-by-id', { id: '2508.16190' })).rejects.toThrow('saved:put-by-id: arXiv is unreachable');
    await expect(sendMessage('cache:stats', {})).rejects.toThrow('cache:stats: database closed');
    await expect(sendMessage('saved:ids', {})).rejects.toThrow('saved:ids: plain string reason');
  });

  it('a handler error does not break the listener for later messages', async () => {
    let fail = true;
    listen({
      'saved:ids': () => {
        if (fail) throw new Error('first call fails');
        return { ids: ['2508.16190'] };
      },
    });
    await expect(sendMessage('saved:ids', {})).rejects.toThrow('first call fails');
    fail = false;
    await expect(sendMessage('saved:ids', {})).resolves.toEqual({ ids: ['2508.16190'] });
  });

  it('ignores messages without the envelope (returns undefined, handler not called)', async () => {
    const handler = vi.fn(() => ({ ids: ['x'] }));
    listen({ 'saved:ids': handler });
    for (const message of [
      { type: 'saved:ids', data: {} },
      { pith: 2, type: 'saved:ids', data: {} },
      { pith: '1', type: 'saved:ids', data: {} },
      { pith: 1, type: 42, data: {} },
      'saved:ids',
      null,
      42,
    ]) {
      await expect(browser.runtime.sendMessage(message)).resolves.toBeUndefined();
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('ignores envelopes of types it has no handler for', async () => {
    listen({ 'saved:ids': () => ({ ids: [] }) });
    await expect(browser.runtime.sendMessage({ pith: 1, type: 'cache:stats', data: {} })).resolves.toBeUndefined();
    await expect(browser.runtime.sendMessage({ pith: 1, type: 'no:such-type', data: {} })).resolves.toBeUndefined();
    // Through sendMessage, an unanswered message is an error, never `undefined` as a result.
    await expect(sendMessage('cache:stats', {}, { retries: 0 })).rejects.toBeInstanceOf(NoReplyError);
  });

  it('lets another context answer the types this one does not handle', async () => {
    listen({ 'saved:ids': () => ({ ids: ['a'] }) });
    listen({ 'cache:stats': () => ({ papers: 1, fulltext: 2, taglines: 3, saved: 4, usageBytes: null }) });
    await expect(sendMessage('saved:ids', {})).resolves.toEqual({ ids: ['a'] });
    await expect(sendMessage('cache:stats', {})).resolves.toEqual({
      papers: 1,
      fulltext: 2,
      taglines: 3,
      saved: 4,
      usageBytes: null,
    });
  });

  it('unsubscribe removes exactly that listener', async () => {
    const a = vi.fn(() => ({ ids: ['from-a'] }));
    const b = vi.fn(() => ({ papers: 0, fulltext: 0, taglines: 0, saved: 0, usageBytes: null }));
    const offA = listen({ 'saved:ids': a });
    listen({ 'cache:stats': b });
    await expect(sendMessage('saved:ids', {})).resolves.toEqual({ ids: ['from-a'] });

    offA();
    await expect(sendMessage('saved:ids', {}, { retries: 0 })).rejects.toThrow(/saved:ids: no reply/);
    expect(a).toHaveBeenCalledTimes(1);
    await expect(sendMessage('cache:stats', {})).resolves.toMatchObject({ papers: 0 });
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('with every listener gone, sending fails with NoReplyError instead of hanging', async () => {
    const off = onBackgroundMessages({ 'saved:ids': () => ({ ids: [] }) });
    off();
    await expect(sendMessage('saved:ids', {}, { retries: 0 })).rejects.toBeInstanceOf(NoReplyError);
  });
});

describe('a restarting background', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('is asked again, 1 s then 2 s later, and its answer is the result', async () => {
    vi.useFakeTimers();
    const sent = vi.spyOn(browser.runtime, 'sendMessage');
    const reply = sendMessage('saved:ids', {});
    await vi.advanceTimersByTimeAsync(1_000); // first retry: still nobody listening
    expect(sent).toHaveBeenCalledTimes(2);
    listen({ 'saved:ids': () => ({ ids: ['2508.16190'] }) }); // the service worker is back
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(reply).resolves.toEqual({ ids: ['2508.16190'] });
    expect(sent).toHaveBeenCalledTimes(3);
  });

  it('is asked a bounded number of times, then the send fails with NoReplyError', async () => {
    vi.useFakeTimers();
    const sent = vi.spyOn(browser.runtime, 'sendMessage');
    const reply = sendMessage('saved:ids', {}, { retries: 2 });
    const settled = expect(reply).rejects.toBeInstanceOf(NoReplyError);
    await vi.advanceTimersByTimeAsync(60_000);
    await settled;
    expect(sent).toHaveBeenCalledTimes(3);
  });

  it.each([
    'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
    'Message manager disconnected',
    'Promised response from onMessage listener went out of scope',
  ])('a background stopped while answering ("%s") is asked again', async (text) => {
    vi.useFakeTimers();
    const sent = vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValueOnce(new Error(text));
    listen({ 'saved:ids': () => ({ ids: ['2508.16190'] }) });
    const reply = sendMessage('saved:ids', {});
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(reply).resolves.toEqual({ ids: ['2508.16190'] });
    expect(sent).toHaveBeenCalledTimes(2);
  });

  it('a handler that answered with an error is not asked again', async () => {
    const handler = vi.fn(() => {
      throw new Error('database closed');
    });
    listen({ 'saved:ids': handler });
    await expect(sendMessage('saved:ids', {})).rejects.toThrow('saved:ids: database closed');
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('isFromExtensionPage', () => {
  const origin = 'chrome-extension://abcdef/';
  it('accepts the popup and options page, refuses content scripts and other origins', () => {
    expect(isFromExtensionPage({ id: 'abcdef', url: `${origin}popup.html` }, origin)).toBe(true);
    expect(isFromExtensionPage({ id: 'abcdef', url: `${origin}options.html` }, origin)).toBe(true);
    // A content script: same extension id, but it runs in a tab on arxiv.org.
    expect(
      isFromExtensionPage({ id: 'abcdef', url: 'https://arxiv.org/list/math.OC/new', tab: { id: 3 } as never }, origin),
    ).toBe(false);
    // The options page opened in a tab is still the extension's own page.
    expect(isFromExtensionPage({ id: 'abcdef', url: `${origin}options.html`, tab: { id: 4 } as never }, origin)).toBe(true);
    expect(isFromExtensionPage({ url: 'chrome-extension://other/popup.html' }, origin)).toBe(false);
    expect(isFromExtensionPage({}, origin)).toBe(false);
  });
});
