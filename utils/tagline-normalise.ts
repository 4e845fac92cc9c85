/**
 * Text normalisation for taglines: abstracts arrive as DOM text (possibly with HTML-looking tags
 * that arXiv escaped once too often) or as TeX source from the API. Cards show plain text + `$...$`
 * math.
 */
import { findProtectedSpans } from './sentences';

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', minus: '−', times: '×', plusmn: '±', deg: '°', micro: 'µ', alpha: 'α',
  beta: 'β', gamma: 'γ', delta: 'δ', kappa: 'κ', lambda: 'λ', mu: 'μ', sigma: 'σ', tau: 'τ',
};

const COMBINING: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303',
};

/**
 * Turns abstract/title text into the plain-text + `$...$` form the card renders. `title`, when
 * given, names the macros an abstract uses for its own system (`\ntbuilder{}` -> "NTBuilder").
 */
export function normaliseText(raw: string, title?: string): string {
  let s = raw;
  // Each rewrite runs only when its trigger character occurs: 2,000 abstracts must take < 200 ms.
  // One scan for all the triggers first: most abstracts and titles have none of them.
  if (!REWRITE_TRIGGER.test(s)) return collapseWhitespace(s);
  // Inline HTML that arrived as text ("Bi<sub>2</sub>O<sub>2</sub>Se"): keep the content.
  if (s.includes('<')) s = s.replace(/<\/?(?:sub|sup|i|b|em|strong|span|br|p|a|u|tt|small)\b[^<>]{0,200}>/gi, '');
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
      if (e.startsWith('#')) {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  }
  if (s.includes('\\')) {
    // TeX accents and text macros outside math; citations carry nothing a reader can use.
    s = s.replace(/\\(["'`^~])\{?([A-Za-z])\}?/g, (_m, a: string, ch: string) =>
      (ch + (COMBINING[a] ?? '')).normalize('NFC'),
    );
    s = s.replace(/\\(?:cite[pt]?|citealp|ref|eqref|label)\{[^}]*\}/g, '');
    s = s.replace(/\\(?:textbf|textit|emph|texttt|textrm|textsf|textsc|underline|mbox|text)\{([^{}]*)\}/g, '$1');
    s = unescapeOutsideMath(s);
    if (s.includes('\\')) s = stripProseMacros(s, title ?? '');
  }
  if (s.includes("''") || s.includes('``')) s = s.replace(/``|''/g, '"');
  // A run of quote marks ('A """"""""`"ADaptive ...', '(""depth separation")' in SciTLDR sources) is one quote.
  if (s.includes('""')) s = s.replace(/""["`']*|["`']{3,}/g, '"');
  if (s.includes('~')) s = s.replace(/(^|[^\\])~/g, '$1 ');
  // KaTeX on the card reads `$...$`; arXiv abstracts also use \( \) and \[ \].
  if (s.includes('\\(') || s.includes('\\[')) s = s.replace(/\\\(|\\\)/g, '$').replace(/\\\[|\\\]/g, '$$$$');
  return collapseWhitespace(s);
}

/** Some character that one of normaliseText's rewrites acts on (a "\(" or "\[" starts with a backslash). */
const REWRITE_TRIGGER = /[<&\\~]|''|``|""/;

/**
 * Every run of whitespace as one space, trimmed. Only the runs that are not already a single
 * space are replaced (a lone space is left alone), which gives the same text as replacing
 * every /\s+/ with far fewer matches.
 */
function collapseWhitespace(s: string): string {
  return (/\s\s|[\t\n\r\f\v\u00a0]/.test(s) ? s.replace(/\s{2,}|[^\S ]/g, ' ') : s).trim();
}

/**
 * `\%`, `\&`, `\_` and `\#` become plain characters in prose, but stay escaped inside `$...$`:
 * KaTeX reads a bare `%` in math as the start of a comment and drops the rest of the formula.
 */
function unescapeOutsideMath(s: string): string {
  if (!/\\[%&#_,;! ]/.test(s)) return s;
  // TeX spacing commands ("0.04\,yrs") become a plain space in prose.
  return mapProse(s, (t) => t.replace(/\\([%&#_])/g, '$1').replace(/\\[,;! ]/g, ' '));
}

/** Applies `prose` to the text outside math and URLs (findProtectedSpans), keeping those as is. */
function mapProse(s: string, prose: (text: string) => string): string {
  let out = '';
  let pos = 0;
  for (const sp of findProtectedSpans(s)) {
    out += prose(s.slice(pos, sp.start)) + s.slice(sp.start, sp.end);
    pos = sp.end;
  }
  return out + prose(s.slice(pos));
}

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Sigma', 'Phi', 'Psi', 'Omega']);

/**
 * Raw TeX macros left in prose (outside `$...$`) after the known text macros were rewritten:
 * `\foo{word}` keeps the word, `\ntbuilder{}` / `\ntbuilder` become the title's spelling of the
 * name ("NTBuilder") or nothing; a Greek letter becomes inline math so KaTeX still shows it.
 */
function stripProseMacros(s: string, title: string): string {
  const titleWord = (name: string): string => {
    if (title === '' || name.length < 3) return '';
    const lower = name.toLowerCase();
    for (const w of title.split(/[^\p{L}\p{N}-]+/u)) if (w.toLowerCase() === lower) return w;
    return '';
  };
  const prose = (t: string): string => {
    if (!t.includes('\\')) return t;
    const out = t.replace(/\\([A-Za-z]+)(?:\{([^{}]*)\})?/g, (_m, name: string, arg: string | undefined) => {
      if (arg !== undefined && arg.trim() !== '') return arg;
      if (GREEK.has(name)) return `$\\${name}$`;
      return titleWord(name);
    });
    // "in  (NanoTube Builder)" after a dropped macro: no space before a comma or period.
    return out.replace(/ +([,.;:])/g, '$1');
  };
  return mapProse(s, prose);
}

/** Removes `$` signs that have no partner, so the card never shows half a formula. */
export function balanceMath(s: string): string {
  // Most heads have no math at all; then there is nothing to drop.
  let i = s.indexOf('$');
  if (i === -1) return s;
  const spans = findProtectedSpans(s);
  // Slices between the dropped dollars, not one `+=` per character.
  let out = '';
  let pos = 0;
  for (; i !== -1; i = s.indexOf('$', i + 1)) {
    const at = i;
    if (s[at - 1] !== '\\' && !spans.some((sp) => at >= sp.start && at < sp.end)) {
      out += s.slice(pos, at);
      pos = at + 1;
    }
  }
  return out + s.slice(pos);
}
