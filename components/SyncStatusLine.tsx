import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isSyncStatus, syncStatusText, SYNC_STATUS_KEY, type SyncStatus } from '@/utils/sync-status';

/**
 * How the library syncs through the browser (issue 12: "a full quota keeps the newest and says
 * so in settings"), from the status the background keeps in storage.local; live.
 */
export function SyncStatusLine() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    void browser.storage.local
      .get(SYNC_STATUS_KEY)
      .then((got) => {
        const v = got[SYNC_STATUS_KEY];
        if (live) setStatus(isSyncStatus(v) ? v : null);
      })
      .catch(() => undefined);
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || !(SYNC_STATUS_KEY in changes)) return;
      const v = changes[SYNC_STATUS_KEY]?.newValue;
      setStatus(isSyncStatus(v) ? v : null);
    };
    browser.storage.onChanged.addListener(listener);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(listener);
    };
  }, []);
  const text = syncStatusText(status);
  if (!text) return null;
  return (
    <p class={`sync-status${status?.truncated || status?.newerFormat ? ' sync-status-warn' : ''}`} role="status" data-pith="sync-status">
      {text}
    </p>
  );
}
