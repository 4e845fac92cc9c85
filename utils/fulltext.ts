/**
 * Full-text analysis of arXiv's LaTeXML HTML (https://arxiv.org/html/<id>v<N>/):
 * formal statements by printed name, figure count, first figure (absolute src + caption).
 *
 * Runs in the MV3 service worker, where there is no DOMParser. The page is scanned once,
 * tag to tag (see scanTags), keeping only an element stack and the few elements we care
 * about; no tree is built. Every open gets exactly one close (implied at end of input),
 * so truncated or garbled HTML still yields consistent counts instead of an exception.
 *
 * LaTeXML 0.8.7 markup this relies on (see ../shared/fixtures/arxiv/SOURCES.md, "LaTeXML 0.8.7
 * theorem/figure markup"):
 * - statement: `div.ltx_theorem.ltx_theorem_<ENV>`; ENV is the LaTeX environment name
 *   (`lem`, `defn`, `theorem1`, ...), NOT the printed name, so it is never used as the key.
 *   The printed name is the text of `span.ltx_tag_theorem` minus its number, or, when a
 *   custom \newtheoremstyle drops the tag span, the start of `h6.ltx_title_theorem`.
 * - proofs: amsthm `div.ltx_proof` (not an ltx_theorem at all); llncs renders proofs as
 *   `div.ltx_theorem.ltx_theorem_proof` with title "Proof" -- excluded.
 * - figures: `figure.ltx_figure`; subfigures are nested `figure.ltx_figure`; tables are
 *   `figure.ltx_table`, algorithms `figure.ltx_float`; the footer `[LOGO]` is a data: img
 *   outside any figure.
 */
import type { FulltextAnalysis } from './paper';

/** Key used for a statement whose printed name cannot be recovered (no tag, no title). */
export const UNNAMED_STATEMENT = 'Statement';

/** Printed names are short; anything longer is garbage and would bloat the cache. */
const MAX_NAME_LENGTH = 60;
/** Captions can be paragraphs; the card only shows a preview. Cut at a word boundary. */
const MAX_CAPTION_LENGTH = 1000;
/** Bound on raw text gathered per capture, so a hostile page cannot grow memory. */
const MAX_CAPTURE_CHARS = 8000;

/** A fresh "nothing found" result (also the answer for bad input). */
export function emptyAnalysis(): FulltextAnalysis {
  return { theorems: {}, figureCount: 0, firstFigure: null };
}

/** Whether the whitespace-separated class list contains `token` exactly. */
function hasClass(cls: string, token: string): boolean {
  // Cheap substring test first: most class lists on a LaTeXML page do not match.
  if (!cls.includes(token)) return false;
  return cls.split(/\s+/).includes(token);
}

/** `ltx_theorem` itself or any `ltx_theorem_<env>` token marks a statement container. */
function isTheoremClass(cls: string): boolean {
  if (!cls.includes('ltx_theorem')) return false;
  return cls.split(/\s+/).some((t) => t === 'ltx_theorem' || t.startsWith('ltx_theorem_'));
}

function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Resolve a figure's `src` against the page URL. Only http(s) results are returned: data:
 * URIs are inline placeholders (LaTeXML's footer logo) and other schemes (javascript:,
 * blob:, file:) are nothing a card should ever load. Null when unusable.
 */
