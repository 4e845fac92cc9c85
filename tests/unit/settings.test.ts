import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import {
  choices,
  defaults,
  isValidSetting,
  loadEndpointKey,
  loadSettings,
  normalizeSettings,
  resetSettings,
  saveEndpointKey,
  saveSettings,
  watchSettings,
  type Settings,
} from '../../utils/settings';

const EXPECTED_DEFAULTS: Settings = {
  showTagline: true,
  showQualifier: true,
  showTheorems: true,
  showMainStatement: false,
  showFigure: true,
  abstractExpanded: false,
  renderMath: true,
  cardMode: 'full',
  theme: 'auto',
  enrichment: 'on-screen',
  taglineEngine: 'extractive',
  endpointBaseUrl: '',
  endpointModel: '',
  keyboardShortcuts: true,
  collapseSeen: true,
  followAuthors: [],
  followKeywords: [],
  mutedKeywords: [],
  bibtexPublished: false,
};

describe('defaults', () => {
  it('has exactly the agreed keys and values', () => {
    expect(defaults).toEqual(EXPECTED_DEFAULTS);
    expect(Object.isFrozen(defaults)).toBe(true);
  });

  it('are what a fresh install loads, without writing anything', async () => {
    expect(await loadSettings()).toEqual(EXPECTED_DEFAULTS);
    expect(await browser.storage.sync.get(null)).toEqual({});
  });

  it('every choice default is one of its choices', () => {
    for (const key of Object.keys(choices) as (keyof typeof choices)[]) {
      expect(choices[key]).toContain(defaults[key]);
    }
  });
});

describe('validation', () => {
  it('replaces invalid, missing and unknown values with defaults, never throws', () => {
    const s = normalizeSettings({
      showTagline: 'yes',
      showFigure: false,
      cardMode: 'huge',
      theme: 'dark',
      enrichment: null,
      endpointBaseUrl: 'javascript:alert(1)',
      endpointModel: 42,
      bogus: true,
    });
    expect(s).toEqual({ ...EXPECTED_DEFAULTS, showFigure: false, theme: 'dark' });
    expect(normalizeSettings(null)).toEqual(EXPECTED_DEFAULTS);
    expect(normalizeSettings('garbage')).toEqual(EXPECTED_DEFAULTS);
    expect(normalizeSettings([1, 2])).toEqual(EXPECTED_DEFAULTS);
  });

  it('accepts http(s) endpoint URLs only', () => {
    expect(isValidSetting('endpointBaseUrl', 'http://localhost:11434/v1')).toBe(true);
    expect(isValidSetting('endpointBaseUrl', 'https://api.example.com/v1')).toBe(true);
    expect(isValidSetting('endpointBaseUrl', '')).toBe(true);
    expect(isValidSetting('endpointBaseUrl', 'ftp://x')).toBe(false);
    expect(isValidSetting('endpointBaseUrl', 'not a url')).toBe(false);
  });

  it('loads garbage in storage as defaults', async () => {
    await browser.storage.sync.set({ settings: 'corrupted' });
    expect(await loadSettings()).toEqual(EXPECTED_DEFAULTS);
    await browser.storage.sync.set({ settings: { version: 'x', theme: 'light', cardMode: 7 } });
    expect(await loadSettings()).toEqual({ ...EXPECTED_DEFAULTS, theme: 'light' });
  });
});

describe('saving and watching', () => {
  it('saves a partial change and loads it back', async () => {
    const next = await saveSettings({ showFigure: false, cardMode: 'compact' });
    expect(next).toEqual({ ...EXPECTED_DEFAULTS, showFigure: false, cardMode: 'compact' });
    expect(await loadSettings()).toEqual(next);
    await saveSettings({ theme: 'dark' });
    expect(await loadSettings()).toEqual({ ...next, theme: 'dark' });
    expect(await resetSettings()).toEqual(EXPECTED_DEFAULTS);
    expect(await loadSettings()).toEqual(EXPECTED_DEFAULTS);
  });

  it('rejects invalid values and unknown keys without writing', async () => {
    await saveSettings({ theme: 'dark' });
    await expect(saveSettings({ theme: 'neon' as Settings['theme'] })).rejects.toThrow(/theme/);
    await expect(saveSettings({ nope: 1 } as unknown as Partial<Settings>)).rejects.toThrow(/Unknown setting "nope"/);
    expect((await loadSettings()).theme).toBe('dark');
  });

  it('notifies watchers with validated new and previous settings until unsubscribed', async () => {
    const cb = vi.fn();
    const stop = watchSettings(cb);
    await saveSettings({ showTheorems: false });
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb).toHaveBeenLastCalledWith({ ...EXPECTED_DEFAULTS, showTheorems: false }, EXPECTED_DEFAULTS);

    await browser.storage.local.set({ unrelated: 1 });
    await browser.storage.sync.set({ other: 1 });
    expect(cb).toHaveBeenCalledTimes(1);

    stop();
    await saveSettings({ showTheorems: true });
    expect(cb).toHaveBeenCalledTimes(1);
  });
});

describe('endpoint key', () => {
  it('lives in storage.local, never in synced settings', async () => {
    expect(await loadEndpointKey()).toBe('');
    await saveEndpointKey('  sk-secret  ');
    expect(await loadEndpointKey()).toBe('sk-secret');
    expect(JSON.stringify(await browser.storage.sync.get(null))).not.toContain('sk-secret');
    await saveSettings({ taglineEngine: 'endpoint', endpointBaseUrl: 'http://localhost:11434/v1' });
    expect(JSON.stringify(await browser.storage.sync.get(null))).not.toContain('sk-secret');
    await saveEndpointKey('');
    expect(await loadEndpointKey()).toBe('');
    expect(await browser.storage.local.get(null)).toEqual({});
  });
});
