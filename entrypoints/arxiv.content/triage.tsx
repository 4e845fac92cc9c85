/**
 * Triage on a listing page (issue 11): what was seen on earlier visits collapses, interests
 * mark and mute, "not interested" is remembered, and the listing bar filters and sorts.
 * The background keeps the state (seen ids, labels); this asks and reports, in batches.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ListingBar, type ListingCounts } from '@/components/ListingBar';
import { NO_TRIAGE, isCollapsed, type CardTriage } from '@/components/TriageMarks';
import { compileInterests, matchInterests, type CompiledInterests } from '@/utils/interests';
import {
  FILTERS,
  SORTS,
  SORT_KEYS,
  listingCategory,
  listingKind,
  passesFilters,
  progressLine,
  seenNote,
  sortOrder,
  type FilterName,
  type ListingKind,
  type SortKey,
  type TriageView,
} from '@/utils/listing-triage';
import { sendMessage } from '@/utils/messaging';
import type { Settings } from '@/utils/settings';
import barCss from '@/assets/listing-bar.css?raw';
import type { CardPage, CardSlot } from './card-page';
import { SeenWatcher } from './seen-watcher';
import { t } from '@/utils/i18n';

/** Sightings are sent at most this often: one message (one transaction) per second. */
const SEEN_FLUSH_MS = 1_000;
/** Ids per 'triage:lookup' (the background accepts 5,000). */
const LOOKUP_SLICE = 2_500;
/** Where the bar's filters and sort are kept, per listing kind. */
const BAR_STORAGE_KEY = 'listingBar';

interface BarChoice {
  filters: FilterName[];
  sort: SortKey;
}

function readChoice(raw: unknown): BarChoice {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof BarChoice, unknown>>;
  const filters = Array.isArray(r.filters) ? r.filters.filter((f): f is FilterName => (FILTERS as readonly unknown[]).includes(f)) : [];
  const sort = SORT_KEYS.includes(r.sort as SortKey) ? (r.sort as SortKey) : 'arxiv';
  return { filters, sort };
}

