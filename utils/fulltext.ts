/**
 * Full-text analysis of arXiv's LaTeXML HTML (https://arxiv.org/html/<id>v<N>/):
 * formal statements by printed name, figure count, first figure (absolute src + caption).
 *
 * Runs in the MV3 service worker, where there is no DOMParser. The page is streamed once
 * through htmlparser2's callback Parser (no tree is built), keeping only a small stack of
 * the elements we care about. htmlparser2 balances every open with exactly one close
 * (implied closes included, also at end of input), so truncated or garbled HTML still
 * yields consistent counts instead of an exception.
 *
 * LaTeXML 0.8.7 markup this relies on (see tests/fixtures/SOURCES.md, "LaTeXML 0.8.7
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
import { Parser } from 'htmlparser2';
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
  tag: string | null;
  tagOpen: boolean;
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
  | { kind: 'ltxFigure'; candidate: FigureCandidate | null; topLevel: boolean }
  | { kind: 'figure' }
  | { kind: 'caption'; candidate: FigureCandidate }
  | { kind: 'skip' };

/** Elements whose text is never part of a name or caption. */
const SKIP_TEXT_TAGS = new Set(['script', 'style', 'annotation', 'annotation-xml', 'svg']);

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
  const stack: (Frame | null)[] = [];
  const statements: StatementFrame[] = [];
  let activeTitle: StatementFrame | null = null;
  let activeTag: StatementFrame | null = null;
  let candidate: FigureCandidate | null = null;
  let activeCaption: FigureCandidate | null = null;

  const append = (s: string): void => {
    if (activeTitle && activeTitle.title.length < MAX_CAPTURE_CHARS) activeTitle.title += s;
    if (activeTag && activeTag.tag !== null && activeTag.tag.length < MAX_CAPTURE_CHARS) {
      activeTag.tag += s;
    }
    if (activeCaption && activeCaption.caption.length < MAX_CAPTURE_CHARS) {
      activeCaption.caption += s;
    }
  };
  const capturing = (): boolean => activeTitle !== null || activeTag !== null || activeCaption !== null;

  const tryImage = (raw: string | undefined, cls: string): void => {
    if (!candidate || candidate.src !== null || raw === undefined) return;
    if (hasClass(cls, 'ltx_missing_image') || hasClass(cls, 'ltx_missing')) return;
    candidate.src = resolveFigureSrc(raw, baseUrl);
  };

  const onopentag = (name: string, attribs: Record<string, string>): void => {
    const cls = attribs['class'] ?? '';
    let frame: Frame | null = null;

    if (name === 'math') {
      // Math text is MathML tokens plus the TeX annotation; alttext is the clean form.
      const alt = attribs['alttext'];
      if (capturing() && skipDepth === 0 && alt) append(`$${alt}$`);
      skipDepth++;
      frame = { kind: 'skip' };
    } else if (SKIP_TEXT_TAGS.has(name) || hasClass(cls, 'ltx_note_outer')) {
      skipDepth++;
      frame = { kind: 'skip' };
    } else if (name === 'article' && hasClass(cls, 'ltx_document')) {
      articleDepth++;
      articleSeen = true;
      frame = { kind: 'article' };
    } else if (name === 'figure') {
      figureDepth++;
      if (hasClass(cls, 'ltx_figure')) {
        const topLevel = ltxFigureDepth === 0;
        ltxFigureDepth++;
        let cand: FigureCandidate | null = null;
        if (topLevel) {
          const bucket = articleDepth > 0 ? buckets.article : buckets.outside;
          bucket.figureCount++;
          if (bucket.firstFigure === null) {
            cand = { bucket, figureDepth, src: null, caption: '', captionOpen: false };
            candidate = cand;
          }
        }
        frame = { kind: 'ltxFigure', candidate: cand, topLevel };
      } else {
        frame = { kind: 'figure' };
      }
    } else if (name === 'img' || name === 'object') {
      tryImage(name === 'img' ? attribs['src'] : attribs['data'], cls);
    } else if (name === 'figcaption') {
      // Only the caption of the candidate figure itself, not of a subfigure or inner table.
      if (candidate && figureDepth === candidate.figureDepth && !candidate.captionOpen) {
        candidate.captionOpen = true;
        activeCaption = candidate;
        frame = { kind: 'caption', candidate };
      }
    } else if (cls !== '') {
      const current = statements[statements.length - 1];
      if (name === 'div' && isTheoremClass(cls)) {
        const st: StatementFrame = {
          kind: 'statement',
          cls,
          titleState: 0,
          title: '',
          tag: null,
          tagOpen: false,
          bucket: articleDepth > 0 ? buckets.article : buckets.outside,
        };
        statements.push(st);
        frame = st;
      } else if (current && current.titleState === 0 && hasClass(cls, 'ltx_title_theorem')) {
        current.titleState = 1;
        activeTitle = current;
        frame = { kind: 'title', statement: current };
      } else if (
        current &&
        current.titleState !== 2 &&
        current.tag === null &&
        hasClass(cls, 'ltx_tag_theorem')
      ) {
        current.tag = '';
        current.tagOpen = true;
        activeTag = current;
        frame = { kind: 'tag', statement: current };
      } else if (activeCaption && hasClass(cls, 'ltx_tag_figure')) {
        // "Figure 1: " -- stripped from the caption (see analyzeFulltext's doc).
        skipDepth++;
        frame = { kind: 'skip' };
      }
    }
    stack.push(frame);
  };

  const onclosetag = (): void => {
    const frame = stack.pop();
    if (!frame) return;
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
        frame.statement.tagOpen = false;
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
    const parser = new Parser(
      {
        onopentag,
        onclosetag,
        ontext(data) {
          if (skipDepth === 0 && capturing()) append(data);
        },
      },
      { decodeEntities: true },
    );
    parser.end(html);
  } catch {
    // htmlparser2 is forgiving and should not throw; if it ever does, report what was
    // counted so far rather than failing the card. Fall through.
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
    const parser = new Parser({
      onopentag(_name, attribs) {
        const cls = attribs['class'];
        if (
          !found &&
          cls !== undefined &&
          cls.includes('ltx_') &&
          (hasClass(cls, 'ltx_document') || hasClass(cls, 'ltx_page_main') || hasClass(cls, 'ltx_page_content'))
        ) {
          found = true;
          parser.pause();
        }
      },
    });
    parser.end(html);
  } catch {
    // Treat a parser failure like "no marker found".
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