export function resolveFigureSrc(src: string, baseUrl: string): string | null {
  const s = src.trim();
  if (s === '' || /^data:/i.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s, baseUrl);
  } catch {
    // A bad baseUrl still lets an absolute src through; a relative one is unresolvable.
    try {
      url = new URL(s);
    } catch {
      return null;
    }
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/** A trailing token that is a statement number: "2.2", "0.C.1", "A", "IV", "3a", "1'". */
function isNumberToken(tok: string): boolean {
  return /\d/.test(tok) || /^[A-Z](?:\.[A-Za-z0-9]+)*$/.test(tok) || /^[IVXLC]+$/.test(tok);
}

function stripTrailingPunct(s: string): string {
  return s.replace(/[\s.:;,\u2014\u2013-]+$/u, '');
}

function capName(s: string): string {
  if (s.length <= MAX_NAME_LENGTH) return s;
  const cut = s.slice(0, MAX_NAME_LENGTH);
  const sp = cut.lastIndexOf(' ');
  return sp > 0 ? cut.slice(0, sp) : cut;
}

/**
 * The printed name of one statement, from its tag text (`span.ltx_tag_theorem`) or, when
 * there is none, its title text (`h6.ltx_title_theorem`).
 *
 * - Tag: drop parenthetical notes, trailing punctuation and the trailing number token
 *   ("Lemma 2.2" -> "Lemma", "Restatement of Theorem 1" -> "Restatement of Theorem",
 *   "Theorem 0.C.1" -> "Theorem", "Remark" -> "Remark"). A lone word is never stripped,
 *   so a name is never reduced to nothing by the letter-number rule.
 * - Title only: a custom theorem style can print anything around the name ("Prelude to
 *   Axiom 1." from a `#1 to #3` head), so take the leading run of capitalised words, which
 *   is where every head spec puts the name ("Prelude", "Main Theorem"). A title starting
 *   in lower case gives its first word.
 * Returns UNNAMED_STATEMENT when neither yields a name.
 */
export function printedStatementName(tagText: string | null, titleText: string | null): string {
  if (tagText !== null) {
    let s = normalizeSpace(tagText.replace(/\([^)]*\)/g, ' '));
    s = stripTrailingPunct(s);
    const words = s.split(' ').filter((w) => w !== '');
    while (words.length > 1 && isNumberToken(words[words.length - 1] ?? '')) words.pop();
    // A tag that is only a number ("1", from a nameless \newtheorem) names nothing.
    if (words.length === 1 && /\d/.test(words[0] ?? '')) words.pop();
    const name = stripTrailingPunct(words.join(' '));
    if (name !== '') return capName(name);
  }
  if (titleText !== null) {
    const s = normalizeSpace(titleText.replace(/\([^)]*\)/g, ' '));
    const words = s.split(' ');
    const picked: string[] = [];
    for (const raw of words) {
      const w = stripTrailingPunct(raw);
      if (w === '') break;
      if (picked.length === 0 && /^\p{Ll}/u.test(w)) {
        picked.push(w);
        break;
      }
      if (!/^\p{Lu}/u.test(w) || isNumberToken(w)) break;
      picked.push(w);
      // Punctuation after a word ends the head ("Claim. Let ...").
      if (w !== raw) break;
    }
    const name = picked.join(' ');
    if (name !== '') return capName(name);
  }
  return UNNAMED_STATEMENT;
}

/** Proofs are not statements: llncs `ltx_theorem_proof`, or any statement printed "Proof...". */
function isProofStatement(cls: string, name: string): boolean {
  return hasClass(cls, 'ltx_theorem_proof') || /^proof\b/i.test(name);
}