export class Triage {
  private readonly kind: ListingKind;
  private readonly url: string;
  private readonly category: string | null;
  private interests: CompiledInterests;
  private settings: Settings;
  private readonly seenThisVisit = new Set<string>();
  private pending: { id: string; url: string; section: string | null; category: string | null }[] = [];
  private flushTimer: number | null = null;
  private filters = new Set<FilterName>();
  private sort: SortKey = 'arxiv';
  private showKeys = false;
  private barHost: HTMLElement | null = null;
  private barRoot: ShadowRoot | null = null;
  private barFrame = false;
  private readonly seenEarlier = new Map<string, string>();
  private readonly notInterested = new Set<string>();
  private readonly savedVersions = new Map<string, number | null>();
  private watcher: SeenWatcher | null = null;
  private started = false;
  private readonly slotByHost = new Map<HTMLElement, CardSlot>();
  /** The card the URL fragment points at: shown whatever the filters, until the fragment changes. */
  private pinned: CardSlot | null = null;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly page: CardPage,
    settings: Settings,
    location: URL,
    /** Scores every card of the page (the relevance sort needs them all). */
    private readonly scoreAll?: () => Promise<void>,
  ) {
    this.settings = settings;
    this.kind = listingKind(location);
    this.url = location.href;
    this.category = listingCategory(location);
    this.interests = compileInterests(settings);
  }

  /** After the cards are mounted: the bar, the remembered choice, then what the background knows. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const slot of this.page.slots) this.slotByHost.set(slot.host, slot);
    this.mountBar();
    try {
      const stored = (await browser.storage.local.get(BAR_STORAGE_KEY))[BAR_STORAGE_KEY] as Record<string, unknown> | undefined;
      const choice = readChoice(stored?.[this.kind]);
      this.filters = new Set(choice.filters);
      this.sort = this.sortAvailable(choice.sort) ? choice.sort : 'arxiv';
    } catch {
      // No remembered choice: arXiv's order, no filter.
    }
    this.applyInterests();
    await this.lookup();
    this.arrange();
    this.watcher = new SeenWatcher(
      this.ctx,
      () => this.page.visibleHostElements(),
      (host) => {
        const slot = this.slotByHost.get(host);
        if (slot) this.markSeen(slot);
      },
      (host) => this.seenThisVisit.has(this.slotByHost.get(host)?.entry.id ?? ''),
    );
    this.watcher.schedule();
    // A link to one paper of the listing (#2609.22268, #item12) finds it even when a filter
    // hides it or it is a collapsed row; arXiv's own scroll found only a hidden entry.
    this.revealFragment(location.hash);
    this.ctx.addEventListener(window, 'hashchange', () => this.revealFragment(location.hash));
    this.ctx.onInvalidated(() => void this.flush());
    this.ctx.addEventListener(window, 'pagehide', () => void this.flush());
  }

  // -------------------------------------------------------------------------
  // State from the background

  private async lookup(): Promise<void> {
    const ids = [...this.page.byId.keys()];
    try {
      for (let i = 0; i < ids.length; i += LOOKUP_SLICE) {
        const state = await sendMessage('triage:lookup', { ids: ids.slice(i, i + LOOKUP_SLICE) });
        const now = Date.now();
        for (const [id, seen] of Object.entries(state.seen)) this.seenEarlier.set(id, seenNote(seen, now));
        for (const id of state.notInterested) this.notInterested.add(id);
        for (const [id, v] of Object.entries(state.savedVersions)) this.savedVersions.set(id, v);
      }
    } catch (error) {
      console.debug('[arXiv Pith] triage state not available; nothing collapses:', error);
    }
    for (const id of this.page.byId.keys()) this.updateTriage(id);
  }

  /** The triage of every card of one paper from what is known now (keeps `expanded`). */
  private updateTriage(id: string, change?: (t: CardTriage) => void): void {
    this.page.update(id, (d) => {
      const before = d.triage ?? NO_TRIAGE;
      const { match, muted } = matchInterests(d, this.interests);
      const notInterested = this.notInterested.has(id);
      const saved = this.savedVersions.get(id);
      const slots = this.page.byId.get(id) ?? [];
      const replacement = slots.some((s) => s.entry.section === 'replacement');
      const next: CardTriage = {
        seenEarlier: this.seenEarlier.get(id) ?? null,
        match,
        muted: notInterested ? t('notInterestedReason') : muted,
        notInterested,
        // Only a newer version than the saved copy: the saved copy is what the reader has.
        savedVersion:
          replacement && d.saved && saved !== undefined && saved !== null && d.version !== null && d.version > saved ? saved : null,
        // The setting off: the marks stay, nothing shrinks.
        expanded: before.expanded || !this.settings.collapseSeen,
      };
      change?.(next);
      d.triage = next;
    });
  }

  private applyInterests(): void {
    this.interests = compileInterests(this.settings);
    for (const id of this.page.byId.keys()) this.updateTriage(id);
  }

  settingsChanged(next: Settings): void {
    const before = this.settings;
    this.settings = next;
    if (
      before.followAuthors !== next.followAuthors ||
      before.followKeywords !== next.followKeywords ||
      before.mutedKeywords !== next.mutedKeywords ||
      before.collapseSeen !== next.collapseSeen
    ) {
      this.applyInterests();
    }
    this.applyBarTheme();
    this.renderBarSoon();
  }

  /** The library changed (saved, removed, or a saved copy updated). */
  savedChanged(id: string, version: number | null | undefined): void {
    if (version === undefined) this.savedVersions.delete(id);
    else this.savedVersions.set(id, version);
    this.updateTriage(id);
  }

  // -------------------------------------------------------------------------
  // Seen

  markSeen(slot: CardSlot): void {
    const id = slot.entry.id;
    if (this.seenThisVisit.has(id)) return;
    this.seenThisVisit.add(id);
    this.pending.push({ id, url: this.url, section: slot.entry.section, category: this.category ?? slot.entry.primaryCategory });
    this.flushTimer ??= this.ctx.setTimeout(() => void this.flush(), SEEN_FLUSH_MS);
  }

  markAllSeen(): void {
    for (const slot of this.page.slots) this.markSeen(slot);
    void this.flush();
    this.renderBarSoon();
  }

  private async flush(): Promise<void> {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      for (let i = 0; i < batch.length; i += LOOKUP_SLICE) await sendMessage('seen:mark', { sightings: batch.slice(i, i + LOOKUP_SLICE) });
    } catch (error) {
      console.debug('[arXiv Pith] could not record seen papers:', error);
    }
  }

  // -------------------------------------------------------------------------
  // Not interested, update saved copy

  toggleNotInterested(slot: CardSlot): void {
    const id = slot.entry.id;
    const on = !this.notInterested.has(id);
    if (on) this.notInterested.add(id);
    else this.notInterested.delete(id);
    // Marking collapses the card now; undoing opens it.
    this.updateTriage(id, (t) => (t.expanded = !on));
    this.renderBarSoon();
    sendMessage('labels:not-interested', { id, on }).catch((error: unknown) => {
      console.warn('[arXiv Pith] could not remember "not interested":', error);
    });
  }

  /** Show, open and scroll to the card a fragment points at (nothing if it names none). */
  revealFragment(hash: string): void {
    const slot = this.page.slotForFragment(hash);
    if (!slot) return;
    this.pinned = slot;
    if (slot.filteredOut) this.arrange();
    if (isCollapsed(slot.data.triage ?? NO_TRIAGE)) this.updateTriage(slot.entry.id, (t) => (t.expanded = true));
    this.page.reveal(slot);
  }

  // -------------------------------------------------------------------------
  // The bar

  private sortAvailable(key: SortKey): boolean {
    if (key === 'relevance') return this.page.slots.some((s) => s.data.relevance !== null);
    return key === 'arxiv' || SORTS[key].score !== undefined;
  }

  private viewOf(slot: CardSlot): TriageView {
    const d = slot.data;
    const t = d.triage ?? NO_TRIAGE;
    return {
      seenEarlier: t.seenEarlier !== null,
      match: t.match,
      muted: t.muted !== null,
      saved: d.saved,
      replacement: slot.entry.section === 'replacement',
      analysis: d.fulltext.state === 'ok' ? d.fulltext.analysis : null,
      relevance: d.relevance?.score ?? null,
    };
  }

  private arrange(): void {
    const def = SORTS[this.sort];
    let order: CardSlot[] | null = null;
    if (this.sort !== 'arxiv' && def.score) {
      const score = def.score;
      order = sortOrder(this.page.slots, (s) => score(this.viewOf(s), s.entry.id)).map((i) => this.page.slots[i]!);
    }
    this.page.arrange((slot) => slot === this.pinned || passesFilters(this.viewOf(slot), this.filters), order);
    this.renderBarSoon();
    this.watcher?.schedule();
  }

  private persist(): void {
    void (async () => {
      try {
        const stored = ((await browser.storage.local.get(BAR_STORAGE_KEY))[BAR_STORAGE_KEY] ?? {}) as Record<string, unknown>;
        const choice: BarChoice = { filters: [...this.filters], sort: this.sort };
        await browser.storage.local.set({ [BAR_STORAGE_KEY]: { ...stored, [this.kind]: choice } });
      } catch (error) {
        console.debug('[arXiv Pith] could not remember the listing bar choice:', error);
      }
    })();
  }

  setFilter(name: FilterName, on: boolean): void {
    if (on) this.filters.add(name);
    else this.filters.delete(name);
    this.arrange();
    this.persist();
  }

  toggleFilter(name: FilterName): void {
    this.setFilter(name, !this.filters.has(name));
  }

  setSort(key: SortKey): void {
    if (!this.sortAvailable(key)) return;
    this.sort = key;
    // A sort moves hosts: from the top of the list, in the new order.
    this.arrange();
    this.persist();
    // Only rendered cards were scored: the rest are asked for, then the order is set again.
    if (key === 'relevance') void this.scoreAll?.().then(() => this.sort === 'relevance' && this.arrange());
  }

  /** `r`: relevance order, or back to arXiv's. */
  toggleRelevanceSort(): void {
    this.setSort(this.sort === 'relevance' ? 'arxiv' : 'relevance');
  }

  toggleKeys(): void {
    this.showKeys = !this.showKeys;
    this.renderBarSoon();
  }

  /** Before the first frame (see startListing); start() mounts it if that could not. */
  mountBar(): void {
    if (this.barHost) return;
    const anchor = this.page.barAnchor();
    if (!anchor?.parentNode) return;
    const host = document.createElement('pith-listing-bar');
    const root = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(barCss);
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = barCss;
      root.append(style);
    }
    anchor.parentNode.insertBefore(host, anchor);
    this.barHost = host;
    this.barRoot = root;
    this.applyBarTheme();
    this.renderBar();
  }

  private applyBarTheme(): void {
    if (!this.barHost) return;
    const { theme, cardMode } = this.settings;
    if (theme === 'auto') this.barHost.removeAttribute('data-theme');
    else this.barHost.setAttribute('data-theme', theme);
    this.barHost.hidden = cardMode === 'off';
  }

  /** Counts and progress follow card data at most once a frame. */
  renderBarSoon(): void {
    if (this.barFrame || this.ctx.isInvalid) return;
    this.barFrame = true;
    this.ctx.requestAnimationFrame(() => {
      this.barFrame = false;
      this.renderBar();
    });
  }

  counts(): ListingCounts {
    const c: ListingCounts = { papers: 0, unseen: 0, seen: 0, matching: 0, saved: 0 };
    for (const [, slots] of this.page.byId) {
      const d = slots[0]!.data;
      const t = d.triage ?? NO_TRIAGE;
      c.papers++;
      if (t.seenEarlier !== null) c.seen++;
      else c.unseen++;
      if (t.match) c.matching++;
      if (d.saved) c.saved++;
    }
    return c;
  }

  private progress(): string {
    let abstracts = 0;
    let fulltexts = 0;
    for (const [, slots] of this.page.byId) {
      const d = slots[0]!.data;
      if (d.abstractStatus === 'loading') abstracts++;
      if (d.fulltext.state === 'loading') fulltexts++;
    }
    return progressLine(abstracts, fulltexts);
  }

  private renderBar(): void {
    if (!this.barRoot) return;
    const available = new Set(SORT_KEYS.filter((k) => this.sortAvailable(k)));
    render(
      <ListingBar
        counts={this.counts()}
        filters={this.filters}
        sort={this.sort}
        availableSorts={available}
        progress={this.progress()}
        showKeys={this.showKeys}
        allMarked={this.page.slots.every((s) => this.seenThisVisit.has(s.entry.id))}
        onFilter={(name, on) => this.setFilter(name, on)}
        onSort={(key) => this.setSort(key)}
        onMarkAllSeen={() => this.markAllSeen()}
        onToggleKeys={() => this.toggleKeys()}
      />,
      this.barRoot,
    );
  }
}
