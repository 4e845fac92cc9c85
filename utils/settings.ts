/**
 * The one settings schema (in the style of refined-github's options-storage):
 * `defaults` is the single source of every key and default value, `Settings` is its type,
 * and the options page names each control after its key.
 *
 * Stored in `storage.sync` under one key, `settings`, as a `wxt/utils/storage` item, so a
 * reader's choices follow them to other signed-in browsers. Whatever is stored is
 * validated on read: a missing, unknown or ill-typed value falls back to its default and
 * never crashes a page. The item is at version 1, the shape that shipped (WXT keeps the
 * version in the item's metadata, `settings$`; absent means 1); the first change of shape
 * sets `version: 2` with `migrations: { 2: ... }` and a test on real version-1 data.
 *
 * The endpoint API key is deliberately NOT in the settings: it is its own item in
 * `storage.local` (never synced to other machines), see `loadEndpointKey()`.
 */
import { storage, type WxtStorageItem } from 'wxt/utils/storage';

/** Allowed values of the multiple-choice settings, in the order the options page lists them. */
export const choices = {
  cardMode: ['full', 'compact', 'off'],
  theme: ['auto', 'light', 'dark'],
  enrichment: ['on-screen', 'on-click', 'off'],
  taglineEngine: ['extractive', 'on-device', 'endpoint'],
} as const;

export type CardMode = (typeof choices.cardMode)[number];
export type Theme = (typeof choices.theme)[number];
export type Enrichment = (typeof choices.enrichment)[number];
export type TaglineEngine = (typeof choices.taglineEngine)[number];

const defaultValues = {
  showTagline: true,
  showQualifier: true,
  showTheorems: true,
  /** The paper's main statement (first Theorem, or its titled main result) under the qualifier. */
  showMainStatement: false,
  showFigure: true,
  abstractExpanded: false,
  renderMath: true,
  cardMode: 'full' as CardMode,
  theme: 'auto' as Theme,
  enrichment: 'on-screen' as Enrichment,
  taglineEngine: 'extractive' as TaglineEngine,
  /** OpenAI-compatible base URL, e.g. "http://localhost:11434/v1"; '' = not configured. */
  endpointBaseUrl: '',
  endpointModel: '',
  keyboardShortcuts: true,
  /** Papers seen on an earlier visit, and muted ones, shrink to one line (issue 11). */
  collapseSeen: true,
  /** Interests (issue 11): one entry per line on the options page; matched as whole words, never as patterns. */
  followAuthors: [] as string[],
  followKeywords: [] as string[],
  mutedKeywords: [] as string[],
  /** BibTeX export: `@article` with journal/DOI for papers with a published version (arXiv's `@misc` when off). */
  bibtexPublished: false,
};

export type Settings = typeof defaultValues;
export type SettingsKey = keyof Settings;

for (const v of Object.values(defaultValues)) if (Array.isArray(v)) Object.freeze(v);
export const defaults: Readonly<Settings> = Object.freeze(defaultValues);

export const SETTINGS_VERSION = 1;
export const SETTINGS_STORAGE_KEY = 'settings';
export const ENDPOINT_KEY_STORAGE_KEY = 'endpointKey';

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

function isChoice<K extends keyof typeof choices>(key: K, v: unknown): v is (typeof choices)[K][number] {
  return (choices[key] as readonly unknown[]).includes(v);
}

/** '' or an absolute http(s) URL; anything else is not a usable endpoint. */
function isEndpointUrl(v: unknown): v is string {
  if (v === '') return true;
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** One validator per key: given any stored value, is it valid for that key? */
const validators: { [K in SettingsKey]: (v: unknown) => v is Settings[K] } = {
  showTagline: isBool,
  showQualifier: isBool,
  showTheorems: isBool,
  showMainStatement: isBool,
  showFigure: isBool,
  abstractExpanded: isBool,
  renderMath: isBool,
  cardMode: (v): v is CardMode => isChoice('cardMode', v),
  theme: (v): v is Theme => isChoice('theme', v),
  enrichment: (v): v is Enrichment => isChoice('enrichment', v),
  taglineEngine: (v): v is TaglineEngine => isChoice('taglineEngine', v),
  endpointBaseUrl: isEndpointUrl,
  endpointModel: (v): v is string => typeof v === 'string' && v.length <= 200,
  keyboardShortcuts: isBool,
  collapseSeen: isBool,
  followAuthors: isStringList,
  followKeywords: isStringList,
  mutedKeywords: isStringList,
  bibtexPublished: isBool,
};

/** An interests list: strings only, bounded (storage.sync's quota bounds it further, see the options page). */
function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length <= 2_000 && v.every((s) => typeof s === 'string' && s.length <= 10_000);
}

