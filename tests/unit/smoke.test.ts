import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';

describe('test harness', () => {
  it('provides a fake browser with storage', async () => {
    await browser.storage.local.set({ a: 1 });
    expect(await browser.storage.local.get('a')).toEqual({ a: 1 });
  });
});
