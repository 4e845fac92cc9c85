import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OnDeviceStatus } from './OnDeviceModel';
import {
  choices,
  defaults,
  isValidSetting,
  loadEndpointKey,
  saveEndpointKey,
  saveSettings,
  SETTINGS_STORAGE_KEY,
  SETTINGS_VERSION,
  type Settings,
  type SettingsKey,
} from '@/utils/settings';
import { SYNC_ITEM_BYTES, parseLines, syncItemBytes } from '@/utils/interests';

/**
 * The settings form, generated from the one schema in utils/settings.ts: one control per
 * key of `defaults`, named after the key, typed by the default's type (checkbox for
 * booleans, select for `choices`, text for strings). What the schema cannot say — labels,
 * help text, section — is below, typed so that a new setting without a label fails to compile.
 */

export type SectionId = 'cards' | 'interests' | 'fulltext' | 'taglines' | 'keyboard' | 'bibtex';

export const SECTIONS: readonly { id: SectionId; title: string; help: string }[] = [
  { id: 'cards', title: 'Cards', help: 'What each card on an arXiv listing shows. Changes apply to open tabs at once.' },
  {
    id: 'interests',
    title: 'Interests',
    help:
      'One entry per line. Matching ignores case and accents and looks for whole words; an entry may be a phrase. Synced with your other browsers.',
  },
  {
    id: 'fulltext',
    title: 'Full text',
    help:
      'Theorem counts and the first figure come from arXiv’s HTML version of a paper, fetched politely and cached.',
  },
  {
    id: 'taglines',
    title: 'Taglines',
    help: 'The one-line claim headline. The extractive engine runs offline from the abstract; the others are optional.',
  },
  { id: 'keyboard', title: 'Keyboard', help: 'Shortcuts on listing pages; never active while you type in a field.' },
  { id: 'bibtex', title: 'BibTeX export', help: 'How the library’s BibTeX export writes each paper.' },
];

interface FieldMeta {
  section: SectionId;
  label: string;
  help?: string;
}

export const FIELDS: { readonly [K in SettingsKey]: FieldMeta } = {
  cardMode: { section: 'cards', label: 'Card style', help: 'Off leaves arXiv’s page exactly as it is.' },
  showTagline: { section: 'cards', label: 'Show the tagline (claim headline)' },
  showQualifier: { section: 'cards', label: 'Show the qualifier line under the title' },
  showTheorems: { section: 'cards', label: 'Show the theorem count' },
  showMainStatement: { section: 'cards', label: "Show the paper's main theorem under the qualifier" },
  showFigure: { section: 'cards', label: 'Show the first figure' },
  abstractExpanded: { section: 'cards', label: 'Open abstracts by default' },
  renderMath: { section: 'cards', label: 'Render math with KaTeX', help: 'Off shows the TeX source as written.' },
  theme: { section: 'cards', label: 'Theme', help: 'Auto follows your system’s light or dark mode.' },
  enrichment: {
    section: 'fulltext',
    label: 'Fetch full text',
    help: 'On screen: for cards as they scroll into view. On click: only when you open a card.',
  },
  taglineEngine: { section: 'taglines', label: 'Tagline engine' },
  endpointBaseUrl: {
    section: 'taglines',
    label: 'Endpoint base URL',
    help: 'An OpenAI-compatible API, e.g. http://localhost:11434/v1 for a local Ollama server. Used by the “endpoint” engine.',
  },
  endpointModel: { section: 'taglines', label: 'Endpoint model', help: 'The model name the endpoint expects, e.g. llama3.2.' },
  keyboardShortcuts: {
    section: 'keyboard',
    label: 'Keyboard shortcuts on listing pages',
    help: 'j / k next / previous card, s save, a abstract, o open abstract page, f full figure, x not interested, u unseen only, ? all keys.',
  },
  collapseSeen: {
    section: 'interests',
    label: 'Collapse papers seen on an earlier visit, and muted ones, to one line',
    help: 'A click on the line opens the card. A new version of a paper you saved is never collapsed.',
  },
  followAuthors: { section: 'interests', label: 'Authors you follow', help: 'A surname or a full name, e.g. Zuazua.' },
  followKeywords: { section: 'interests', label: 'Keywords you follow', help: 'Found in the title or abstract, e.g. mean-field.' },
  mutedKeywords: { section: 'interests', label: 'Muted keywords', help: 'A paper mentioning one is collapsed to one line, with the reason.' },
  bibtexPublished: {
    section: 'bibtex',
    label: 'Cite the published version when there is one',
    help: 'A paper with a journal reference or a publisher’s DOI becomes @article with journal and doi; off keeps arXiv’s own @misc entry.',
  },
};

