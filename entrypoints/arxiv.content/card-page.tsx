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
import { NO_TRIAGE, SeenRow, isCollapsed } from '@/components/TriageMarks';
import { TexStylesContext } from '@/components/Tex';
import { ABSTRACT_RENDER_LIMIT } from '@/components/BoundedText';
import type { ListingEntry } from '@/utils/arxiv-page';
import { absUrl, pdfUrl } from '@/utils/arxiv-ids';
import type { Settings } from '@/utils/settings';
import type { Tagline } from '@/utils/paper';
import { extractTagline } from '@/utils/tagline';
import type { TaglineSource } from '@/utils/tagline-source';
import { findCodeLinks } from '@/utils/code-links';
import { adoptCardStyles, adoptKatexStyles } from './styles';
import { NearViewport } from './viewport';

/** Longest slice of parsing + host insertion per task; keeps tasks far under 50 ms. */
const SLICE_MS = 12;
/** Longest slice of card rendering per task. */
const RENDER_SLICE_MS = 10;
/**
 * Cards rendered at once, in the first slice, without waiting for the first layout of the
 * page (a 2,000-entry page takes a long time to lay out): at document end the page is at its
 * top, so these are the first viewport's cards.
 */
const FIRST_VIEWPORT_CARDS = 5;
/** Cards are rendered this far ahead of the viewport so scrolling never shows placeholders. */
const RENDER_MARGIN_PX = 1200;
/**
 * A rendered card this many cards beyond the rendered range releases its content (its Preact
 * tree and DOM) and keeps only its host at the height it had, so a fully scrolled 2,000-entry
 * page holds about 400 cards' worth of DOM, not 2,000; it renders again when it comes back.
 * Pages of up to about 250 entries (arXiv's usual page sizes) never release anything.
 */
const RELEASE_DISTANCE_CARDS = 200;

export interface CardSlot {
  entry: ListingEntry;
  host: HTMLElement;
  shadow: ShadowRoot | null;
  data: CardData;
  /** Tagline computed for the abstract it was computed from (recomputed when the abstract changes). */
  taglineFor: string | null;
  /** Hidden by a listing-bar filter (issue 11). */
  filteredOut: boolean;
  /** Shown as a collapsed row (seen before, muted), as last applied. */
  collapsed: boolean;
  /** Rendered once, then released far from the viewport: an empty shadow root at its old height. */
  released?: boolean;
}

export interface CardPageHooks {
  onCardRendered(slot: CardSlot): void;
  onToggleSave(slot: CardSlot): void;
  onSaveWithTags(slot: CardSlot, tags: string[]): void;
  onRetryFulltext(slot: CardSlot): void;
  onLoadFulltext(slot: CardSlot): void;
  onFigureUnavailable(slot: CardSlot, src: string): void;
  onToggleNotInterested?(slot: CardSlot): void;
  onUpdateSaved?(slot: CardSlot): void;
  /** Any card's data changed (counts and progress follow). */
  onDataChanged?(): void;
  /** A collapsed row became a full card. */
  onOpened?(slot: CardSlot): void;
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
    tags: [],
    tagMenuOpen: false,
    relevance: null,
    codeLinks: findCodeLinks(entry.comments, entry.abstract),
    originalShown: false,
  };
}

