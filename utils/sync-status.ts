/**
 * How the library's mirror in storage.sync stands, as the background last wrote or read it
 * (background/saved-sync.ts), kept in storage.local under SYNC_STATUS_KEY so the settings page
 * can say when the mirror is partial (storage.sync is full: the newest saved ids are kept) or
 * paused (another browser wrote it in a newer format, left alone so nothing is lost). Pure.
 */
import { t } from './i18n';

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
    return t('syncPausedNewer');
  }
  if (s.truncated) {
    const left = s.total - s.stored;
    return t('syncFull', s.stored.toLocaleString('en'), s.total.toLocaleString('en'), left.toLocaleString('en'));
  }
  return s.total === 0 ? null : t('syncAll', s.total.toLocaleString('en'));
}
