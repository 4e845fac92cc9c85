import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SavedPaper } from '@/utils/saved-paper';
import { toBibtex } from '@/utils/bibtex';
import { useLiveSettings } from './LiveSettings';
import { checkImportSize, exportLibraryJson } from '@/utils/library-io';
import { IMPORT_PROGRESS_KEY, sendMessage, type ImportProgress } from '@/utils/messaging';
import { downloadText, exportFilename } from '@/utils/download';
import { t, tn } from '@/utils/i18n';

interface LibraryTransferProps {
  /** The whole library, newest saved first (read when an export is clicked). */
  loadAll(): Promise<readonly SavedPaper[]> | readonly SavedPaper[];
  total: number;
  /** The current search results, when a search is active (popup only). */
  shown?: { count: number; load(): Promise<readonly SavedPaper[]> } | null;
  /** A short id prefix, so two instances on one page keep unique element ids. */
  idPrefix: string;
}

type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

export function importOutcome(res: { added: number; kept: number; skipped: number }): string {
  // The parts are joined with a comma in every language the file may be in.
  const parts = [t('importAdded', res.added), t('importKept', res.kept)];
  if (res.skipped > 0) parts.push(t('importSkipped', res.skipped));
  return parts.join(', ');
}

/** A .bib rather than a JSON export: by name, else by its first character. */
export function looksLikeBibtex(name: string, text: string): boolean {
  if (/\.bib$/i.test(name)) return true;
  if (/\.json$/i.test(name)) return false;
  return text.trimStart().startsWith('@') || text.trimStart().startsWith('%');
}

/** Skipped entries named in the status line. */
const SKIPPED_LISTED = 5;

/** What a .bib import did, for the status line. */
export function bibOutcome(
  res: { added: number; kept: number; fromFile: number; failed: { id: string; reason: string }[] },
  skipped: { key: string; title: string | null }[],
  duplicates: number,
): string {
  const parts = [t('importAdded', res.added), t('importKept', res.kept)];
  if (res.fromFile > 0) parts.push(t('bibFromFile', res.fromFile));
  if (res.failed.length > 0) parts.push(t('bibFailed', res.failed.length));
  if (duplicates > 0) parts.push(t('bibDuplicates', duplicates));
  let text = parts.join(', ');
  if (skipped.length > 0) {
    const named = skipped.slice(0, SKIPPED_LISTED).map((s) => s.title ?? s.key).join('; ');
    text = t('bibSkippedNamed', text, skipped.length, `${named}${skipped.length > SKIPPED_LISTED ? '; …' : ''}`);
  }
  return t('statusSentence', text);
}

/**
 * Export (BibTeX / JSON, whole library or the current search) and import of a JSON export
 * or a .bib (its parser is loaded only when a .bib is imported; metadata is then fetched at
 * arXiv's pace by the background, with progress here).
 * Import never writes here: the file's text goes to the background, which validates and
 * merges it in one transaction, so a bad file changes nothing.
 */
