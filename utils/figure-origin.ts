/**
 * Which figure sources a card may load: only the paper's own files under
 * `https://arxiv.org/html/<id>v<N>/…`, judged after resolution (utils/fulltext.ts resolves
 * against the served URL and `<base>` first). A LaTeXML page is the author's text: an
 * `<img src="https://evil.example/x.png">` (or `//evil.example/y.png`) in it would make
 * arXiv's listing page tell a third party who reads what, so anything else is no figure.
 */

/** `/html/<id>` with an optional `v<N>`: new-style ids and old-style `archive(.XX)/NNNNNNN`. */
const PAPER_PAGE = /^\/html\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?(?:\/|$)/;

/**
 * A filter for figure sources of the page served at `pageUrl`: the source itself when it is
 * one of that paper's own files (the page's version, or any version when the page URL names
 * none), else null. A page URL that is not an arxiv.org/html paper page accepts nothing.
 */
export function ownFigureFilter(pageUrl: string): (src: string | null) => string | null {
  let match: RegExpExecArray | null = null;
  try {
    const page = new URL(pageUrl);
    if (page.protocol === 'https:' && page.host === 'arxiv.org') match = PAPER_PAGE.exec(page.pathname);
  } catch {
    match = null;
  }
  if (!match) return () => null;
  const [, id, version] = match;
  const prefix = `/html/${id}v`;
  return (src) => {
    if (src === null) return null;
    let url: URL;
    try {
      url = new URL(src);
    } catch {
      return null;
    }
    // `host` also rules out user-info and ports ("https://arxiv.org@evil.example/…").
    if (url.protocol !== 'https:' || url.host !== 'arxiv.org' || url.username !== '' || url.password !== '') return null;
    if (!url.pathname.startsWith(prefix)) return null;
    const rest = url.pathname.slice(prefix.length);
    const slash = rest.indexOf('/');
    const fileVersion = slash > 0 ? rest.slice(0, slash) : '';
    if (!/^\d+$/.test(fileVersion) || (version !== undefined && fileVersion !== version)) return null;
    // Something after the version directory, which is not the page itself.
    return rest.length > slash + 1 ? url.href : null;
  };
}
