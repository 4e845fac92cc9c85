import { useEffect, useRef, useState } from 'preact/hooks';
import type { SavedPaper } from '@/utils/saved-paper';
import { MAX_NOTE_LENGTH, parseTagInput } from '@/utils/tags';
import { t } from '@/utils/i18n';

interface SavedEditorProps {
  paper: SavedPaper;
  /** Known tags, offered as suggestions. */
  knownTags: readonly string[];
  onSave(change: { tags: string[]; note: string }): Promise<void> | void;
  onClose(): void;
}

/**
 * The popup's editor of one saved paper's tags (comma-separated) and note. The background
 * stores and cleans them (saved:update); this form only collects the text.
 */
export function SavedEditor({ paper, knownTags, onSave, onClose }: SavedEditorProps) {
  const [tags, setTags] = useState((paper.tags ?? []).join(', '));
  const [note, setNote] = useState(paper.note ?? '');
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    // Read the fields themselves: a submit right after typing may precede the re-render.
    const form = e.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null)?.value;
    setBusy(true);
    try {
      await onSave({ tags: parseTagInput(field('tags') ?? tags), note: field('note') ?? note });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="editor-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form
        class="saved-editor"
        data-pith="saved-editor"
        aria-label={t('tagsNoteLabel', paper.title)}
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <p class="editor-title">{paper.title}</p>
        <label>
          <span>{t('editorTags')}</span>
          <input ref={first} name="tags" list="pith-known-tags" value={tags} autocomplete="off" onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <datalist id="pith-known-tags">
          {knownTags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <label>
          <span>{t('editorNote')}</span>
          <textarea name="note" rows={5} maxLength={MAX_NOTE_LENGTH} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <p class="editor-actions">
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" data-pith="saved-editor-save" disabled={busy}>
            {t('editorSave')}
          </button>
        </p>
      </form>
    </div>
  );
}
