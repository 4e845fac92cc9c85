import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { FulltextAnalysis, Tagline } from '@/utils/paper';
import { Tex } from './Tex';
import { BoundedText } from './BoundedText';
import { TheoremBadge } from './TheoremBadge';
import { FigurePreview } from './FigurePreview';
import { SaveButton } from './SaveButton';

/** Full-text state of one card, as the content script learns it from the background. */
export type FulltextState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; analysis: FulltextAnalysis }
  | { state: 'no-html' }
  | { state: 'disabled' }
  /** `message` in the reader's words, `detail` (tooltip) the technical reason; `waiting`: asked again by itself. */
  | { state: 'error'; message: string; detail?: string; offline?: boolean; waiting?: boolean };

/** What one card shows. Built by the content script from the page, cache and background. */
export interface CardData {
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string | null;
  /** Why the abstract is missing, when it is ('waiting': asked again when arXiv's back-off ends). */
  abstractStatus: 'ready' | 'loading' | 'waiting' | 'unavailable';
  /** What went wrong fetching the abstract, in the reader's words, shown where the abstract goes. */
  abstractNote: string | null;
  /** The technical reason behind abstractNote: its tooltip only. */
  abstractDetail?: string | null;
  primaryCategory: string | null;
  date: string | null;
  absUrl: string;
  pdfUrl: string;
  htmlUrl: string | null;
  tagline: Tagline | null;
  /** A short note when the chosen tagline engine failed and another stood in. */
  taglineNote: string | null;
  fulltext: FulltextState;
  saved: boolean;
  /** Whether arXiv's own entry is shown beside the card. */
  originalShown: boolean;
}

/** The settings a card reads (a structural subset of the settings schema). */
export interface CardSettings {
  showTagline: boolean;
  showQualifier: boolean;
  showTheorems: boolean;
  showFigure: boolean;
  abstractExpanded: boolean;
  renderMath: boolean;
  cardMode: 'full' | 'compact' | 'off';
}

export interface CardActions {
  onToggleSave(): void;
  onRetryFulltext(): void;
  onLoadFulltext(): void;
  onToggleOriginal(): void;
  /** The first figure's image did not load. */
  onFigureUnavailable?(src: string): void;
}

const AUTHORS_SHOWN = 2;

function Authors({ authors }: { authors: string[] }) {
  const [all, setAll] = useState(false);
  if (authors.length === 0) return null;
  const hidden = authors.length - AUTHORS_SHOWN;
  const shown = all || hidden <= 1 ? authors : authors.slice(0, AUTHORS_SHOWN);
  return (
    <p class="authors" data-pith="authors">
      {/* Each name isolated: a right-to-left override in one never reverses the next. */}
      by{' '}
      {shown.map((name, i) => (
        <Fragment key={i}>
          {i > 0 && ', '}
          <bdi>{name}</bdi>
        </Fragment>
      ))}
      {!all && hidden > 1 && (
        <>
          {' '}
          <button type="button" class="link-button" onClick={() => setAll(true)} title={authors.join(', ')}>
            +{hidden} more
          </button>
        </>
      )}
    </p>
  );
}

interface PaperCardProps extends CardActions {
  card: CardData;
  settings: CardSettings;
}

export function PaperCard({ card, settings, ...actions }: PaperCardProps) {
  const [expandedByUser, setExpanded] = useState<boolean | null>(null);
  const expanded = expandedByUser ?? settings.abstractExpanded;
  const compact = settings.cardMode === 'compact';
  const headline = settings.showTagline && card.tagline ? card.tagline.headline : card.title;
  const qualifier = settings.showTagline && settings.showQualifier ? card.tagline?.qualifier ?? null : null;
  // A headline that only differs from the title in case is the title (arXiv titles vary in case).
  const showsTitleSeparately = headline.toLowerCase() !== card.title.toLowerCase();

  return (
    <article class={compact ? 'card compact' : 'card'} data-pith-card={card.id} aria-label={card.title}>
      <header class="meta-row">
        {card.primaryCategory && <span class="category">{card.primaryCategory}</span>}
        {card.date && <span class="date">{card.date}</span>}
        {settings.showTheorems && (
          <TheoremBadge fulltext={card.fulltext} onRetry={actions.onRetryFulltext} onLoad={actions.onLoadFulltext} />
        )}
        <span class="spacer" />
        <SaveButton saved={card.saved} onToggle={actions.onToggleSave} />
      </header>

      <h3 class="tagline" data-pith="tagline">
        {showsTitleSeparately ? (
          <Tex text={headline} render={settings.renderMath} />
        ) : (
          // No tagline yet (or taglines off): the headline is the title, and links like it.
          <a href={card.absUrl} class="headline-link">
            <Tex text={headline} render={settings.renderMath} />
          </a>
        )}
      </h3>
      {card.taglineNote && <p class="note">{card.taglineNote}</p>}
      {!compact && qualifier && (
        <p class="qualifier" data-pith="qualifier">
          <Tex text={qualifier} render={settings.renderMath} />
        </p>
      )}
      {!compact && <Authors authors={card.authors} />}
      <a class={showsTitleSeparately ? 'title' : 'title same'} data-pith="title" href={card.absUrl}>
        <Tex text={card.title} render={settings.renderMath} />
      </a>

      {!compact && settings.showFigure && card.fulltext.state === 'ok' && card.fulltext.analysis.firstFigure && (
        <FigurePreview
          figure={card.fulltext.analysis.firstFigure}
          paperUrl={card.htmlUrl ?? card.absUrl}
          onUnavailable={actions.onFigureUnavailable}
        />
      )}

      {!compact && (
        <section class="abstract-block">
          <button
            type="button"
            class="abstract-toggle"
            data-pith="abstract-toggle"
            aria-expanded={expanded ? 'true' : 'false'}
            onClick={() => setExpanded(!expanded)}
          >
            <span class="chevron" aria-hidden="true">{expanded ? '▾' : '▸'}</span> abstract
          </button>
          {!card.abstract && card.abstractStatus !== 'loading' && !expanded && (
            // Quietly, beside the collapsed toggle: why it is not there, the reason on hover.
            <span class="muted abstract-note" data-pith="abstract-note" title={card.abstractDetail ?? undefined}>
              {' · '}
              {card.abstractNote ?? 'Abstract not available right now.'}
            </span>
          )}
          <div class="abstract" data-pith="abstract" hidden={!expanded}>
            {expanded &&
              (card.abstract ? (
                <BoundedText text={card.abstract} render={settings.renderMath} />
              ) : (
                <span class="muted" title={card.abstractDetail ?? undefined}>
                  {card.abstractStatus === 'loading'
                    ? 'Loading the abstract…'
                    : card.abstractNote ?? 'Abstract not available right now.'}
                </span>
              ))}
          </div>
        </section>
      )}

      <footer class="links">
        <a href={card.absUrl}>abs</a>
        <a href={card.pdfUrl}>pdf</a>
        {card.htmlUrl && <a href={card.htmlUrl}>html</a>}
        <button
          type="button"
          class="link-button"
          data-pith="original-toggle"
          aria-expanded={card.originalShown ? 'true' : 'false'}
          onClick={actions.onToggleOriginal}
        >
          {card.originalShown ? 'hide arXiv entry' : 'arXiv entry'}
        </button>
      </footer>
    </article>
  );
}
