/**
 * On an abstract page (/abs/<id>), a save button beside the title, in its own shadow root.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { parseAbsPage } from '@/utils/arxiv-page';
import { onTabMessages, sendMessage } from '@/utils/messaging';
import { extractTagline } from '@/utils/tagline';
import { SaveButton } from '@/components/SaveButton';
import { adoptCardStyles, installDocumentStyles } from './styles';

export async function startAbsPage(ctx: ContentScriptContext): Promise<void> {
  const parsed = parseAbsPage(document);
  if (!parsed) return;
  const { meta, anchor } = parsed;
  installDocumentStyles(document);
  const host = document.createElement('pith-card');
  host.setAttribute('data-pith-host', meta.id);
  host.setAttribute('data-rendered', '');
  host.style.margin = '6px 0';
  anchor.insertAdjacentElement('afterend', host);
  const shadow = host.attachShadow({ mode: 'open' });
  adoptCardStyles(shadow);

  let saved = false;
  let busy = false;
  const draw = () =>
    render(<SaveButton saved={saved} busy={busy} onToggle={() => void toggle()} withLabel />, shadow);

  async function toggle() {
    if (busy) return;
    busy = true;
    const wasSaved = saved;
    saved = !saved;
    draw();
    try {
      if (wasSaved) await sendMessage('saved:remove', { id: meta.id });
      else {
        const tagline = extractTagline({ title: meta.title, abstract: meta.abstract });
        const reply = await sendMessage('saved:put', {
          paper: { ...meta, tagline, theorems: null, figureCount: null, firstFigure: null, statements: null },
        });
        if (!reply.ok) throw new Error(reply.message);
      }
    } catch (error) {
      saved = wasSaved;
      console.warn('[arXiv Pith] could not update the library:', error);
    } finally {
      busy = false;
      draw();
    }
  }

  draw();
  ctx.onInvalidated(
    onTabMessages({
      'saved:changed': ({ added, removed }) => {
        if (added.includes(meta.id)) saved = true;
        if (removed.includes(meta.id)) saved = false;
        draw();
      },
    }),
  );
  try {
    const { ids } = await sendMessage('saved:ids', {});
    saved = ids.includes(meta.id);
    draw();
  } catch {
    // Background unreachable: the button still works once it is back.
  }
}
