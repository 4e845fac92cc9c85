/**
 * What triage adds to a card (issue 11): the reason an interest matched, the replacement note
 * of a saved paper, and the "not interested" toggle. Also the collapsed one-line row.
 */
import { Tex } from './Tex';
import { t } from '@/utils/i18n';

/** Triage state of one card, as the content script decides it. */
export interface CardTriage {
  /** The collapsed row's note ("seen Tue in cs.LG") when seen on an earlier visit. */
  seenEarlier: string | null;
  match: string | null;
  /** "muted: LLM" or "not interested". */
  muted: string | null;
  notInterested: boolean;
  /** The saved copy's version when this entry is a newer replacement of a saved paper. */
  savedVersion: number | null;
  /** The reader opened the collapsed row. */
  expanded: boolean;
}

export const NO_TRIAGE: Readonly<CardTriage> = Object.freeze({
  seenEarlier: null,
  match: null,
  muted: null,
  notInterested: false,
  savedVersion: null,
  expanded: false,
});

/** A saved paper's replacement is never collapsed: the reader wants to know. */
export function isCollapsed(triage: CardTriage): boolean {
  return !triage.expanded && triage.savedVersion === null && (triage.seenEarlier !== null || triage.muted !== null);
}

/** Attributes of the card root (the stable contract: data-seen, data-match, data-muted). */
export function triageAttributes(triage: CardTriage): Record<string, string | undefined> {
  return {
    'data-seen': triage.seenEarlier !== null ? 'earlier' : undefined,
    'data-match': triage.match ?? undefined,
    'data-muted': triage.muted ?? undefined,
  };
}

export function NotInterestedButton({ pressed, onToggle }: { pressed: boolean; onToggle(): void }) {
  return (
    <button
      type="button"
      class={pressed ? 'not-interested pressed' : 'not-interested'}
      data-pith="not-interested"
      aria-pressed={pressed ? 'true' : 'false'}
      title={pressed ? t('notInterestedUndoTitle') : t('notInterestedTitle')}
      onClick={onToggle}
    >
      {pressed ? t('notInterestedPressed') : t('notInterested')}
    </button>
  );
}

/** The lines a full card shows under its meta row: why it matched, a saved paper's new version. */
export function TriageLines({
  triage,
  version,
  onUpdateSaved,
}: {
  triage: CardTriage;
  version: number | null;
  onUpdateSaved(): void;
}) {
  return (
    <>
      {triage.match && (
        <p class="match-reason" data-pith="match-reason">
          {triage.match}
        </p>
      )}
      {triage.savedVersion !== null && (
        <p class="replacement-note" data-pith="replacement-note">
          {t('replacementNote', version ?? '?', triage.savedVersion)}{' '}
          <button type="button" class="link-button" data-pith="update-saved" onClick={onUpdateSaved}>
            {t('updateSavedCopy')}
          </button>
        </p>
      )}
      {triage.muted && !triage.notInterested && <p class="muted-reason">{triage.muted}</p>}
    </>
  );
}

/** One line for a paper seen before or muted: "seen Tue in cs.LG · tagline"; a click opens the card. */
export function SeenRow({
  id,
  triage,
  headline,
  renderMath,
  onExpand,
  onToggleNotInterested,
}: {
  id: string;
  triage: CardTriage;
  headline: string;
  renderMath: boolean;
  onExpand(): void;
  onToggleNotInterested(): void;
}) {
  const why = [triage.seenEarlier, triage.muted].filter(Boolean).join(' · ');
  return (
    <article class="card seen-row" data-pith-card={id} {...triageAttributes(triage)} aria-label={t('seenRowLabel', why, headline)}>
      <button type="button" class="seen-note" data-pith="seen-note" aria-expanded="false" onClick={onExpand}>
        <span class="seen-why">{why}</span>
        <span class="seen-sep" aria-hidden="true">
          {' · '}
        </span>
        <span class="seen-headline">
          <Tex text={headline} render={renderMath} />
        </span>
      </button>
      {triage.notInterested && <NotInterestedButton pressed onToggle={onToggleNotInterested} />}
    </article>
  );
}
