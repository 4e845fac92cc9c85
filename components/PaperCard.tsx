import { useState } from 'preact/hooks';
import type { FulltextAnalysis, Tagline } from '@/utils/paper';
import { Tex } from './Tex';
import { TheoremBadge } from './TheoremBadge';
import { FigurePreview } from './FigurePreview';
import { SaveButton } from './SaveButton';
import { NO_TRIAGE, NotInterestedButton, TriageLines, triageAttributes, type CardTriage } from './TriageMarks';

/** Full-text state of one card, as the content script learns it from the background. */
export type FulltextState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; analysis: FulltextAnalysis }
  | { state: 'no-html' }
  | { state: 'disabled' }
  | { state: 'error'; message: string; offline?: boolean };

/** What one card shows. Built by the content script from the page, cache and background. */
export interface CardData {
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string | null;
  /** Why the abstract is missing, when it is. */
  abstractStatus: 'ready' | 'loading' | 'unavailable';
  /** What went wrong fetching the abstract (offline, rate limited ...), shown where the abstract goes. */
  abstractNote: string | null;
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
  /** Seen, interests, "not interested" (issue 11); absent = nothing to say. */
  triage?: CardTriage;
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
  onToggleNotInterested?(): void;
  onUpdateSaved?(): void;
}

const AUTHORS_SHOWN = 2;

function Authors({ authors }: { authors: string[] }) {
  const [all, setAll] = useState(false);
  if (authors.length === 0) return null;
  const hidden = authors.length - AUTHORS_SHOWN;
  const shown = all || hidden <= 1 ? authors : authors.slice(0, AUTHORS_SHOWN);
  return (
    <p class="authors" data-pith="authors">
      by {shown.join(', ')}
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
  const triage = card.triage ?? NO_TRIAGE;

  return (
    <article class={compact ? 'card compact' : 'card'} data-pith-card={card.id} aria-label={card.title} {...triageAttributes(triage)}>
      <header class="meta-row">
        {card.primaryCategory && <span class="category">{card.primaryCategory}</span>}
        {card.date && <span class="date">{card.date}</span>}
        {settings.showTheorems && (
          <TheoremBadge fulltext={card.fulltext} onRetry={actions.onRetryFulltext} onLoad={actions.onLoadFulltext} />
        )}
        <span class="spacer" />
        {actions.onToggleNotInterested && (
          <NotInterestedButton pressed={triage.notInterested} onToggle={actions.onToggleNotInterested} />
        )}
        <SaveButton saved={card.saved} onToggle={actions.onToggleSave} />
      </header>
      <TriageLines triage={triage} version={card.version} onUpdateSaved={() => actions.onUpdateSaved?.()} />

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
          <div class="abstract" data-pith="abstract" hidden={!expanded}>
            {expanded &&
              (card.abstract ? (
                <Tex text={card.abstract} render={settings.renderMath} />
              ) : (
                <span class="muted">
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