function isBool(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Complete, valid settings from anything: each invalid or missing key gets its default. */
export function normalizeSettings(raw: unknown): Settings {
  const src = isRecord(raw) ? raw : {};
  const out = { ...defaults } as Settings;
  for (const key of Object.keys(defaults) as SettingsKey[]) {
    const v = src[key];
    if (validators[key](v)) (out as Record<SettingsKey, unknown>)[key] = v;
  }
  return out;
}

/** Whether `value` is a valid value for `key` (the options page can use it before saving). */
export function isValidSetting<K extends SettingsKey>(key: K, value: unknown): value is Settings[K] {
  return validators[key](value);
}

// ---------------------------------------------------------------------------
// Storage items
// ---------------------------------------------------------------------------

/*
 * Items are defined on first use, not at import: defining one reads storage at once, and no
 * code runs outside an entrypoint's main(). The stored value is typed `unknown` on purpose:
 * another build, another synced machine or devtools may have written anything, and
 * `normalizeSettings` is the one place that decides what is valid.
 */
let settingsItemOnce: WxtStorageItem<unknown, Record<string, never>> | undefined;
function settingsItem(): WxtStorageItem<unknown, Record<string, never>> {
  return (settingsItemOnce ??= storage.defineItem<unknown, Record<string, never>>(`sync:${SETTINGS_STORAGE_KEY}`, {
    fallback: defaults,
    version: SETTINGS_VERSION,
  }));
}

let endpointKeyItemOnce: WxtStorageItem<unknown, Record<string, never>> | undefined;
function endpointKeyItem(): WxtStorageItem<unknown, Record<string, never>> {
  return (endpointKeyItemOnce ??= storage.defineItem<unknown, Record<string, never>>(`local:${ENDPOINT_KEY_STORAGE_KEY}`, {
    fallback: '',
  }));
}

/** Current settings; never throws for bad stored data (falls back to defaults). */
export async function loadSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem().getValue());
}

/**
 * Change some settings. Invalid values in `partial` are rejected with an error (a caller
 * bug), so a typo never silently resets a user's choice.
 */
export async function saveSettings(partial: Partial<Settings>): Promise<Settings> {
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in defaults)) throw new Error(`Unknown setting "${key}"`);
    if (!validators[key as SettingsKey](value)) {
      throw new Error(`Invalid value for setting "${key}": ${JSON.stringify(value)}`);
    }
  }
  const next: Settings = { ...(await loadSettings()), ...partial };
  await settingsItem().setValue(next);
  return next;
}

/** Back to defaults (the options page's "reset"). */
export async function resetSettings(): Promise<Settings> {
  await settingsItem().setValue({ ...defaults });
  return { ...defaults };
}

/**
 * Call `cb` whenever the settings change in any context (options page, another tab,
 * another synced machine), with the new and the previous settings. Returns unsubscribe.
 */
export function watchSettings(cb: (next: Settings, prev: Settings) => void): () => void {
  return settingsItem().watch((next, prev) => cb(normalizeSettings(next), normalizeSettings(prev)));
}

// ---------------------------------------------------------------------------
// Endpoint API key (local only)
// ---------------------------------------------------------------------------

export async function loadEndpointKey(): Promise<string> {
  const v = await endpointKeyItem().getValue();
  return typeof v === 'string' ? v : '';
}

/** Store the key in `storage.local` only; an empty key removes it. */
export async function saveEndpointKey(key: string): Promise<void> {
  const trimmed = key.trim();
  if (trimmed === '') await endpointKeyItem().removeValue();
  else await endpointKeyItem().setValue(trimmed);
}
