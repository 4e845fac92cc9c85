import type { FulltextState } from './PaperCard';
import { formatTheoremBreakdown, theoremTotal } from './theorem-wording';
import { t, tn } from '@/utils/i18n';

interface TheoremBadgeProps {
  fulltext: FulltextState;
  onRetry(): void;
  onLoad(): void;
  /** Whether the statement list is open (the badge toggles it). */
  open: boolean;
  listId: string;
  onToggle(): void;
}

/**
 * "N theorems", with the breakdown by printed name on hover; a click opens the statements
 * themselves (StatementList).
 * Unknown stays "…", never a made-up 0.
 */
export function TheoremBadge({ fulltext, onRetry, onLoad, open, listId, onToggle }: TheoremBadgeProps) {
  switch (fulltext.state) {
    case 'ok': {
      const count = theoremTotal(fulltext.analysis.theorems);
      const breakdown = formatTheoremBreakdown(fulltext.analysis.theorems) || t('noFormalStatements');
      return (
        <button type="button" class="badge theorems link-button" data-pith="theorems" data-count={String(count)}
          aria-expanded={open ? 'true' : 'false'} aria-controls={open ? listId : undefined} title={breakdown}
          onClick={onToggle}>
          <span class="count">{tn('theoremCount', count)}</span>
          {/* Open, the statement list says the same in its summary; analyses made before statements
              were kept have only the breakdown. */}
          <span class="breakdown" hidden={!open || (fulltext.analysis.statements?.length ?? 0) > 0}>{breakdown}</span>
        </button>
      );
    }
    case 'no-html':
      return (
        <span class="badge theorems muted" data-pith="theorems" title={t('noHtmlTitle')}>
          {t('noHtml')}
        </span>
      );
    case 'disabled':
      return (
        <button type="button" class="badge theorems link-button" data-pith="theorems" onClick={onLoad}
          title={t('countTheoremsTitle')}>
          {t('countTheorems')}
        </button>
      );
    case 'error':
      if (fulltext.offline) {
        // Not a failure to shout about: it fills in by itself when the browser is back online.
        return (
          <button type="button" class="badge theorems muted link-button" data-pith="theorems" data-state="offline"
            onClick={onRetry} title={fulltext.message}>
            {t('theoremsOffline')}
          </button>
        );
      }
      if (fulltext.waiting) {
        // It asks again by itself: said quietly, in the reader's words; the reason on hover.
        return (
          <span class="badge theorems muted" data-pith="theorems" data-state="waiting" title={fulltext.detail ?? fulltext.message}>
            {fulltext.message}
          </span>
        );
      }
      return (
        <button type="button" class="badge theorems error" data-pith="theorems" onClick={onRetry}
          title={fulltext.detail ? t('failureWithDetail', fulltext.message, fulltext.detail) : fulltext.message}>
          {t('theoremsRetry')}
        </button>
      );
    default:
      return (
        <span class="badge theorems muted" data-pith="theorems" aria-busy="true" title={t('theoremsCountingTitle')}>
          {t('theoremsCounting')}
        </span>
      );
  }
}
