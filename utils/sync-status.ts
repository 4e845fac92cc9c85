/**
 * How the library's mirror in storage.sync stands, as the background last wrote or read it
 * (background/saved-sync.ts), kept in storage.local under SYNC_STATUS_KEY so the settings page
 * can say when the mirror is partial (storage.sync is full: the newest saved ids are kept) or
 * paused (another browser wrote it in a newer format, left alone so nothing is lost). Pure.
 */
export const SYNC_STATUS_KEY = 'syncStatus';

export interface SyncStatus {
  /** Saved ids in the mirror, and in the library. */
  stored: number;
  total: number;
  truncated: boolean;
  newerFormat: boolean;
  /** Epoch ms of the write or read that found this. */
  at: number;
}

export function isSyncStatus(v: unknown): v is SyncStatus {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.stored === 'number' &&
    typeof s.total === 'number' &&
    typeof s.truncated === 'boolean' &&
    typeof s.newerFormat === 'boolean' &&
    typeof s.at === 'number'
  );
}

/** One sentence for the settings page; null when there is nothing to say. */
export function syncStatusText(s: SyncStatus | null): string | null {
  if (!s) return null;
  if (s.newerFormat) {
    return 'Sync is paused: a newer version of arXiv Pith in another browser keeps your library there in a format this one cannot read. It was left as it is; update the extension here to sync again.';
  }
  if (s.truncated) {
    const left = s.total - s.stored;
    return `Browser sync is full: the newest ${s.stored.toLocaleString('en')} of ${s.total.toLocaleString('en')} saved papers sync to your other browsers; the oldest ${left.toLocaleString('en')} stay on this one (export JSON to move them).`;
  }
  return s.total === 0 ? null : `All ${s.total.toLocaleString('en')} saved papers sync to your other browsers.`;
}