function cutCaption(s: string): string {
  if (s.length <= MAX_CAPTION_LENGTH) return s;
  const cut = s.slice(0, MAX_CAPTION_LENGTH);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > MAX_CAPTION_LENGTH / 2 ? cut.slice(0, sp) : cut).trimEnd()}\u2026`;
}

/** One statement being read. */
interface StatementFrame {
  kind: 'statement';
  cls: string;
  /** 0 = title not met yet, 1 = inside the title, 2 = title done. */
  titleState: 0 | 1 | 2;
  title: string;
  /** Text of span.ltx_tag_theorem; null until one opens. */
  tag: string | null;
  bucket: Bucket;
}

/** Results for one scope: inside `article.ltx_document`, or the whole page otherwise. */
interface Bucket {
  theorems: Map<string, number>;
  figureCount: number;
  firstFigure: { src: string; caption: string } | null;
}

/** The top-level figure currently open, while its bucket still lacks a first figure. */
interface FigureCandidate {
  bucket: Bucket;
  /** Depth of open <figure> elements (any class) at which this figure sits. */
  figureDepth: number;
  src: string | null;
  caption: string;
  captionOpen: boolean;
}

type Frame =
  | StatementFrame
  | { kind: 'title'; statement: StatementFrame }
  | { kind: 'tag'; statement: StatementFrame }
  | { kind: 'article' }
  | { kind: 'ltxFigure'; candidate: FigureCandidate | null }
  | { kind: 'figure' }
  | { kind: 'caption'; candidate: FigureCandidate }
  | { kind: 'skip' };

/* ------------------------------------------------------------------------------------
 * Tag scanner.
 *
 * htmlparser2 was the first implementation; it tokenises every character in JS and took
 * ~31 ms per 1.4 MB fixture before doing any work (~45 MB/s, so ~110 ms for 5 MB). This
 * scanner lets the regex engine jump from tag to tag, reads attributes only for the few
 * tags that matter and skips each `<math>` (most of a LaTeXML page's tags) with one
 * indexOf. It is not a spec-complete HTML tokenizer, and it need not be: LaTeXML writes
 * well-formed, lower-case, fully quoted markup with `<`/`>` escaped inside attributes.
 * On anything else it stays linear-time and never throws; counts may then be off.
 * ---------------------------------------------------------------------------------- */

/**
 * One match per tag, comment, doctype or processing instruction.
 * Groups: 1 = "/" for an end tag, 2 = tag name, 3 = raw attribute text (may end in "/").
 * Attribute text is single characters or whole quoted strings, so a ">" inside quotes
 * does not end the tag; a quote without partner is taken as a plain character. No
 * alternative can match the same text two ways and every path ends at ">" or the end of
 * input, so the engine never backtracks and the scan stays linear on hostile input.
 */
const TAG_SOURCE =
  '<(?:(/?)([A-Za-z][^\\s/>]*)((?:[^>"\']|"[^"]*"|\'[^\']*\'|["\'])*)(?:>|$)|!--[\\s\\S]*?(?:-->|$)|[!?][^>]*(?:>|$))';

/** How far down the element stack an end tag looks for its open tag. */
const MAX_CLOSE_SEARCH = 256;

/** Elements with no end tag: never pushed on the stack. */
const VOID_TAGS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Raw-text elements: their content is not markup (an arXiv page's scripts may hold HTML strings). */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

/** Elements whose text is never part of a name or caption (math is handled separately). */
const SKIP_TEXT_TAGS = new Set(['svg', 'annotation', 'annotation-xml', 'button']);

/** Tags whose class attribute we need to read; others are only tracked for nesting. */
const CLASS_TAGS = new Set(['div', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'article', 'figure', 'figcaption', 'img', 'object']);

/** Value of attribute `name` in a raw attribute string, entity-decoded; undefined when absent. */
type AttrName = 'class' | 'src' | 'data' | 'alttext';
const ATTR_RES = new Map<AttrName, RegExp>(
  (['class', 'src', 'data', 'alttext'] as const).map((n) => [
    n,
    new RegExp(`(?:^|[\\s"'/])${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i'),
  ]),
);

function getAttr(attrs: string, name: AttrName): string | undefined {
  const re = ATTR_RES.get(name);
  // Cheap substring test first (attribute names are lower-case in LaTeXML's output).
  if (re === undefined || !attrs.includes(name)) return undefined;
  const m = re.exec(attrs);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

const NAMED_ENTITIES = new Map<string, string>([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'],
  ['thinsp', '\u2009'], ['ensp', '\u2002'], ['emsp', '\u2003'], ['ndash', '\u2013'], ['mdash', '\u2014'],
  ['hellip', '\u2026'], ['lsquo', '\u2018'], ['rsquo', '\u2019'], ['ldquo', '\u201c'], ['rdquo', '\u201d'],
  ['times', '\u00d7'], ['minus', '\u2212'], ['middot', '\u00b7'], ['deg', '\u00b0'], ['shy', ''],
]);

/**
 * Decode character references. LaTeXML writes UTF-8 and escapes only &amp; &lt; &gt;
 * (&quot; in attributes); numeric references and a few common names are decoded too,
 * unknown names are left as written.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES.get(ref) ?? whole;
  });
}

interface ScanHandler {
  /** An element opened; `attrs` is its raw attribute text. Return value is kept with it. */
  open(name: string, attrs: string): Frame | null;
  /** The element whose open returned `frame` closed (explicitly, implied, or at end of input). */
  close(frame: Frame): void;
  /** A `<math>` element (skipped whole): `attrs` carries its alttext. */
  math(attrs: string): void;
  /** Text between tags, still entity-encoded; only called while `wantsText()`. */
  text(raw: string): void;
  wantsText(): boolean;
  /** Stop scanning early (checked after each open). */
  done?(): boolean;
}

