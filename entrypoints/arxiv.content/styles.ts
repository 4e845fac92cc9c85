/**
 * Page-level styles. KaTeX's fonts are declared ONCE in the document (fonts declared inside
 * a shadow root do not load), and one constructed stylesheet is shared by every card's
 * shadow root, so 2,000 cards do not copy KaTeX's CSS 2,000 times.
 */
import { browser } from 'wxt/browser';
import katexCss from 'katex/dist/katex.min.css?raw';
import cardCss from '@/assets/card.css?raw';
import { splitFontFaces } from '@/utils/katex-css';

const DOCUMENT_STYLE_ID = 'pith-document-style';

/** Rules the host page needs: hidden originals, card placeholders and KaTeX's fonts. */
export function installDocumentStyles(doc: Document): void {
  if (doc.getElementById(DOCUMENT_STYLE_ID)) return;
  const { fontFaces } = splitFontFaces(katexCss, (file) => browser.runtime.getURL(`/fonts/${file}` as '/'));
  const style = doc.createElement('style');
  style.id = DOCUMENT_STYLE_ID;
  style.textContent = `${fontFaces}
.pith-original-hidden { display: none !important; }
/* Not content-visibility:auto: its per-element visibility tracking cost 15-20 ms per
   scrolling frame on a 2,000-card page, more than the layout it saves. */
pith-card { display: block; contain: layout style; }
pith-card:not([data-rendered]) { min-height: 150px; }
pith-card[data-pith-mode="compact"]:not([data-rendered]) { min-height: 80px; }
`;
  (doc.head ?? doc.documentElement).append(style);
}

let sharedSheet: CSSStyleSheet | null | undefined;

/**
 * One stylesheet for all shadow roots. Where constructed sheets cannot be adopted
 * (Firefox content scripts' Xray wrappers), each root falls back to a <style> element.
 */
export function adoptCardStyles(root: ShadowRoot): void {
  const css = cardCssText();
  if (sharedSheet === undefined) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sharedSheet = sheet;
    } catch {
      sharedSheet = null;
    }
  }
  if (sharedSheet) {
    try {
      root.adoptedStyleSheets = [sharedSheet];
      return;
    } catch {
      sharedSheet = null;
    }
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
}

let cardCssCache: string | undefined;
function cardCssText(): string {
  cardCssCache ??= splitFontFaces(katexCss, () => '').rest + '\n' + cardCss;
  return cardCssCache;
}
