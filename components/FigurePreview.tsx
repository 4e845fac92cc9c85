interface FigurePreviewProps {
  figure: { src: string; caption: string };
}

/** The paper's first figure as a lazily loaded thumbnail with a link to the full image. */
export function FigurePreview({ figure }: FigurePreviewProps) {
  // The src comes from an untrusted page: only ever link to http(s) images.
  if (!/^https?:\/\//i.test(figure.src)) return null;
  const caption = figure.caption.length > 160 ? `${figure.caption.slice(0, 157)}…` : figure.caption;
  return (
    <figure class="figure" data-pith="figure">
      <a href={figure.src} target="_blank" rel="noopener noreferrer" title="Open the full image">
        <img src={figure.src} alt={caption || 'First figure of the paper'} loading="lazy" decoding="async" />
      </a>
      <figcaption>
        {caption && <span class="caption">{caption}</span>}{' '}
        <a href={figure.src} target="_blank" rel="noopener noreferrer" class="full-image">
          full image ↗
        </a>
      </figcaption>
    </figure>
  );
}
