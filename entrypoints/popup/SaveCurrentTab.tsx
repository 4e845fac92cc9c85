import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { parseArxivId } from '@/utils/arxiv-ids';
import { sendMessage } from '@/utils/messaging';
import { t } from '@/utils/i18n';

/**
 * The arXiv paper (abs / html / pdf page) open in the active tab, or null. Quiet on every
 * failure: without a host permission for the tab the URL is simply undefined.
 */
export async function currentTabPaperId(): Promise<string | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const url = tab?.url;
    return typeof url === 'string' ? (parseArxivId(url)?.id ?? null) : null;
  } catch {
    return null;
  }
}

interface SaveCurrentTabProps {
  /** Whether the library already holds this id (from the live library rows). */
  isSaved(id: string): boolean;
  /** Still loading the library: do not offer to save what may already be saved. */
  ready: boolean;
}

/** "Save this page" for the paper in the active tab, shown only when it is not saved yet. */
export function SaveCurrentTab({ isSaved, ready }: SaveCurrentTabProps) {
  const [id, setId] = useState<string | null>(null);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' | 'error'; text: string }>({
    kind: 'idle',
    text: '',
  });

  useEffect(() => {
    let live = true;
    void currentTabPaperId().then((found) => {
      if (live) setId(found);
    });
    return () => {
      live = false;
    };
  }, []);

  if (id === null || !ready) return null;
  if (isSaved(id) && state.kind !== 'done') return null;

  async function save(paperId: string) {
    setState({ kind: 'busy', text: t('saving') });
    try {
      const res = await sendMessage('saved:put-by-id', { id: paperId });
      setState(res.ok ? { kind: 'done', text: t('savedTitle', res.title) } : { kind: 'error', text: res.message });
    } catch (err) {
      setState({ kind: 'error', text: t('couldNotSave', err instanceof Error ? err.message : String(err)) });
    }
  }

  return (
    <div class="save-tab" data-pith="save-current-tab">
      {state.kind === 'done' ? (
        <p role="status">{state.text}</p>
      ) : (
        <>
          <button type="button" class="primary" disabled={state.kind === 'busy'} onClick={() => void save(id)}>
            {t('saveThisPage')} <span class="save-tab-id">({id})</span>
          </button>
          <p role="status" class={state.kind === 'error' ? 'status-error' : undefined}>
            {state.text}
          </p>
        </>
      )}
    </div>
  );
}
