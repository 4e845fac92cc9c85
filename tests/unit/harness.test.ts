import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';

// Tests depend on tests/setup.ts resetting the fake browser before each test: without the
// reset, state written by one test leaks into the next and tests pass or fail by order.
// These two run in order; the second fails if the reset is gone.
describe('test harness isolation', () => {
  it('a test writes storage and registers a listener', async () => {
    await browser.storage.local.set({ leaked: 1 });
    await browser.storage.sync.set({ leaked: 1 });
    browser.runtime.onMessage.addListener(() => undefined);
    expect(await browser.storage.local.get('leaked')).toEqual({ leaked: 1 });
  });

  it('the next test starts with empty storage and no listeners', async () => {
    expect(await browser.storage.local.get('leaked')).toEqual({});
    expect(await browser.storage.sync.get('leaked')).toEqual({});
    expect(browser.runtime.onMessage.hasListeners()).toBe(false);
  });
});