type ChoiceKey = keyof typeof choices;

export const CHOICE_LABELS: { readonly [K in ChoiceKey]: Record<(typeof choices)[K][number], string> } = {
  cardMode: { full: 'Full cards', compact: 'Compact cards', off: 'Off (arXiv’s own page)' },
  theme: { auto: 'Auto', light: 'Light', dark: 'Dark' },
  enrichment: { 'on-screen': 'For cards on screen', 'on-click': 'Only when I open a card', off: 'Never' },
  taglineEngine: {
    extractive: 'Extractive (offline, instant)',
    'on-device': 'On-device model (browser built-in)',
    endpoint: 'OpenAI-compatible endpoint',
  },
};

const isChoiceKey = (key: SettingsKey): key is ChoiceKey => key in choices;

export const SETTINGS_KEYS = Object.keys(defaults) as SettingsKey[];

/** The endpoint's origin for a permission request, or null when the URL is unusable. */
export function endpointOrigin(baseUrl: string): string | null {
  if (!baseUrl) return null;
  try {
    const u = new URL(baseUrl);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

type Status = { kind: 'ok' | 'error'; text: string } | null;

interface SettingsFormProps {
  settings: Settings;
}

export function SettingsForm({ settings }: SettingsFormProps) {
  const [status, setStatus] = useState<Status>(null);
  const [drafts, setDrafts] = useState<Partial<Record<SettingsKey, string>>>({});
  const [invalid, setInvalid] = useState<Partial<Record<SettingsKey, string>>>({});
  // What the reader just chose, shown until storage reports it back. Without it any re-render
  // in between (the status line, say) puts the stored value back into a controlled control,
  // and a click on a checkbox seems not to take while the write is on its way.
  // It belongs to the settings it was chosen over: new settings from storage replace it.
  const [pending, setPending] = useState<{ over: Settings; values: Partial<Settings> }>({ over: settings, values: {} });
  const pendingValues = pending.over === settings ? pending.values : {};
  const choose = (key: SettingsKey, value: unknown) =>
    setPending((cur) => ({ over: settings, values: { ...(cur.over === settings ? cur.values : {}), [key]: value } }));

  async function save<K extends SettingsKey>(key: K, value: unknown) {
    if (!isValidSetting(key, value)) {
      const msg =
        key === 'endpointBaseUrl' ? 'Enter a full http:// or https:// URL, or leave it empty.' : 'This value is not allowed.';
      setInvalid((cur) => ({ ...cur, [key]: msg }));
      setStatus({ kind: 'error', text: `Not saved: ${FIELDS[key].label}. ${msg}` });
      return;
    }
    // storage.sync refuses an item over 8 KB: say so before trying, and keep what was typed.
    const bytes = syncItemBytes(SETTINGS_STORAGE_KEY, { ...settings, [key]: value, version: SETTINGS_VERSION });
    if (bytes > SYNC_ITEM_BYTES) {
      const msg =
        `This list does not fit in your browser’s synced storage (settings may take ${SYNC_ITEM_BYTES.toLocaleString('en')} bytes, ` +
        `this would take ${bytes.toLocaleString('en')}). Nothing was saved and your text is kept here: shorten the list and try again.`;
      setInvalid((cur) => ({ ...cur, [key]: msg }));
      setStatus({ kind: 'error', text: `Not saved: ${FIELDS[key].label}. ${msg}` });
      return;
    }
    setInvalid((cur) => ({ ...cur, [key]: undefined }));
    choose(key, value);
    try {
      await saveSettings({ [key]: value } as Partial<Settings>);
      setDrafts((cur) => ({ ...cur, [key]: undefined }));
      setStatus({ kind: 'ok', text: `Saved: ${FIELDS[key].label}.` });
    } catch (err) {
      choose(key, undefined);
      setStatus({ kind: 'error', text: `Could not save: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  function control(key: SettingsKey) {
    const meta = FIELDS[key];
    const id = `setting-${key}`;
    const helpId = meta.help ? `${id}-help` : undefined;
    const errorId = invalid[key] ? `${id}-error` : undefined;
    const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
    const value = pendingValues[key] ?? settings[key];
    const help = meta.help ? (
      <p class="field-help" id={helpId}>
        {meta.help}
      </p>
    ) : null;
    const error = invalid[key] ? (
      <p class="field-error status-error" id={errorId}>
        {invalid[key]}
      </p>
    ) : null;

    if (typeof value === 'boolean') {
      return (
        <div class="field field-checkbox" key={key}>
          <input
            id={id}
            type="checkbox"
            name={key}
            checked={value}
            aria-describedby={describedBy}
            onChange={(e) => void save(key, (e.currentTarget as HTMLInputElement).checked)}
          />
          <div>
            <label for={id}>{meta.label}</label>
            {help}
          </div>
        </div>
      );
    }
    if (isChoiceKey(key)) {
      const labels = CHOICE_LABELS[key] as Record<string, string>;
      return (
        <div class="field" key={key}>
          <label for={id}>{meta.label}</label>
          <select
            id={id}
            name={key}
            value={String(value)}
            aria-describedby={describedBy}
            onChange={(e) => void save(key, (e.currentTarget as HTMLSelectElement).value)}
          >
            {(choices[key] as readonly string[]).map((c) => (
              <option key={c} value={c}>
                {labels[c] ?? c}
              </option>
            ))}
          </select>
          {help}
        </div>
      );
    }
    const draft = drafts[key];
    if (Array.isArray(value)) {
      return (
        <div class="field" key={key}>
          <label for={id}>{meta.label}</label>
          <textarea
            id={id}
            name={key}
            rows={4}
            value={draft ?? value.join('\n')}
            spellcheck={false}
            aria-invalid={invalid[key] ? 'true' : undefined}
            aria-describedby={describedBy}
            onInput={(e) => {
              const v = (e.currentTarget as HTMLTextAreaElement).value;
              setDrafts((cur) => ({ ...cur, [key]: v }));
            }}
            onChange={(e) => void save(key, parseLines((e.currentTarget as HTMLTextAreaElement).value))}
          />
          {help}
          {error}
        </div>
      );
    }
    return (
      <div class="field" key={key}>
        <label for={id}>{meta.label}</label>
        <input
          id={id}
          type={key === 'endpointBaseUrl' ? 'url' : 'text'}
          name={key}
          value={draft ?? String(value)}
          placeholder={key === 'endpointBaseUrl' ? 'http://localhost:11434/v1' : key === 'endpointModel' ? 'llama3.2' : ''}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={invalid[key] ? 'true' : undefined}
          aria-describedby={describedBy}
          onInput={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            setDrafts((cur) => ({ ...cur, [key]: v }));
          }}
          // `change` fires when the field is committed (Enter or leaving it), not per keystroke.
          onChange={(e) => void save(key, (e.currentTarget as HTMLInputElement).value.trim())}
        />
        {help}
        {error}
      </div>
    );
  }

  const fieldsOf = (section: SectionId) => SETTINGS_KEYS.filter((k) => FIELDS[k].section === section);

  return (
    <form class="settings-form" data-pith="settings-form" onSubmit={(e) => e.preventDefault()}>
      {SECTIONS.map((s) => (
        <Section key={s.id} id={s.id} title={s.title} help={s.help}>
          {fieldsOf(s.id).map(control)}
          {s.id === 'taglines' && (
            <>
              <EndpointKeyField />
              <EndpointAccess engine={settings.taglineEngine} baseUrl={settings.endpointBaseUrl} />
              <OnDeviceStatus />
            </>
          )}
        </Section>
      ))}
      <p class={`form-status${status ? ` status-${status.kind}` : ''}`} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </form>
  );
}

export function Section({
  id,
  title,
  help,
  children,
}: {
  id: string;
  title: string;
  help?: string;
  children: ComponentChildren;
}) {
  return (
    <section class="settings-section" aria-labelledby={`section-${id}`} data-section={id}>
      <h2 id={`section-${id}`}>{title}</h2>
      {help && <p class="section-help">{help}</p>}
      {children}
    </section>
  );
}

/** The endpoint API key: `storage.local` only, never synced (utils/settings.ts). */
function EndpointKeyField() {
  const [key, setKey] = useState('');
  const [note, setNote] = useState<Status>(null);
  useEffect(() => {
    void loadEndpointKey().then(setKey, () => undefined);
  }, []);
  return (
    <div class="field">
      <label for="setting-endpointKey">Endpoint API key</label>
      <input
        id="setting-endpointKey"
        type="password"
        name="endpointKey"
        autocomplete="off"
        value={key}
        aria-describedby="setting-endpointKey-help"
        onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          saveEndpointKey(v).then(
            () => setNote({ kind: 'ok', text: v.trim() ? 'Key saved on this device.' : 'Key removed.' }),
            (err: unknown) => setNote({ kind: 'error', text: `Could not save the key: ${String(err)}` }),
          );
        }}
      />
      <p class="field-help" id="setting-endpointKey-help">
        Optional. Kept on this device only, never synced. A local Ollama server needs none.
      </p>
      {note && (
        <p class={`field-note status-${note.kind}`} role="status">
          {note.text}
        </p>
      )}
    </div>
  );
}

/** "Grant access to <origin>": the optional host permission the endpoint engine needs. */
function EndpointAccess({ engine, baseUrl }: { engine: Settings['taglineEngine']; baseUrl: string }) {
  const origin = endpointOrigin(baseUrl);
  const [granted, setGranted] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setGranted(null);
    setError(null);
    if (!origin) return;
    let live = true;
    Promise.resolve()
      .then(() => browser.permissions.contains({ origins: [`${origin}/*`] }))
      .then(
        (has) => live && setGranted(has),
        () => live && setGranted(null),
      );
    return () => {
      live = false;
    };
  }, [origin]);

  if (engine !== 'endpoint' || !origin) return null;

  function request(o: string) {
    setError(null);
    // Called synchronously in the click handler: the browser requires the user gesture.
    let pending: Promise<boolean>;
    try {
      pending = browser.permissions.request({ origins: [`${o}/*`] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    pending.then(
      (ok) => {
        setGranted(ok);
        if (!ok) setError('Access was not granted; the extractive tagline is used instead.');
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }

  return (
    <div class="field endpoint-access" data-pith="endpoint-access">
      <p class="access-state" role="status">
        {granted === true
          ? `✓ Access to ${origin} granted.`
          : granted === false
            ? `The extension may not yet contact ${origin}.`
            : `Access to ${origin}: unknown.`}
      </p>
      {granted !== true && (
        <button type="button" onClick={() => request(origin)}>
          Grant access to {origin}
        </button>
      )}
      {error && <p class="status-error">{error}</p>}
    </div>
  );
}
