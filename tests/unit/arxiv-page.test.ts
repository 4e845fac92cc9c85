import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SELECTORS,
  detectPageKind,
  parseAbsPage,
  iterateListing,
  iterateSearchResults,
  toPaperMeta,
  type ListingEntry,
} from '../../utils/arxiv-page';
// @ts-expect-error plain ESM JS helper without type declarations
import { makeLongListing } from '../bench/make-long-listing.mjs';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

/** Every entry, through the generator production reads the page with. */
const listingEntries = (doc: Document) => [...iterateListing(doc)];
const searchEntries = (doc: Document) => [...iterateSearchResults(doc)];

const FIXTURES = arxivFixturesDir();
const RECENT = 'list-recent-csCL-2026-07-27.html';
const NEW = 'list-new-cond-mat.mtrl-sci-2026-09-22-excerpt.html';
const SEARCH = 'search-results-abstract-distributed-systems-2025-12.html';

beforeAll(() => {
  // Fixtures link arXiv's CSS/JS; happy-dom must not try (and log failures) to fetch them.
  const hd = (window as unknown as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } })
    .happyDOM;
  if (hd) hd.settings.handleDisabledFileLoadingAsSuccess = true;
});

function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const docCache = new Map<string, Document>();
function load(name: string): Document {
  let doc = docCache.get(name);
  if (!doc) {
    doc = parseHtml(readFileSync(join(FIXTURES, name), 'utf8'));
    docCache.set(name, doc);
  }
  return doc;
}

function byId(entries: ListingEntry[], id: string): ListingEntry {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
}

/** A minimal 2024+ listing page around the given dl contents (same markup as the captures). */
function listingPage(dlInner: string): string {
  return `<!DOCTYPE html><html><body><div id='dlpage'><h1>Test</h1>
<dl id='articles'>
<h3>Mon, 27 Jul 2026 (showing 1 of 1 entries )</h3>
${dlInner}
</dl></div></body></html>`;
}

function entryHtml(opts: { id?: string; title: string; idAttr?: boolean; abstract?: string }): string {
  const id = opts.id ?? '2607.22529';
  const idAttr = opts.idAttr === false ? '' : ` id="${id}"`;
  return `<dt>
  <a name='item1'>[1]</a>
  <a href ="/abs/${id}" title="Abstract"${idAttr}>arXiv:${id}</a>
  [<a href="/pdf/${id}" title="Download PDF" id="pdf-${id}">pdf</a>]
</dt>
<dd><div class='meta'>
  <div class='list-title mathjax'><span class='descriptor'>Title:</span>
    ${opts.title}
  </div>
  <div class='list-authors'><a href="https://arxiv.org/search/cs?searchtype=author&amp;query=A">Ann Author</a>, <a href="#">Bo B&#246;rje</a></div>
  <div class='list-subjects'><span class='descriptor'>Subjects:</span>
    <span class="primary-subject">Computation and Language (cs.CL)</span>; Artificial Intelligence (cs.AI)
  </div>
  ${opts.abstract === undefined ? '' : `<p class='mathjax'>${opts.abstract}</p>`}
</div></dd>`;
}

// ---------------------------------------------------------------------------------------------

const NOT_IN_CAPTURES = new Set(['abs.journalRef', 'abs.doi']);

