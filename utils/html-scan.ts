/**
 * A small, linear-time HTML tag scanner for large pages in contexts without DOMParser (the
 * MV3 service worker). Generic: it knows HTML (void and raw-text elements, comments,
 * character references), nothing about LaTeXML or arXiv; utils/fulltext.ts gives the
 * elements their meaning.
 *
 * htmlparser2 was the first implementation; it tokenises every character in JS and took
 * ~31 ms per 1.4 MB fixture before doing any work (~45 MB/s, so ~110 ms for 5 MB). This
 * scanner lets the regex engine jump from tag to tag, reads attributes only when a handler
 * asks, and can skip a whole element whose content it does not need (`<math>` is most of a
 * LaTeXML page's tags) with one indexOf. It is not a spec-complete HTML tokenizer, and it
 * need not be: the pages it reads are machine-written, well-formed, lower-case, fully quoted
 * markup with `<`/`>` escaped inside attributes. On anything else it stays linear-time and
 * never throws; what the handler sees may then be off.
 */

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

/** Raw-text elements: their content is not markup (a page's scripts may hold HTML strings). */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

/** Collapses runs of whitespace (incl. newlines and NBSP) and trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Whether the whitespace-separated class list contains `token` exactly. */
export function hasClass(cls: string, token: string): boolean {
  // Cheap substring test first: most class lists on a page do not match.
  if (!cls.includes(token)) return false;
  return cls.split(/\s+/).includes(token);
}

const attrRes = new Map<string, RegExp>();

/**
 * Value of attribute `name` (lower-case) in a raw attribute string, entity-decoded;
 * undefined when absent.
 */
export function getAttr(attrs: string, name: string): string | undefined {
  // Cheap substring test first (machine-written markup has lower-case attribute names).
  if (!attrs.includes(name)) return undefined;
  let re = attrRes.get(name);
  if (re === undefined) {
    re = new RegExp(`(?:^|[\\s"'/])${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
    attrRes.set(name, re);
  }
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
 * Decode character references. Machine-written UTF-8 pages escape only &amp; &lt; &gt;
 * (&quot; in attributes); numeric references and a few common names are decoded too,
 * unknown names are left as written, invalid code points become U+FFFD.
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

export interface ScanHandler<F> {
  /** An element opened; `attrs` is its raw attribute text. The returned frame is kept with it. */
  open(name: string, attrs: string): F | null;
  /** The element whose open returned `frame` closed (explicitly, implied, or at end of input). */
  close(frame: F): void;
  /**
   * Elements whose whole content the handler does not want (e.g. `math`): `skipped` is
   * called with the open tag's attributes instead of `open`, and the scanner jumps to the
   * element's end tag. Such an element must not nest inside itself.
   */
  skipWhole?: ReadonlySet<string>;
  skipped?(name: string, attrs: string): void;
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
export function scanTags<F>(html: string, h: ScanHandler<F>): void {
  const re = new RegExp(TAG_SOURCE, 'g');
  const names: string[] = [];
  const frames: (F | null)[] = [];
  let pos = 0;
  // Per skipped element name: false once no end tag is left (keeps a page of unclosed
  // skipped elements linear).
  const closeLeft = new Map<string, boolean>();
  const popTo = (depth: number): void => {
    while (names.length > depth) {
      names.pop();
      const f = frames.pop();
      if (f !== undefined && f !== null) h.close(f);
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
    if (h.skipWhole?.has(name)) {
      h.skipped?.(name, attrs);
      if (closeLeft.get(name) !== false && !attrs.endsWith('/')) {
        const endTag = `</${name}>`;
        const end = html.indexOf(endTag, pos);
        if (end === -1) {
          closeLeft.set(name, false);
        } else {
          pos = end + endTag.length;
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
    // "<x/>" is self-closing in XHTML-style output (and in SVG/MathML).
    if (VOID_TAGS.has(name) || attrs.endsWith('/')) {
      if (frame !== null) h.close(frame);
    } else {
      names.push(name);
      frames.push(frame);
    }
    if (h.done?.()) return;
  }
  if (pos < html.length && h.wantsText()) h.text(html.slice(pos));
  popTo(0);
}
