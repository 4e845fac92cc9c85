import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { FulltextAnalysis, Tagline } from '@/utils/paper';
import { taglineSourceMark, taglineSourceTitle, type TaglineSource } from '@/utils/tagline-source';
import { Tex } from './Tex';
import { BoundedText } from './BoundedText';
import { TheoremBadge } from './TheoremBadge';
import { FigurePreview } from './FigurePreview';
import { SaveControl } from './SaveControl';
import type { CodeLink } from '@/utils/code-links';
import { StatementItem, StatementList } from './StatementList';
import { mainStatement } from '@/utils/statements';
import { NO_TRIAGE, NotInterestedButton, TriageLines, triageAttributes, type CardTriage } from './TriageMarks';
import { t } from '@/utils/i18n';

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
  /** Which engine made `tagline` (absent: the extractive one). */
  taglineSource?: TaglineSource;
  fulltext: FulltextState;
  saved: boolean;
  /** The saved paper's tags (empty when not saved or untagged). */
  tags: string[];
  /** The save-with-tag menu is open. */
  tagMenuOpen: boolean;
  /** The relevance model's view of this paper; null until a model exists. */
  relevance: CardRelevance | null;
  /** GitHub / GitLab / Hugging Face links named in the comments or abstract. */
  codeLinks: CodeLink[];
  /** Whether arXiv's own entry is shown beside the card. */
  originalShown: boolean;
  /** Seen, interests, "not interested" (issue 11); absent = nothing to say. */
  triage?: CardTriage;
}

/** `data-source` and the mark (drawn by card.css from `data-source-mark`, so it is not in the headline's text). */
function sourceMark(source: TaglineSource | null): Record<string, string> {
  if (source === null) return { 'data-source': 'title' };
  return { 'data-source': source, 'data-source-mark': taglineSourceMark(source), title: taglineSourceTitle(source) };
}

/** What the card shows of the relevance score (issue 12). */
export interface CardRelevance {
  /** 0..1. */
  score: number;
  /** Title of the most similar saved paper. */
  like: string | null;
  /** The terms that contributed most, readable. */
  terms: string[];
}

/** "like: <title> · terms" — the card's explanation of its score, as plain text. */
export function whyText(r: CardRelevance): string {
  const parts: string[] = [];
  if (r.like) parts.push(t('whyLike', r.like));
  if (r.terms.length > 0) parts.push(r.terms.join(', '));
  return parts.join(' · ');
}

/** The settings a card reads (a structural subset of the settings schema). */
export interface CardSettings {
  showTagline: boolean;
  showQualifier: boolean;
  showTheorems: boolean;
  showMainStatement: boolean;
  showFigure: boolean;
  abstractExpanded: boolean;
  renderMath: boolean;
  cardMode: 'full' | 'compact' | 'off';
}

export interface CardActions {
  onToggleSave(): void;
  onTagMenu(open: boolean): void;
  onSaveWithTags(tags: string[]): void;
  onRetryFulltext(): void;
  onLoadFulltext(): void;
  onToggleOriginal(): void;
  /** The first figure's image did not load. */
  onFigureUnavailable?(src: string): void;
  onToggleNotInterested?(): void;
  onUpdateSaved?(): void;
}

const AUTHORS_SHOWN = 2;

