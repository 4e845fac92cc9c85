import { useEffect, useState } from 'preact/hooks';
import { defaults, loadSettings, watchSettings, type Settings } from '@/utils/settings';

/**
 * The current settings, kept live (options page, another tab, another synced machine).
 * Also applies the `theme` setting to this extension page as `data-theme` on <html>;
 * 'auto' leaves it to `prefers-color-scheme` (see components/pith-theme.css).
 */
export function useLiveSettings(): { settings: Settings; loaded: boolean } {
  const [state, setState] = useState<{ settings: Settings; loaded: boolean }>({
    settings: { ...defaults },
    loaded: false,
  });

  useEffect(() => {
    let live = true;
    const unwatch = watchSettings((next) => setState({ settings: next, loaded: true }));
    void loadSettings().then(
      (s) => live && setState({ settings: s, loaded: true }),
      () => live && setState((prev) => ({ ...prev, loaded: true })),
    );
    return () => {
      live = false;
      unwatch();
    };
  }, []);

  const theme = state.settings.theme;
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);

  return state;
}