/**
 * Walk the tags of `html`, keeping an element stack so every open gets exactly one close:
 * an end tag closes the nearest open element of that name (and any still open above it),
 * a stray end tag is ignored, and everything open at the end of input is closed there --
 * so truncated pages still produce balanced events.
 */
function scanTags(html: string, h: ScanHandler): void {
  const re = new RegExp(TAG_SOURCE, 'g');
  const names: string[] = [];
  const frames: (Frame | null)[] = [];
  let pos = 0;
  let mathCloseLeft = true;
  const popTo = (depth: number): void => {
    while (names.length > depth) {
      names.pop();
      const f = frames.pop();
      if (f) h.close(f);
    }
  };
  for (;;) {
    const m = re.exec(html);
    if (m === null) break;
    if (m.index > pos && h.wantsText()) h.text(html.slice(pos, m.index));
    pos = re.lastIndex;
    const rawName = m[2];
    if (rawName === undefined) continue; // comment, doctype, processing instruction
    const name = rawName.toLowerCase();
    if (m[1] === '/') {
      // Search only the top of the stack: real pages nest < 100 deep, and an unbounded
      // search would make hostile input (many unclosed opens, then stray closes) quadratic.
      const floor = Math.max(0, names.length - MAX_CLOSE_SEARCH);
      for (let at = names.length - 1; at >= floor; at--) {
        if (names[at] === name) {
          popTo(at);
          break;
        }
      }
      continue;
    }
    const attrs = m[3] ?? '';
    if (name === 'math') {
      // MathML never nests <math>; jump over the whole formula in one step. Once no
      // "</math>" is left, stop looking (keeps a page of unclosed <math> tags linear).
      h.math(attrs);
      if (mathCloseLeft && !attrs.endsWith('/')) {
        const end = html.indexOf('</math>', pos);
        if (end === -1) {
          mathCloseLeft = false;
        } else {
          pos = end + '</math>'.length;
          re.lastIndex = pos;
        }
      }
      continue;
    }
    if (RAW_TEXT_TAGS.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'ig');
      close.lastIndex = pos;
      const c = close.exec(html);
      pos = c ? close.lastIndex : html.length;
      re.lastIndex = pos;
      continue;
    }
    const frame = h.open(name, attrs);
    // "<x/>" is self-closing in LaTeXML's XHTML-style output (and in SVG/MathML).
    if (VOID_TAGS.has(name) || attrs.endsWith('/')) {
      if (frame) h.close(frame);
    } else {
      names.push(name);
      frames.push(frame);
    }
    if (h.done?.()) return;
  }
  if (pos < html.length && h.wantsText()) h.text(html.slice(pos));
  popTo(0);
}

function newBucket(): Bucket {
  return { theorems: new Map(), figureCount: 0, firstFigure: null };
}

function toAnalysis(b: Bucket): FulltextAnalysis {
  // Object.fromEntries defines own properties, so a name such as "__proto__" cannot
  // touch the prototype.
  return {
    theorems: Object.fromEntries(b.theorems),
    figureCount: b.figureCount,
    firstFigure: b.firstFigure,
  };
}