export function LibraryTransfer({ loadAll, total, shown, idPrefix }: LibraryTransferProps) {
  const { settings } = useLiveSettings();
  const [scope, setScope] = useState<'shown' | 'all'>('shown');
  const [status, setStatus] = useState<Status>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  // A running .bib import's progress, written by the background.
  useEffect(() => {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || !(IMPORT_PROGRESS_KEY in changes)) return;
      const v = changes[IMPORT_PROGRESS_KEY]?.newValue as ImportProgress | undefined;
      setProgress(v && v.running ? { done: v.done, total: v.total } : null);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const searching = shown !== undefined && shown !== null;
  const useShown = searching && scope === 'shown';
  const count = useShown ? shown.count : total;

  async function exportAs(kind: 'bib' | 'json') {
    try {
      const papers = useShown ? await shown.load() : await loadAll();
      const text = kind === 'bib' ? toBibtex(papers, { published: settings.bibtexPublished }) : exportLibraryJson(papers);
      downloadText(exportFilename(kind), text, kind === 'bib' ? 'application/x-bibtex' : 'application/json');
      setStatus({ kind: 'ok', text: tn('exported', papers.length, kind === 'bib' ? 'BibTeX' : 'JSON') });
    } catch (err) {
      setStatus({ kind: 'error', text: t('exportFailed', err instanceof Error ? err.message : String(err)) });
    }
  }

  async function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    // Refuse before reading: a huge file would be read into memory in full.
    const tooBig = checkImportSize(file.size);
    if (tooBig) {
      setStatus({ kind: 'error', text: tooBig });
      input.value = '';
      return;
    }
    setStatus({ kind: 'busy', text: t('importing', file.name) });
    try {
      const text = await file.text();
      if (looksLikeBibtex(file.name, text)) {
        await importBibtex(text);
        return;
      }
      const res = await sendMessage('library:import', { text });
      if (res.ok) setStatus({ kind: 'ok', text: t('statusSentence', importOutcome(res)) });
      else setStatus({ kind: 'error', text: res.error });
    } catch (err) {
      setStatus({
        kind: 'error',
        text: t('importFailed', err instanceof Error ? err.message : String(err)),
      });
    } finally {
      input.value = '';
    }
  }

  async function importBibtex(text: string) {
    // The parser (~40 kB) is loaded only now, never with the popup.
    const { parseBibtexImport } = await import('@/utils/bibtex-import');
    const parsed = parseBibtexImport(text);
    if (!parsed.ok) {
      setStatus({ kind: 'error', text: t('bibUnreadable', parsed.error.message) });
      return;
    }
    if (parsed.entries.length === 0) {
      const named = parsed.skipped.slice(0, SKIPPED_LISTED).map((s) => s.title ?? s.key).join('; ');
      setStatus({
        kind: 'error',
        text: named ? t('bibNoArxivNamed', parsed.skipped.length, named) : t('bibNoArxiv', parsed.skipped.length),
      });
      return;
    }
    setStatus({ kind: 'busy', text: t('bibFetching', parsed.entries.length) });
    const res = await sendMessage('library:import-bib', { entries: parsed.entries }, { retries: 0 });
    setProgress(null);
    if (res.ok) setStatus({ kind: 'ok', text: bibOutcome(res, parsed.skipped, parsed.duplicates) });
    else setStatus({ kind: 'error', text: res.error });
  }

  const fileId = `${idPrefix}-import`;
  return (
    <div class="library-transfer">
      <div class="transfer-row">
        <span class="transfer-label" aria-hidden="true">
          {t('exportLabel')}
        </span>
        {searching && (
          <label class="transfer-scope">
            <span class="visually-hidden">{t('exportScopeLabel')}</span>
            <select
              name="exportScope"
              value={scope}
              onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value === 'all' ? 'all' : 'shown')}
            >
              <option value="shown">{t('exportScopeShown', shown.count)}</option>
              <option value="all">{t('exportScopeAll', total)}</option>
            </select>
          </label>
        )}
        <button
          type="button"
          data-pith="export-bibtex"
          disabled={count === 0}
          onClick={() => void exportAs('bib')}
          aria-label={t('exportBibtexLabel', useShown ? t('exportScopeShown', count) : t('exportScopeAll', count))}
        >
          BibTeX
        </button>
        <button
          type="button"
          data-pith="export-json"
          disabled={count === 0}
          onClick={() => void exportAs('json')}
          aria-label={t('exportJsonLabel', useShown ? t('exportScopeShown', count) : t('exportScopeAll', count))}
        >
          JSON
        </button>
        <span class="file-button">
          <input
            id={fileId}
            class="visually-hidden"
            type="file"
            name="libraryImport"
            data-pith="library-import"
            accept=".json,.bib,application/json,application/x-bibtex,text/x-bibtex"
            onChange={(e) => void importFile(e.currentTarget as HTMLInputElement)}
          />
          <label for={fileId} class="button-like">
            {t('importButton')}
          </label>
        </span>
      </div>
      <p
        class={`transfer-status${status ? ` status-${status.kind}` : ''}`}
        data-pith="library-transfer-status"
        role="status"
        aria-live="polite"
      >
        {status?.kind === 'busy' && progress ? t('progressOf', status.text, progress.done, progress.total) : status?.text ?? ''}
      </p>
    </div>
  );
}
