import { describe, expect, it } from 'vitest';
import { bibtexKey, escapeBibtex, hasPublishedVersion, paperYear, toBibtex, toKeyPart } from '../../utils/bibtex';
import { parseAtomFeed } from '../../utils/arxiv-api';
import { readArxivFixture } from '../helpers/shared-data.mjs';
import type { SavedPaper } from '../../utils/saved-paper';
import type { PaperMeta } from '../../utils/paper';

function paper(over: Partial<PaperMeta> = {}): PaperMeta {
  return {
    // Metadata of the real abs page in ../shared/fixtures/arxiv/abs-2609.22268-2026-09.html
    id: '2609.22268',
    version: 1,
    title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
    authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
    abstract: null,
    comments: null,
    journalRef: null,
    doi: null,
    primaryCategory: 'cond-mat.mtrl-sci',
    categories: ['cond-mat.mtrl-sci', 'physics.comp-ph'],
    published: '2026-09-09',
    updated: null,
    hasHtml: true,
    ...over,
  };
}

describe('toBibtex', () => {
  it("writes arXiv's own @misc layout, byte for byte", () => {
    expect(toBibtex([paper()])).toBe(
      '@misc{andrieux2026efficient,\n' +
        '      title={Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains}, \n' +
        '      author={Théo Andrieux and Andreas Ntinos and Manas V. Upadhyay},\n' +
        '      year={2026},\n' +
        '      eprint={2609.22268},\n' +
        '      archivePrefix={arXiv},\n' +
        '      primaryClass={cond-mat.mtrl-sci},\n' +
        '      url={https://arxiv.org/abs/2609.22268}, \n' +
        '}\n',
    );
  });

  it('handles old-style ids (eprint, url, year and primaryClass from the id)', () => {
    const out = toBibtex([
      paper({
        id: 'math/0601001',
        title: 'On the theory of things',
        authors: ['Robin de Jong'],
        primaryCategory: null,
        categories: [],
        published: null,
      }),
    ]);
    expect(out).toContain('@misc{jong2006theory,');
    expect(out).toContain('      eprint={math/0601001},\n');
    expect(out).toContain('      primaryClass={math},\n');
    expect(out).toContain('      year={2006},\n');
    expect(out).toContain('      url={https://arxiv.org/abs/math/0601001}, \n');
  });

  it('adds doi and journal reference (as note) when present', () => {
    const out = toBibtex([paper({ doi: '10.1016/j.addma.2022.102643', journalRef: 'Additive Manufacturing 52 (2022) 102643' })]);
    expect(out).toContain('      doi={10.1016/j.addma.2022.102643},\n');
    expect(out).toContain('      note={Additive Manufacturing 52 (2022) 102643},\n');
    // url stays the last field, as arXiv writes it
    expect(out.trimEnd().split('\n').slice(-2)).toEqual(['      url={https://arxiv.org/abs/2609.22268}, ', '}']);
  });

  it('makes keys unique within one export and accepts saved papers', () => {
    const a = paper();
    const saved: SavedPaper = {
      ...paper({ id: '2609.22269' }),
      tagline: { headline: 'h', qualifier: null },
      theorems: null,
      figureCount: null,
      firstFigure: null,
      statements: null,
      savedAt: 1,
    };
    const c = paper({ id: '2609.22270' });
    const keys = [...toBibtex([a, saved, c]).matchAll(/^@misc\{([^,]+),$/gm)].map((m) => m[1]);
    expect(keys).toEqual(['andrieux2026efficient', 'andrieux2026efficient2', 'andrieux2026efficient3']);
    expect(toBibtex([])).toBe('');
  });

  it('separates entries with a blank line and ends with a newline', () => {
    const out = toBibtex([paper(), paper({ id: '2609.00001', authors: ['Z Z'] })]);
    expect(out.split('\n\n')).toHaveLength(2);
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('braces a corporate author containing "and" so BibTeX does not split it', () => {
    const out = toBibtex([paper({ authors: ['Science and Technology Collaboration', 'A. B'] })]);
    expect(out).toContain('author={{Science and Technology Collaboration} and A. B},');
  });
});

describe('escaping', () => {
  it('escapes LaTeX specials outside math', () => {
    expect(escapeBibtex('Q&A: 50% of #1 in snake_case')).toBe('Q\\&A: 50\\% of \\#1 in snake\\_case');
    expect(escapeBibtex('Sets {x : x > 0} are fine')).toBe('Sets \\{x : x > 0\\} are fine');
    expect(escapeBibtex('x^2 outside math')).toBe('x\\^{}2 outside math');
  });

  it('keeps math verbatim, including _ ^ { } inside it', () => {
    expect(escapeBibtex('Bounds for $\\mathcal{O}(n^{1/2}_k)$ and $$\\sum_i x_i$$ sums')).toBe(
      'Bounds for $\\mathcal{O}(n^{1/2}_k)$ and $$\\sum_i x_i$$ sums',
    );
    expect(escapeBibtex('Mixed $a_1$ & b_1')).toBe('Mixed $a_1$ \\& b\\_1');
    expect(escapeBibtex('An escaped \\$ inside $x = \\$5$')).toBe('An escaped \\$ inside $x = \\$5$');
  });

  it('escapes a lone dollar as a currency sign', () => {
    expect(escapeBibtex('Costs under 5$ only')).toBe('Costs under 5\\$ only');
  });

  it('keeps TeX commands and accents already in arXiv metadata, not double-escaping', () => {
    expect(escapeBibtex('Erd\\H{o}s and Schr\\"odinger')).toBe('Erd\\H{o}s and Schr\\"odinger');
    expect(escapeBibtex('\\emph{Fast} 100\\% solvers & more')).toBe('\\emph{Fast} 100\\% solvers \\& more');
    expect(escapeBibtex("Poincar\\'e")).toBe("Poincar\\'e");
  });

  it('keeps UTF-8 accents and other scripts as they are', () => {
    expect(escapeBibtex('Łojasiewicz inequality für Dokmanić — 深度学习')).toBe('Łojasiewicz inequality für Dokmanić — 深度学习');
  });

  it('collapses line breaks and runs of spaces', () => {
    expect(escapeBibtex('  A title\n  on two   lines ')).toBe('A title on two lines');
  });

  it('keeps the field brace-balanced when a title has a lone brace', () => {
    const out = escapeBibtex('An open { brace');
    expect(out).toBe('An open \\textbraceleft{} brace');
    let depth = 0;
    for (const c of out) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    expect(depth).toBe(0);
  });
});

describe('keys', () => {
  it('folds to lowercase ASCII', () => {
    expect(toKeyPart('Dokmanić')).toBe('dokmanic');
    expect(toKeyPart('Łojasiewicz')).toBe('lojasiewicz');
    expect(toKeyPart('Groß-Ørsted')).toBe('grossorsted');
  });

  it('uses last name + year + first significant title word', () => {
    expect(bibtexKey(paper({ title: 'The $L^2$ theory of a flow', authors: ['Raphaël Barboni', 'X'] }))).toBe(
      'barboni2026theory',
    );
    expect(bibtexKey(paper({ authors: ['Martin Luther King Jr.'], title: 'A dream' }))).toBe('king2026dream');
    expect(bibtexKey(paper({ authors: ['王小明'], title: '深度学习' }))).toBe('2026');
    expect(bibtexKey(paper({ authors: [], title: '', published: null, id: 'hep-th/9901001' }))).toBe('1999');
  });

  it('derives the year from dates, then the id', () => {
    expect(paperYear({ id: '2609.22268', published: '2025-12-31', updated: '2026-01-02' })).toBe('2025');
    expect(paperYear({ id: '2609.22268', published: null, updated: '2026-01-02' })).toBe('2026');
    expect(paperYear({ id: '0704.0001', published: null, updated: null })).toBe('2007');
    expect(paperYear({ id: 'hep-th/9901001', published: null, updated: null })).toBe('1999');
    expect(paperYear({ id: 'weird', published: null, updated: null })).toBeNull();
  });
});

describe('published version (bibtexPublished)', () => {
  // Real API records: 1601.00001 (J. Chem. Phys.) and 1207.7214 (Phys. Lett. B).
  function apiPaper(fixture: string, id: string): PaperMeta {
    const feed = parseAtomFeed(readArxivFixture(fixture));
    if (!feed.ok) throw new Error(feed.error.message);
    const p = feed.entries.find((e) => e.id === id);
    if (!p) throw new Error(`${id} not in ${fixture}`);
    return p;
  }

  it('writes @article with journal and doi from the API record, arXiv fields kept', () => {
    const p = apiPaper('api-query-idlist-1entry-2020.xml', '1601.00001');
    const out = toBibtex([p], { published: true });
    const lines = out.split('\n');
    expect(lines[0]).toBe('@article{kilgour2015inelastic,'); // first version: 2015-12-31
    expect(lines).toContain('      journal={J. Chem. Phys. 144, 124107 (2016)},');
    expect(lines).toContain('      doi={10.1063/1.4944470},');
    expect(lines).toContain('      eprint={1601.00001},');
    expect(lines).toContain('      archivePrefix={arXiv},');
    expect(out).not.toContain('note=');
    expect(lines.at(-2)).toBe('}');
  });

  it("stays arXiv's @misc by default and for papers without a published version", () => {
    const p = apiPaper('api-query-idlist-1207.7214-newformat-2026-05.xml', '1207.7214');
    const misc = toBibtex([p]);
    expect(misc).toMatch(/^@misc\{/);
    expect(misc).toContain('      note={Phys.Lett. B716 (2012) 1-29},');
    expect(misc).toContain('      doi={10.1016/j.physletb.2012.08.020},');
    expect(toBibtex([p], { published: true })).toMatch(/^@article\{[^\n]*\n[\s\S]*journal=\{Phys.Lett. B716 \(2012\) 1-29\}/);
    // No journal reference, and only arXiv's own DataCite DOI: the preprint, so @misc.
    const preprint = paper({ doi: '10.48550/arXiv.2609.22268' });
    expect(hasPublishedVersion(preprint)).toBe(false);
    expect(toBibtex([preprint], { published: true })).toBe(toBibtex([preprint]));
    expect(toBibtex([paper()], { published: true })).toBe(toBibtex([paper()]));
  });

  it('a publisher DOI alone makes @article with doi and no journal; the journal ref is escaped', () => {
    const doiOnly = toBibtex([paper({ doi: '10.1103/PhysRevD.99.104012' })], { published: true });
    expect(doiOnly).toMatch(/^@article\{/);
    expect(doiOnly).not.toContain('journal=');
    const amp = toBibtex([paper({ journalRef: 'Proc. A & B 12_3 (2026)' })], { published: true });
    expect(amp).toContain('      journal={Proc. A \\& B 12\\_3 (2026)},');
  });
});