/**
 * Analyse one LaTeXML HTML page. `baseUrl` is the page's URL with a trailing slash
 * (`https://arxiv.org/html/2401.00001v2/`), against which relative image srcs resolve.
 *
 * Counts only inside `article.ltx_document` when the page has one, so imgs in the
 * arxiv.org/html site chrome (2024 `header.desktop_header`, 2026 `header.arxiv-html-header`,
 * `nav.ltx_page_navbar`) and LaTeXML's footer never count. Without an article (a fragment)
 * the whole input is scanned.
 *
 * firstFigure: the first usable `<img src>` (or `<object data>`) inside the first top-level
 * `figure.ltx_figure`, trying later images and figures when an image is a data: URI,
 * `ltx_missing_image`, empty or not http(s). Its caption is the figure's own figcaption
 * (not a subfigure's) with the "Figure 1:" tag STRIPPED (the card labels it itself),
 * whitespace normalised, math as `$TeX$` from LaTeXML's alttext (the card renders it
 * with KaTeX), footnote bodies dropped, cut at 1000 characters; '' when uncaptioned.
 *
 * Never throws: bad input gives emptyAnalysis() or whatever could be read before it broke.
 */
export function analyzeFulltext(html: string, baseUrl: string): FulltextAnalysis {
  if (typeof html !== 'string' || html === '') return emptyAnalysis();
  const buckets = { outside: newBucket(), article: newBucket() };
  let articleDepth = 0;
  let articleSeen = false;
  let ltxFigureDepth = 0;
  let figureDepth = 0;
  let skipDepth = 0;
  const statements: StatementFrame[] = [];
  let activeTitle: StatementFrame | null = null;
  let activeTag: StatementFrame | null = null;
  let candidate: FigureCandidate | null = null;
  let activeCaption: FigureCandidate | null = null;
  const base = typeof baseUrl === 'string' ? baseUrl : '';

  const capturing = (): boolean => activeTitle !== null || activeTag !== null || activeCaption !== null;
  // Each buffer keeps at most MAX_CAPTURE_CHARS, even when one text node is megabytes long.
  const bounded = (buf: string, s: string): string =>
    buf.length >= MAX_CAPTURE_CHARS ? buf : buf + s.slice(0, MAX_CAPTURE_CHARS - buf.length);
  const append = (s: string): void => {
    if (activeTitle) activeTitle.title = bounded(activeTitle.title, s);
    if (activeTag && activeTag.tag !== null) activeTag.tag = bounded(activeTag.tag, s);
    if (activeCaption) activeCaption.caption = bounded(activeCaption.caption, s);
  };
  const bucketHere = (): Bucket => (articleDepth > 0 ? buckets.article : buckets.outside);

  const open = (name: string, attrs: string): Frame | null => {
    const cls = CLASS_TAGS.has(name) ? (getAttr(attrs, 'class') ?? '') : '';
    if (SKIP_TEXT_TAGS.has(name) || (name === 'span' && hasClass(cls, 'ltx_note_outer'))) {
      // Footnote bodies (span.ltx_note_outer) would otherwise leak into captions.
      skipDepth++;
      return { kind: 'skip' };
    }
    switch (name) {
      case 'article':
        if (!hasClass(cls, 'ltx_document')) return null;
        articleDepth++;
        articleSeen = true;
        return { kind: 'article' };
      case 'figure': {
        figureDepth++;
        if (!hasClass(cls, 'ltx_figure')) return { kind: 'figure' };
        // Subfigures are nested figure.ltx_figure: they neither count nor start a candidate.
        const topLevel = ltxFigureDepth === 0;
        ltxFigureDepth++;
        let cand: FigureCandidate | null = null;
        if (topLevel) {
          const bucket = bucketHere();
          bucket.figureCount++;
          if (bucket.firstFigure === null) {
            cand = { bucket, figureDepth, src: null, caption: '', captionOpen: false };
            candidate = cand;
          }
        }
        return { kind: 'ltxFigure', candidate: cand };
      }
      case 'img':
      case 'object': {
        if (!candidate || candidate.src !== null) return null;
        if (hasClass(cls, 'ltx_missing_image') || hasClass(cls, 'ltx_missing')) return null;
        const raw = getAttr(attrs, name === 'img' ? 'src' : 'data');
        if (raw !== undefined) candidate.src = resolveFigureSrc(raw, base);
        return null;
      }
      case 'figcaption':
        // Only the caption of the candidate figure itself, not of a subfigure or inner table.
        if (candidate && figureDepth === candidate.figureDepth && !candidate.captionOpen) {
          candidate.captionOpen = true;
          activeCaption = candidate;
          return { kind: 'caption', candidate };
        }
        return null;
      default:
        break;
    }
    // Everything below is recognised by class alone.
    if (cls === '') return null;
    const current = statements[statements.length - 1];
    if (name === 'div' && isTheoremClass(cls)) {
      const st: StatementFrame = {
        kind: 'statement', cls, titleState: 0, title: '', tag: null, bucket: bucketHere(),
      };
      statements.push(st);
      return st;
    }
    if (current && current.titleState === 0 && hasClass(cls, 'ltx_title_theorem')) {
      current.titleState = 1;
      activeTitle = current;
      return { kind: 'title', statement: current };
    }
    if (current && current.titleState !== 2 && current.tag === null && hasClass(cls, 'ltx_tag_theorem')) {
      current.tag = '';
      activeTag = current;
      return { kind: 'tag', statement: current };
    }
    if (activeCaption && hasClass(cls, 'ltx_tag_figure')) {
      // "Figure 1: " -- stripped from the caption (see the doc comment above).
      skipDepth++;
      return { kind: 'skip' };
    }
    return null;
  };

  const close = (frame: Frame): void => {
    switch (frame.kind) {
      case 'skip':
        skipDepth--;
        break;
      case 'article':
        articleDepth--;
        break;
      case 'figure':
        figureDepth--;
        break;
      case 'ltxFigure': {
        figureDepth--;
        ltxFigureDepth--;
        const cand = frame.candidate;
        if (cand) {
          if (cand.src !== null && cand.bucket.firstFigure === null) {
            cand.bucket.firstFigure = { src: cand.src, caption: cutCaption(normalizeSpace(cand.caption)) };
          }
          if (candidate === cand) candidate = null;
          if (activeCaption === cand) activeCaption = null;
        }
        break;
      }
      case 'caption':
        if (activeCaption === frame.candidate) activeCaption = null;
        break;
      case 'tag':
        if (activeTag === frame.statement) activeTag = null;
        break;
      case 'title':
        frame.statement.titleState = 2;
        if (activeTitle === frame.statement) activeTitle = null;
        break;
      case 'statement': {
        statements.pop();
        if (activeTitle === frame) activeTitle = null;
        if (activeTag === frame) activeTag = null;
        const name = printedStatementName(frame.tag, frame.titleState === 0 ? null : frame.title);
        if (!isProofStatement(frame.cls, name)) {
          const m = frame.bucket.theorems;
          m.set(name, (m.get(name) ?? 0) + 1);
        }
        break;
      }
    }
  };

  try {
    scanTags(html, {
      open,
      close,
      math(attrs) {
        // Math text is MathML tokens plus the TeX annotation; alttext is the clean form.
        if (skipDepth > 0 || !capturing()) return;
        const alt = getAttr(attrs, 'alttext');
        if (alt) append(`$${alt}$`);
      },
      text(raw) {
        if (skipDepth === 0) append(decodeEntities(raw));
      },
      wantsText: capturing,
    });
  } catch {
    // The scanner is written not to throw; should it ever, report what was counted so far
    // rather than failing the card.
  }
  return toAnalysis(articleSeen ? buckets.article : buckets.outside);
}

