/**
 * Puts one pith card before each entry of an arXiv listing or search page.
 *
 * Hosts (`<pith-card>`, open shadow root) are inserted for every entry up front, in chunks so
 * the page never freezes, and the originals are hidden (one click shows them again). A card's
 * content is rendered only when its host comes near the viewport, so a 2,000-entry page costs
 * little more than the cards on screen.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { PaperCard, type CardData, type FulltextState } from '@/components/PaperCard';
import type { ListingEntry } from '@/utils/arxiv-page';
import { absUrl, pdfUrl } from '@/utils/arxiv-ids';
import type { Settings } from '@/utils/settings';
import type { Tagline } from '@/utils/paper';
import { extractTagline } from '@/utils/tagline';
import { adoptCardStyles } from './styles';

/** Longest slice of parsing + host insertion per task; keeps tasks far under 50 ms. */
const SLICE_MS = 12;
/** Cards are rendered this far ahead of the viewport so scrolling never shows placeholders. */
const RENDER_MARGIN = '1200px 0px';

export interface CardSlot {
  entry: ListingEntry;
  host: HTMLElement;
  shadow: ShadowRoot | null;
  data: CardData;
  /** Tagline computed for the abstract it was computed from (recomputed when the abstract changes). */
  taglineFor: string | null;
}

export interface CardPageHooks {
  onCardRendered(slot: CardSlot): void;
  onToggleSave(slot: CardSlot): void;
  onRetryFulltext(slot: CardSlot): void;
  onLoadFulltext(slot: CardSlot): void;
}

function initialFulltext(entry: ListingEntry): FulltextState {
  return entry.hasHtml === false ? { state: 'no-html' } : { state: 'idle' };
}

function cardDataFor(entry: ListingEntry): CardData {
  return {
    id: entry.id,
    version: entry.version,
    title: entry.title,
    authors: entry.authors,
    abstract: entry.abstract,
    abstractStatus: entry.abstract ? 'ready' : 'loading',
    abstractNote: null,
    primaryCategory: entry.primaryCategory,
    date: entry.date,
    absUrl: absUrl(entry.id),
    pdfUrl: pdfUrl(entry.id),
    htmlUrl: entry.hasHtml === false ? null : entry.htmlUrl,
    tagline: null,
    taglineNote: null,
    fulltext: initialFulltext(entry),
    saved: false,
    originalShown: false,
  };
}

export class CardPage {
  readonly slots: CardSlot[] = [];
  readonly byId = new Map<string, CardSlot[]>();
  private settings: Settings;
  private renderObserver: IntersectionObserver | null = null;
  private readonly slotByHost = new WeakMap<Element, CardSlot>();
  private firstViewportMarked = false;

