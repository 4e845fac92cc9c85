import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { getDb } from '@/background/db/schema';
import { LibraryTransfer } from '@/components/LibraryTransfer';
import { useLiveSettings } from '@/components/LiveSettings';
import { SettingsCache } from '@/components/SettingsCache';
import { SyncStatusLine } from '@/components/SyncStatusLine';
import { Section, SettingsForm } from '@/components/SettingsForm';

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
        <h1>arXiv Pith settings</h1>
        <p class="section-help">Every change is saved at once and applies to open arXiv tabs without a reload.</p>
      </header>
      <main>
        {loaded ? <SettingsForm settings={settings} /> : <p role="status">Loading settings…</p>}
        <Section id="cache" title="Cache" help="Papers, full-text analyses and taglines are cached so pages fill in instantly.">
          <SettingsCache />
        </Section>
        <Section
          id="library"
          title="Library"
          help="Export your saved papers as BibTeX (arXiv’s own @misc style, or @article for published versions: see BibTeX export above) or JSON; import a JSON export or a .bib file to merge it in."
        >
          <p class="library-size">
            {saved === null ? 'Counting saved papers…' : `${saved} saved ${saved === 1 ? 'paper' : 'papers'}.`}
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
