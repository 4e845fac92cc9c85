/**
 * The on-device model's state on the settings page: Chrome's Prompt API (`LanguageModel`) when
 * present, else the Summarizer. A model that must be downloaded first gets a button (the
 * download needs a user gesture) and a progress bar fed by the `downloadprogress` events.
 */
import { useEffect, useState } from 'preact/hooks';
import { downloadLanguageModel, languageModelAvailability, type LanguageModelFactory, type SummarizerAvailability } from '@/utils/tagline-engines';
import { t } from '@/utils/i18n';

interface SummarizerGlobal {
  availability?: () => Promise<string>;
}

/** The words for an availability the API reports; one it may add later shows as it is. */
function availabilityLabel(state: string): string {
  switch (state) {
    case 'available':
      return t('modelAvailable');
    case 'downloadable':
      return t('modelDownloadable');
    case 'downloading':
      return t('modelDownloading');
    case 'unavailable':
      return t('modelUnavailable');
    default:
      return state;
  }
}

type View =
  | { kind: 'checking' }
  | { kind: 'text'; text: string }
  | { kind: 'prompt-api'; state: SummarizerAvailability; reason?: string }
  | { kind: 'progress'; loaded: number }
  | { kind: 'failed'; reason: string };

/** What the page's globals offer; injectable for tests. */
export interface OnDeviceGlobals {
  LanguageModel?: LanguageModelFactory;
  Summarizer?: SummarizerGlobal;
}

export function OnDeviceStatus({ globals = globalThis as OnDeviceGlobals }: { globals?: OnDeviceGlobals }) {
  const [view, setView] = useState<View>({ kind: 'checking' });
  useEffect(() => {
    let live = true;
    const lm = globals.LanguageModel;
    if (lm) {
      void languageModelAvailability(lm).then((a) => live && setView({ kind: 'prompt-api', ...a }));
      return () => {
        live = false;
      };
    }
    const api = globals.Summarizer;
    if (!api) setView({ kind: 'text', text: t('modelNoApi') });
    else if (typeof api.availability !== 'function') setView({ kind: 'text', text: t('modelUnknown') });
    else {
      api.availability().then(
        (a) => live && setView({ kind: 'text', text: availabilityLabel(a) }),
        () => live && setView({ kind: 'text', text: t('modelCheckFailed') }),
      );
    }
    return () => {
      live = false;
    };
  }, [globals]);

  function download(): void {
    const lm = globals.LanguageModel;
    if (!lm) return;
    setView({ kind: 'progress', loaded: 0 });
    downloadLanguageModel(lm, (loaded) => setView({ kind: 'progress', loaded })).then(
      () => setView({ kind: 'prompt-api', state: 'available' }),
      (err: unknown) => setView({ kind: 'failed', reason: err instanceof Error ? err.message : String(err) }),
    );
  }

  let text: string;
  if (view.kind === 'checking') text = t('modelChecking');
  else if (view.kind === 'text') text = view.text;
  else if (view.kind === 'progress') text = t('modelProgress', Math.round(view.loaded * 100));
  else if (view.kind === 'failed') text = t('modelDownloadFailed', view.reason);
  else text = view.state === 'unavailable' && view.reason ? t('modelUnavailableWhy', view.reason) : availabilityLabel(view.state);
  const canDownload = (view.kind === 'prompt-api' && (view.state === 'downloadable' || view.state === 'downloading')) || view.kind === 'failed';

  return (
    <div class="field-help on-device-status">
      <p data-pith="on-device-status">{t('modelStatus', text)}</p>
      {view.kind === 'progress' && (
        <progress data-pith="on-device-progress" max={1} value={view.loaded} aria-label={t('modelDownloadLabel')} />
      )}
      {canDownload && (
        <button type="button" data-pith="on-device-download" onClick={download}>
          {view.kind === 'prompt-api' && view.state === 'downloading' ? t('modelShowProgress') : t('modelDownload')}
        </button>
      )}
    </div>
  );
}
