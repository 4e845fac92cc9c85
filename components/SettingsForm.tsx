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
import { t, type MessageKey } from '@/utils/i18n';

/**
 * The settings form, generated from the one schema in utils/settings.ts: one control per
 * key of `defaults`, named after the key, typed by the default's type (checkbox for
 * booleans, select for `choices`, text for strings). What the schema cannot say — labels,
 * help text, section — is below, typed so that a new setting without a label fails to compile.
 * Labels and help are keys of the messages file (utils/i18n.ts), looked up when shown.
 */

export type SectionId = 'cards' | 'interests' | 'fulltext' | 'taglines' | 'keyboard' | 'bibtex';

export const SECTIONS: readonly { id: SectionId; title: MessageKey; help: MessageKey }[] = [
  { id: 'cards', title: 'section_cards', help: 'section_cards_help' },
  { id: 'interests', title: 'section_interests', help: 'section_interests_help' },
  { id: 'fulltext', title: 'section_fulltext', help: 'section_fulltext_help' },
  { id: 'taglines', title: 'section_taglines', help: 'section_taglines_help' },
  { id: 'keyboard', title: 'section_keyboard', help: 'section_keyboard_help' },
  { id: 'bibtex', title: 'section_bibtex', help: 'section_bibtex_help' },
];

interface FieldMeta {
  section: SectionId;
  label: MessageKey;
  help?: MessageKey;
}

export const FIELDS: { readonly [K in SettingsKey]: FieldMeta } = {
  cardMode: { section: 'cards', label: 'setting_cardMode', help: 'setting_cardMode_help' },
  showTagline: { section: 'cards', label: 'setting_showTagline' },
  showQualifier: { section: 'cards', label: 'setting_showQualifier' },
  showTheorems: { section: 'cards', label: 'setting_showTheorems' },
  showMainStatement: { section: 'cards', label: 'setting_showMainStatement' },
  showFigure: { section: 'cards', label: 'setting_showFigure' },
  abstractExpanded: { section: 'cards', label: 'setting_abstractExpanded' },
  renderMath: { section: 'cards', label: 'setting_renderMath', help: 'setting_renderMath_help' },
  theme: { section: 'cards', label: 'setting_theme', help: 'setting_theme_help' },
  enrichment: { section: 'fulltext', label: 'setting_enrichment', help: 'setting_enrichment_help' },
  taglineEngine: { section: 'taglines', label: 'setting_taglineEngine' },
  endpointBaseUrl: { section: 'taglines', label: 'setting_endpointBaseUrl', help: 'setting_endpointBaseUrl_help' },
  endpointModel: { section: 'taglines', label: 'setting_endpointModel', help: 'setting_endpointModel_help' },
  keyboardShortcuts: { section: 'keyboard', label: 'setting_keyboardShortcuts', help: 'setting_keyboardShortcuts_help' },
  collapseSeen: { section: 'interests', label: 'setting_collapseSeen', help: 'setting_collapseSeen_help' },
  followAuthors: { section: 'interests', label: 'setting_followAuthors', help: 'setting_followAuthors_help' },
  followKeywords: { section: 'interests', label: 'setting_followKeywords', help: 'setting_followKeywords_help' },
  mutedKeywords: { section: 'interests', label: 'setting_mutedKeywords', help: 'setting_mutedKeywords_help' },
  bibtexPublished: { section: 'bibtex', label: 'setting_bibtexPublished', help: 'setting_bibtexPublished_help' },
};

type ChoiceKey = keyof typeof choices;

export const CHOICE_LABELS: { readonly [K in ChoiceKey]: Record<(typeof choices)[K][number], MessageKey> } = {
  cardMode: { full: 'choice_cardMode_full', compact: 'choice_cardMode_compact', off: 'choice_cardMode_off' },
  theme: { auto: 'choice_theme_auto', light: 'choice_theme_light', dark: 'choice_theme_dark' },
  enrichment: { 'on-screen': 'choice_enrichment_onScreen', 'on-click': 'choice_enrichment_onClick', off: 'choice_enrichment_off' },
  taglineEngine: { extractive: 'choice_taglineEngine_extractive', 'on-device': 'choice_taglineEngine_onDevice', endpoint: 'choice_taglineEngine_endpoint' },
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
      const msg = key === 'endpointBaseUrl' ? t('invalidUrl') : t('invalidValue');
      setInvalid((cur) => ({ ...cur, [key]: msg }));
      setStatus({ kind: 'error', text: t('notSaved', t(FIELDS[key].label), msg) });
      return;
    }
    // storage.sync refuses an item over 8 KB: say so before trying, and keep what was typed.
    const bytes = syncItemBytes(SETTINGS_STORAGE_KEY, { ...settings, [key]: value, version: SETTINGS_VERSION });
    if (bytes > SYNC_ITEM_BYTES) {
      const msg = t('syncTooBig', SYNC_ITEM_BYTES.toLocaleString('en'), bytes.toLocaleString('en'));
      setInvalid((cur) => ({ ...cur, [key]: msg }));
      setStatus({ kind: 'error', text: t('notSaved', t(FIELDS[key].label), msg) });
      return;
    }
    setInvalid((cur) => ({ ...cur, [key]: undefined }));
    choose(key, value);
    try {
      await saveSettings({ [key]: value } as Partial<Settings>);
      setDrafts((cur) => ({ ...cur, [key]: undefined }));
      setStatus({ kind: 'ok', text: t('savedSetting', t(FIELDS[key].label)) });
    } catch (err) {
      choose(key, undefined);
      setStatus({ kind: 'error', text: t('couldNotSave', err instanceof Error ? err.message : String(err)) });
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
        {t(meta.help)}
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
            <label for={id}>{t(meta.label)}</label>
            {help}
          </div>
        </div>
      );
    }
    if (isChoiceKey(key)) {
      const labels = CHOICE_LABELS[key] as Record<string, MessageKey>;
      return (
        <div class="field" key={key}>
          <label for={id}>{t(meta.label)}</label>
          <select
            id={id}
            name={key}
            value={String(value)}
            aria-describedby={describedBy}
            onChange={(e) => void save(key, (e.currentTarget as HTMLSelectElement).value)}
          >
            {(choices[key] as readonly string[]).map((c) => (
              <option key={c} value={c}>
                {labels[c] ? t(labels[c]) : c}
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
          <label for={id}>{t(meta.label)}</label>
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
        <label for={id}>{t(meta.label)}</label>
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
        <Section key={s.id} id={s.id} title={t(s.title)} help={t(s.help)}>
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
      <label for="setting-endpointKey">{t('endpointKeyLabel')}</label>
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
            () => setNote({ kind: 'ok', text: v.trim() ? t('keySaved') : t('keyRemoved') }),
            (err: unknown) => setNote({ kind: 'error', text: t('couldNotSaveKey', String(err)) }),
          );
        }}
      />
      <p class="field-help" id="setting-endpointKey-help">
        {t('endpointKeyHelp')}
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
        if (!ok) setError(t('accessNotGranted'));
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }

  return (
    <div class="field endpoint-access" data-pith="endpoint-access">
      <p class="access-state" role="status">
        {granted === true
          ? t('accessGranted', origin)
          : granted === false
            ? t('accessMissing', origin)
            : t('accessUnknown', origin)}
      </p>
      {granted !== true && (
        <button type="button" onClick={() => request(origin)}>
          {t('grantAccess', origin)}
        </button>
      )}
      {error && <p class="status-error">{error}</p>}
    </div>
  );
}
