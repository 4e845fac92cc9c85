import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

interface FigurePreviewProps {
  figure: { src: string; caption: string };
  /** The paper's own page (its HTML version), where the figure can always be found. */
  paperUrl: string;
  /** The image did not load (gone, or a URL an older analysis got wrong). */
  onUnavailable?(src: string): void;
}

/**
 * The paper's first figure as a lazily loaded thumbnail with a link to the full image.
 * When the image fails to load the card never shows a broken-image icon: the thumbnail
 * gives way to a quiet "figure unavailable" and the link goes to the paper instead.
 */
export function FigurePreview({ figure, paperUrl, onUnavailable }: FigurePreviewProps) {
  // The src that failed, so a new analysis with another src is tried afresh.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  // Failed while the browser was offline: not the URL's fault, so tried again once online.
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    if (!offline) return;
    const retry = (): void => {
      setOffline(false);
      setFailedSrc(null);
    };
    addEventListener('online', retry);
    return () => removeEventListener('online', retry);
  }, [offline]);
  // The src comes from an untrusted page: only ever link to http(s) images.
  if (!/^https?:\/\//i.test(figure.src)) return null;
  if (failedSrc === figure.src) {
    return (
      <figure class="figure unavailable" data-pith="figure" data-state="unavailable">
        <figcaption>
          <span class="muted">{t('figureUnavailable')}</span>{' '}
          <a href={paperUrl} target="_blank" rel="noopener noreferrer" class="full-image" title={t('figureOpenPaper')}>
            {t('figureFullImage')}
          </a>
        </figcaption>
      </figure>
    );
  }
  const caption = figure.caption.length > 160 ? `${figure.caption.slice(0, 157)}…` : figure.caption;
  const failed = (): void => {
    setFailedSrc(figure.src);
    if (typeof navigator !== 'undefined' && navigator.onLine === false) setOffline(true);
    else onUnavailable?.(figure.src);
  };
  return (
    <figure class="figure" data-pith="figure">
      <a href={figure.src} target="_blank" rel="noopener noreferrer" title={t('figureOpenFullImage')}>
        <img src={figure.src} alt={caption || t('figureAlt')} loading="lazy" decoding="async" onError={failed} />
      </a>
      <figcaption>
        {caption && <span class="caption">{caption}</span>}{' '}
        <a href={figure.src} target="_blank" rel="noopener noreferrer" class="full-image">
          {t('figureFullImage')}
        </a>
      </figcaption>
    </figure>
  );
}
