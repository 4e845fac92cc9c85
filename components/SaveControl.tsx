import { useEffect, useRef, useState } from 'preact/hooks';
import { parseTagInput } from '@/utils/tags';
import { SaveButton } from './SaveButton';
import { t } from '@/utils/i18n';

interface SaveControlProps {
  saved: boolean;
  tags: readonly string[];
  /** The tag menu is open (the ▾ button, or `g` on the keyboard). */
  menuOpen: boolean;
  onToggleSave(): void;
  onMenu(open: boolean): void;
  /** Save with these tags (added to the paper's tags when it is saved already). */
  onSaveWithTags(tags: string[]): void;
}

/**
 * The card's save button, its tags and a small menu to save with a tag. The menu floats
 * over the card (absolute), so opening it never changes the card's height.
 */
export function SaveControl({ saved, tags, menuOpen, onToggleSave, onMenu, onSaveWithTags }: SaveControlProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (menuOpen) input.current?.focus();
    else setText('');
  }, [menuOpen]);

  return (
    <span class="save-control">
      {tags.length > 0 && (
        <span class="tags" data-pith="tags" title={tags.join(', ')}>
          {tags.map((tag) => (
            <span key={tag} class="tag">
              {tag}
            </span>
          ))}
        </span>
      )}
      <SaveButton saved={saved} onToggle={onToggleSave} />
      <button
        type="button"
        class="save-menu-toggle"
        data-pith="save-menu"
        aria-expanded={menuOpen ? 'true' : 'false'}
        aria-label={t('saveWithTag')}
        title={t('saveWithTag')}
        onClick={() => onMenu(!menuOpen)}
      >
        ▾
      </button>
      {menuOpen && (
        <form
          class="tag-menu"
          data-pith="tag-menu"
          onSubmit={(e) => {
            e.preventDefault();
            // The field itself: Enter right after typing may come before the re-render.
            const chosen = parseTagInput(input.current?.value ?? text);
            if (chosen.length > 0) onSaveWithTags(chosen);
            onMenu(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onMenu(false);
            }
          }}
        >
          <label>
            <span class="sr-only">{t('tagInputLabel')}</span>
            <input
              ref={input}
              name="tags"
              data-pith="tag-input"
              placeholder={t('tagInputPlaceholder')}
              autocomplete="off"
              value={text}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        </form>
      )}
    </span>
  );
}
