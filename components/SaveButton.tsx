import { t } from '@/utils/i18n';

interface SaveButtonProps {
  saved: boolean;
  busy?: boolean;
  withLabel?: boolean;
  onToggle(): void;
}

/** The one save control (cards, abstract pages): a toggle button with `aria-pressed`. */
export function SaveButton({ saved, busy = false, withLabel = false, onToggle }: SaveButtonProps) {
  return (
    <button
      type="button"
      class={saved ? 'save saved' : 'save'}
      data-pith="save"
      aria-pressed={saved ? 'true' : 'false'}
      aria-busy={busy ? 'true' : undefined}
      title={saved ? t('unsaveTitle') : t('saveTitle')}
      onClick={onToggle}
    >
      {withLabel ? (saved ? t('savedLong') : t('saveLong')) : saved ? t('saved') : t('save')}
    </button>
  );
}
