import { useState } from 'preact/hooks';
import { Tex } from './Tex';
import { t } from '@/utils/i18n';

/**
 * Abstracts longer than this are no abstracts arXiv would accept (its limit is 1,920
 * characters): shown as plain text, never through KaTeX, so one hostile card cannot freeze the
 * page (a 1 MB abstract took a 3 s task to typeset).
 */
export const ABSTRACT_RENDER_LIMIT = 6_000;
/** Plain text shown before "show all". */
const PREVIEW_CHARS = 2_000;
/**
 * "show all" puts the text in blocks of this size with `content-visibility: auto`, so the
 * browser lays out only the blocks on screen: expanding 1 MB never becomes one long task.
 */
const BLOCK_CHARS = 4_000;

function blocks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += BLOCK_CHARS) out.push(text.slice(i, i + BLOCK_CHARS));
  return out;
}

/** An abstract with math rendered, or, over ABSTRACT_RENDER_LIMIT, plain text with "show all". */
export function BoundedText({ text, render }: { text: string; render: boolean }) {
  const [all, setAll] = useState(false);
  if (text.length <= ABSTRACT_RENDER_LIMIT) return <Tex text={text} render={render} />;
  if (!all) {
    return (
      <>
        <span class="long-text">{text.slice(0, PREVIEW_CHARS)}…</span>{' '}
        <button type="button" class="link-button" data-pith="show-all" onClick={() => setAll(true)}>
          {t('showAll', Math.round(text.length / 1000).toLocaleString('en'))}
        </button>
      </>
    );
  }
  return (
    <>
      {blocks(text).map((block, i) => (
        <span key={i} class="long-text-block">
          {block}
        </span>
      ))}
    </>
  );
}