  constructor(
    private readonly ctx: ContentScriptContext,
    settings: Settings,
    private readonly hooks: CardPageHooks,
  ) {
    this.settings = settings;
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  /**
   * Pull entries from the page parser and insert a host for each, in slices of at most
   * SLICE_MS so neither parsing nor inserting a 2,000-entry page makes a long task. The first
   * slice runs at once, so the first viewport has its hosts before the next frame.
   */
  mount(entries: Iterator<ListingEntry>): Promise<void> {
    this.renderObserver = new IntersectionObserver((records) => this.onNearViewport(records), {
      rootMargin: RENDER_MARGIN,
    });
    this.ctx.onInvalidated(() => this.renderObserver?.disconnect());
    return new Promise((resolve) => {
      const step = () => {
        if (this.ctx.isInvalid) return resolve();
        const deadline = performance.now() + SLICE_MS;
        for (;;) {
          const next = entries.next();
          if (next.done) return resolve();
          this.add(next.value);
          if (performance.now() >= deadline) break;
        }
        this.ctx.setTimeout(step, 0);
      };
      step();
    });
  }

  private add(entry: ListingEntry): void {
    const host = document.createElement('pith-card');
    host.setAttribute('data-pith-host', entry.id);
    const slot: CardSlot = { entry, host, shadow: null, data: cardDataFor(entry), taglineFor: null };
    this.slots.push(slot);
    this.slotByHost.set(host, slot);
    const list = this.byId.get(entry.id);
    if (list) list.push(slot);
    else this.byId.set(entry.id, [slot]);
    this.insertHost(slot);
  }

  private insertHost(slot: CardSlot): void {
    const first = slot.entry.anchors[0];
    if (!first?.parentNode) return;
    this.applyHostAttributes(slot);
    first.parentNode.insertBefore(slot.host, first);
    this.applyOriginalVisibility(slot);
    this.renderObserver?.observe(slot.host);
  }

  private applyHostAttributes(slot: CardSlot): void {
    const { theme, cardMode } = this.settings;
    if (theme === 'auto') slot.host.removeAttribute('data-theme');
    else slot.host.setAttribute('data-theme', theme);
    slot.host.setAttribute('data-pith-mode', cardMode);
    slot.host.hidden = cardMode === 'off';
  }

  private applyOriginalVisibility(slot: CardSlot): void {
    const hide = this.settings.cardMode !== 'off' && !slot.data.originalShown;
    for (const anchor of slot.entry.anchors) anchor.classList.toggle('pith-original-hidden', hide);
  }

  private onNearViewport(records: IntersectionObserverEntry[]): void {
    let rendered = 0;
    for (const record of records) {
      if (!record.isIntersecting) continue;
      const slot = this.slotByHost.get(record.target);
      if (!slot || slot.shadow) continue;
      this.renderObserver?.unobserve(record.target);
      this.renderSlot(slot);
      this.hooks.onCardRendered(slot);
      rendered++;
    }
    // Benchmark mark (npm run bench): the first batch of cards, which includes the first viewport.
    if (rendered > 0 && !this.firstViewportMarked) {
      this.firstViewportMarked = true;
      performance.mark('pith:first-viewport', { detail: { cards: rendered } });
    }
  }

  /** Render (or re-render) one card; creates its shadow root on first use. */
  renderSlot(slot: CardSlot): void {
    if (this.settings.cardMode === 'off') return;
    if (!slot.shadow) {
      slot.shadow = slot.host.attachShadow({ mode: 'open' });
      adoptCardStyles(slot.shadow);
      slot.host.setAttribute('data-rendered', '');
    }
    this.refreshTagline(slot);
    render(
      <PaperCard
        card={slot.data}
        settings={this.settings}
        onToggleSave={() => this.hooks.onToggleSave(slot)}
        onRetryFulltext={() => this.hooks.onRetryFulltext(slot)}
        onLoadFulltext={() => this.hooks.onLoadFulltext(slot)}
        onToggleOriginal={() => this.toggleOriginal(slot)}
      />,
      slot.shadow,
    );
  }

  /** The extractive tagline is made here, in the page: it is pure, instant and offline. */
  private refreshTagline(slot: CardSlot): void {
    const source = slot.data.abstract ?? '';
    if (slot.data.tagline && slot.taglineFor === source) return;
    slot.data.tagline = extractTagline({ title: slot.data.title, abstract: slot.data.abstract });
    slot.taglineFor = source;
  }

  /** Replace a card's tagline with one from another engine (kept until the abstract changes). */
  setTagline(slot: CardSlot, tagline: Tagline, note: string | null): void {
    slot.data.tagline = tagline;
    slot.data.taglineNote = note;
    slot.taglineFor = slot.data.abstract ?? '';
    if (slot.shadow) this.renderSlot(slot);
  }

  /** Back to the extractive tagline (the engine setting went back to extractive). */
  resetTagline(slot: CardSlot): void {
    slot.data.tagline = null;
    slot.data.taglineNote = null;
    slot.taglineFor = null;
    if (slot.shadow) this.renderSlot(slot);
  }

  toggleOriginal(slot: CardSlot): void {
    slot.data.originalShown = !slot.data.originalShown;
    this.applyOriginalVisibility(slot);
    this.renderSlot(slot);
  }

  /** Update the data of every card of one paper and re-render the ones already shown. */
  update(id: string, change: (data: CardData) => void): void {
    for (const slot of this.byId.get(id) ?? []) {
      change(slot.data);
      if (slot.shadow) this.renderSlot(slot);
    }
  }

  /** Settings apply at once: every rendered card re-renders, hosts and originals follow the mode. */
  applySettings(settings: Settings): void {
    this.settings = settings;
    for (const slot of this.slots) {
      this.applyHostAttributes(slot);
      this.applyOriginalVisibility(slot);
      if (slot.shadow) this.renderSlot(slot);
    }
  }

  renderedSlots(): CardSlot[] {
    return this.slots.filter((s) => s.shadow);
  }
}
