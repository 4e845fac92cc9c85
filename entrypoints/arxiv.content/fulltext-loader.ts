/**
 * Asks the background for full-text analysis only for cards actually on screen: a card must
 * stay visible for a short dwell before its request is sent, and a card scrolled away before
 * its request starts is cancelled, so fast scrolling past a listing fetches nothing. A card the
 * listing holds back (a collapsed seen or muted row, or any card until triage has decided which
 * rows collapse) fetches nothing until it is released: one line shows no theorems or figure.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { FulltextState } from '@/components/PaperCard';
import { sendMessage } from '@/utils/messaging';
import type { CardSlot } from './card-page';
import { t } from '@/utils/i18n';

const DWELL_MS = 350;

interface LoaderDeps {
  isEnabled(): boolean;
  /** Not now: the card is a collapsed row, or not yet known not to be one (see release()). */
  isHeld(slot: CardSlot): boolean;
  update(slot: CardSlot, state: FulltextState): void;
}

let requestCounter = 0;

export class FulltextLoader {
  private readonly observer: IntersectionObserver;
  private readonly slotByHost = new WeakMap<Element, CardSlot>();
  private readonly dwellTimers = new Map<CardSlot, number>();
  private readonly inFlight = new Map<CardSlot, string>();
  private readonly observed = new Set<CardSlot>();
  /** On screen but held back: looked at again by release(). */
  private readonly held = new Set<CardSlot>();

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly deps: LoaderDeps,
  ) {
    this.observer = new IntersectionObserver((records) => this.onVisibility(records), { threshold: 0 });
    ctx.onInvalidated(() => this.observer.disconnect());
  }

  observe(slot: CardSlot): void {
    if (!this.needsLoad(slot)) return;
    if (!this.deps.isEnabled()) {
      if (slot.data.fulltext.state === 'idle') this.deps.update(slot, { state: 'disabled' });
      return;
    }
    this.slotByHost.set(slot.host, slot);
    this.observed.add(slot);
    this.observer.observe(slot.host);
  }

  private needsLoad(slot: CardSlot): boolean {
    const s = slot.data.fulltext.state;
    return s === 'idle' || s === 'disabled' || s === 'error';
  }

  private onVisibility(records: IntersectionObserverEntry[]): void {
    for (const record of records) {
      const slot = this.slotByHost.get(record.target);
      if (!slot) continue;
      if (record.isIntersecting) {
        if (this.dwellTimers.has(slot) || this.inFlight.has(slot)) continue;
        if (this.deps.isHeld(slot)) {
          this.held.add(slot);
          continue;
        }
        const timer = this.ctx.setTimeout(() => {
          this.dwellTimers.delete(slot);
          // Collapsed during the dwell (triage answered, "not interested"): wait for release().
          if (this.deps.isHeld(slot)) this.held.add(slot);
          else this.load(slot, { retry: false });
        }, DWELL_MS);
        this.dwellTimers.set(slot, timer);
      } else {
        this.held.delete(slot);
        const timer = this.dwellTimers.get(slot);
        if (timer !== undefined) {
          clearTimeout(timer);
          this.dwellTimers.delete(slot);
        }
        const requestId = this.inFlight.get(slot);
        if (requestId) void sendMessage('fulltext:cancel', { requestId }).catch(() => undefined);
      }
    }
  }

  /** Request the analysis now (after the dwell, or on an explicit click / retry). */
  load(slot: CardSlot, { retry }: { retry: boolean }): void {
    if (this.inFlight.has(slot) || slot.entry.hasHtml === false) return;
    const requestId = `${slot.entry.id}#${++requestCounter}`;
    this.inFlight.set(slot, requestId);
    this.deps.update(slot, { state: 'loading' });
    sendMessage('fulltext:get', {
      id: slot.entry.id,
      version: slot.data.version,
      requestId,
      priority: 'visible',
      retry,
    })
      .then((result) => {
        switch (result.status) {
          case 'ok':
            this.stopObserving(slot);
            return this.deps.update(slot, { state: 'ok', analysis: result.analysis });
          case 'no-html':
            this.stopObserving(slot);
            return this.deps.update(slot, { state: 'no-html' });
          case 'cancelled':
            // Scrolled away before it started: back to idle, picked up again when visible.
            return this.deps.update(slot, { state: 'idle' });
          case 'error':
            this.deps.update(slot, {
              state: 'error',
              message: result.message,
              detail: result.detail,
              offline: result.reason === 'offline',
              waiting: result.retryInMs !== undefined,
            });
            // A passing failure: asked again when the background's back-off ends (shared by
            // every tab), if the card is still on screen then.
            if (result.retryInMs !== undefined) this.ctx.setTimeout(() => this.reobserve(slot), result.retryInMs);
            return;
        }
      })
      .catch((error: unknown) => {
        // No answer even after sendMessage's own retries (the one mechanism for a restarting
        // background): the card offers a retry.
        this.deps.update(slot, { state: 'error', message: t('extensionNoAnswer'), detail: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => this.inFlight.delete(slot));
  }

  /**
   * The card's first figure did not load: the background marks the cached analysis so the
   * next visit fetches the paper again (under the same on-screen rules). Not now: the card
   * already says "figure unavailable", and a second fetch would most likely agree.
   */
  figureUnavailable(slot: CardSlot, src: string): void {
    void sendMessage('fulltext:figure-failed', { id: slot.entry.id, version: slot.data.version, src }).catch(
      () => undefined,
    );
  }

  private stopObserving(slot: CardSlot): void {
    this.observer.unobserve(slot.host);
    this.observed.delete(slot);
    this.held.delete(slot);
  }

  /**
   * Cards held back may load now (triage decided, or a row was opened): those on screen start
   * their dwell again, as if they had just scrolled in.
   */
  release(): void {
    for (const slot of [...this.held]) {
      if (this.deps.isHeld(slot) || !this.observed.has(slot)) continue;
      this.held.delete(slot);
      this.observer.unobserve(slot.host);
      this.observer.observe(slot.host);
    }
  }

  /** Coming back online retries the cards that failed and are still on screen. */
  retryFailed(): void {
    for (const slot of this.observed) this.reobserve(slot);
  }

  /** A failed card that is on screen (the observer reports it again) loads after the dwell. */
  private reobserve(slot: CardSlot): void {
    if (this.ctx.isInvalid || !this.observed.has(slot) || slot.data.fulltext.state !== 'error') return;
    this.observer.unobserve(slot.host);
    this.observer.observe(slot.host);
  }

  /** Enrichment switched on: cards that were waiting ("count theorems") are observed again. */
  settingsChanged(renderedSlots: CardSlot[]): void {
    if (!this.deps.isEnabled()) return;
    for (const slot of renderedSlots) {
      if (slot.data.fulltext.state === 'disabled') {
        this.deps.update(slot, { state: 'idle' });
        this.observe(slot);
      }
    }
  }
}
