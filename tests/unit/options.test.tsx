import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getDb } from '@/background/db/schema';
import { onBackgroundMessages } from '@/utils/messaging';
import {
  ENDPOINT_KEY_STORAGE_KEY,
  SETTINGS_STORAGE_KEY,
  choices,
  defaults,
  saveSettings,
  type SettingsKey,
} from '@/utils/settings';
import { App } from '@/entrypoints/options/App';
import { FIELDS, SettingsForm, endpointOrigin } from '@/components/SettingsForm';
import { t } from '@/utils/i18n';

let container: HTMLElement;
let unregister: (() => void) | null = null;

async function waitFor<T>(fn: () => T | null | undefined | false, what: string, timeout = 3_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const byName = <T extends Element = HTMLInputElement>(name: string) =>
  container.querySelector<T & Element>(`[name="${name}"]`) as T | null;

async function stored(): Promise<Record<string, unknown> | undefined> {
  const got = await fakeBrowser.storage.sync.get(SETTINGS_STORAGE_KEY);
  return got[SETTINGS_STORAGE_KEY] as Record<string, unknown> | undefined;
}

function change(el: HTMLInputElement | HTMLSelectElement) {
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

const stats = { papers: 120, fulltext: 40, taglines: 7, saved: 3, usageBytes: 5 * 1024 * 1024 };

beforeEach(async () => {
  await getDb().saved.clear();
  container = document.createElement('div');
  document.body.append(container);
  const cleared: string[] = [];
  unregister = onBackgroundMessages({
    'cache:stats': () => stats,
    'cache:clear': () => {
      cleared.push('yes');
      return { ...stats, papers: 0, fulltext: 0, taglines: 0, usageBytes: 1024 * 1024 };
    },
  });
});

afterEach(() => {
  render(null, container);
  container.remove();
  unregister?.();
  unregister = null;
  vi.restoreAllMocks();
});

async function mount() {
  render(<App />, container);
  await waitFor(() => byName('showTagline'), 'the form');
}

describe('options page', () => {
  it('renders one control per settings key, named after the key, showing the defaults', async () => {
    await mount();
    for (const key of Object.keys(defaults) as SettingsKey[]) {
      const controls = container.querySelectorAll(`[name="${key}"]`);
      expect(controls, key).toHaveLength(1);
      const el = controls[0]!;
      const value = defaults[key];
      if (typeof value === 'boolean') {
        expect((el as HTMLInputElement).type, key).toBe('checkbox');
        expect((el as HTMLInputElement).checked, key).toBe(value);
      } else if (key in choices) {
        expect(el.tagName, key).toBe('SELECT');
        const options = [...el.querySelectorAll('option')].map((o) => o.value);
        expect(options, key).toEqual([...choices[key as keyof typeof choices]]);
        expect((el as HTMLSelectElement).value, key).toBe(value);
      } else if (Array.isArray(value)) {
        // Interests: one entry per line.
        expect(el.tagName, key).toBe('TEXTAREA');
        expect((el as HTMLTextAreaElement).value, key).toBe(value.join('\n'));
      } else {
        expect(el.tagName, key).toBe('INPUT');
        expect((el as HTMLInputElement).value, key).toBe(value);
      }
      // Every control has a visible label.
      expect(container.querySelector(`label[for="${el.id}"]`)?.textContent, key).toBe(t(FIELDS[key].label));
    }
    // The API key is a password field of its own, not part of the synced settings.
    expect(byName('endpointKey')?.type).toBe('password');
    const headings = [...container.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings).toEqual(['Cards', 'Interests', 'Full text', 'Taglines', 'Keyboard', 'BibTeX export', 'Cache', 'Library']);
  });

  it('saves a change to storage.sync at once', async () => {
    await mount();
    const box = byName('showTheorems')!;
    box.checked = false;
    change(box);
    await waitFor(() => container.textContent?.includes('Saved: Show the theorem count'), 'saved status');
    expect((await stored())?.showTheorems).toBe(false);

    const mode = byName<HTMLSelectElement>('cardMode')!;
    mode.value = 'compact';
    change(mode);
    await waitFor(() => container.textContent?.includes('Saved: Card style'), 'saved select');
    const s = await stored();
    expect(s?.cardMode).toBe('compact');
    expect(s?.showTheorems).toBe(false);
  });

  it('saves interests one entry per line, and says so when a list would not fit in synced storage', async () => {
    await mount();
    const area = byName<HTMLTextAreaElement>('followKeywords')!;
    area.value = 'mean-field\n\n  optimal transport \nMEAN-FIELD\n(a+b)*';
    change(area as never);
    await waitFor(async () => true, 'save');
    await waitFor(() => container.querySelector('.form-status')?.textContent?.startsWith('Saved'), 'saved');
    expect((await stored())?.followKeywords).toEqual(['mean-field', 'optimal transport', '(a+b)*']);

    const long = Array.from({ length: 900 }, (_, i) => `keyword number ${i}`).join('\n');
    const muted = byName<HTMLTextAreaElement>('mutedKeywords')!;
    muted.value = long;
    muted.dispatchEvent(new Event('input', { bubbles: true }));
    change(muted as never);
    const status = await waitFor(() => container.querySelector('.form-status.status-error')?.textContent, 'the quota message');
    expect(status).toMatch(/does not fit in your browser’s synced storage.*Nothing was saved/);
    expect((await stored())?.mutedKeywords ?? []).toEqual([]);
    // What was typed is still there.
    expect(byName<HTMLTextAreaElement>('mutedKeywords')!.value).toBe(long);
  });

  it('a clicked checkbox keeps its new state while storage has not reported the change back', async () => {
    // The settings prop never updates here, as when storage's change event is slow to come.
    render(<SettingsForm settings={{ ...defaults }} />, container);
    const box = await waitFor(() => byName<HTMLInputElement>('showTheorems'), 'the showTheorems checkbox');
    expect(box.checked).toBe(true);
    box.click();
    expect(box.checked).toBe(false);
    await waitFor(() => container.textContent?.includes('Saved:'), 'the saved status line');
    // The status line re-rendered the form: the reader's choice must still show.
    expect(box.checked).toBe(false);
    expect((await stored())?.showTheorems).toBe(false);
  });

  it('follows changes made elsewhere (another tab or synced machine)', async () => {
    await mount();
    await saveSettings({ showFigure: false, theme: 'dark' });
    await waitFor(() => byName('showFigure')?.checked === false, 'checkbox follows storage');
    expect(byName<HTMLSelectElement>('theme')?.value).toBe('dark');
    // The theme applies to the page itself (an effect, after the render).
    await waitFor(() => document.documentElement.getAttribute('data-theme') === 'dark', 'dark theme on <html>');
    await saveSettings({ theme: 'auto' });
    await waitFor(() => !document.documentElement.hasAttribute('data-theme'), 'auto theme');
  });

  it('refuses an invalid endpoint URL and keeps the stored value', async () => {
    await mount();
    const url = byName('endpointBaseUrl')!;
    url.value = 'localhost:11434';
    url.dispatchEvent(new Event('input', { bubbles: true }));
    change(url);
    await waitFor(() => url.getAttribute('aria-invalid') === 'true', 'invalid flag');
    expect((await stored())?.endpointBaseUrl ?? '').toBe('');
    url.value = 'http://localhost:11434/v1';
    url.dispatchEvent(new Event('input', { bubbles: true }));
    change(url);
    await waitFor(() => container.textContent?.includes('Saved: Endpoint base URL'), 'saved url');
    expect((await stored())?.endpointBaseUrl).toBe('http://localhost:11434/v1');
  });

  it('stores the API key in storage.local only', async () => {
    await mount();
    const key = byName('endpointKey')!;
    key.value = '  sk-test  ';
    change(key);
    await waitFor(() => container.textContent?.includes('Key saved on this device'), 'key saved');
    expect((await fakeBrowser.storage.local.get(ENDPOINT_KEY_STORAGE_KEY))[ENDPOINT_KEY_STORAGE_KEY]).toBe('sk-test');
    expect(JSON.stringify(await fakeBrowser.storage.sync.get(null))).not.toContain('sk-test');
  });

  it('asks for the endpoint origin permission from the click and shows the result', async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    await saveSettings({ taglineEngine: 'endpoint', endpointBaseUrl: 'http://localhost:11434/v1' });
    await mount();
    const button = await waitFor(
      () => [...container.querySelectorAll('button')].find((b) => b.textContent?.includes('Grant access')),
      'grant button',
    );
    expect(button.textContent).toBe('Grant access to http://localhost:11434');
    await waitFor(() => container.textContent?.includes('may not yet contact http://localhost:11434'), 'not granted');
    expect(contains).toHaveBeenCalledWith({ origins: ['http://localhost:11434/*'] });
    button.click();
    expect(request).toHaveBeenCalledWith({ origins: ['http://localhost:11434/*'] });
    await waitFor(() => container.textContent?.includes('Access to http://localhost:11434 granted'), 'granted');
    expect(endpointOrigin('https://api.example.com/v1/')).toBe('https://api.example.com');
    expect(endpointOrigin('nope')).toBeNull();
  });

  it('says when no on-device model exists', async () => {
    await mount();
    const s = await waitFor(() => container.querySelector('[data-pith="on-device-status"]'), 'status');
    await waitFor(() => s.textContent?.includes('not available in this browser'), 'unavailable text');
  });

  it('shows cache figures and clears the cache without touching the library', async () => {
    await mount();
    const panel = await waitFor(() => container.querySelector('[data-pith="cache-panel"] dl'), 'stats');
    expect(panel.textContent).toContain('120');
    expect(panel.textContent).toContain('5.0 MB');
    container.querySelector<HTMLButtonElement>('[data-pith="clear-cache"]')!.click();
    await waitFor(() => container.textContent?.includes('Cache cleared'), 'cleared');
    expect(container.textContent).toContain('Your library (3 saved papers) is untouched.');
    expect(container.querySelector('[data-pith="cache-panel"] dl')?.textContent).toContain('1.0 MB');
  });

  it('offers library export and import', async () => {
    await mount();
    expect(container.querySelector('[data-pith="export-bibtex"]')).not.toBeNull();
    expect(container.querySelector('[data-pith="export-json"]')).not.toBeNull();
    expect(container.querySelector<HTMLInputElement>('[data-pith="library-import"]')?.accept).toContain('.json');
  });

  it('says when browser sync is full or paused by a newer version, live', async () => {
    await fakeBrowser.storage.local.set({ syncStatus: { stored: 9_000, total: 12_000, truncated: true, newerFormat: false, at: 1 } });
    await mount();
    await vi.waitFor(() => expect(container.querySelector('[data-pith="sync-status"]')?.textContent).toContain('the newest 9,000 of 12,000 saved papers'));
    await fakeBrowser.storage.local.set({ syncStatus: { stored: 0, total: 12_000, truncated: false, newerFormat: true, at: 2 } });
    await vi.waitFor(() => expect(container.querySelector('[data-pith="sync-status"]')?.textContent).toMatch(/^Sync is paused: a newer version/));
  });
});
