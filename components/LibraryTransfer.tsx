import { useState } from 'preact/hooks';
import type { SavedPaper } from '@/utils/saved-paper';
import { toBibtex } from '@/utils/bibtex';
import { checkImportSize, exportLibraryJson } from '@/utils/library-io';
import { sendMessage } from '@/utils/messaging';
import { downloadText, exportFilename } from '@/utils/download';

interface LibraryTransferProps {
  /** The whole library, newest saved first (read when an export is clicked). */
  loadAll(): Promise<readonly SavedPaper[]> | readonly SavedPaper[];
  total: number;
  /** The current search results, when a search is active (popup only). */
  shown?: readonly SavedPaper[] | null;
  /** A short id prefix, so two instances on one page keep unique element ids. */
  idPrefix: string;
}

type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

export function importOutcome(res: { added: number; kept: number; skipped: number }): string {
  const parts = [`Added ${res.added}`, `${res.kept} already there`];
  if (res.skipped > 0) parts.push(`${res.skipped} skipped`);
  return parts.join(', ');
}

/**
 * Export (BibTeX / JSON, whole library or the current search) and import of a JSON export.
 * Import never writes here: the file's text goes to the background, which validates and
 * merges it in one transaction, so a bad file changes nothing.
 */
export function LibraryTransfer({ loadAll, total, shown, idPrefix }: LibraryTransferProps) {
  const [scope, setScope] = useState<'shown' | 'all'>('shown');
  const [status, setStatus] = useState<Status>(null);
  const searching = shown !== undefined && shown !== null;
  const useShown = searching && scope === 'shown';
  const count = useShown ? shown.length : total;

  async function exportAs(kind: 'bib' | 'json') {
    try {
      const papers = useShown ? shown : await loadAll();
      const text = kind === 'bib' ? toBibtex(papers) : exportLibraryJson(papers);
      downloadText(exportFilename(kind), text, kind === 'bib' ? 'application/x-bibtex' : 'application/json');
      setStatus({ kind: 'ok', text: `Exported ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'} as ${kind === 'bib' ? 'BibTeX' : 'JSON'}.` });
    } catch (err) {
      setStatus({ kind: 'error', text: `Export failed: ${err instanceof Error ? err.message : String(err)}` });
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
    setStatus({ kind: 'busy', text: `Importing ${file.name}…` });
    try {
      const text = await file.text();
      const res = await sendMessage('library:import', { text });
      if (res.ok) setStatus({ kind: 'ok', text: `${importOutcome(res)}.` });
      else setStatus({ kind: 'error', text: res.error });
    } catch (err) {
      setStatus({
        kind: 'error',
        text: `Import failed, nothing was changed: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      input.value = '';
    }
  }

  const fileId = `${idPrefix}-import`;
  return (
    <div class="library-transfer">
      <div class="transfer-row">
        <span class="transfer-label" aria-hidden="true">
          Export
        </span>
        {searching && (
          <label class="transfer-scope">
            <span class="visually-hidden">Papers to export</span>
            <select
              name="exportScope"
              value={scope}
              onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value === 'all' ? 'all' : 'shown')}
            >
              <option value="shown">{`${shown.length} shown`}</option>
              <option value="all">{`all ${total}`}</option>
            </select>
          </label>
        )}
        <button
          type="button"
          data-pith="export-bibtex"
          disabled={count === 0}
          onClick={() => void exportAs('bib')}
          aria-label={`Export ${useShown ? `${count} shown` : `all ${count}`} as BibTeX`}
        >
          BibTeX
        </button>
        <button
          type="button"
          data-pith="export-json"
          disabled={count === 0}
          onClick={() => void exportAs('json')}
          aria-label={`Export ${useShown ? `${count} shown` : `all ${count}`} as JSON`}
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
            accept=".json,application/json"
            onChange={(e) => void importFile(e.currentTarget as HTMLInputElement)}
          />
          <label for={fileId} class="button-like">
            Import JSON…
          </label>
        </span>
      </div>
      <p
        class={`transfer-status${status ? ` status-${status.kind}` : ''}`}
        data-pith="library-transfer-status"
        role="status"
        aria-live="polite"
      >
        {status?.text ?? ''}
      </p>
    </div>
  );
}
