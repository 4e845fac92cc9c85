/**
 * Page-level styles. KaTeX's fonts are declared ONCE in the document (fonts declared inside
 * a shadow root do not load), and one constructed stylesheet is shared by every card's
 * shadow root, so 2,000 cards do not copy KaTeX's CSS 2,000 times.
 */
import { browser } from 'wxt/browser';
import katexCss from 'katex/dist/katex.min.css?raw';
import cardCss from '@/assets/card.css?raw';
import statementsCss from '@/assets/statements.css?raw';
import triageCss from '@/assets/triage.css?raw';
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
/* Placeholders about as tall as the card that replaces them (margin included), so rendering
   a card near the viewport moves little: a filled card is 4-6 lines, a compact one 1 line.
   A released card (content dropped far from the viewport) keeps its own height inline. */
pith-card:not([data-rendered]), pith-card[data-released] { min-height: 7.5em; }
pith-card[data-pith-mode="compact"]:not([data-rendered]), pith-card[data-pith-mode="compact"][data-released] { min-height: 1.9em; }
pith-card[data-collapsed]:not([data-rendered]), pith-card[data-collapsed][data-released] { min-height: 1.9em; }
pith-listing-bar { display: block; }
`;
  (doc.head ?? doc.documentElement).append(style);
}

type SheetName = 'card' | 'katex';

/** One constructed sheet per name, shared by every shadow root (null: cannot construct). */
const sheets = new Map<SheetName, CSSStyleSheet | null>();
const cssTexts = new Map<SheetName, string>();

function cssText(name: SheetName): string {
  let css = cssTexts.get(name);
  if (css === undefined) {
    // The statements and triage rules follow the card's own, in the same shared sheet.
    css = name === 'card' ? `${cardCss}\n${statementsCss}\n${triageCss}` : splitFontFaces(katexCss, () => '').rest;
    cssTexts.set(name, css);
  }
  return css;
}

function sharedSheet(name: SheetName): CSSStyleSheet | null {
  if (!sheets.has(name)) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(cssText(name));
      sheets.set(name, sheet);
    } catch {
      sheets.set(name, null);
    }
  }
  return sheets.get(name) ?? null;
}

/**
 * Adopt a shared sheet into a shadow root (once). Where constructed sheets cannot be adopted
 * (Firefox content scripts' Xray wrappers), the root gets a <style> element instead.
 */
function adopt(root: ShadowRoot, name: SheetName): void {
  const sheet = sharedSheet(name);
  if (sheet) {
    try {
      if (!root.adoptedStyleSheets.includes(sheet)) {
        // KaTeX's rules go first so the card's own rules can adjust them.
        root.adoptedStyleSheets =
          name === 'katex' ? [sheet, ...root.adoptedStyleSheets] : [...root.adoptedStyleSheets, sheet];
      }
      return;
    } catch {
      sheets.set(name, null);
    }
  }
  if (root.querySelector(`style[data-pith-sheet="${name}"]`)) return;
  const style = root.ownerDocument.createElement('style');
  style.setAttribute('data-pith-sheet', name);
  style.textContent = cssText(name);
  root.prepend(style);
}

/** The card's own styles, for every card's shadow root. */
export function adoptCardStyles(root: ShadowRoot): void {
  adopt(root, 'card');
}

/**
 * KaTeX's styles, only for cards that show math: matching its ~1,000 rules in every card's
 * shadow root made style recalculation the main cost of scrolling a long listing.
 */
export function adoptKatexStyles(root: Node): void {
  if (root instanceof ShadowRoot) adopt(root, 'katex');
}
