/**
 * Listing-page shortcuts: j/k next/previous card, s save, g save with a tag (opens the card's
 * tag menu; type the tag, Enter), a abstract, o open abstract page, f full figure, t the paper's
 * statements, x not interested, u unseen only, r relevance order (or back), ? the keys. Never while the reader types in a
 * field, never with modifier keys.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardPage, CardSlot } from './card-page';

interface KeyboardActions {
  toggleSave(slot: CardSlot): void;
  openTagMenu(slot: CardSlot): void;
  /** `j` moved on from this card: the reader has seen it. */
  movedPast?(slot: CardSlot): void;
  notInterested?(slot: CardSlot): void;
  toggleUnseen?(): void;
  toggleRelevanceSort?(): void;
  showKeys?(): void;
}

function isTyping(event: KeyboardEvent): boolean {
  const path = event.composedPath();
  return path.some(
    (node) =>
      node instanceof HTMLElement &&
      (node.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(node.tagName)),
  );
}

export function installKeyboard(ctx: ContentScriptContext, page: CardPage, actions: KeyboardActions): void {
  let active = -1;

  // Display order (a sort moves cards), without filtered-out cards.
  const visibleSlots = () => page.visibleSlots().filter((s) => !s.host.hidden && s.host.isConnected);
  let activeSlot: CardSlot | null = null;

  const focusSlot = (slots: CardSlot[], index: number) => {
    activeSlot?.host.removeAttribute('data-active');
    active = Math.max(0, Math.min(index, slots.length - 1));
    const slot = slots[active];
    activeSlot = slot ?? null;
    if (!slot) return;
    if (!slot.shadow) page.renderSlot(slot);
    slot.host.setAttribute('data-active', '');
    slot.host.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  /** The card in use: the one chosen with j/k, else the first one on screen. */
  const currentSlot = (slots: CardSlot[]): CardSlot | undefined => {
    const chosen = slots[active];
    if (chosen) return chosen;
    return slots.find((s) => s.host.getBoundingClientRect().bottom > 0);
  };

  ctx.addEventListener(window, 'keydown', (event) => {
    if (!page.currentSettings.keyboardShortcuts || page.currentSettings.cardMode === 'off') return;
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    const slots = visibleSlots();
    if (slots.length === 0) return;
    // Filters or a sort may have moved the chosen card: find it again.
    if (activeSlot) active = slots.indexOf(activeSlot);
    const slot = currentSlot(slots);
    const inCard = (selector: string) => slot?.shadow?.querySelector<HTMLElement>(selector) ?? null;
    switch (event.key) {
      case 'j':
        if (active >= 0 && slots[active]) actions.movedPast?.(slots[active]!);
        focusSlot(slots, active < 0 && slot ? slots.indexOf(slot) : active + 1);
        break;
      case 'x':
        if (slot) actions.notInterested?.(slot);
        break;
      case 'u':
        actions.toggleUnseen?.();
        break;
      case 'r':
        actions.toggleRelevanceSort?.();
        break;
      case '?':
        actions.showKeys?.();
        break;
      case 'k':
        focusSlot(slots, active - 1);
        break;
      case 's':
        if (slot) actions.toggleSave(slot);
        break;
      case 'g':
        if (slot) {
          if (!slot.shadow) page.renderSlot(slot);
          actions.openTagMenu(slot);
        }
        break;
      case 'a':
        // A compact one-line card has no abstract toggle yet: `a` opens the whole card first.
        (inCard('[data-pith="abstract-toggle"]') ?? inCard('[data-pith="expand"][aria-expanded="false"]'))?.click();
        break;
      case 't':
        inCard('[data-pith="theorems"]')?.click();
        break;
      case 'o':
        if (slot) window.location.assign(slot.data.absUrl);
        break;
      case 'f': {
        const link = inCard('[data-pith="figure"] a');
        if (link) window.open(link.getAttribute('href') ?? '', '_blank', 'noopener');
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  });
}
