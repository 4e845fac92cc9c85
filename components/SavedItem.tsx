import { memo } from 'preact/compat';
import type { SavedPaper } from '@/utils/saved-paper';
import { absUrl, htmlUrl, pdfUrl, withVersion } from '@/utils/arxiv-ids';
import { Tex } from './Tex';
import { cutStatementText, mainStatement, statementLabel } from '@/utils/statements';
import { t } from '@/utils/i18n';

/** Authors shown before "+N more". */
const SHOWN_AUTHORS = 3;

export function authorLine(authors: readonly string[]): string {
  if (authors.length === 0) return t('unknownAuthors');
  const shown = authors.slice(0, SHOWN_AUTHORS).join(', ');
  const rest = authors.length - SHOWN_AUTHORS;
  return rest > 0 ? t('authorsAndMore', shown, rest) : shown;
}

/** YYYY-MM-DD in local time (the day the reader saved it). */
export function savedDay(savedAt: number): string {
  const d = new Date(savedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface SavedItemProps {
  paper: SavedPaper;
  renderMath: boolean;
  onRemove(paper: SavedPaper): void;
  /** Open the tags-and-note editor for this paper. */
  onEdit?(paper: SavedPaper): void;
}

/**
 * One saved paper in the popup: headline (tagline, else title), the paper's own title with
 * math rendered, first authors, its main theorem, category and date, and its actions. Memoised on the row
 * object, so scrolling and typing re-render only rows that enter the view.
 */
function SavedItemView({ paper, renderMath, onRemove, onEdit }: SavedItemProps) {
  const headline = paper.tagline?.headline ?? null;
  // The paper's main result, from the snapshot (rows saved before statements have none).
  const main = mainStatement(paper.statements);
  const date = paper.published ?? savedDay(paper.savedAt);
  const versioned = withVersion(paper.id, paper.version);
  const shortTitle = paper.title.length > 60 ? `${paper.title.slice(0, 57)}…` : paper.title;
  return (
    <article class={main ? 'saved-item-body has-statement' : 'saved-item-body'} aria-label={paper.title}>
      {headline !== null && (
        <p class="saved-headline">
          <Tex text={headline} render={renderMath} />
        </p>
      )}
      <h2 class={headline === null ? 'saved-title saved-title-main' : 'saved-title'}>
        <a href={absUrl(paper.id)} target="_blank" rel="noopener noreferrer">
          <Tex text={paper.title} render={renderMath} />
        </a>
      </h2>
      <p class="saved-authors">{authorLine(paper.authors)}</p>
      {(paper.tags?.length || paper.note) && (
        // Tags and note are the reader's own text: shown as text, one line, never as HTML.
        <p class="saved-extra">
          {paper.tags && paper.tags.length > 0 && (
            <span class="saved-tags" data-pith="saved-tags" data-tags={paper.tags.join(',')}>
              {paper.tags.map((tag) => (
                <span key={tag} class="tag-chip" title={tag}>
                  {tag}
                </span>
              ))}
            </span>
          )}
          {paper.note && (
            <span class="saved-note" data-pith="saved-note" title={paper.note}>
              {paper.note}
            </span>
          )}
        </p>
      )}
      {main && (
        <p class="saved-statement" data-pith="saved-statement">
          <span class="saved-statement-label">
            {statementLabel(main)}
            {main.title ? ` (${main.title})` : ''}.
          </span>{' '}
          <Tex text={cutStatementText(main.text, 280)} render={renderMath} />
        </p>
      )}
      <div class="saved-meta-row">
        <p class="saved-meta">
          {paper.primaryCategory && (
            <span class="saved-cat" title={paper.primaryCategory}>
              {paper.primaryCategory}
            </span>
          )}
          <span title={t('savedOn', savedDay(paper.savedAt))}>{date}</span>
          <span class="saved-id">{versioned}</span>
        </p>
        <p class="saved-actions">
          <a href={absUrl(paper.id)} target="_blank" rel="noopener noreferrer" aria-label={t('absLabel', shortTitle)}>
            {t('linkAbs')}
          </a>
          <a href={pdfUrl(paper.id)} target="_blank" rel="noopener noreferrer" aria-label={t('pdfLabel', shortTitle)}>
            {t('linkPdf')}
          </a>
          {paper.hasHtml !== false && (
            <a
              href={htmlUrl(paper.id, null)}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('htmlLabel', shortTitle)}
            >
              {t('linkHtml')}
            </a>
          )}
          {onEdit && (
            <button
              type="button"
              class="saved-edit"
              data-pith="saved-edit"
              aria-label={t('tagsNoteLabel', shortTitle)}
              title={t('editTagsNote')}
              onClick={() => onEdit(paper)}
            >
              {t('tagsButton')}
            </button>
          )}
          <button
            type="button"
            class="saved-remove"
            data-pith="saved-remove"
            aria-label={t('removeLabel', shortTitle)}
            title={t('removeTitle')}
            onClick={() => onRemove(paper)}
          >
            {t('removeButton')}
          </button>
        </p>
      </div>
    </article>
  );
}

export const SavedItem = memo(SavedItemView);