/**
 * Whether `html` is a LaTeXML document (has `article.ltx_document` or LaTeXML's page
 * wrappers), so callers can tell "not a LaTeXML page" (an arXiv error or abs page) from
 * "a paper with no theorems". Stops at the first marker, usually within the first KB.
 */
export function isLatexmlDocument(html: string): boolean {
  if (typeof html !== 'string' || html === '') return false;
  let found = false;
  try {
    scanTags(html, {
      open(name, attrs) {
        if (name !== 'article' && name !== 'div') return null;
        const cls = getAttr(attrs, 'class');
        if (
          cls !== undefined &&
          (hasClass(cls, 'ltx_document') || hasClass(cls, 'ltx_page_main') || hasClass(cls, 'ltx_page_content'))
        ) {
          found = true;
        }
        return null;
      },
      close() {},
      math() {},
      text() {},
      wantsText: () => false,
      done: () => found,
    });
  } catch {
    // Treat a scanner failure like "no marker found".
  }
  return found;
}

/**
 * Number of statements printed as `name` (case-insensitive: "Theorem" also counts a
 * "THEOREM"), or of all statements when `name` is null. Restatements ("Restatement of
 * Theorem") are a different printed name and do not count as Theorems.
 */
export function theoremTotal(theorems: Record<string, number>, name: string | null = 'Theorem'): number {
  let total = 0;
  const want = name?.toLowerCase() ?? null;
  for (const [key, n] of Object.entries(theorems)) {
    if (!Number.isFinite(n) || n <= 0) continue;
    if (want === null || key.toLowerCase() === want) total += n;
  }
  return total;
}

