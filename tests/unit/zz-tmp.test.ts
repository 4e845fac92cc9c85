import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'vitest';
import { extractTagline } from '../../utils/tagline';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';
it('dump', () => {
  const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const search = new DOMParser().parseFromString(readFileSync(resolve(arxivFixturesDir(), 'search-results-abstract-distributed-systems-2025-12.html'), 'utf8'), 'text/html');
  const out: string[] = [];
  for (const li of Array.from(search.querySelectorAll('li.arxiv-result'))) {
    const full = li.querySelector('span.abstract-full'); full?.querySelector('a')?.remove();
    const t = extractTagline({ title: text(li.querySelector('p.title')), abstract: text(full) });
    out.push(`${text(li.querySelector('p.list-title a'))}\t${t.headline}\t${t.qualifier ?? '-'}`);
  }
  require('node:fs').writeFileSync(process.env.OUT ?? '/tmp/search-tags.txt', out.join('\n') + '\n');
});
