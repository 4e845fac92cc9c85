/**
 * Which cards are near the viewport, found by binary search over the cards' positions (they
 * stand in one column, in page order) once per animation frame while the page scrolls.
 * An IntersectionObserver over 2,000 placeholders cost 20-30 ms of intersection work per
 * frame while scrolling; this costs about twenty getBoundingClientRect calls.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Index of the first element for which `isAfter` is true (elements.length when none). */
export function lowerBound<T>(elements: readonly T[], isAfter: (element: T) => boolean): number {
  let lo = 0;
  let hi = elements.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(elements[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How long a check waits for a frame before it runs anyway. */
const NO_FRAME_FALLBACK_MS = 250;

export class NearViewport {
  private frameRequested = false;

  /**
   * @param hosts the card hosts, in page order (read at each check, so it may grow)
   * @param marginPx how far beyond the viewport a card counts as near
   * @param onNear receives the [start, end) index range of hosts near the viewport
   */
  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly hosts: () => readonly HTMLElement[],
    private readonly marginPx: number,
    private readonly onNear: (start: number, end: number) => void,
  ) {
    const schedule = () => this.schedule();
    ctx.addEventListener(window, 'scroll', schedule, { passive: true });
    ctx.addEventListener(window, 'resize', schedule, { passive: true });
  }

  /** Check again at the next frame (after scrolling, resizing, or cards changing height). */
  schedule(): void {
    if (this.frameRequested || this.ctx.isInvalid) return;
    this.frameRequested = true;
    const run = () => {
      if (!this.frameRequested) return;
      this.frameRequested = false;
      this.check();
    };
    this.ctx.requestAnimationFrame(run);
    // Frames can stop for a page the browser counts as not shown (in CI a headless page beside
    // another browser went 30 s without one: 903 of 2,000 cards were never rendered); the check
    // then runs on a timer, later.
    this.ctx.setTimeout(run, NO_FRAME_FALLBACK_MS);
  }

  private check(): void {
    const hosts = this.hosts();
    if (hosts.length === 0) return;
    const top = -this.marginPx;
    const bottom = window.innerHeight + this.marginPx;
    // Hidden hosts (cards switched off) have empty rects and are never near.
    const start = lowerBound(hosts, (h) => h.getBoundingClientRect().bottom >= top);
    const end = lowerBound(hosts, (h) => h.getBoundingClientRect().top > bottom);
    if (end > start) this.onNear(start, end);
  }
}