/** Order of the breakdown: the classic hierarchy first, then the rest by count. */
const CANONICAL_ORDER = ['theorem', 'proposition', 'lemma', 'corollary', 'definition'];

const IRREGULAR_PLURALS = new Map<string, string>([
  ['criterion', 'criteria'],
  ['phenomenon', 'phenomena'],
  // "lemmata" is correct but rare in modern papers; "lemmas" is what readers expect.
  ['lemma', 'lemmas'],
]);

function pluralWord(w: string): string {
  const irregular = IRREGULAR_PLURALS.get(w);
  if (irregular !== undefined) return irregular;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`; // summary -> summaries
  if (/sis$/.test(w)) return `${w.slice(0, -2)}es`; // hypothesis -> hypotheses
  if (/(?:s|x|z|ch|sh)$/.test(w)) return `${w}es`; // box -> boxes
  return `${w}s`;
}

/**
 * Lower-case a printed name for running text ("Main Theorem" -> "main theorem"), keeping
 * acronyms and mixed-case words ("KKT Condition" -> "KKT condition"). Proper names lose
 * their capital; they are rare in statement names.
 */
function lowerName(name: string): string {
  return name
    .split(' ')
    .map((w) => (w.slice(1) !== w.slice(1).toLowerCase() ? w : w.toLowerCase()))
    .join(' ');
}

/** Pluralise the head noun: the word before " of " ("restatements of theorem"), else the last. */
function pluralName(lower: string): string {
  const words = lower.split(' ');
  const ofIdx = words.indexOf('of');
  const head = ofIdx > 0 ? ofIdx - 1 : words.length - 1;
  const w = words[head];
  if (w !== undefined && /\p{Ll}$/u.test(w)) words[head] = pluralWord(w);
  return words.join(' ');
}

/**
 * "2 theorems · 5 lemmas · 1 corollary": every printed name with its count, singular for
 * 1, names lower-cased for running text (names differing only in case are merged), in the
 * order Theorem, Proposition, Lemma, Corollary, Definition, then the rest by count
 * (descending), ties alphabetically. '' when there are no statements.
 */
export function formatTheoremBreakdown(theorems: Record<string, number>): string {
  const merged = new Map<string, number>();
  for (const [key, n] of Object.entries(theorems)) {
    if (!Number.isFinite(n) || n <= 0) continue;
    const lower = lowerName(normalizeSpace(key));
    if (lower === '') continue;
    merged.set(lower, (merged.get(lower) ?? 0) + Math.floor(n));
  }
  const rank = (name: string): number => {
    const i = CANONICAL_ORDER.indexOf(name);
    return i === -1 ? CANONICAL_ORDER.length : i;
  };
  return [...merged.entries()]
    .filter(([, n]) => n > 0)
    .sort(([a, na], [b, nb]) => rank(a) - rank(b) || nb - na || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => `${n} ${n === 1 ? name : pluralName(name)}`)
    .join(' \u00b7 ');
}
