/**
 * Which cards the reader has seen: at least half on screen (or, for a card taller than the
 * window, half the window) for about a second while the tab is visible. Uses the same
 * binary search over card positions as rendering (viewport.ts), with no margin, instead of
 * an IntersectionObserver per card.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { NearViewport } from './viewport';

/** How long a card must stay on screen to count as seen. */
export const DWELL_MS = 1_000;
/** While cards are waiting out their dwell, check this often even if nothing scrolls. */
const TICK_MS = 250;

export class SeenWatcher {
  private readonly since = new Map<HTMLElement, number>();
  private readonly viewport: NearViewport;
  private tick: number | null = null;

  constructor(
    private readonly ctx: ContentScriptContext,
    hosts: () => readonly HTMLElement[],
    private readonly onSeen: (host: HTMLElement) => void,
    private readonly isDone: (host: HTMLElement) => boolean,
  ) {
    this.viewport = new NearViewport(ctx, hosts, 0, (start, end) => this.check(hosts(), start, end));
    ctx.addEventListener(document, 'visibilitychange', () => this.viewport.schedule());
  }

  schedule(): void {
    this.viewport.schedule();
  }

  private check(hosts: readonly HTMLElement[], start: number, end: number): void {
    const now = performance.now();
    const onScreen = new Set<HTMLElement>();
    if (document.visibilityState === 'visible') {
      const height = window.innerHeight;
      for (let i = start; i < end; i++) {
        const host = hosts[i]!;
        if (this.isDone(host)) continue;
        const r = host.getBoundingClientRect();
        if (r.height <= 0) continue;
        const shown = Math.min(r.bottom, height) - Math.max(r.top, 0);
        if (shown >= Math.min(r.height, height) / 2) onScreen.add(host);
      }
    }
    for (const host of this.since.keys()) if (!onScreen.has(host)) this.since.delete(host);
    for (const host of onScreen) {
      const first = this.since.get(host);
      if (first === undefined) this.since.set(host, now);
      else if (now - first >= DWELL_MS) {
        this.since.delete(host);
        this.onSeen(host);
      }
    }
    if (this.since.size > 0 && this.tick === null) {
      this.tick = this.ctx.setTimeout(() => {
        this.tick = null;
        this.viewport.schedule();
      }, TICK_MS);
    }
  }
}
