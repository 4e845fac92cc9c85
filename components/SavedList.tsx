import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SavedPaper } from '@/utils/saved-paper';
import { SavedItem } from './SavedItem';

/** Every row has this height (px); popup.css sizes `.saved-item` to match. */
export const ROW_HEIGHT = 140;
/** Rows rendered above and below the visible ones, so fast scrolling and Tab never show a gap. */
export const OVERSCAN = 4;
/** Until the list is measured (and in DOMs without layout), assume the popup's list height. */
const FALLBACK_VIEWPORT = 440;

interface SavedListProps {
  /** How many papers the list holds (its scroll height). */
  count: number;
  /** The paper at position `index`, or undefined while its row is still being read. */
  paperAt(index: number): SavedPaper | undefined;
  /** The positions [start, end) rendered now, so the caller reads just those rows. */
  onRange?(start: number, end: number): void;
  renderMath: boolean;
  onRemove(paper: SavedPaper): void;
  onEdit?(paper: SavedPaper): void;
  /** Changing this (e.g. the query or the sort) scrolls back to the top. */
  resetKey?: string;
  label: string;
}

/** Which rows to render for a scroll position: [start, end) with overscan. Pure, for tests. */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  count: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): [number, number] {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewport) / rowHeight);
  return [Math.max(0, first - overscan), Math.min(count, last + overscan)];
}

/**
 * The saved papers as a virtualised list: a scroll container with one spacer of the full
 * height and only the rows in view (plus overscan) absolutely positioned inside it, so
 * 10,000 papers cost the same to paint as 10. The list holds no papers itself: it asks for
 * the rows of the positions it shows, and a row not read yet is an empty placeholder.
 */
export function SavedList({ count, paperAt, onRange, renderMath, onRemove, onEdit, resetKey, label }: SavedListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT);
    // Where ResizeObserver exists its first report (after layout, before paint) gives the
    // height; reading clientHeight here would force a layout of the page in the middle of
    // its first render (10 ms of the popup's first paint under load).
    if (typeof ResizeObserver === 'undefined') {
      measure();
      return;
    }
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop !== 0) el.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const [start, end] = visibleRange(scrollTop, viewport, count);
  useLayoutEffect(() => onRange?.(start, end), [start, end, onRange]);
  const items = [];
  for (let i = start; i < end; i++) {
    const paper = paperAt(i);
    if (!paper) {
      items.push(
        <li key={`pending:${i}`} class="saved-item saved-item-pending" aria-busy="true" style={{ top: `${i * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }} />,
      );
      continue;
    }
    items.push(
      <li
        key={paper.id}
        class="saved-item"
        data-pith="saved-item"
        data-arxiv-id={paper.id}
        aria-setsize={count}
        aria-posinset={i + 1}
        style={{ top: `${i * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
      >
        <SavedItem paper={paper} renderMath={renderMath} onRemove={onRemove} onEdit={onEdit} />
      </li>,
    );
  }

  return (
    <div
      ref={scroller}
      class="saved-scroller"
      data-pith="saved-list"
      data-total={count}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <ul class="saved-list" aria-label={label} style={{ height: `${count * ROW_HEIGHT}px` }}>
        {items}
      </ul>
    </div>
  );
}
