import { useEffect, useState } from 'preact/hooks';
import type { CacheStats } from '@/background/db/cache';
import { sendMessage } from '@/utils/messaging';
import { t, tn } from '@/utils/i18n';

export function formatMB(bytes: number | null): string {
  if (bytes === null) return t('sizeUnknown');
  return t('sizeMB', (bytes / (1024 * 1024)).toFixed(1));
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
      (err: unknown) => live && setStatus({ kind: 'error', text: t('cacheUnavailable', String(err)) }),
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
        text: tn('cacheCleared', after.saved),
      });
    } catch (err) {
      setStatus({ kind: 'error', text: t('couldNotClearCache', err instanceof Error ? err.message : String(err)) });
    } finally {
      setBusy(false);
    }
  }

  const rows: [string, string][] = stats
    ? [
        [t('cachePapers'), String(stats.papers)],
        [t('cacheFulltext'), String(stats.fulltext)],
        [t('cacheTaglines'), String(stats.taglines)],
        [t('cacheSaved'), String(stats.saved)],
        [t('cacheStorage'), formatMB(stats.usageBytes)],
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
        !status && <p class="field-help">{t('loadingCache')}</p>
      )}
      <button type="button" data-pith="clear-cache" disabled={busy} onClick={() => void clear()}>
        {t('clearCache')}
      </button>
      <p class="field-help">{t('clearCacheHelp')}</p>
      <p class={`form-status${status ? ` status-${status.kind}` : ''}`} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </div>
  );
}
