/**
 * Wires a listing or search page: parse it, put cards on it, and keep them filled from the
 * background (metadata the page lacks, full-text analysis for cards on screen, saved state).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ListingEntry } from '@/utils/arxiv-page';
import { toPaperMeta } from '@/utils/arxiv-page';
import { NoReplyError, onTabMessages, sendMessage } from '@/utils/messaging';
import type { SavedPaper } from '@/utils/saved-paper';
import type { PaperMeta } from '@/utils/paper';
import type { Settings } from '@/utils/settings';
import { watchSettings } from '@/utils/settings';
import { NO_TRIAGE, isCollapsed } from '@/components/TriageMarks';
import { CardPage, type CardSlot } from './card-page';
import { installDocumentStyles } from './styles';
import { FulltextLoader } from './fulltext-loader';
import { installKeyboard } from './keyboard';
import { TaglineLoader } from './tagline-loader';
import { Triage } from './triage';

/** Ids asked of the export API are gathered for this long, so one request carries many. */
const METADATA_GATHER_MS = 250;

/** First wait before asking a background that did not answer again; doubles up to the max. */
const NO_REPLY_RETRY_MS = 2_000;
const NO_REPLY_RETRY_MAX_MS = 60_000;

/** Entries per 'papers:seen' message. */
const SEEN_SLICE = 200;
/** Papers per relevance message when the whole page is scored. */
const RELEVANCE_SLICE = 500;

