/**
 * Formal statements of a paper (Theorem 2.1, Lemma 3, ...): the limits that bound them, how
 * their text is cut, which one is the paper's main result, how a list of them is summarised
 * and where each one lives in the paper. Pure; the analyser (utils/fulltext.ts), the card,
 * the library and import all share it, so cached, saved and imported statements obey the same
 * bounds whoever made them.
 */
import type { Statement } from './paper';

/** At most this many statements per paper (the first ones, in paper order). */
export const MAX_STATEMENTS = 40;
/** Characters of text per statement; longer text is cut at a word with "…". */
export const MAX_STATEMENT_CHARS = 2000;
/** Characters of a title; titles are a few words ("Main result"). */
export const MAX_STATEMENT_TITLE_CHARS = 200;
/**
 * Bound on the whole list as stored (JSON characters), so the cache grows by at most this
 * much per paper whatever the page holds.
 */
export const MAX_STATEMENTS_JSON_CHARS = 60_000;

/** Count of unescaped `$` in `s`: odd means a `$...$` is left open. */
function openDollars(s: string): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '$') n++;
  }
  return n % 2 === 1;
}

/**
 * Whitespace collapsed and at most `max` characters: longer text is cut at the last word
 * boundary (in the second half) and ends in "…". A cut never leaves a `$...$` open, since
 * half a formula renders as neither math nor readable text: the open formula goes.
 */
export function cutStatementText(text: string, max = MAX_STATEMENT_CHARS): string {
  // Collapse on a bounded prefix: a 1 MB statement costs no more than a 2 KB one.
  const s = text.slice(0, max * 4).replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  if (sp > max / 2) cut = cut.slice(0, sp);
  if (openDollars(cut)) {
    let last = cut.lastIndexOf('$');
    while (last > 0 && cut[last - 1] === '$') last--;
    cut = cut.slice(0, last);
  }
  return `${cut.trimEnd()}\u2026`;
}

/**
 * The list bounded as stored: the first MAX_STATEMENTS, each field cut, and no more than
 * MAX_STATEMENTS_JSON_CHARS in all (later statements are dropped, never half-kept).
 */
export function boundStatements(list: readonly Statement[]): Statement[] {
  const out: Statement[] = [];
  let size = 2;
  for (const st of list) {
    if (out.length >= MAX_STATEMENTS) break;
    const bounded: Statement = {
      name: cutStatementText(st.name, 60),
      number: cutStatementText(st.number, 30),
      title: st.title === null ? null : cutStatementText(st.title, MAX_STATEMENT_TITLE_CHARS) || null,
      text: cutStatementText(st.text),
      anchor: st.anchor === null ? null : st.anchor.slice(0, 200),
    };
    size += JSON.stringify(bounded).length + 1;
    if (size > MAX_STATEMENTS_JSON_CHARS) break;
    out.push(bounded);
  }
  return out;
}

/** A title that marks the paper's main result ("Main result", "Main theorem"). */
const MAIN_TITLE = /\bmain\b/i;

/**
 * The paper's main statement, for the card's inline line and the library row: a statement
 * titled or named as the main result ("Theorem 1 (Main result)", "Main Theorem"), else the
 * first Theorem. Null when there is none (lemmas alone are not a main result).
 */
export function mainStatement(list: readonly Statement[] | undefined | null): Statement | null {
  if (!list || list.length === 0) return null;
  const titled = list.find((s) => (s.title !== null && MAIN_TITLE.test(s.title)) || /^main\b/i.test(s.name));
  if (titled) return titled;
  return list.find((s) => s.name.toLowerCase() === 'theorem') ?? null;
}

/** "Theorem 2.1", or the name alone when unnumbered. */
export function statementLabel(s: Statement): string {
  return s.number === '' ? s.name : `${s.name} ${s.number}`;
}

/** Groups by printed name (case-insensitive), in order of first appearance in the paper. */
export function groupStatements(list: readonly Statement[]): { name: string; items: Statement[] }[] {
  const groups = new Map<string, { name: string; items: Statement[] }>();
  for (const s of list) {
    const key = s.name.toLowerCase();
    let g = groups.get(key);
    if (!g) {
      g = { name: s.name, items: [] };
      groups.set(key, g);
    }
    g.items.push(s);
  }
  return [...groups.values()];
}

/** English plural of a printed name's head word, keeping its case ("Lemma" -> "Lemmas"). */
function pluralOf(name: string): string {
  const m = /^(.*?)(\p{L}+)$/u.exec(name);
  if (!m) return name;
  const [, head = '', w = ''] = m;
  const lower = w.toLowerCase();
  let plural: string;
  if (lower === 'criterion') plural = `${w.slice(0, -2)}a`;
  else if (/[^aeiou]y$/.test(lower)) plural = `${w.slice(0, -1)}ies`;
  else if (/sis$/.test(lower)) plural = `${w.slice(0, -2)}es`;
  else if (/(?:s|x|z|ch|sh)$/.test(lower)) plural = `${w}es`;
  else plural = `${w}s`;
  return head + plural;
}

/** "2 Theorems · 3 Lemmas · 1 Definition", groups in paper order. */
export function statementsSummary(list: readonly Statement[]): string {
  return groupStatements(list)
    .map((g) => `${g.items.length} ${g.items.length === 1 ? g.name : pluralOf(g.name)}`)
    .join(' \u00b7 ');
}

/**
 * Where a statement lives: `https://arxiv.org/html/<id>v<N>#<anchor>` (the latest version
 * when N is unknown), or the paper's HTML page when the statement has no anchor.
 */
export function statementUrl(id: string, version: number | null, anchor: string | null): string {
  const page = `https://arxiv.org/html/${id}${version === null ? '' : `v${version}`}`;
  return anchor ? `${page}#${encodeURIComponent(anchor)}` : page;
}

/** Words of the statements for the library search: names, numbers, titles, text (bounded). */
export function statementsSearchText(list: readonly Statement[] | null | undefined, max = 16_000): string {
  if (!list) return '';
  return list
    .map((s) => `${statementLabel(s)} ${s.title ?? ''} ${s.text}`)
    .join(' ')
    .slice(0, max);
}