function relevanceAttr(card: CardData): string | undefined {
  return card.relevance ? card.relevance.score.toFixed(3) : undefined;
}

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
      <span class="names">
        {/* Each name isolated: a right-to-left override in one never reverses the next. */}
        {t('authorsBy')}{' '}
        {shown.map((name, i) => (
          <Fragment key={i}>
            {i > 0 && ', '}
            <bdi>{name}</bdi>
          </Fragment>
        ))}
      </span>
      {!all && hidden > 1 && (
        <>
          {' '}
          <button type="button" class="link-button more" onClick={() => setAll(true)}>
            {t('authorsMore', hidden)}
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

function Save({ card, actions }: { card: CardData; actions: CardActions }) {
  return (
    <SaveControl
      saved={card.saved}
      tags={card.tags}
      menuOpen={card.tagMenuOpen}
      onToggleSave={actions.onToggleSave}
      onMenu={actions.onTagMenu}
      onSaveWithTags={actions.onSaveWithTags}
    />
  );
}

/** The relevance explanation; its score is on the card root as `data-relevance`. */
function Why({ card }: { card: CardData }) {
  const r = card.relevance;
  if (!r) return null;
  const text = whyText(r);
  if (!text) return null;
  return (
    <span class="why" data-pith="why" title={t('whyTitle', r.score.toFixed(2), text)}>
      {text}
    </span>
  );
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
  const [statementsOpen, setStatementsOpen] = useState(false);
  const expanded = expandedByUser ?? settings.abstractExpanded;
  const compact = settings.cardMode === 'compact';
  const analysis = card.fulltext.state === 'ok' ? card.fulltext.analysis : null;
  const main = !compact && settings.showMainStatement ? mainStatement(analysis?.statements) : null;
  const listId = `pith-statements-${card.id.replace(/[^\w-]/g, '_')}`;
  const headline = settings.showTagline && card.tagline ? card.tagline.headline : card.title;
  const qualifier = settings.showTagline && settings.showQualifier ? card.tagline?.qualifier ?? null : null;
  // A headline that only differs from the title in case is the title (arXiv titles vary in case).
  const showsTitleSeparately = headline.toLowerCase() !== card.title.toLowerCase();
  const triage = card.triage ?? NO_TRIAGE;

  const theorems = settings.showTheorems && (
    <TheoremBadge fulltext={card.fulltext} onRetry={actions.onRetryFulltext} onLoad={actions.onLoadFulltext}
      open={statementsOpen} listId={listId}
      onToggle={() => {
        // On a one-line compact row the list needs the whole card.
        if (compact && !statementsOpen) setOpen(true);
        setStatementsOpen(!statementsOpen);
      }} />
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
      <article class="card compact" data-pith-card={card.id} data-relevance={relevanceAttr(card)} aria-label={card.title} {...triageAttributes(triage)}>
        <button
          type="button"
          class="expand"
          data-pith="expand"
          aria-expanded="false"
          title={t('cardExpandTitle')}
          onClick={() => setOpen(true)}
        >
          <span aria-hidden="true">▸</span>
          <span class="sr-only">{t('cardExpand')}</span>
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
        <Save card={card} actions={actions} />
      </article>
    );
  }

  const figure = settings.showFigure ? figureState(card) : null;
  const classes = ['card'];
  if (compact) classes.push('compact-open');
  if (figure) classes.push('with-figure');
  if (expanded) classes.push('expanded');

  return (
    <article class={classes.join(' ')} data-pith-card={card.id} data-relevance={relevanceAttr(card)} aria-label={card.title} {...triageAttributes(triage)}>
      <div class="main">
        <header class="meta-row">
          {compact && (
            <button
              type="button"
              class="expand"
              data-pith="expand"
              aria-expanded="true"
              title={t('cardCollapse')}
              onClick={() => setOpen(false)}
            >
              <span aria-hidden="true">▾</span>
              <span class="sr-only">{t('cardCollapse')}</span>
            </button>
          )}
          {card.primaryCategory && <span class="category">{card.primaryCategory}</span>}
          {card.date && <span class="date">{card.date}</span>}
          {theorems}
          {/* The links sit in the meta line rather than on a row of their own. */}
          <span class="links">
            <a href={card.absUrl}>{t('linkAbs')}</a>
            <a href={card.pdfUrl}>{t('linkPdf')}</a>
            {card.htmlUrl && <a href={card.htmlUrl}>{t('linkHtml')}</a>}
            {card.codeLinks.map((l) => (
              <a key={l.url} href={l.url} class="code-link" data-pith="code" data-host={l.host} rel="noopener noreferrer">
                {l.label}
              </a>
            ))}
            <button
              type="button"
              class="link-button"
              data-pith="original-toggle"
              aria-expanded={card.originalShown ? 'true' : 'false'}
              onClick={actions.onToggleOriginal}
            >
              {card.originalShown ? t('originalHide') : t('originalShow')}
            </button>
          </span>
          <Why card={card} />
          <span class="spacer" />
          {actions.onToggleNotInterested && (
            <NotInterestedButton pressed={triage.notInterested} onToggle={actions.onToggleNotInterested} />
          )}
          <Save card={card} actions={actions} />
        </header>
        <TriageLines triage={triage} version={card.version} onUpdateSaved={() => actions.onUpdateSaved?.()} />

        <h3 class="tagline" data-pith="tagline" {...sourceMark(showsTitleSeparately ? card.taglineSource ?? 'extractive' : null)}>
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
        {main && (
          <ol class="main-statement" data-pith="main-statement">
            <StatementItem statement={main} id={card.id} version={card.version} renderMath={settings.renderMath} />
          </ol>
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
            <span class="chevron" aria-hidden="true">{expanded ? '▾' : '▸'}</span> {t('abstractToggle')}
          </button>
          {!card.abstract && card.abstractStatus !== 'loading' && !expanded && (
            // Quietly, beside the collapsed toggle: why it is not there, the reason on hover.
            <span class="muted abstract-note" data-pith="abstract-note" title={card.abstractDetail ?? undefined}>
              {' · '}
              {card.abstractNote ?? t('abstractUnavailable')}
            </span>
          )}
        </div>
        {settings.showTheorems && statementsOpen && analysis && (
          <StatementList id={card.id} version={card.version} statements={analysis.statements ?? []}
            renderMath={settings.renderMath} listId={listId} />
        )}
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
            <BoundedText text={card.abstract} render={settings.renderMath} />
          ) : (
            <span class="muted" title={card.abstractDetail ?? undefined}>
              {card.abstractStatus === 'loading'
                ? t('abstractLoading')
                : card.abstractNote ?? t('abstractUnavailable')}
            </span>
          ))}
      </div>
    </article>
  );
}
