import { describe, expect, it } from 'vitest';
import { findCodeLinks } from '../../utils/code-links';
import { loadRelevanceCorpus } from '../helpers/relevance-corpus';

describe('findCodeLinks', () => {
  it('normalises, strips trailing punctuation, deduplicates, keeps only the three hosts', () => {
    const links = findCodeLinks(
      'Code: https://github.com/Owner/Repo. Also (see github.com/owner/repo/) and http://www.github.com/a/b.git;',
      'Models at huggingface.co/meta-llama/Llama-3-8B, data at https://huggingface.co/datasets/org/set?x=1#y, ' +
        'GitLab https://gitlab.com/group/sub/proj). Not code: https://huggingface.co/papers/2106.09685, https://github.com/features, ' +
        'https://bitbucket.org/a/b, https://github.com/onlyowner',
    );
    expect(links.map((l) => l.url)).toEqual([
      'https://github.com/Owner/Repo',
      'https://github.com/a/b',
      'https://huggingface.co/meta-llama/Llama-3-8B',
      'https://huggingface.co/datasets/org/set',
      'https://gitlab.com/group/sub/proj',
    ]);
    expect(links[0]).toMatchObject({ host: 'github', label: 'github.com/Owner/Repo' });
    expect(findCodeLinks(null, undefined, '')).toEqual([]);
  });

  it('finds the links real arXiv comments and abstracts carry', () => {
    const papers = loadRelevanceCorpus();
    const found = papers.flatMap((p) => findCodeLinks(p.comments, p.abstract));
    expect(found.length).toBeGreaterThan(0);
    for (const l of found) expect(l.url).toMatch(/^https:\/\/(github\.com|gitlab\.com|huggingface\.co)\/[^\s]+[^.,;)]$/);
  });
});
