/**
 * LaTeXML semantics of an arXiv HTML paper (https://arxiv.org/html/<id>v<N>): formal
 * statements by printed name, figure count, first figure (absolute src + caption). The
 * tag scanning itself is generic and lives in ./html-scan.
 *
 * Runs in the MV3 service worker, where there is no DOMParser. The page is scanned once,
 * tag to tag, keeping only an element stack and the few elements we care about; no tree is
 * built. Every open gets exactly one close (implied at end of input), so truncated or
 * garbled HTML still yields consistent counts instead of an exception.
 *
 * Markup this relies on, the same in LaTeXML 0.8.7 and in latexml-oxide 0.7.6 (which arXiv
 * serves since 11 Aug 2026; see ../shared/fixtures/arxiv/SOURCES.md):
 * - statement: `div.ltx_theorem.ltx_theorem_<ENV>`; ENV is the LaTeX environment name
 *   (`lem`, `defn`, `theorem1`, ...), NOT the printed name, so it is never used as the key.
 *   The printed name is the text of `span.ltx_tag_theorem` minus its number (before or
 *   after the name: amsthm's \swapnumbers prints "4.1 Lemma"), or, when a custom
 *   \newtheoremstyle drops the tag span, the start of `h6.ltx_title_theorem`.
 * - proofs: amsthm `div.ltx_proof` (not an ltx_theorem at all); llncs renders proofs as
 *   `div.ltx_theorem.ltx_theorem_proof` with title "Proof" -- excluded.
 * - figures: `figure.ltx_figure`; subfigures are nested `figure.ltx_figure`; tables are
 *   `figure.ltx_table`, algorithms `figure.ltx_float`; the footer `[LOGO]` is a data: img
 *   outside any figure. Image srcs are relative to the page: 0.8.7 pages were served at
 *   `/html/<id>v<N>/` with `src="x1.png"`, oxide pages at `/html/<id>v<N>` with
 *   `src="<id>v<N>/file.png"`; both resolve right against the URL the page was served at.
 */
import { decodeEntities, getAttr, hasClass, collapseWhitespace, scanTags } from './html-scan';
import { ownFigureFilter } from './figure-origin';
import type { FulltextAnalysis, Statement } from './paper';
import { boundStatements, MAX_STATEMENTS, MAX_STATEMENT_CHARS } from './statements';

/**
 * Version of what analyzeFulltext computes, stored with every cached analysis. Bump it
 * whenever the output for the same page changes, so cached analyses made by an older
 * analyser are re-fetched (lazily, as cards come on screen).
 * 2: figures resolved against the served URL and <base> (latexml-oxide layout); printed
 *    names with the number first ("4.1 Lemma").
 * 3: the statements themselves (name, number, title, text with math as $TeX$, anchor).
 */
export const FULLTEXT_ANALYSER_VERSION = 3;

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
  return { theorems: {}, figureCount: 0, firstFigure: null, statements: [] };
}

/** `ltx_theorem` itself or any `ltx_theorem_<env>` token marks a statement container. */
function isTheoremClass(cls: string): boolean {
  if (!cls.includes('ltx_theorem')) return false;
  return cls.split(/\s+/).some((t) => t === 'ltx_theorem' || t.startsWith('ltx_theorem_'));
}

/**
 * Resolve a figure's `src` against the document's base URL (the URL the page was served
 * at, or its `<base href>`), as a browser would. Only http(s) results are returned: data:
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

/**
 * The base URL of a page served at `pageUrl` whose first `<base>` has `href` (HTML's
 * "document base URL"): the href resolved against the page URL, or the page URL when there
 * is no usable href.
 */
export function documentBaseUrl(pageUrl: string, baseHref: string | null): string {
  if (baseHref === null || baseHref.trim() === '') return pageUrl;
  try {
    const url = new URL(baseHref.trim(), pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : pageUrl;
  } catch {
    return pageUrl;
  }
}

/**
 * A statement number: "2.2", "0.C.1", "A", "IV", "3a", "1'". Leading (swapped) numbers
 * must hold a digit or a dot, so a leading capital word such as "A" in "A Lemma" is not
 * mistaken for one.
 */
function isNumberToken(tok: string, leading = false): boolean {
  if (/\d/.test(tok)) return true;
  if (leading) return /^[A-Z](?:\.[A-Za-z0-9]+)+\.?$/.test(tok);
  return /^[A-Z](?:\.[A-Za-z0-9]+)*$/.test(tok) || /^[IVXLC]+$/.test(tok);
}

function stripTrailingPunct(s: string): string {
  return s.replace(/[\s.:;,\u3002\uff0e\uff1a\u2014\u2013-]+$/u, '');
}

/** Parenthetical notes, ASCII or full-width: "(Main result)", "（主定理）". */
function dropNotes(s: string): string {
  return s.replace(/\([^)]*\)|\uff08[^\uff09]*\uff09/g, ' ');
}

