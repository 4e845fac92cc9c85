/**
 * Split untrusted text (arXiv titles and abstracts) into plain-text and TeX-math segments,
 * and render math with KaTeX. Text is never interpreted as HTML; only KaTeX's own output
 * (with `trust: false`, so no \href, \url, \htmlClass, ...) is ever turned into elements,
 * and it is built as DOM nodes, never through innerHTML.
 */
import katex from 'katex';

export type TexSegment = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean; raw: string };

const OPENERS: Array<{ open: string; close: string; display: boolean }> = [
  { open: '$$', close: '$$', display: true },
  { open: '\\[', close: '\\]', display: true },
  { open: '\\(', close: '\\)', display: false },
  { open: '$', close: '$', display: false },
];

/** Index of `token` in `text` from `from`, skipping occurrences escaped with a backslash. */
function findUnescaped(text: string, token: string, from: number): number {
  let i = text.indexOf(token, from);
  while (i > 0 && text[i - 1] === '\\' && token === '$') i = text.indexOf(token, i + 1);
  return i;
}

/** Split text into text and math segments. Unbalanced delimiters stay text. */
export function splitTex(text: string): TexSegment[] {
  const out: TexSegment[] = [];
  let buffer = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '$') {
      buffer += '$';
      i += 2;
      continue;
    }
    const opener = OPENERS.find((o) => text.startsWith(o.open, i));
    if (opener) {
      const end = findUnescaped(text, opener.close, i + opener.open.length);
      const tex = end === -1 ? '' : text.slice(i + opener.open.length, end);
      if (end !== -1 && tex.trim() !== '') {
        if (buffer) out.push({ kind: 'text', text: buffer });
        buffer = '';
        out.push({ kind: 'math', tex, display: opener.display, raw: text.slice(i, end + opener.close.length) });
        i = end + opener.close.length;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  if (buffer) out.push({ kind: 'text', text: buffer });
  return out;
}

/** True when the text holds at least one math segment worth rendering. */
export function hasMath(text: string): boolean {
  return splitTex(text).some((s) => s.kind === 'math');
}

/**
 * Whether KaTeX can render now. In the extension's bundles KaTeX's module body is evaluated
 * on first use (wxt.config.ts, lazyKatex), and that evaluation is a 50 ms task of its own;
 * elsewhere (tests, vite-node) KaTeX is an ordinary module and always ready.
 */
export function mathReady(): boolean {
  return !(katex as { __pithPending?: boolean }).__pithPending;
}

let preparing: Promise<void> | null = null;

/**
 * Evaluate KaTeX in a task of its own (never inside the task that renders the first cards),
 * once; resolves when math can render. Callers show math as its source until then.
 */
export function prepareMath(): Promise<void> {
  if (mathReady()) return Promise.resolve();
  preparing ??= new Promise<void>((resolve) => {
    setTimeout(() => {
      try {
        void katex.version;
      } finally {
        resolve();
      }
    }, 0);
  });
  return preparing;
}

/** Longest math span given to KaTeX, in characters of TeX. */
export const MAX_MATH_CHARS = 1_000;

const rendered = new Map<string, HTMLElement | null>();
/**
 * Rendered templates kept (DOM trees, HTML + MathML): about the math of the cards a long
 * listing keeps rendered (card-page.tsx releases the others); 2,000 held megabytes of DOM.
 */
const RENDER_CACHE_LIMIT = 500;

/**
 * Render one TeX fragment with KaTeX as DOM nodes (katex.render builds elements, never parses
 * HTML), or null when KaTeX rejects it (the caller then shows the source). Each call returns a
 * fresh copy the caller may insert; the rendering itself is memoised, since the same symbols
 * recur across a listing and cloning is far cheaper than laying out TeX again.
 */
export function renderMath(tex: string, display: boolean): HTMLElement | null {
  // Real formulas in titles and abstracts are far shorter; a longer span (a 10,000-deep
  // \underbrace) stays source text rather than making one long task, or a stack overflow.
  if (tex.length > MAX_MATH_CHARS) return null;
  const key = (display ? 'D' : 'I') + tex;
  let template = rendered.get(key);
  if (template === undefined) {
    template = document.createElement('span');
    try {
      katex.render(tex, template, {
        displayMode: display,
        throwOnError: true,
        trust: false,
        strict: 'ignore',
        // Bounded before rendering: no rule or space over 20 em, at most 200 macro expansions
        // (KaTeX's default is 1,000), so a hostile macro cannot blow up the page.
        maxSize: 20,
        maxExpand: 200,
        output: 'htmlAndMathml',
      });
    } catch {
      template = null;
    }
    if (rendered.size >= RENDER_CACHE_LIMIT) rendered.clear();
    rendered.set(key, template);
  }
  return template ? (template.cloneNode(true) as HTMLElement) : null;
}
