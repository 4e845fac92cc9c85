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

/**
 * "by A, B +N more" on one line: the names shrink with an ellipsis before the "+N more"
 * button does, so the line never wraps; the button shows every author.
 */
function Authors({ authors }: { authors: string[] }) {
  const [all, setAll] = useState(false);
  if (authors.length === 0) return null;
  const hidden = authors.length - AUTHORS_SHOWN;
  const shown = all || hidden <= 1 ? authors : authors.slice(0, AUTHORS_SHOWN);
  return (
    <p class={all ? 'authors all' : 'authors'} data-pith="authors" title={authors.join(', ')}>
      <span class="names">by {shown.join(', ')}</span>
      {!all && hidden > 1 && (
        <>
          {' '}
          <button type="button" class="link-button more" onClick={() => setAll(true)}>
            +{hidden} more
          </button>
        </>
      )}
    </p>
  );
}

/**
 * Whether the card keeps a figure box: while the full text is on its way for a paper with an
 * HTML version the box is already there (empty), so the thumbnail arriving later moves nothing.
 */
function figureState(card: CardData): 'pending' | 'figure' | null {
  const ft = card.fulltext;
  if (ft.state === 'ok') return ft.analysis.firstFigure ? 'figure' : null;
  if (ft.state === 'idle' || ft.state === 'loading') return card.htmlUrl ? 'pending' : null;
  return null;
}

interface PaperCardProps extends CardActions {
  card: CardData;
  settings: CardSettings;
}

export function PaperCard({ card, settings, ...actions }: PaperCardProps) {
  const [expandedByUser, setExpanded] = useState<boolean | null>(null);
  // Compact mode: the one-line row opened into the whole card by the reader.
  const [open, setOpen] = useState(false);
  const [qualifierOpen, setQualifierOpen] = useState(false);
  const expanded = expandedByUser ?? settings.abstractExpanded;
  const compact = settings.cardMode === 'compact';
  const headline = settings.showTagline && card.tagline ? card.tagline.headline : card.title;
  const qualifier = settings.showTagline && settings.showQualifier ? card.tagline?.qualifier ?? null : null;
  // A headline that only differs from the title in case is the title (arXiv titles vary in case).
  const showsTitleSeparately = headline.toLowerCase() !== card.title.toLowerCase();
  const triage = card.triage ?? NO_TRIAGE;

  const theorems = settings.showTheorems && (
    <TheoremBadge fulltext={card.fulltext} onRetry={actions.onRetryFulltext} onLoad={actions.onLoadFulltext} />
  );
  const headlineText = showsTitleSeparately ? (
    <Tex text={headline} render={settings.renderMath} />
  ) : (
    // No tagline yet (or taglines off): the headline is the title, and links like it.
    <a href={card.absUrl} class="headline-link">
      <Tex text={headline} render={settings.renderMath} />
    </a>
  );
  const title = (
    <a
      class={showsTitleSeparately ? 'title' : 'title same'}
      data-pith="title"
      href={card.absUrl}
      title={showsTitleSeparately ? card.title : undefined}
    >
      <Tex text={card.title} render={settings.renderMath} />
    </a>
  );

  if (compact && !open) {
    // One line per paper: meta · headline · authors; everything else one click (or `a`) away.
    return (
      <article class="card compact" data-pith-card={card.id} aria-label={card.title} {...triageAttributes(triage)}>
        <button
          type="button"
          class="expand"
          data-pith="expand"
          aria-expanded="false"
          title="Show the whole card (a)"
          onClick={() => setOpen(true)}
        >
          <span aria-hidden="true">▸</span>
          <span class="sr-only">Show the whole card</span>
        </button>
        <span class="meta">
          {card.primaryCategory && <span class="category">{card.primaryCategory}</span>}
          {theorems}
        </span>
        <h3 class="tagline" data-pith="tagline" title={showsTitleSeparately ? card.title : undefined}>
          {headlineText}
        </h3>
        {title}
        <Authors authors={card.authors} />
        {actions.onToggleNotInterested && (
          <NotInterestedButton pressed={triage.notInterested} onToggle={actions.onToggleNotInterested} />
        )}
        <SaveButton saved={card.saved} onToggle={actions.onToggleSave} />
      </article>
    );
  }

  const figure = settings.showFigure ? figureState(card) : null;
  const classes = ['card'];
  if (compact) classes.push('compact-open');
  if (figure) classes.push('with-figure');
  if (expanded) classes.push('expanded');

  return (
    <article class={classes.join(' ')} data-pith-card={card.id} aria-label={card.title} {...triageAttributes(triage)}>
      <div class="main">
        <header class="meta-row">
          {compact && (
            <button
              type="button"
              class="expand"
              data-pith="expand"
              aria-expanded="true"
              title="Back to one line"
              onClick={() => setOpen(false)}
            >
              <span aria-hidden="true">▾</span>
              <span class="sr-only">Back to one line</span>
            </button>
          )}
          {card.primaryCategory && <span class="category">{card.primaryCategory}</span>}
          {card.date && <span class="date">{card.date}</span>}
          {theorems}
          {/* The links sit in the meta line rather than on a row of their own. */}
          <span class="links">
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
          </span>
          <span class="spacer" />
          {actions.onToggleNotInterested && (
            <NotInterestedButton pressed={triage.notInterested} onToggle={actions.onToggleNotInterested} />
          )}
          <SaveButton saved={card.saved} onToggle={actions.onToggleSave} />
        </header>
        <TriageLines triage={triage} version={card.version} onUpdateSaved={() => actions.onUpdateSaved?.()} />

        <h3 class="tagline" data-pith="tagline">
          {headlineText}
        </h3>
        {card.taglineNote && <p class="note">{card.taglineNote}</p>}
        {qualifier && (
          // One line; the rest on hover (title) or a click, and always when the abstract is open.
          <p
            class={qualifierOpen ? 'qualifier open' : 'qualifier'}
            data-pith="qualifier"
            title={qualifierOpen ? undefined : qualifier}
            onClick={() => setQualifierOpen(!qualifierOpen)}
          >
            <Tex text={qualifier} render={settings.renderMath} />
          </p>
        )}
        {title}
        <div class="byline">
          <Authors authors={card.authors} />
          <button
            type="button"
            class="abstract-toggle"
            data-pith="abstract-toggle"
            aria-expanded={expanded ? 'true' : 'false'}
            onClick={() => setExpanded(!expanded)}
          >
            <span class="chevron" aria-hidden="true">{expanded ? '▾' : '▸'}</span> abstract
          </button>
        </div>
      </div>

      {figure && (
        // A fixed box beside the text: the thumbnail (lazy) fills it without moving anything.
        <div class="figure-box" aria-busy={figure === 'pending' ? 'true' : undefined}>
          {card.fulltext.state === 'ok' && card.fulltext.analysis.firstFigure && (
            <FigurePreview
              figure={card.fulltext.analysis.firstFigure}
              paperUrl={card.htmlUrl ?? card.absUrl}
              onUnavailable={actions.onFigureUnavailable}
            />
          )}
        </div>
      )}

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
    </article>
  );
}
