import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { getDb } from '@/background/db/schema';
import { LibraryTransfer } from '@/components/LibraryTransfer';
import { useLiveSettings } from '@/components/LiveSettings';
import { SettingsCache } from '@/components/SettingsCache';
import { SyncStatusLine } from '@/components/SyncStatusLine';
import { Section, SettingsForm } from '@/components/SettingsForm';
import { t, tn } from '@/utils/i18n';

/** Number of saved papers, live (the library is read directly: same extension origin). */
function useSavedCount(): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const sub = liveQuery(() => getDb().saved.count()).subscribe({
      next: setCount,
      error: () => setCount(null),
    });
    return () => sub.unsubscribe();
  }, []);
  return count;
}

export function App() {
  const { settings, loaded } = useLiveSettings();
  const saved = useSavedCount();
  return (
    <div class="options">
      <header class="options-header">
        <h1>{t('optionsHeading')}</h1>
        <p class="section-help">{t('optionsIntro')}</p>
      </header>
      <main>
        {loaded ? <SettingsForm settings={settings} /> : <p role="status">{t('loadingSettings')}</p>}
        <Section id="cache" title={t('section_cache')} help={t('section_cache_help')}>
          <SettingsCache />
        </Section>
        <Section
          id="library"
          title={t('section_library')}
          help={t('section_library_help')}
        >
          <p class="library-size">
            {saved === null ? t('countingSaved') : tn('savedPapers', saved)}
          </p>
          <SyncStatusLine />
          <LibraryTransfer
            idPrefix="options"
            total={saved ?? 0}
            loadAll={() => getDb().saved.orderBy('savedAt').reverse().toArray()}
          />
        </Section>
      </main>
    </div>
  );
}