export class CardPage {
  readonly slots: CardSlot[] = [];
  readonly byId = new Map<string, CardSlot[]>();
  private settings: Settings;
  private nearViewport: NearViewport | null = null;
  /** Hosts of the cards on show (not filtered out, not switched off), in display order. */
  private visible: CardSlot[] = [];
  private visibleHosts: HTMLElement[] = [];
  /** Display order when a sort other than arXiv's is applied (null: the page's order). */
  private order: CardSlot[] | null = null;
  private sortedContainer: HTMLElement | null = null;
  private readonly renderQueue = new Set<CardSlot>();
  /** Slots whose content is rendered now (rendered, not released). */
  private readonly live = new Set<CardSlot>();
  private renderPumpScheduled = false;
  private readonly slotByAnchor = new Map<Element, CardSlot>();
  private readonly slotByHost = new Map<Element, CardSlot>();

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
    this.nearViewport = new NearViewport(this.ctx, () => this.visibleHosts, RENDER_MARGIN_PX, (start, end) =>
      this.onNearViewport(start, end),
    );
    let first = true;
    return new Promise((resolve) => {
      const step = () => {
        if (this.ctx.isInvalid) return resolve();
        const deadline = performance.now() + SLICE_MS;
        let done = false;
        for (;;) {
          const next = entries.next();
          if (next.done) {
            done = true;
            break;
          }
          this.add(next.value);
          if (performance.now() >= deadline && !(first && this.slots.length < FIRST_VIEWPORT_CARDS)) break;
        }
        if (first) {
          first = false;
          // No scroll-position check here: reading it would force a layout of the whole page.
          for (const slot of this.slots.slice(0, FIRST_VIEWPORT_CARDS)) this.renderFirst(slot);
          // Benchmark mark (npm run bench): the first viewport's cards are in the page.
          performance.mark('pith:first-viewport', { detail: { cards: this.renderedSlots().length } });
        }
        this.nearViewport?.schedule();
        if (done) resolve();
        else this.ctx.setTimeout(step, 0);
      };
      step();
    });
  }

  private add(entry: ListingEntry): void {
    const host = document.createElement('pith-card');
    host.setAttribute('data-pith-host', entry.id);
    const slot: CardSlot = { entry, host, shadow: null, data: cardDataFor(entry), taglineFor: null, filteredOut: false, collapsed: false };
    this.slots.push(slot);
    if (this.order === null) {
      this.visible.push(slot);
      this.visibleHosts.push(host);
    }
    for (const anchor of entry.anchors) this.slotByAnchor.set(anchor, slot);
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
  }

  private applyHostAttributes(slot: CardSlot): void {
    const { theme, cardMode } = this.settings;
    if (theme === 'auto') slot.host.removeAttribute('data-theme');
    else slot.host.setAttribute('data-theme', theme);
    slot.host.setAttribute('data-pith-mode', cardMode);
    slot.host.hidden = cardMode === 'off' || slot.filteredOut;
    const collapsed = isCollapsed(slot.data.triage ?? NO_TRIAGE);
    slot.host.toggleAttribute('data-collapsed', collapsed);
    const opened = slot.collapsed && !collapsed;
    slot.collapsed = collapsed;
    if (opened) this.hooks.onOpened?.(slot);
  }

  private applyOriginalVisibility(slot: CardSlot): void {
    // A filtered-out card's own entry is hidden with it; the entry stays where arXiv put it.
    const hide = (this.settings.cardMode !== 'off' && !slot.data.originalShown) || slot.filteredOut;
    for (const anchor of slot.entry.anchors) anchor.classList.toggle('pith-original-hidden', hide);
  }

  private onNearViewport(start: number, end: number): void {
    if (this.settings.cardMode === 'off') return;
    for (let i = start; i < end; i++) {
      const slot = this.visible[i];
      if (slot && (!slot.shadow || slot.released)) this.queueRender(slot);
    }
    this.releaseFar(start, end);
  }

  /** Release the content of rendered cards far outside [start, end) of the visible cards. */
  private releaseFar(start: number, end: number): void {
    const from = Math.max(0, start - RELEASE_DISTANCE_CARDS);
    const to = end + RELEASE_DISTANCE_CARDS;
    if (this.live.size <= to - from) return;
    const keep = new Set(this.visible.slice(from, to));
    const far = [...this.live].filter((slot) => !keep.has(slot) && !slot.data.tagMenuOpen && !this.renderQueue.has(slot));
    // All reads, then all writes: the layout is clean here (the viewport check just read it).
    const heights = far.map((slot) => slot.host.getBoundingClientRect().height);
    far.forEach((slot, i) => {
      const height = heights[i]!;
      if (height <= 0 || !slot.shadow) return;
      slot.host.style.minHeight = `${height}px`;
      render(null, slot.shadow);
      slot.released = true;
      slot.host.setAttribute('data-released', '');
      this.live.delete(slot);
    });
  }

  /**
   * A released card whose data or settings changed may no longer be as tall as it was: it
   * falls back to the placeholder's estimate (document styles) until it renders again.
   */
  private forgetHeight(slot: CardSlot): void {
    slot.host.style.minHeight = '';
  }

  /** Re-render a card whose data changed, unless it is released (it renders when it is back). */
  private refresh(slot: CardSlot): void {
    if (!slot.released) this.renderSlot(slot);
  }

  /** First render of a card: the card itself, then what it asks of the background. */
  private renderFirst(slot: CardSlot): void {
    if (slot.shadow) return;
    this.renderSlot(slot);
    if (slot.shadow) this.hooks.onCardRendered(slot);
  }

  /**
   * Renders waiting cards in slices of RENDER_SLICE_MS, so a fast scroll or a batch of
   * metadata arriving for many cards never becomes one long task.
   */
  private queueRender(slot: CardSlot): void {
    this.renderQueue.add(slot);
    if (this.renderPumpScheduled) return;
    this.renderPumpScheduled = true;
    this.ctx.setTimeout(() => this.pumpRenders(), 0);
  }

  private pumpRenders(): void {
    this.renderPumpScheduled = false;
    const deadline = performance.now() + RENDER_SLICE_MS;
    for (const slot of this.renderQueue) {
      this.renderQueue.delete(slot);
      if (slot.shadow) this.renderSlot(slot);
      else this.renderFirst(slot);
      if (performance.now() >= deadline) break;
    }
    if (this.renderQueue.size > 0 && !this.renderPumpScheduled) {
      this.renderPumpScheduled = true;
      this.ctx.setTimeout(() => this.pumpRenders(), 0);
    } else {
      // Rendered cards change height: what is near the viewport may have changed too.
      this.nearViewport?.schedule();
    }
  }

  /** Render (or re-render) one card now; creates its shadow root on first use. */
  renderSlot(slot: CardSlot): void {
    if (this.settings.cardMode === 'off') return;
    if (!slot.shadow) {
      slot.shadow = slot.host.attachShadow({ mode: 'open' });
      adoptCardStyles(slot.shadow);
      slot.host.setAttribute('data-rendered', '');
    }
    if (slot.released) {
      slot.released = false;
      slot.host.style.minHeight = '';
      slot.host.removeAttribute('data-released');
    }
    this.live.add(slot);
    this.refreshTagline(slot);
    const triage = slot.data.triage ?? NO_TRIAGE;
    slot.host.toggleAttribute('data-collapsed', isCollapsed(triage));
    if (isCollapsed(triage)) {
      render(
        <TexStylesContext.Provider value={adoptKatexStyles}>
          <SeenRow
            id={slot.data.id}
            triage={triage}
            headline={this.settings.showTagline && slot.data.tagline ? slot.data.tagline.headline : slot.data.title}
            renderMath={this.settings.renderMath}
            onExpand={() => this.expandRow(slot)}
            onToggleNotInterested={() => this.hooks.onToggleNotInterested?.(slot)}
          />
        </TexStylesContext.Provider>,
        slot.shadow,
      );
      return;
    }
    render(
      <TexStylesContext.Provider value={adoptKatexStyles}>
      <PaperCard
        card={slot.data}
        settings={this.settings}
        onToggleSave={() => this.hooks.onToggleSave(slot)}
        onTagMenu={(open) => this.setTagMenu(slot, open)}
        onSaveWithTags={(tags) => this.hooks.onSaveWithTags(slot, tags)}
        onRetryFulltext={() => this.hooks.onRetryFulltext(slot)}
        onLoadFulltext={() => this.hooks.onLoadFulltext(slot)}
        onToggleOriginal={() => this.toggleOriginal(slot)}
        onFigureUnavailable={(src) => this.hooks.onFigureUnavailable(slot, src)}
        onToggleNotInterested={this.hooks.onToggleNotInterested && (() => this.hooks.onToggleNotInterested?.(slot))}
        onUpdateSaved={() => this.hooks.onUpdateSaved?.(slot)}
      />
      </TexStylesContext.Provider>,
      slot.shadow,
    );
  }

  /** The extractive tagline is made here, in the page: it is pure, instant and offline. */
  private refreshTagline(slot: CardSlot): void {
    const source = slot.data.abstract ?? '';
    if (slot.data.tagline && slot.taglineFor === source) return;
    // An abstract far over arXiv's limit is no abstract: only its start feeds the tagline, so
    // a hostile 1 MB one costs no long task.
    const abstract = slot.data.abstract === null ? null : slot.data.abstract.slice(0, ABSTRACT_RENDER_LIMIT);
    slot.data.tagline = extractTagline({ title: slot.data.title, abstract });
    slot.data.taglineSource = 'extractive';
    slot.taglineFor = source;
  }

  /** Replace a card's tagline with one from another engine (kept until the abstract changes). */
  setTagline(slot: CardSlot, tagline: Tagline, note: string | null, source: TaglineSource = 'extractive'): void {
    slot.data.tagline = tagline;
    slot.data.taglineNote = note;
    slot.data.taglineSource = source;
    slot.taglineFor = slot.data.abstract ?? '';
    if (slot.shadow) this.refresh(slot);
  }

  /** Back to the extractive tagline (the engine setting went back to extractive). */
  resetTagline(slot: CardSlot): void {
    slot.data.tagline = null;
    slot.data.taglineNote = null;
    slot.data.taglineSource = 'extractive';
    slot.taglineFor = null;
    if (slot.shadow) this.refresh(slot);
  }

  /** Open or close one card's save-with-tag menu (one open at a time). */
  setTagMenu(slot: CardSlot, open: boolean): void {
    if (open) for (const other of this.slots) if (other !== slot && other.data.tagMenuOpen) {
      other.data.tagMenuOpen = false;
      if (other.shadow) this.refresh(other);
    }
    slot.data.tagMenuOpen = open;
    this.renderSlot(slot);
  }

  /** A collapsed row was clicked: the full card, focused where the row was. */
  private expandRow(slot: CardSlot): void {
    slot.data.triage = { ...(slot.data.triage ?? NO_TRIAGE), expanded: true };
    this.applyHostAttributes(slot);
    this.renderSlot(slot);
    slot.shadow?.querySelector<HTMLElement>('[data-pith="tagline"] a, [data-pith="title"]')?.focus({ preventScroll: true });
  }

  toggleOriginal(slot: CardSlot): void {
    slot.data.originalShown = !slot.data.originalShown;
    this.applyOriginalVisibility(slot);
    this.renderSlot(slot);
  }

  /**
   * Update the data of every card of one paper and re-render the ones already shown: at once
   * for a reader's own action, or queued (`later`) for batches such as API answers.
   */
  update(id: string, change: (data: CardData) => void, { later = false } = {}): void {
    for (const slot of this.byId.get(id) ?? []) {
      change(slot.data);
      this.applyHostAttributes(slot);
      if (!slot.shadow) continue;
      // A released card is rendered again and measured: the pump's viewport check releases it
      // again at its new height, so the page keeps its true length (a guess of 7.5em here
      // made the page 100–350 px longer or shorter than it is once the card came back).
      if (later || slot.released) this.queueRender(slot);
      else this.renderSlot(slot);
    }
    this.hooks.onDataChanged?.();
  }

  /** Settings apply at once: every rendered card re-renders, hosts and originals follow the mode. */
  applySettings(settings: Settings): void {
    this.settings = settings;
    for (const slot of this.slots) {
      this.applyHostAttributes(slot);
      this.applyOriginalVisibility(slot);
      if (slot.released) this.forgetHeight(slot);
      if (slot.shadow) this.refresh(slot);
    }
    this.nearViewport?.schedule();
  }

  renderedSlots(): CardSlot[] {
    return this.slots.filter((s) => s.shadow);
  }

  /** Every card in display order (arXiv's, or the sort's). */
  displaySlots(): readonly CardSlot[] {
    return this.order ?? this.slots;
  }

  /** The hosts of visibleSlots(), same order (kept, not rebuilt per frame). */
  visibleHostElements(): readonly HTMLElement[] {
    return this.visibleHosts;
  }

  /** Cards on show (not filtered out), in display order: what j/k and the viewport walk. */
  visibleSlots(): readonly CardSlot[] {
    return this.visible;
  }

  /**
   * Filter and order the cards (listing bar). Filtering only hides hosts and their entries;
   * arXiv's elements never move, so its anchors and numbering stay. A sort moves only the
   * card hosts, into one container before the first entry; `null` puts each host back
   * before its own entry.
   */
  arrange(keep: (slot: CardSlot) => boolean, order: CardSlot[] | null): void {
    for (const slot of this.slots) {
      const out = !keep(slot);
      if (out === slot.filteredOut) continue;
      slot.filteredOut = out;
      this.applyHostAttributes(slot);
      this.applyOriginalVisibility(slot);
    }
    if (order !== this.order) this.placeHosts(order);
    this.visible = this.displaySlots().filter((s) => !s.filteredOut);
    this.visibleHosts = this.visible.map((s) => s.host);
    this.nearViewport?.schedule();
  }

  private placeHosts(order: CardSlot[] | null): void {
    this.order = order;
    if (order === null) {
      for (const slot of this.slots) this.insertHost(slot);
      this.sortedContainer?.remove();
      this.sortedContainer = null;
      return;
    }
    const firstAnchor = this.slots[0]?.entry.anchors[0];
    const list = firstAnchor?.parentNode;
    if (!this.sortedContainer && list?.parentNode) {
      this.sortedContainer = document.createElement('pith-sorted');
      this.sortedContainer.style.display = 'block';
      list.parentNode.insertBefore(this.sortedContainer, list);
    }
    const fragment = document.createDocumentFragment();
    for (const slot of order) fragment.append(slot.host);
    this.sortedContainer?.append(fragment);
  }

  /**
   * The card a URL fragment points at: "#2609.22268" (the paper), or whatever element of its
   * entry carries that id or name (arXiv's `id="2609.22268"` abstract link, `<a name="item12">`),
   * resolved as a browser resolves a fragment (by id, then by name).
   */
  slotForFragment(hash: string): CardSlot | null {
    let fragment = hash.replace(/^#/, '');
    if (!fragment) return null;
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      // Not percent-encoded text: use it as it is.
    }
    const own = this.byId.get(fragment)?.[0];
    if (own) return own;
    const target = document.getElementById(fragment) ?? document.getElementsByName(fragment)[0] ?? null;
    for (let el: Element | null = target; el; el = el.parentElement) {
      const slot = this.slotByAnchor.get(el) ?? this.slotByHost.get(el);
      if (slot) return slot;
    }
    return null;
  }

  /** Bring one card into view: rendered, scrolled to the top of the window. */
  reveal(slot: CardSlot): void {
    if (this.settings.cardMode === 'off') return;
    if (slot.shadow) this.renderSlot(slot);
    else this.renderFirst(slot);
    slot.host.scrollIntoView({ block: 'start' });
    this.nearViewport?.schedule();
  }

  /** Where the listing bar goes: before the list holding the first entry (or the sorted cards). */
  barAnchor(): Node | null {
    const first = this.slots[0]?.entry.anchors[0];
    return first?.parentNode ?? null;
  }
}
