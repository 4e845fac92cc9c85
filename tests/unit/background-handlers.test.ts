import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerHandlers } from '@/background/background-handlers';
import { exportLibraryJson } from '@/utils/library-io';
import { savedPaper } from '../helpers/papers';

/** Deliver one message as the browser would, from `sender`; the handler's reply. */
async function deliverFrom(sender: object, type: string, data: unknown): Promise<unknown> {
  const replies = await fakeBrowser.runtime.onMessage.trigger({ pith: 1, type, data }, sender as never);
  return replies.find((r: unknown) => r !== undefined);
}

const contentScript = { id: fakeBrowser.runtime.id, url: 'https://arxiv.org/list/math.OC/new', tab: { id: 7 } };
const optionsPage = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') });

describe('messages only the extension’s own pages may send', () => {
  it('refuses a library import from a content script and accepts it from the options page', async () => {
    registerHandlers();
    const text = exportLibraryJson([savedPaper({ id: '2508.16190' })]);
    const refused = await deliverFrom(contentScript, 'library:import', { text });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/only accepted from the extension's own pages/) });
    const accepted = await deliverFrom(optionsPage(), 'library:import', { text });
    expect(accepted).toMatchObject({ ok: true, value: { ok: true, added: 1 } });
  });

  it('refuses cache clearing from a content script', async () => {
    registerHandlers();
    const refused = await deliverFrom(contentScript, 'cache:clear', {});
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/Clearing the cache is only accepted/) });
    expect(await deliverFrom(optionsPage(), 'cache:clear', {})).toMatchObject({ ok: true, value: { papers: 0 } });
  });
});
