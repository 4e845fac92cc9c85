/**
 * The on-device model's state on the settings page: Chrome's Prompt API (`LanguageModel`) when
 * present, else the Summarizer. A model that must be downloaded first gets a button (the
 * download needs a user gesture) and a progress bar fed by the `downloadprogress` events.
 */
import { useEffect, useState } from 'preact/hooks';
import { downloadLanguageModel, languageModelAvailability, type LanguageModelFactory, type SummarizerAvailability } from '@/utils/tagline-engines';

interface SummarizerGlobal {
  availability?: () => Promise<string>;
}

const LABELS: Record<string, string> = {
  available: 'available',
  downloadable: 'available after a one-time model download',
  downloading: 'model downloading',
  unavailable: 'not available on this device',
};

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
    if (!api) setView({ kind: 'text', text: 'not available in this browser' });
    else if (typeof api.availability !== 'function') setView({ kind: 'text', text: 'present, availability unknown' });
    else {
      api.availability().then(
        (a) => live && setView({ kind: 'text', text: LABELS[a] ?? a }),
        () => live && setView({ kind: 'text', text: 'not available (the check failed)' }),
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
  if (view.kind === 'checking') text = 'Checking…';
  else if (view.kind === 'text') text = view.text;
  else if (view.kind === 'progress') text = `downloading, ${Math.round(view.loaded * 100)}%`;
  else if (view.kind === 'failed') text = `download failed (${view.reason})`;
  else text = view.state === 'unavailable' && view.reason ? `not available (${view.reason})` : LABELS[view.state] ?? view.state;
  const canDownload = (view.kind === 'prompt-api' && (view.state === 'downloadable' || view.state === 'downloading')) || view.kind === 'failed';

  return (
    <div class="field-help on-device-status">
      <p data-pith="on-device-status">On-device model: {text}.</p>
      {view.kind === 'progress' && (
        <progress data-pith="on-device-progress" max={1} value={view.loaded} aria-label="Model download" />
      )}
      {canDownload && (
        <button type="button" data-pith="on-device-download" onClick={download}>
          {view.kind === 'prompt-api' && view.state === 'downloading' ? 'Show download progress' : 'Download the model'}
        </button>
      )}
    </div>
  );
}
