import { useEffect, useState } from 'preact/hooks';
import type { CacheStats } from '@/background/db/cache';
import { sendMessage } from '@/utils/messaging';

export function formatMB(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Cache counts from the background, and "Clear cache" (which never touches the library). */
export function SettingsCache() {
  const [stats, setStats] = useState<CacheStats | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    sendMessage('cache:stats', {}).then(
      (s) => live && setStats(s),
      (err: unknown) => live && setStatus({ kind: 'error', text: `Cache figures unavailable: ${String(err)}` }),
    );
    return () => {
      live = false;
    };
  }, []);

  async function clear() {
    setBusy(true);
    try {
      const after = await sendMessage('cache:clear', {});
      setStats(after);
      setStatus({
        kind: 'ok',
        text: `Cache cleared. Your library (${after.saved} saved ${after.saved === 1 ? 'paper' : 'papers'}) is untouched.`,
      });
    } catch (err) {
      setStatus({ kind: 'error', text: `Could not clear the cache: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  }

  const rows: [string, string][] = stats
    ? [
        ['Papers (metadata)', String(stats.papers)],
        ['Full texts analysed', String(stats.fulltext)],
        ['Taglines', String(stats.taglines)],
        ['Saved papers (library, never cleared)', String(stats.saved)],
        ['Storage used', formatMB(stats.usageBytes)],
      ]
    : [];

  return (
    <div class="cache-panel" data-pith="cache-panel">
      {stats ? (
        <dl class="cache-stats">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        !status && <p class="field-help">Loading cache figures…</p>
      )}
      <button type="button" data-pith="clear-cache" disabled={busy} onClick={() => void clear()}>
        Clear cache
      </button>
      <p class="field-help">Removes cached metadata, full-text analyses and taglines. Saved papers stay.</p>
      <p class={`form-status${status ? ` status-${status.kind}` : ''}`} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </div>
  );
}