describe('SELECTORS: expected counts on the real captures', () => {
  // Counts cross-checked with grep on the raw files (e.g. 41 `title="View HTML"` in /recent,
  // 255 author links, 133 descriptors; 1008 author links and 144 grey tags in search).
  const expected: Record<string, { [G in keyof typeof SELECTORS]?: Partial<Record<keyof (typeof SELECTORS)[G], number>> }> = {
    [RECENT]: {
      listing: {
        page: 1, articles: 2, articlesHeading: 2, pageHeading: 0, absLink: 50, htmlLink: 41, title: 50,
        authors: 50, authorLink: 255, comments: 30, journalRef: 3, subjects: 50, primarySubject: 50,
        abstract: 0, descriptor: 133,
      },
      search: { result: 0 },
      abs: { root: 0 },
    },
    [NEW]: {
      listing: {
        page: 1, articles: 3, articlesHeading: 3, pageHeading: 1, absLink: 12, htmlLink: 11, title: 12,
        authors: 12, authorLink: 67, comments: 7, journalRef: 1, subjects: 12, primarySubject: 12,
        abstract: 12, descriptor: 32,
      },
      search: { result: 0 },
      abs: { root: 0 },
    },
    [SEARCH]: {
      search: {
        result: 200, absLink: 200, title: 200, authorLink: 1008, categoryTag: 344,
        primaryCategoryTag: 200, abstractFull: 200, abstractShort: 200, dateLine: 200, labelledLine: 141,
        label: 760,
      },
      listing: { articles: 0, title: 0, abstract: 0, absLink: 0 },
      abs: { root: 0 },
    },
    'abs-2609.22268-2026-09.html': {
      abs: {
        root: 1, title: 1, authorLink: 3, abstract: 1, dateline: 1, comments: 1, journalRef: 0, doi: 0,
        subjects: 1, primarySubject: 1, versionedId: 1, citeAs: 1, citationId: 1, submissionHistory: 1,
        fullText: 1, htmlLink: 1, descriptor: 4,
      },
      listing: { articles: 0 },
      search: { result: 0 },
    },
    'abs-2508.16190-2026.html': {
      abs: {
        root: 1, title: 1, authorLink: 3, abstract: 1, dateline: 1, comments: 0, journalRef: 0, doi: 0,
        subjects: 1, primarySubject: 1, versionedId: 1, citeAs: 1, citationId: 1, submissionHistory: 1,
        fullText: 1, htmlLink: 1, descriptor: 4,
      },
    },
    'abs-2106.09608-2021.html': {
      abs: {
        root: 1, title: 1, authorLink: 2, abstract: 1, dateline: 1, comments: 1, journalRef: 0, doi: 0,
        subjects: 1, primarySubject: 1, versionedId: 1, citeAs: 1, citationId: 1, submissionHistory: 1,
        fullText: 1, htmlLink: 0, descriptor: 4,
      },
    },
    'abs-0906.2112v3-arxiv-browse-render-2024-02.html': {
      abs: {
        root: 1, title: 1, authorLink: 1, abstract: 1, dateline: 1, comments: 1, journalRef: 0, doi: 0,
        subjects: 1, primarySubject: 1, versionedId: 1, citeAs: 1, citationId: 1, submissionHistory: 1,
        fullText: 1, htmlLink: 1, descriptor: 4,
      },
    },
  };

  it('every selector has an expected count on at least one capture where it matches', () => {
    for (const [group, sels] of Object.entries(SELECTORS)) {
      for (const key of Object.keys(sels)) {
        const counted = Object.values(expected).some((byGroup) => {
          const n = (byGroup as Record<string, Record<string, number> | undefined>)[group]?.[key];
          return n !== undefined && n > 0;
        });
        // Not present in any capture: abs.journalRef/abs.doi rows exist only on published papers (class names from
        // arXiv/arxiv-browse's abs macros) and are exercised by the abs test below.
        if (NOT_IN_CAPTURES.has(`${group}.${key}`)) continue;
        expect(counted, `${group}.${key} has a positive expected count`).toBe(true);
      }
    }
  });

  for (const [file, groups] of Object.entries(expected)) {
    it(`counts in ${file}`, () => {
      const doc = load(file);
      for (const [group, counts] of Object.entries(groups)) {
        for (const [key, n] of Object.entries(counts as Record<string, number>)) {
          const sel = (SELECTORS as Record<string, Record<string, string>>)[group]?.[key];
          expect(sel, `${group}.${key} exists`).toBeTypeOf('string');
          expect(doc.querySelectorAll(sel as string).length, `${group}.${key} = ${sel}`).toBe(n);
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('detectPageKind', () => {
  it('recognises every capture by its DOM', () => {
    expect(detectPageKind(load(RECENT))).toBe('listing');
    expect(detectPageKind(load(NEW))).toBe('listing');
    expect(detectPageKind(load(SEARCH))).toBe('search');
    for (const f of readdirSync(FIXTURES).filter((n) => n.startsWith('abs-'))) {
      expect(detectPageKind(load(f)), f).toBe('abs');
    }
    expect(detectPageKind(load('html-latexml-raw-astroML-paper-2023-02.html'))).toBe('unknown');
  });

  it('falls back to the URL for pages without entries', () => {
    const empty = parseHtml('<html><body><p>No updates today.</p></body></html>');
    expect(detectPageKind(empty)).toBe('unknown');
    expect(detectPageKind(empty, new URL('https://arxiv.org/list/math.OC/new'))).toBe('listing');
    expect(detectPageKind(empty, new URL('https://arxiv.org/list/cs.LG/2026-05'))).toBe('listing');
    expect(detectPageKind(empty, new URL('https://arxiv.org/catchup/cs.CL/2026-07-20'))).toBe('listing');
    expect(detectPageKind(empty, new URL('https://arxiv.org/search/?query=x&searchtype=all'))).toBe('search');
    expect(detectPageKind(empty, new URL('https://arxiv.org/search/advanced'))).toBe('unknown');
    expect(detectPageKind(empty, new URL('https://arxiv.org/abs/2607.22529'))).toBe('abs');
    expect(detectPageKind(empty, new URL('https://arxiv.org/help/api'))).toBe('unknown');
  });
});

// ---------------------------------------------------------------------------------------------

describe('iterateListing: /recent capture (cs.CL, 27 Jul 2026)', () => {
  const entries = (): ListingEntry[] => listingEntries(load(RECENT));

  it('finds all 50 entries across both day blocks, in page order, with unique ids', () => {
    const e = entries();
    expect(e).toHaveLength(50);
    expect(new Set(e.map((x) => x.id)).size).toBe(50);
    expect(e[0]?.id).toBe('2607.22529');
    expect(e.filter((x) => x.dayHeading === 'Mon, 27 Jul 2026')).toHaveLength(47);
    expect(e.filter((x) => x.dayHeading === 'Fri, 24 Jul 2026')).toHaveLength(3);
    expect(e.slice(0, 47).every((x) => x.date === '2026-07-27')).toBe(true);
    expect(e.slice(47).every((x) => x.date === '2026-07-24')).toBe(true);
  });

  it('reads the first entry field by field', () => {
    const first = byId(entries(), '2607.22529');
    expect(first.title).toBe('Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills');
    expect(first.authors).toHaveLength(13);
    expect(first.authors[0]).toBe('Siyuan Huang');
    expect(first.authors[12]).toBe('Guanjun Jiang');
    expect(first.primaryCategory).toBe('cs.CL');
    expect(first.categories).toEqual(['cs.CL']);
    expect(first.section).toBe('new');
    // No html link on this row: no HTML version and no version shown.
    expect(first.hasHtml).toBe(false);
    expect(first.htmlUrl).toBeNull();
    expect(first.version).toBeNull();
    expect(first.abstract).toBeNull();
    expect(first.comments).toBeNull();
    expect(first.journalRef).toBeNull();
    expect(first.anchors.map((a) => a.tagName)).toEqual(['DT', 'DD']);
    expect(first.anchors[0]?.querySelector('a[title="Abstract"]')?.id).toBe('2607.22529');
  });

  it('reads comments and journal ref without their descriptors', () => {
    const e = byId(entries(), '2607.22041');
    expect(e.title).toBe(
      'Developing and Validating the Spanish Version of the Large Language Models Dependency Scale (LLM-D12-SP)',
    );
    expect(e.comments).toBe('32 pages');
    expect(e.journalRef).toBe('Discover Psychology 2026');
    expect(e.categories).toEqual(['cs.CL', 'cs.CY']);
    expect(e.authors).toEqual([
      'Tran Gia Bao', 'Mo El-Haj', 'Sameha Al-Shakhsi', 'Antonio Garcia-Cabot', 'Raian Ali', 'Ala Yankouskaya',
    ]);
    expect(entries().filter((x) => x.journalRef !== null)).toHaveLength(3);
    expect(entries().filter((x) => x.comments !== null)).toHaveLength(30);
  });

  it('marks cross-lists with their own primary category first', () => {
    const e = byId(entries(), '2607.22513');
    expect(e.section).toBe('cross');
    expect(e.primaryCategory).toBe('cs.CY');
    expect(e.categories).toEqual(['cs.CY', 'cs.AI', 'cs.CL']);
    expect(e.comments).toBe('16 pages, 2 tables');
    expect(entries().filter((x) => x.section === 'cross')).toHaveLength(18);
    expect(entries().filter((x) => x.section === 'replacement')).toHaveLength(0);
  });

  it('takes the version and URL from the html link', () => {
    const e = byId(entries(), '2607.21619');
    expect(e.hasHtml).toBe(true);
    expect(e.htmlUrl).toBe('https://arxiv.org/html/2607.21619v1');
    expect(e.version).toBe(1);
    expect(entries().filter((x) => x.hasHtml)).toHaveLength(41);
  });

  it('never leaks descriptors, markup or unnormalised whitespace', () => {
    for (const e of entries()) {
      for (const text of [e.title, e.comments ?? '', e.journalRef ?? '', ...e.authors]) {
        expect(text).not.toMatch(/^(Title|Authors|Comments|Journal-ref|Subjects):/);
        expect(text).not.toMatch(/\s{2,}|^\s|\s$|[<>]/);
      }
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.authors.length).toBeGreaterThan(0);
      expect(e.categories[0]).toBe(e.primaryCategory);
    }
  });
});

describe('iterateListing: /new excerpt (cond-mat.mtrl-sci, 22 Sep 2026)', () => {
  const entries = (): ListingEntry[] => listingEntries(load(NEW));
  const ids = [
    '2609.22268', '2609.22287', '2609.22341', '2609.22366', '2609.22376', '2609.22440',
    '2609.22118', '2609.22210', '2609.22233', '2411.19270', '2510.01881', '2512.10786',
  ];

  it('finds the 12 entries of SOURCES.md in order, in three sections', () => {
    const e = entries();
    expect(e.map((x) => x.id)).toEqual(ids);
    expect(e.map((x) => x.section)).toEqual([
      'new', 'new', 'new', 'new', 'new', 'new', 'cross', 'cross', 'cross',
      'replacement', 'replacement', 'replacement',
    ]);
  });

  it('derives the day from "Showing new listings for Tuesday, 22 September 2026"', () => {
    for (const e of entries()) {
      expect(e.dayHeading).toBe('Showing new listings for Tuesday, 22 September 2026');
      expect(e.date).toBe('2026-09-22');
    }
  });

  it('has an abstract on every /new entry', () => {
    for (const e of entries()) {
      expect(e.abstract, e.id).not.toBeNull();
      expect((e.abstract ?? '').length, e.id).toBeGreaterThan(200);
    }
    expect(byId(entries(), '2609.22268').abstract).toMatch(
      /^Accurately modelling the temporal evolution of heterogeneous temperature fields requires/,
    );
  });

  it('hasHtml is false only for 2609.22366', () => {
    const noHtml = entries().filter((x) => x.hasHtml === false).map((x) => x.id);
    expect(noHtml).toEqual(['2609.22366']);
    expect(entries().every((x) => x.hasHtml !== null)).toBe(true);
  });

  it('reads the first new submission', () => {
    const e = byId(entries(), '2609.22268');
    expect(e.title).toBe('Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains');
    expect(e.authors).toEqual(['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay']);
    expect(e.comments).toBe('preprint, 30 pages, 1 algorithm, 1 link to source code, 15 figures, 3 tables');
    expect(e.primaryCategory).toBe('cond-mat.mtrl-sci');
    expect(e.categories).toEqual(['cond-mat.mtrl-sci']);
    expect(e.version).toBe(1);
    expect(e.htmlUrl).toBe('https://arxiv.org/html/2609.22268v1');
  });

  it('reads cross-lists from other archives', () => {
    expect(byId(entries(), '2609.22118').categories).toEqual(['physics.ins-det', 'cond-mat.mtrl-sci']);
    expect(byId(entries(), '2609.22210').primaryCategory).toBe('cs.CL');
    expect(byId(entries(), '2609.22233').primaryCategory).toBe('cs.LG');
  });

  it('reads replacements: versions, journal ref (only 2411.19270), comments', () => {
    const e = byId(entries(), '2411.19270');
    expect(e.version).toBe(2);
    expect(e.title).toBe("Kirchhoff's analogy for a planar deformable ferromagnetic rod");
    expect(e.authors).toEqual(['G. R. Krishna Chand Avatar', 'Vivekanand Dabade']);
    expect(e.comments).toBe('Published in Journal of Applied Mechanics (ASME)');
    expect(e.journalRef).toBe('Journal of Applied Mechanics 92, no. 8 (2025): 081003');
    expect(e.categories).toEqual(['cond-mat.mtrl-sci', 'cond-mat.soft', 'math-ph', 'math.AP', 'math.DS']);
    expect(entries().filter((x) => x.journalRef !== null).map((x) => x.id)).toEqual(['2411.19270']);
    expect(byId(entries(), '2510.01881').version).toBe(4);
    const noComments = entries().filter((x) => x.comments === null).map((x) => x.id);
    expect(noComments).toEqual(['2609.22366', '2609.22376', '2609.22440', '2609.22210', '2512.10786']);
  });

  it('keeps TeX in titles and abstracts as text', () => {
    const e = byId(entries(), '2510.01881');
    expect(e.title).toBe(
      'Spin-phonon coupling and isotope-related pseudo-molecule vibrations in layered Cr$_2$Ge$_2$Te$_6$ ferromagnet',
    );
    expect(e.abstract).toContain('5A$_\\textrm{g}$ and 5E$_\\textrm{g}$');
  });

  it('item [69]: affiliations are not authors, escaped HTML stays literal text', () => {
    const e = byId(entries(), '2512.10786');
    expect(e.title).toBe('Towards ultra-scaled nanoelectronics using the zipper material system $Bi_2O_2Se/Bi_2SeO_5$');
    expect(e.authors[0]).toBe('Mohammad Rasool Davoudi');
    expect(e.authors).toHaveLength(22);
    expect(e.authors.some((a) => a.includes('Technical University'))).toBe(false);
    expect(e.abstract).toContain('Bi<sub>2</sub>O<sub>2</sub>Se');
    expect(e.abstract).toContain('semiconductor&ndash;insulator');
    expect(e.abstract).toContain('high-<i>&kappa;</i> oxide');
    // Parsing must not have turned the text into elements anywhere.
    expect(e.anchors[1]?.querySelector('sub')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('iterateSearchResults: 200-result capture', () => {
  const entries = (): ListingEntry[] => searchEntries(load(SEARCH));

  it('finds all 200 results with unique ids, each anchored by its li', () => {
    const e = entries();
    expect(e).toHaveLength(200);
    expect(new Set(e.map((x) => x.id)).size).toBe(200);
    for (const x of e) {
      expect(x.anchors).toHaveLength(1);
      expect(x.anchors[0]?.matches('li.arxiv-result')).toBe(true);
      expect(x.section).toBeNull();
      expect(x.dayHeading).toBeNull();
      expect(x.hasHtml).toBeNull();
      expect(x.htmlUrl).toBeNull();
      expect(x.date).toMatch(/^2025-1[12]-\d\d$/);
      expect(x.version).not.toBeNull();
      expect(x.abstract).not.toBeNull();
      expect(x.abstract).not.toMatch(/[△▽]|\bLess$|\bMore$/);
      expect(x.categories[0]).toBe(x.primaryCategory);
    }
  });

  it('reads the first result field by field, with the full abstract', () => {
    const e = entries()[0];
    expect(e?.id).toBe('2512.03003');
    expect(e?.version).toBe(1);
    expect(e?.title).toBe('The role of the top Yukawa coupling in triple Higgs production at the LHC');
    expect(e?.authors).toEqual(['Luca Panizzi']);
    expect(e?.primaryCategory).toBe('hep-ph');
    expect(e?.categories).toEqual(['hep-ph']);
    expect(e?.comments).toBe('6 pages, 4 figures, 1 table');
    expect(e?.journalRef).toBeNull();
    expect(e?.date).toBe('2025-12-02');
    expect(e?.abstract).toBe(
      'In this letter I quantify the effects of varying the top Yukawa coupling in the process of production of three Higgs bosons at the LHC. Modifications of the coupling within experimentally observed ranges have a sizeable impact on the total cross-section, but do not have large effects on the distributions of the invariant mass of the three-Higgs system and other global observables.',
    );
  });

  it('reads secondary categories, journal refs and later versions', () => {
    const chaos = byId(entries(), '2512.02934');
    expect(chaos.categories).toEqual(['quant-ph', 'cond-mat.stat-mech']);
    expect(chaos.authors).toEqual(['Yi-Cheng Wang', 'Ehud Altman', 'Samuel J. Garratt']);

    const physicaB = byId(entries(), '2512.02894');
    expect(physicaB.journalRef).toBe('Physica B: Condensed Matter, 417533 (2025)');
    expect(physicaB.comments).toBeNull();
    expect(physicaB.abstract).toMatch(/^This review discusses the multifaceted electronic properties of spinel oxides/);

    const v2 = byId(entries(), '2512.07321');
    expect(v2.version).toBe(2);
    expect(v2.date).toBe('2025-12-11');
    expect(v2.submitted).toBe('2025-12-11');
    expect(v2.firstSubmitted).toBe('2025-12-08');
    expect(v2.categories).toEqual(['cond-mat.dis-nn', 'cond-mat.soft']);

    expect(entries().filter((x) => x.journalRef !== null)).toHaveLength(7);
    expect(entries().filter((x) => x.comments !== null)).toHaveLength(112);
  });

  it('keeps a comment that is followed by ACM classes separate from them', () => {
    const e = byId(entries(), '2512.10701');
    expect(e.comments).toMatch(/^6 pages, 2 figures, 1 table\. Accepted at UCC '25 /);
    expect(e.comments).not.toContain('ACM Class');
  });

  it('toPaperMeta carries the submission dates of search results', () => {
    const meta = toPaperMeta(byId(entries(), '2512.07321'));
    expect(meta.published).toBe('2025-12-08');
    expect(meta.updated).toBe('2025-12-11');
    expect(meta.version).toBe(2);
    expect(meta.doi).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseAbsPage', () => {
  it('2026 layout with HTML link and MSC classes (2609.22268)', () => {
    const doc = load('abs-2609.22268-2026-09.html');
    const page = parseAbsPage(doc);
    expect(page).not.toBeNull();
    expect(page?.meta).toMatchObject({
      id: '2609.22268',
      version: 1,
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      comments: 'preprint, 30 pages, 1 algorithm, 1 link to source code, 15 figures, 3 tables',
      journalRef: null,
      doi: null,
      primaryCategory: 'cond-mat.mtrl-sci',
      categories: ['cond-mat.mtrl-sci'],
      published: '2026-09-09',
      updated: '2026-09-09',
      hasHtml: true,
    });
    expect(page?.meta.abstract).toMatch(/^Accurately modelling the temporal evolution/);
    expect(page?.anchor).toBe(doc.querySelector('#abs h1.title'));
    // The abstract page and the /new listing agree on the same paper.
    const listed = byId(listingEntries(load(NEW)), '2609.22268');
    expect(page?.meta.title).toBe(listed.title);
    expect(page?.meta.authors).toEqual(listed.authors);
    expect(page?.meta.abstract).toBe(listed.abstract);
  });

  it('older layout with two versions, no HTML (2106.09608)', () => {
    const page = parseAbsPage(load('abs-2106.09608-2021.html'));
    expect(page?.meta).toMatchObject({
      id: '2106.09608',
      version: 2,
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      comments: 'Camera read, in Proceedings of NeurIPS 2021 Main Conference',
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'cs.AI', 'cs.CL'],
      published: '2021-06-17',
      updated: '2021-10-20',
      hasHtml: false,
    });
    // The abstract is hard-wrapped in the page; it comes out as one normalised paragraph.
    expect(page?.meta.abstract).toMatch(/^World models improve a learning agent's ability to efficiently operate in interactive/);
    expect(page?.meta.abstract).toMatch(/importance of each of our contributions\.$/);
    expect(page?.meta.abstract).not.toMatch(/\n|Abstract:/);
  });

  it('2024 dev render with three versions (0906.2112v3)', () => {
    const page = parseAbsPage(load('abs-0906.2112v3-arxiv-browse-render-2024-02.html'));
    expect(page?.meta).toMatchObject({
      id: '0906.2112',
      version: 3,
      title: 'Symmetric roots and admissible pairing',
      authors: ['Robin de Jong'],
      comments: '21 pages',
      primaryCategory: 'math.AG',
      categories: ['math.AG', 'math.NT'],
      published: '2009-06-11',
      updated: '2012-03-28',
      hasHtml: true,
    });
  });

  it('2026 layout without comments (2508.16190)', () => {
    const page = parseAbsPage(load('abs-2508.16190-2026.html'));
    expect(page?.meta).toMatchObject({
      id: '2508.16190',
      version: 1,
      title: 'ComicScene154: A Scene Dataset for Comic Analysis',
      authors: ['Sandro Paval', 'Ivan P. Yamshchikov', 'Pascal Meißner'],
      comments: null,
      primaryCategory: 'cs.CL',
      categories: ['cs.CL'],
      published: '2025-08-22',
      hasHtml: true,
    });
  });

  it('reads journal ref and DOI rows (real page with the two rows arXiv adds for published papers)', () => {
    const html = readFileSync(join(FIXTURES, 'abs-2106.09608-2021.html'), 'utf8');
    const citeAs = '<tr>\n          <td class="tablecell label">Cite as:</td>';
    expect(html).toContain(citeAs);
    const rows =
      '<tr><td class="tablecell label">Journal&nbsp;reference:</td><td class="tablecell jref">NeurIPS 2021</td></tr>' +
      '<tr><td class="tablecell label">DOI:</td><td class="tablecell doi">' +
      '<a href="https://doi.org/10.5555/3540261.3540497">https://doi.org/10.5555/3540261.3540497</a></td></tr>';
    const doc = parseHtml(html.replace(citeAs, rows + citeAs));
    expect(doc.querySelectorAll(SELECTORS.abs.journalRef)).toHaveLength(1);
    expect(doc.querySelectorAll(SELECTORS.abs.doi)).toHaveLength(1);
    const page = parseAbsPage(doc);
    expect(page?.meta.journalRef).toBe('NeurIPS 2021');
    expect(page?.meta.doi).toBe('10.5555/3540261.3540497');
    expect(page?.meta.id).toBe('2106.09608');
  });

  it('returns null for pages that are not abstract pages', () => {
    expect(parseAbsPage(load(RECENT))).toBeNull();
    expect(parseAbsPage(load(SEARCH))).toBeNull();
    expect(parseAbsPage(parseHtml(''))).toBeNull();
    expect(parseAbsPage(parseHtml('<div id="abs"><h1 class="title">x</h1></div>'))).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('unknown layouts and malformed input', () => {
  it('non-listing pages give [] without throwing', () => {
    const others = readdirSync(FIXTURES).filter((n) => /^(latexml-|html-latexml|abs-)/.test(n) && n.endsWith('.html'));
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const f of others) {
      expect(listingEntries(load(f)), f).toEqual([]);
      expect(searchEntries(load(f)), f).toEqual([]);
    }
    expect(listingEntries(load(SEARCH))).toEqual([]);
    expect(searchEntries(load(RECENT))).toEqual([]);
    expect(searchEntries(load(NEW))).toEqual([]);
    for (const html of ['', '<html></html>', '<dl id="articles"></dl>', '<dl id="articles"><dt></dt><dd></dd></dl>', '<<<>>>&&&']) {
      expect(listingEntries(parseHtml(html))).toEqual([]);
      expect(searchEntries(parseHtml(html))).toEqual([]);
      expect(parseAbsPage(parseHtml(html))).toBeNull();
    }
    expect(listingEntries(document.implementation.createHTMLDocument(''))).toEqual([]);
  }, 60_000); // parses every multi-MB LaTeXML capture in happy-dom

  it('does not throw when handed something that is not a Document', () => {
    const junk = [null, undefined, {}, { querySelectorAll: () => { throw new Error('boom'); } }] as unknown as Document[];
    for (const j of junk) {
      expect(listingEntries(j)).toEqual([]);
      expect(searchEntries(j)).toEqual([]);
      expect(parseAbsPage(j)).toBeNull();
      expect(detectPageKind(j)).toBe('unknown');
    }
  });

  it('skips malformed entries and keeps the rest', () => {
    const html = listingPage(
      [
        // dt without abstract link
        `<dt><a name='item1'>[1]</a></dt><dd><div class='meta'><div class='list-title mathjax'>Orphan</div></div></dd>`,
        // abstract link with a bogus id
        entryHtml({ id: 'not-an-id', title: 'Bogus id' }),
        // a good one, id only in the href (older template without the id attribute)
        entryHtml({ id: '2607.11111', title: 'Good one', idAttr: false }),
        // dd without dt
        `<dd><div class='meta'><div class='list-title mathjax'>Lonely dd</div></div></dd>`,
        // dt whose dd has no title
        `<dt><a href="/abs/2607.22222" title="Abstract" id="2607.22222">arXiv:2607.22222</a></dt><dd></dd>`,
        // dangling dt at the end
        `<dt><a href="/abs/2607.33333" title="Abstract" id="2607.33333">arXiv:2607.33333</a></dt>`,
      ].join('\n'),
    );
    const e = listingEntries(parseHtml(html));
    expect(e.map((x) => x.id)).toEqual(['2607.11111']);
    expect(e[0]?.title).toBe('Good one');
    expect(e[0]?.authors).toEqual(['Ann Author', 'Bo Börje']);
    expect(e[0]?.categories).toEqual(['cs.CL', 'cs.AI']);
    expect(e[0]?.section).toBe('new');
    expect(e[0]?.date).toBe('2026-07-27');
  });

  it('hostile title and abstract come back as literal text, never markup', () => {
    // arXiv escapes user text, so a title of <img …> arrives as &lt;img …&gt;.
    const html = listingPage(
      entryHtml({
        title: '&lt;img src=x onerror=alert(1)&gt;',
        abstract: '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; and $a&lt;b$ &amp; more',
      }),
    );
    const doc = parseHtml(html);
    const [e] = listingEntries(doc);
    expect(e?.title).toBe('<img src=x onerror=alert(1)>');
    expect(e?.abstract).toBe('<script>alert("x")</script> and $a<b$ & more');
    expect(doc.querySelector('img')).toBeNull();
    expect(doc.querySelector('dd script')).toBeNull();
  });

  it('a monthly archive (one dl without heading) gives entries without a day', () => {
    // /list/<cat>/YYYY-MM renders item_list(listings, '') - no h3 - under "Authors and titles for May 2026".
    const html = `<html><body><div id='dlpage'><h1>Test</h1><h2>Authors and titles for May 2026 </h2>
<dl id='articles'>${entryHtml({ id: '2605.00001', title: 'May paper' })}</dl></div></body></html>`;
    const [e] = listingEntries(parseHtml(html));
    expect(e?.id).toBe('2605.00001');
    expect(e?.section).toBe('new');
    expect(e?.dayHeading).toBeNull();
    expect(e?.date).toBeNull();
  });

  it('hostile search result text comes back literally', () => {
    const html = `<ol class="breathe-horizontal"><li class="arxiv-result">
<p class="list-title is-inline-block"><a href="https://arxiv.org/abs/2512.03003">arXiv:2512.03003</a></p>
<p class="title is-5 mathjax">&lt;img src=x onerror=alert(1)&gt;</p>
<p class="authors"><span class="has-text-black-bis has-text-weight-semibold">Authors:</span><a href="/x">&lt;b&gt;Eve&lt;/b&gt;</a></p>
<p class="abstract mathjax"><span class="abstract-full" id="2512.03003v3-abstract-full">&lt;script&gt;x&lt;/script&gt;<a class="is-size-7">&#9651; Less</a></span></p>
</li></ol>`;
    const doc = parseHtml(html);
    const [e] = searchEntries(doc);
    expect(e?.title).toBe('<img src=x onerror=alert(1)>');
    expect(e?.authors).toEqual(['<b>Eve</b>']);
    expect(e?.abstract).toBe('<script>x</script>');
    expect(e?.version).toBe(3);
    expect(doc.querySelector('img, b, script')).toBeNull();
  });

  it('an html link naming another paper does not lend its version', () => {
    const html = listingPage(
      entryHtml({ id: '2607.11111', title: 'T' }).replace(
        '</dt>',
        '<a href="https://arxiv.org/html/2607.99999v7" title="View HTML">html</a></dt>',
      ),
    );
    const [e] = listingEntries(parseHtml(html));
    expect(e?.version).toBeNull();
    expect(e?.hasHtml).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('toPaperMeta', () => {
  it('maps a listing entry and copies its arrays', () => {
    const entry = byId(listingEntries(load(NEW)), '2411.19270');
    const meta = toPaperMeta(entry);
    expect(meta).toEqual({
      id: '2411.19270',
      version: 2,
      title: entry.title,
      authors: entry.authors,
      abstract: entry.abstract,
      comments: 'Published in Journal of Applied Mechanics (ASME)',
      journalRef: 'Journal of Applied Mechanics 92, no. 8 (2025): 081003',
      doi: null,
      primaryCategory: 'cond-mat.mtrl-sci',
      categories: entry.categories,
      // Announcement day is not a submission date: left to the API.
      published: null,
      updated: null,
      hasHtml: true,
    });
    expect(meta.authors).not.toBe(entry.authors);
    expect(meta.categories).not.toBe(entry.categories);
  });
});

// ---------------------------------------------------------------------------------------------

describe('long listing (tests/bench/make-long-listing.mjs)', () => {
  // Its parse time is measured by `npm run bench` (tests/bench/pure.bench.ts).
  it('parses a 2,000-entry page completely', () => {
    const html = (makeLongListing as (n?: number) => string)(2000);
    const doc = parseHtml(html);
    const entries = listingEntries(doc);
    expect(entries).toHaveLength(2000);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2000);
    expect(entries[0]?.id).toBe('2607.00001');
    expect(entries[1999]?.id).toBe('2607.02000');
    expect(detectPageKind(doc)).toBe('listing');
    // Cycles through the 50 + 12 real rows: /new rows bring abstracts and replacements.
    expect(entries.filter((e) => e.abstract !== null).length).toBeGreaterThan(300);
    expect(entries.some((e) => e.section === 'replacement')).toBe(true);
    // A functional test over a 4 MB page: happy-dom alone needs 5-15 s to parse it on a loaded
    // 2-core machine. How fast the extension reads it is measured by `npm run bench`.
  }, 90_000);
});
