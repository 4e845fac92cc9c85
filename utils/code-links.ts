/**
 * Code links (issue 12): GitHub, GitLab and Hugging Face links found in a paper's comments or
 * abstract, as https URLs, normalised and deduplicated. Only these hosts; nothing is fetched
 * (PapersWithCode closed in July 2025 and is not called). Pure.
 */

export type CodeHost = 'github' | 'gitlab' | 'huggingface';

export interface CodeLink {
  host: CodeHost;
  /** https URL without query, fragment, ".git" or trailing slash. */
  url: string;
  /** Short form for the card: "github.com/owner/repo". */
  label: string;
}

const HOSTS: Readonly<Record<string, CodeHost>> = { 'github.com': 'github', 'gitlab.com': 'gitlab', 'huggingface.co': 'huggingface', 'hf.co': 'huggingface' };
const LINK_RE = /(?:https?:\/\/)?(?:www\.)?(github\.com|gitlab\.com|huggingface\.co|hf\.co)\/[^\s<>"'`{}|\\^]+/gi;
/** First path segments that are site pages, not an owner. */
const NOT_OWNER: Readonly<Record<CodeHost, ReadonlySet<string>>> = {
  github: new Set(['features', 'about', 'pricing', 'login', 'join', 'marketplace', 'explore', 'topics', 'sponsors', 'orgs', 'settings', 'search', 'collections', 'trending']),
  gitlab: new Set(['explore', 'users', 'help', 'search', 'dashboard']),
  huggingface: new Set(['papers', 'docs', 'blog', 'login', 'join', 'pricing', 'learn', 'posts', 'search', 'tasks']),
};
const MAX_TEXT = 20_000;
const MAX_LINKS = 10;

const count = (s: string, ch: string): number => s.split(ch).length - 1;

/** Sentence punctuation after a link is not part of it; nor is a bracket the link did not open. */
function trimTrailing(path: string): string {
  let p = path;
  for (;;) {
    const before = p;
    p = p.replace(/[.,;:!?'"*~]+$/, '');
    if (p.endsWith(')') && count(p, '(') < count(p, ')')) p = p.slice(0, -1);
    if (p.endsWith(']') && count(p, '[') < count(p, ']')) p = p.slice(0, -1);
    if (p === before) return p;
  }
}

/** Links in the texts, in order of first appearance, at most 10. */
export function findCodeLinks(...texts: readonly (string | null | undefined)[]): CodeLink[] {
  const out: CodeLink[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    if (typeof text !== 'string' || text === '') continue;
    for (const m of text.slice(0, MAX_TEXT).matchAll(LINK_RE)) {
      const hostName = (m[1] as string).toLowerCase();
      const host = HOSTS[hostName] as CodeHost;
      let path = trimTrailing(m[0].slice(m[0].toLowerCase().indexOf(hostName) + hostName.length + 1));
      path = path.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.git$/i, '');
      const parts = path.split('/').filter((p) => p !== '');
      const first = (parts[0] ?? '').toLowerCase();
      if (parts.length === 0 || NOT_OWNER[host].has(first)) continue;
      // A repository needs owner/name; Hugging Face also has models at owner/name and
      // datasets/spaces one level down.
      const minParts = host === 'huggingface' && (first === 'datasets' || first === 'spaces') ? 3 : 2;
      if (parts.length < minParts) continue;
      const canonicalHost = host === 'huggingface' ? 'huggingface.co' : hostName;
      const url = `https://${canonicalHost}/${parts.join('/')}`;
      const key = host === 'github' ? url.toLowerCase() : url; // GitHub paths are case-insensitive
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ host, url, label: `${canonicalHost}/${parts.slice(0, minParts).join('/')}` });
      if (out.length >= MAX_LINKS) return out;
    }
  }
  return out;
}
