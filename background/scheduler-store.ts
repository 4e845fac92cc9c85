/**
 * Where the scheduler's pacing (each host's last request start and back-off) outlives the
 * background: `storage.session`, which survives a stopped MV3 service worker and a suspended
 * Firefox event page but not the browser itself (a browser started afresh owes arXiv no wait).
 */
import { storage } from 'wxt/utils/storage';
import type { PersistedHosts, SchedulerStore } from './scheduler';

export function createSchedulerStore(): SchedulerStore {
  const item = storage.defineItem<PersistedHosts>('session:schedulerHosts', { fallback: {} });
  return {
    load: () => item.getValue(),
    save: (hosts) => item.setValue(hosts),
  };
}
