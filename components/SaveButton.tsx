interface SaveButtonProps {
  saved: boolean;
  busy?: boolean;
  withLabel?: boolean;
  onToggle(): void;
}

/** The one save control (cards, abstract pages): a toggle button with `aria-pressed`. */
export function SaveButton({ saved, busy = false, withLabel = false, onToggle }: SaveButtonProps) {
  const label = saved ? '★ saved' : '☆ save';
  return (
    <button
      type="button"
      class={saved ? 'save saved' : 'save'}
      data-pith="save"
      aria-pressed={saved ? 'true' : 'false'}
      aria-busy={busy ? 'true' : undefined}
      title={saved ? 'Remove from your arXiv Pith library (s)' : 'Save to your arXiv Pith library (s)'}
      onClick={onToggle}
    >
      {withLabel ? `${label} to arXiv Pith` : label}
    </button>
  );
}