export async function startListing(
  ctx: ContentScriptContext,
  entries: Iterator<ListingEntry>,
  settings: Settings,
): Promise<CardPage> {
  installDocumentStyles(document);

  let page: CardPage;
  let triageDecided = false;
  const fulltext = new FulltextLoader(ctx, {
    isEnabled: () => page.currentSettings.enrichment === 'on-screen' && page.currentSettings.showTheorems,
    // Until triage has said which rows collapse, nothing fetches: a seen row fetches nothing.
    isHeld: (slot) => !triageDecided || isCollapsed(slot.data.triage ?? NO_TRIAGE),
    update: (slot, state) => page.update(slot.entry.id, (d) => (d.fulltext = state)),
  });

  const pendingMetadata = new Set<string>();
  let metadataTimer: number | null = null;
  /** Metadata messages in a row that got no answer at all (see flushMetadata). */
  let noReplyStreak = 0;

  const requestMetadata = (slot: CardSlot) => {
    if (slot.data.abstract || slot.data.abstractStatus === 'unavailable') return;
    pendingMetadata.add(slot.entry.id);
    metadataTimer ??= ctx.setTimeout(flushMetadata, METADATA_GATHER_MS);
  };

  const applyMeta = (meta: PaperMeta) => {
    page.update(meta.id, (d) => {
      if (meta.abstract && !d.abstract) {
        d.abstract = meta.abstract;
        d.abstractStatus = 'ready';
      }
      d.date ??= meta.published;
      d.primaryCategory ??= meta.primaryCategory;
      d.version ??= meta.version;
    }, { later: true });
    for (const slot of page.byId.get(meta.id) ?? []) if (slot.shadow) taglines.request(slot);
    // The abstract adds most of the terms: score again with it.
    if (meta.abstract && page.byId.get(meta.id)?.some((s) => s.shadow)) requestRelevance(meta.id);
  };

  /**
   * Ids whose request failed for now are asked again when the background's back-off for the
   * export host ends (`retryInMs`, the same for every tab): the card fills in place, no reload.
   */
  const retryTimers = new Map<number, string[]>();
  const askAgainLater = (id: string, retryInMs: number) => {
    const at = Math.ceil((Date.now() + retryInMs) / 250) * 250; // ids due together share a timer
    const due = retryTimers.get(at);
    if (due) return void due.push(id);
    retryTimers.set(at, [id]);
    ctx.setTimeout(() => {
      const ids = retryTimers.get(at) ?? [];
      retryTimers.delete(at);
      for (const again of ids) for (const slot of page.byId.get(again) ?? []) if (slot.shadow) requestMetadata(slot);
    }, Math.max(0, at - Date.now()));
  };

  async function flushMetadata() {
    metadataTimer = null;
    const ids = [...pendingMetadata];
    pendingMetadata.clear();
    if (ids.length === 0) return;
    try {
      const result = await sendMessage('papers:get', { ids, priority: 'visible' });
      for (const meta of Object.values(result.papers)) applyMeta(meta);
      for (const [id, failure] of Object.entries(result.failed)) {
        page.update(id, (d) => {
          if (d.abstract) return;
          d.abstractStatus = failure.retryInMs === undefined ? 'unavailable' : 'waiting';
          d.abstractNote = failure.message;
          d.abstractDetail = failure.detail ?? null;
        });
        if (failure.retryInMs !== undefined) askAgainLater(id, failure.retryInMs);
      }
    } catch (error) {
      // No answer even after sendMessage's retries. A background that was stopped meanwhile
      // (Firefox suspends an idle event page even while its answer is pending) is asked again
      // later, a step longer each time, so the card fills in place; any other error is final.
      const detail = error instanceof Error ? error.message : String(error);
      const again = error instanceof NoReplyError ? Math.min(NO_REPLY_RETRY_MAX_MS, NO_REPLY_RETRY_MS * 2 ** noReplyStreak++) : undefined;
      for (const id of ids) {
        page.update(id, (d) => {
          if (d.abstract) return;
          d.abstractStatus = again === undefined ? 'unavailable' : 'waiting';
          d.abstractNote = again === undefined ? null : `The extension's background did not answer; trying again in ${Math.ceil(again / 1000)} s`;
          d.abstractDetail = detail;
        });
        if (again !== undefined) askAgainLater(id, again);
      }
      return;
    }
    noReplyStreak = 0;
  }

  // Relevance: asked for the cards that are rendered (on screen or about to be), batched.
  const pendingRelevance = new Set<string>();
  let relevanceTimer: number | null = null;
  const requestRelevance = (id: string) => {
    pendingRelevance.add(id);
    relevanceTimer ??= ctx.setTimeout(() => void flushRelevance(), METADATA_GATHER_MS);
  };
  async function flushRelevance(only?: readonly string[]) {
    let ids: string[];
    if (only) ids = [...only];
    else {
      relevanceTimer = null;
      ids = [...pendingRelevance];
      pendingRelevance.clear();
    }
    const papers = ids.flatMap((id) => {
      const slot = page.byId.get(id)?.[0];
      if (!slot) return [];
      const e = slot.entry;
      return [{ id, title: e.title, authors: e.authors, abstract: slot.data.abstract ?? e.abstract, categories: e.categories }];
    });
    if (papers.length === 0) return;
    try {
      const { scores } = await sendMessage('relevance:score', { papers }, { retries: 1 });
      for (const { id } of papers) {
        const view = scores?.[id] ?? null;
        page.update(id, (d) => (d.relevance = view), { later: true });
      }
    } catch (error) {
      console.debug('[arXiv Pith] no relevance scores:', error);
    }
  }
  /** The model changed (a save, a removal, a tag): every rendered card is scored again. */
  const rescoreRendered = () => {
    for (const slot of page.renderedSlots()) requestRelevance(slot.entry.id);
  };

  page = new CardPage(ctx, settings, {
    onCardRendered(slot) {
      requestRelevance(slot.entry.id);
      requestMetadata(slot);
      fulltext.observe(slot);
      taglines.request(slot);
    },
    onToggleSave(slot) {
      void toggleSave(slot);
    },
    onSaveWithTags(slot, tags) {
      void saveWithTags(slot, tags);
    },
    onRetryFulltext(slot) {
      fulltext.load(slot, { retry: true });
    },
    onLoadFulltext(slot) {
      fulltext.load(slot, { retry: false });
    },
    onFigureUnavailable(slot, src) {
      fulltext.figureUnavailable(slot, src);
    },
    onToggleNotInterested(slot) {
      triage?.toggleNotInterested(slot);
    },
    onUpdateSaved(slot) {
      void updateSaved(slot);
    },
    onDataChanged() {
      triage?.renderBarSoon();
    },
    onOpened() {
      // A collapsed row opened (click, setting, "not interested" undone): its full text may load.
      fulltext.release();
    },
  });
  let triage: Triage | null = null;

  const taglines = new TaglineLoader(page);

  async function toggleSave(slot: CardSlot) {
    const wasSaved = slot.data.saved;
    page.update(slot.entry.id, (d) => (d.saved = !wasSaved));
    try {
      if (wasSaved) {
        await sendMessage('saved:remove', { id: slot.entry.id });
      } else {
        const reply = await sendMessage('saved:put', { paper: snapshotOf(slot) });
        if (!reply.ok) throw new Error(reply.message);
      }
    } catch (error) {
      page.update(slot.entry.id, (d) => (d.saved = wasSaved));
      console.warn('[arXiv Pith] could not update the library:', error);
    }
  }

  /** Save with tags, or add them to a saved paper's tags. */
  async function saveWithTags(slot: CardSlot, tags: string[]) {
    const id = slot.entry.id;
    const before = { saved: slot.data.saved, tags: slot.data.tags };
    const next = [...before.tags, ...tags.filter((t) => !before.tags.includes(t))];
    page.update(id, (d) => {
      d.saved = true;
      d.tags = next;
    });
    try {
      if (before.saved) {
        const reply = await sendMessage('saved:update', { id, tags: next });
        if (!reply.ok) throw new Error(reply.message);
        page.update(id, (d) => (d.tags = reply.tags));
      } else {
        const reply = await sendMessage('saved:put', { paper: { ...snapshotOf(slot), tags: next } });
        if (!reply.ok) throw new Error(reply.message);
      }
    } catch (error) {
      page.update(id, (d) => {
        d.saved = before.saved;
        d.tags = before.tags;
      });
      console.warn('[arXiv Pith] could not update the library:', error);
    }
  }


  /** A newer version of a saved paper replaces the saved copy (savedAt kept by the background). */
  async function updateSaved(slot: CardSlot) {
    try {
      const reply = await sendMessage('saved:put', { paper: snapshotOf(slot) });
      if (!reply.ok) throw new Error(reply.message);
      triage?.savedChanged(slot.entry.id, slot.data.version);
    } catch (error) {
      console.warn('[arXiv Pith] could not update the saved copy:', error);
    }
  }

  // mount() inserts the first viewport's hosts synchronously; the bar goes in before the first
  // frame too, so it never pushes cards down after their visibility (and /html fetches) was decided.
  const mounted = page.mount(entries);
  // The relevance sort scores the whole page, in slices (the background scores 2,000 in well under a second).
  const scoreAll = async () => {
    const ids = [...page.byId.keys()];
    for (let i = 0; i < ids.length; i += RELEVANCE_SLICE) await flushRelevance(ids.slice(i, i + RELEVANCE_SLICE));
  };
  triage = new Triage(ctx, page, settings, new URL(location.href), scoreAll);
  triage.mountBar();
  await mounted;

  // Cache what the page said and learn what the cache knows; then the saved state.
  // (sendMessage asks again a few times if the background is starting up.)
  const syncWithBackground = async (): Promise<void> => {
    try {
      // In slices, so serialising a 2,000-entry page never blocks the page for long.
      const shown = page.slots.map((slot) => slot.entry);
      for (let i = 0; i < shown.length; i += SEEN_SLICE) {
        const metas = shown.slice(i, i + SEEN_SLICE).map(toPaperMeta);
        const { cached } = await sendMessage('papers:seen', { papers: metas });
        for (const meta of cached) applyMeta(meta);
      }
      const { ids, tags } = await sendMessage('saved:ids', {});
      const saved = new Set(ids);
      for (const [id] of page.byId) {
        if (saved.has(id)) {
          page.update(id, (d) => {
            d.saved = true;
            d.tags = tags?.[id] ?? [];
          });
        }
      }
      // Triage needs the saved state (a saved paper's replacement is never collapsed).
      await triage?.start();
    } catch (error) {
      console.debug('[arXiv Pith] background not reachable; cards work from the page alone:', error);
      // Without the background the bar still filters and sorts; nothing collapses.
      await triage?.start().catch(() => undefined);
    }
    triageDecided = true;
    fulltext.release();
  };
  void syncWithBackground();

  const stopMessages = onTabMessages({
    'saved:changed': ({ added, removed, tags }) => {
      for (const id of added) {
        page.update(id, (d) => {
          d.saved = true;
          if (tags) d.tags = tags[id] ?? [];
        });
      }
      for (const id of removed) {
        page.update(id, (d) => {
          d.saved = false;
          d.tags = [];
        });
      }
      // The background trains after the change; scores asked after it see the new model.
      rescoreRendered();
      for (const id of removed) triage?.savedChanged(id, undefined);
    },
  });
  ctx.onInvalidated(stopMessages);

  const stopSettings = watchSettings((next) => {
    page.applySettings(next);
    triage?.settingsChanged(next);
    fulltext.settingsChanged(page.renderedSlots());
    taglines.settingsChanged(page.renderedSlots());
  });
  ctx.onInvalidated(stopSettings);

  const onOnline = () => fulltext.retryFailed();
  window.addEventListener('online', onOnline);
  ctx.onInvalidated(() => window.removeEventListener('online', onOnline));

  installKeyboard(ctx, page, {
    toggleSave: (slot) => void toggleSave(slot),
    openTagMenu: (slot) => page.setTagMenu(slot, true),
    movedPast: (slot) => triage?.markSeen(slot),
    notInterested: (slot) => triage?.toggleNotInterested(slot),
    toggleUnseen: () => triage?.toggleFilter('unseen'),
    toggleRelevanceSort: () => triage?.toggleRelevanceSort(),
    showKeys: () => triage?.toggleKeys(),
  });
  return page;
}

/** A full snapshot of what the card knows, so the library works offline and outlives every cache. */
export function snapshotOf(slot: CardSlot): Omit<SavedPaper, 'savedAt'> {
  const meta = toPaperMeta(slot.entry);
  const d = slot.data;
  const analysis = d.fulltext.state === 'ok' ? d.fulltext.analysis : null;
  return {
    ...meta,
    version: d.version ?? meta.version,
    abstract: d.abstract ?? meta.abstract,
    published: meta.published ?? d.date,
    primaryCategory: d.primaryCategory ?? meta.primaryCategory,
    tagline: d.tagline,
    theorems: analysis?.theorems ?? null,
    figureCount: analysis?.figureCount ?? null,
    firstFigure: analysis?.firstFigure ?? null,
    statements: analysis?.statements ?? null,
  };
}
