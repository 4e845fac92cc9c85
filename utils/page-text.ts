/**
 * Reading text out of arXiv page elements: as its TeX source whatever MathJax 2 has done
 * to it, and author lines as whole names.
 *
 * arXiv's listing, search and abstract pages run MathJax 2 (`mathjaxToggle()`), which
 * rewrites titles, abstracts and comments in place: tex2jax replaces each `$…$` / `\(…\)` /
 * `$$…$$` / `\[…\]` with `<script type="math/tex">TeX</script>` (`; mode=display` for
 * display math) preceded by a `span.MathJax_Preview`, and the output jax then inserts the
 * rendered glyphs before the script (`span.MathJax`, `span.MathJax_CHTML`,
 * `span.MathJax_SVG`, `div.MathJax_Display`, with `span.MJX_Assistive_MathML` inside).
 * `textContent` of such an element reads the glyphs and the TeX side by side
 * ("Reevaluating H0H_0 Tension"). Read here, every state gives the same text:
 * - untouched: the text as written (`$H_0$`);
 * - mid-typesetting: preview skipped, the script read as `$TeX$`;
 * - typeset: rendered output skipped, the script read as `$TeX$` (`$$TeX$$` for display).
 * The script's text is only ever read as text (a title holding `</script>` stays text).
 *
 * Only MathJax's own class names (capitalised `MathJax…` / `MJX…`) are skipped: arXiv's
 * lower-case `mathjax` marks the fields MathJax may process and is not skipped.
 * Reference: MathJax 2.7 tex2jax preprocessor and output jax (npm `mathjax@2.7.x`).
 */
import { collapseSpace } from './text';

/** Class tokens of MathJax 2's rendered output and previews. */
const MATHJAX_OUTPUT_CLASS = /(?:^|\s)(?:MathJax|MJX)[\w-]*(?:\s|$)/;

/** Whether `el` is something MathJax 2 rendered or previewed (not the TeX it came from). */
function isMathJaxOutput(el: Element): boolean {
  const cls = el.getAttribute('class');
  return cls !== null && MATHJAX_OUTPUT_CLASS.test(cls);
}

/** `$TeX$` / `$$TeX$$` for a MathJax 2 `math/tex` script; null for any other script. */
function scriptTex(script: Element): string | null {
  const type = (script.getAttribute('type') ?? '').toLowerCase();
  if (!type.startsWith('math/tex')) return null;
  const tex = script.textContent ?? '';
  return /;\s*mode\s*=\s*display\b/.test(type) ? `$$${tex}$$` : `$${tex}$`;
}

/**
 * Text of `node`'s children as TeX source (see the file comment), skipping child elements
 * for which `skip` returns true (descriptor labels, toggle links) at any depth. Not
 * whitespace-normalised. Reads only, never mutates the page.
 */
export function texSourceText(node: Node, skip: (el: Element) => boolean = () => false): string {
  let out = '';
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      out += child.nodeValue ?? '';
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as Element;
    if (el.tagName === 'SCRIPT' || el.tagName === 'script') {
      out += scriptTex(el) ?? '';
      continue;
    }
    if (skip(el) || isMathJaxOutput(el)) continue;
    // Fast path: an element without element children is just its text.
    out += el.firstElementChild === null ? (el.textContent ?? '') : texSourceText(el, skip);
  }
  return out;
}

/** "Name (Affiliation)": a parenthesised group that ends an author's text, after a space. */
const TRAILING_AFFILIATION = /\s+\([^()]*\)\s*$/;

/**
 * Author names of an arXiv author line (listing `.list-authors`, search `p.authors`, abs
 * `.authors`): the whole text of each author up to the next separator, links or not.
 * arXiv links most names (`<a>Siyuan Huang</a>, …`) but prints parts of some outside the
 * link (`<a>Jaemyoung</a> (Jason)Lee`) and affiliations after them
 * (`<a>Yichi Zhang</a> (Peking University, Beijing, China)`). So: link text is taken
 * whole, commas outside links and outside parentheses separate authors, and a parenthesised
 * group that ends an author's text after a space is an affiliation, not part of the name.
 * Elements matched by `skip` ("Authors:" labels) are left out.
 */
export function authorNames(container: Element, skip: (el: Element) => boolean = () => false): string[] {
  const names: string[] = [];
  let current = '';
  let depth = 0;
  const flush = (): void => {
    let name = collapseSpace(current);
    while (TRAILING_AFFILIATION.test(name)) name = name.replace(TRAILING_AFFILIATION, '');
    if (name !== '') names.push(name);
    current = '';
  };
  const readText = (text: string): void => {
    for (const ch of text) {
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
      if (ch === ',' && depth === 0) flush();
      else current += ch;
    }
  };
  for (let child = container.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      readText(child.nodeValue ?? '');
    } else if (child.nodeType === 1) {
      const el = child as Element;
      if (skip(el)) continue;
      // A link is one name (or part of one), never split.
      if (el.tagName === 'A' || el.tagName === 'a') current += texSourceText(el);
      else readText(texSourceText(el, skip));
    }
  }
  flush();
  return names;
}