/**
 * A number glued to the name, as when a bold name and its number are split over spans with
 * no space between ("Theorem" + "1.2") or in scripts written without spaces ("定理1.1"):
 * the name part, or null when `word` is not of that shape.
 */
function gluedName(word: string): string | null {
  const m = /^(\p{L}{2,}|\p{Lo}+)(\d[\d.]*[a-z]?'?)$/u.exec(word);
  return m?.[1] ?? null;
}

function capName(s: string): string {
  if (s.length <= MAX_NAME_LENGTH) return s;
  const cut = s.slice(0, MAX_NAME_LENGTH);
  const sp = cut.lastIndexOf(' ');
  return sp > 0 ? cut.slice(0, sp) : cut;
}

/** The name in a tag's text: its words without numbers on either side. '' when none. */
function nameFromTag(tagText: string): string {
  const s = stripTrailingPunct(collapseWhitespace(dropNotes(tagText)));
  const words = s.split(' ').filter((w) => w !== '');
  // "4.1 Lemma" (\swapnumbers) and "Lemma 4.1": numbers before or after the name.
  while (words.length > 1 && isNumberToken(stripTrailingPunct(words[0] ?? ''), true)) words.shift();
  while (words.length > 1 && isNumberToken(words[words.length - 1] ?? '')) words.pop();
  const last = words[words.length - 1];
  const glued = last === undefined ? null : gluedName(last);
  if (glued !== null) words[words.length - 1] = glued;
  // A tag that is only a number ("1", from a nameless \newtheorem) names nothing.
  if (words.length === 1 && /\d/.test(words[0] ?? '')) words.pop();
  return stripTrailingPunct(words.join(' '));
}

/**
 * The name at the start of a title (`h6.ltx_title_theorem`) printed by a custom theorem
 * style: after any leading number, the run of capitalised words ("Prelude to Axiom 1." ->
 * "Prelude", "Main Theorem 2" -> "Main Theorem"), or the first word when it is lower-case
 * or of a script without case ("定理 1").
 */
function nameFromTitle(titleText: string): string {
  const words = collapseWhitespace(dropNotes(titleText)).split(' ');
  while (words.length > 1 && isNumberToken(stripTrailingPunct(words[0] ?? ''), true)) words.shift();
  const picked: string[] = [];
  for (const raw of words) {
    const w = stripTrailingPunct(raw);
    if (w === '') break;
    if (picked.length === 0 && /^[\p{Ll}\p{Lo}]/u.test(w)) {
      picked.push(gluedName(w) ?? w);
      break;
    }
    if (!/^\p{Lu}/u.test(w) || isNumberToken(w)) break;
    const glued = gluedName(w);
    picked.push(glued ?? w);
    // Punctuation after a word, or a number glued to it, ends the head ("Claim. Let ...").
    if (w !== raw || glued !== null) break;
  }
  return picked.join(' ');
}

/**
 * The printed name of one statement, from its tag text (`span.ltx_tag_theorem`) or, when
 * there is none, its title text (`h6.ltx_title_theorem`).
 *
 * - Tag: drop parenthetical notes ("Theorem 1.2 (Main result)"), trailing punctuation and
 *   the number tokens before or after the name ("Lemma 2.2", "4.1 Lemma" -> "Lemma";
 *   "Restatement of Theorem 1" -> "Restatement of Theorem"; "Theorem 0.C.1", "Theorem A"
 *   -> "Theorem"; "Remark" -> "Remark"; "Théorème 2.1", "Лемма 3", "定理1.1" as printed
 *   minus the number). A lone word is never stripped, so a name is never reduced to
 *   nothing by the letter-number rule.
 * - Title only: a custom theorem style can print anything around the name ("Prelude to
 *   Axiom 1." from a `#1 to #3` head), so take the leading run of capitalised words, which
 *   is where every head spec puts the name ("Prelude", "Main Theorem"), after a leading
 *   number if the style swaps it first. A title starting in lower case gives its first word.
 * Returns UNNAMED_STATEMENT when neither yields a name.
 */
export function printedStatementName(tagText: string | null, titleText: string | null): string {
  if (tagText !== null) {
    const name = nameFromTag(tagText);
    if (name !== '') return capName(name);
  }
  if (titleText !== null) {
    const name = nameFromTitle(titleText);
    if (name !== '') return capName(name);
  }
  return UNNAMED_STATEMENT;
}

/** Proofs are not statements: llncs `ltx_theorem_proof`, or any statement printed "Proof...". */
function isProofStatement(cls: string, name: string): boolean {
  return hasClass(cls, 'ltx_theorem_proof') || /^proof\b/i.test(name);
}

/**
 * The number in a tag's text, as printed: what is left once the printed name and any
 * parenthetical note are taken out ("Lemma 2.2" -> "2.2", "4.1 Lemma" -> "4.1",
 * "定理1.1" -> "1.1", "Remark" -> '').
 */
function numberFromTag(tagText: string, name: string): string {
  const s = stripTrailingPunct(collapseWhitespace(dropNotes(tagText)));
  const at = name === UNNAMED_STATEMENT ? -1 : s.indexOf(name);
  const rest = at === -1 ? s : `${s.slice(0, at)} ${s.slice(at + name.length)}`;
  return stripTrailingPunct(collapseWhitespace(rest)).replace(/^[\s.:;,]+/, '');
}

/**
 * A statement's own title: what its heading says after the tag, without the parentheses
 * and the closing period ("Theorem 3.1 (Main result)." -> "Main result"); null when the
 * heading is only the tag. A heading without a tag (custom theorem style) has no separate
 * title: the heading is the name.
 */
function ownTitle(titleText: string, tagText: string | null): string | null {
  if (tagText === null) return null;
  const heading = collapseWhitespace(titleText);
  const tag = collapseWhitespace(tagText);
  let rest = heading.startsWith(tag) ? heading.slice(tag.length) : heading.replace(tag, ' ');
  rest = stripTrailingPunct(rest.trim()).trim();
  const paren = /^[(\uff08]([\s\S]*)[)\uff09]$/u.exec(rest);
  if (paren) rest = (paren[1] ?? '').trim();
  return rest === '' ? null : rest;
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
  /** The div's id: the link target. */
  anchor: string | null;
  /** Anchors the tag links to ("Restatement of Theorem <a href=#Thmtheorem1>1</a>"). */
  tagRefs: string[];
  /** Slot in the bucket's statement list (paper order by opening), or -1 when not listed. */
  slot: number;
  /** Body text gathered so far (collapsed), bounded a little above MAX_STATEMENT_CHARS. */
  text: string;
  /** skipDepth when the statement opened: its own text is read only at that depth. */
  skipBase: number;
}

/** Results for one scope: inside `article.ltx_document`, or the whole page otherwise. */
interface Bucket {
  theorems: Map<string, number>;
  figureCount: number;
  firstFigure: { src: string; caption: string } | null;
  /** One slot per statement opened (paper order); null for proofs and restatements. */
  statements: (Statement | null)[];
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

/** Elements whose text is never part of a name or caption (math is handled separately). */
const SKIP_TEXT_TAGS = new Set(['svg', 'annotation', 'annotation-xml', 'button']);

/** Tags whose class attribute we need to read; others are only tracked for nesting. */
const CLASS_TAGS = new Set(['div', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'article', 'figure', 'figcaption', 'img', 'object']);

/** MathML never nests `<math>`: each formula is skipped whole, its alttext read instead. */
const SKIP_WHOLE = new Set(['math']);

function newBucket(): Bucket {
  return { theorems: new Map(), figureCount: 0, firstFigure: null, statements: [] };
}

function toAnalysis(b: Bucket): FulltextAnalysis {
  // Object.fromEntries defines own properties, so a name such as "__proto__" cannot
  // touch the prototype.
  return {
    theorems: Object.fromEntries(b.theorems),
    figureCount: b.figureCount,
    firstFigure: b.firstFigure,
    statements: boundStatements(b.statements.filter((s): s is Statement => s !== null)),
  };
}

/**
 * Slots reserved per page: proofs (llncs) and restatements take a slot and are dropped at the
 * end, so a few more than MAX_STATEMENTS are read before text capture stops.
 */
const MAX_STATEMENT_SLOTS = MAX_STATEMENTS * 2;
/** Raw text kept per statement before the final cut. */
const MAX_STATEMENT_CAPTURE = MAX_STATEMENT_CHARS + 200;

/**
 * Analyse one LaTeXML HTML page. `pageUrl` is the URL the page was served at, after
 * redirects (the response URL): relative image srcs resolve against it, or against the
 * page's first `<base href>`, exactly as a browser resolves them. (A `<base>` is honoured
 * from where it appears on; pages put it in `<head>`, before any figure.)
 *
 * Counts only inside `article.ltx_document` when the page has one, so imgs in the
 * arxiv.org/html site chrome (2024 `header.desktop_header`, 2026 `header.arxiv-html-header`,
 * `nav.ltx_page_navbar`) and LaTeXML's footer never count. Without an article (a fragment)
 * the whole input is scanned.
 *
 * firstFigure: the first usable `<img src>` (or `<object data>`) inside the first top-level
 * `figure.ltx_figure`, trying later images and figures when an image is a data: URI,
 * `ltx_missing_image`, empty, or not one of the paper's own files under
 * `https://arxiv.org/html/<id>v<N>/` (utils/figure-origin.ts). Its caption is the figure's own figcaption
 * (not a subfigure's) with the "Figure 1:" tag STRIPPED (the card labels it itself),
 * whitespace normalised, math as `$TeX$` from LaTeXML's alttext (the card renders it
 * with KaTeX), footnote bodies dropped, cut at 1000 characters; '' when uncaptioned.
 *
 * Never throws: bad input gives emptyAnalysis() or whatever could be read before it broke.
 */
export function analyzeFulltext(html: string, pageUrl: string): FulltextAnalysis {
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
  const served = typeof pageUrl === 'string' ? pageUrl : '';
  let base = served;
  const ownFigure = ownFigureFilter(served);
  let baseSeen = false;

  // The innermost open statement, when its body (not its heading) is being read and listed.
  const bodyStatement = (): StatementFrame | null => {
    const st = statements[statements.length - 1];
    if (!st || st.slot === -1 || st.titleState === 1 || activeTag === st) return null;
    return skipDepth === st.skipBase && st.text.length < MAX_STATEMENT_CAPTURE ? st : null;
  };
  const capturing = (): boolean =>
    (skipDepth === 0 && (activeTitle !== null || activeTag !== null || activeCaption !== null)) ||
    bodyStatement() !== null;
  // Each buffer keeps at most MAX_CAPTURE_CHARS, even when one text node is megabytes long.
  const bounded = (buf: string, s: string): string =>
    buf.length >= MAX_CAPTURE_CHARS ? buf : buf + s.slice(0, MAX_CAPTURE_CHARS - buf.length);
  // Headings, tags and captions never read inside skipped elements (footnote bodies, svg);
  // a statement reads at the depth where it opened, so one inside a footnote keeps its text.
  const append = (s: string): void => {
    const st = bodyStatement();
    if (st) {
      const room = MAX_STATEMENT_CAPTURE - st.text.length;
      st.text += s.slice(0, room * 4).replace(/\s+/g, ' ').slice(0, room);
    }
    if (skipDepth > 0) return;
    if (activeTitle) activeTitle.title = bounded(activeTitle.title, s);
    if (activeTag && activeTag.tag !== null) activeTag.tag = bounded(activeTag.tag, s);
    if (activeCaption) activeCaption.caption = bounded(activeCaption.caption, s);
  };
  const bucketHere = (): Bucket => (articleDepth > 0 ? buckets.article : buckets.outside);

  const open = (name: string, attrs: string): Frame | null => {
    // Links are the commonest tag after math; their class matters only inside a statement tag.
    const readsClass = CLASS_TAGS.has(name) || (name === 'a' && activeTag !== null);
    const cls = readsClass ? (getAttr(attrs, 'class') ?? '') : '';
    if (SKIP_TEXT_TAGS.has(name) || (name === 'span' && hasClass(cls, 'ltx_note_outer'))) {
      // Footnote bodies (span.ltx_note_outer) would otherwise leak into captions.
      skipDepth++;
      return { kind: 'skip' };
    }
    switch (name) {
      case 'base':
        // Only the first <base> with an href sets the document's base URL (HTML spec).
        if (!baseSeen) {
          const href = getAttr(attrs, 'href');
          if (href !== undefined) {
            baseSeen = true;
            base = documentBaseUrl(served, href);
          }
        }
        return null;
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
        if (raw !== undefined) {
          // As a browser resolves it first (latexml-oxide's "2507.00150v1/plot.png" against
          // .../html/2507.00150v1). A pre-oxide page's "x1.png" means the paper's folder, where
          // arXiv served such pages with a trailing slash; reached without one (a page served
          // in place, not redirected), the browser's answer is /html/x1.png, no file of the
          // paper's: the folder is tried then (not under a page's own <base href>).
          const inFolder = base === served && !base.endsWith('/') ? `${base}/` : null;
          candidate.src = ownFigure(resolveFigureSrc(raw, base)) ?? (inFolder === null ? null : ownFigure(resolveFigureSrc(raw, inFolder)));
        }
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
    if (name === 'a') {
      // A link in a statement's tag names the statement it restates.
      if (activeTag && hasClass(cls, 'ltx_ref')) {
        const href = getAttr(attrs, 'href');
        if (href?.startsWith('#')) activeTag.tagRefs.push(href.slice(1));
      }
      return null;
    }
    if (name === 'div' && isTheoremClass(cls)) {
      const bucket = bucketHere();
      const slot = bucket.statements.length < MAX_STATEMENT_SLOTS ? bucket.statements.push(null) - 1 : -1;
      const st: StatementFrame = {
        kind: 'statement', cls, titleState: 0, title: '', tag: null, bucket,
        anchor: getAttr(attrs, 'id') ?? null, tagRefs: [], slot, text: '', skipBase: skipDepth,
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
            cand.bucket.firstFigure = { src: cand.src, caption: cutCaption(collapseWhitespace(cand.caption)) };
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
          if (frame.slot !== -1) listStatement(frame, name);
        }
        break;
      }
    }
  };

  /**
   * Fill a statement's slot, unless it restates one already listed: its tag links to that
   * statement ("Restatement of Theorem 1"), or it repeats a listed statement's printed name
   * and exact text (a restatable printed again, an appendix copy under a new number as llncs
   * papers do). The same name and number alone is no restatement: counters restart
   * ("Part 1" of each proof).
   */
  const listStatement = (frame: StatementFrame, name: string): void => {
    const listed = frame.bucket.statements;
    const number = frame.tag === null ? '' : numberFromTag(frame.tag, name);
    const restates = listed.some(
      (s) =>
        s !== null &&
        ((s.anchor !== null && frame.tagRefs.includes(s.anchor)) ||
          (s.name.toLowerCase() === name.toLowerCase() && s.text === frame.text)),
    );
    if (restates) return;
    listed[frame.slot] = {
      name,
      number,
      title: frame.titleState === 0 ? null : ownTitle(frame.title, frame.tag),
      text: frame.text,
      anchor: frame.anchor,
    };
  };

  try {
    scanTags<Frame>(html, {
      open,
      close,
      skipWhole: SKIP_WHOLE,
      skipped(_name, attrs) {
        // Math text is MathML tokens plus the TeX annotation; alttext is the clean form.
        if (!capturing()) return;
        const alt = getAttr(attrs, 'alttext');
        // LaTeXML breaks long alttext with "%" + newline: a TeX comment, which would swallow
        // the rest of the formula once whitespace is collapsed.
        if (alt) append(`$${alt.replace(/(^|[^\\])%[ \t]*\r?\n[ \t]*/g, '$1')}$`);
      },
      text(raw) {
        append(decodeEntities(raw));
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
    scanTags<true>(html, {
      skipWhole: SKIP_WHOLE,
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
      text() {},
      wantsText: () => false,
      done: () => found,
    });
  } catch {
    // Treat a scanner failure like "no marker found".
  }
  return found;
}
