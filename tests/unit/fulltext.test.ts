import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeFulltext,
  emptyAnalysis,
  isLatexmlDocument,
  printedStatementName,
  resolveFigureSrc,
  UNNAMED_STATEMENT,
} from '../../utils/fulltext';
import { theoremTotal } from '../../components/theorem-wording';
import type { FulltextAnalysis } from '../../utils/paper';
import { articleOf, buildBigPage } from '../bench/fulltext.measure';
import { arxivFixturesDir } from '../helpers/shared-data.mjs';

const DIR = `${arxivFixturesDir()}/`;
const BASE = 'https://arxiv.org/html/2401.00001v2/';
const read = (f: string): string => readFileSync(DIR + f, 'utf8');

interface Expected {
  theorems: Record<string, number>;
  figures: number;
  firstFigureImage: string;
}
const EXPECTED = JSON.parse(read('EXPECTED.json')) as Record<string, Expected | string>;
const LATEXML_FIXTURES = readdirSync(DIR).filter((f) => f.startsWith('latexml-') && f.endsWith('.html')).sort();

/** A valid FulltextAnalysis, whatever the input was. */
function expectValidShape(r: FulltextAnalysis): void {
  expect(typeof r.figureCount).toBe('number');
  expect(Number.isInteger(r.figureCount) && r.figureCount >= 0).toBe(true);
  expect(r.theorems).toBeTypeOf('object');
  for (const [k, n] of Object.entries(r.theorems)) {
    expect(k.length).toBeGreaterThan(0);
    expect(Number.isInteger(n) && n > 0).toBe(true);
  }
  if (r.firstFigure !== null) {
    expect(r.firstFigure.src).toMatch(/^https?:\/\//);
    expect(typeof r.firstFigure.caption).toBe('string');
  }
}

describe('analyzeFulltext on the LaTeXML fixtures (EXPECTED.json)', () => {
  it('has every latexml-*.html fixture listed in EXPECTED.json', () => {
    expect(LATEXML_FIXTURES.length).toBe(6);
    for (const f of LATEXML_FIXTURES) expect(EXPECTED[f], f).toBeTypeOf('object');
  });

  for (const f of LATEXML_FIXTURES) {
    it(`${f}: theorems by printed name, figure count, first figure`, () => {
      const exp = EXPECTED[f] as Expected;
      const r = analyzeFulltext(read(f), BASE);
      expect(r.theorems).toEqual(exp.theorems);
      expect(r.figureCount).toBe(exp.figures);
      expect(r.firstFigure?.src).toBe(new URL(exp.firstFigureImage, BASE).href);
      expectValidShape(r);
      expect(isLatexmlDocument(read(f))).toBe(true);
    });
  }

  it('never keys a statement by its class suffix (lem, defn, theo, ax, corr, theorem1..6)', () => {
    const keys = LATEXML_FIXTURES.flatMap((f) => Object.keys(analyzeFulltext(read(f), BASE).theorems));
    for (const suffix of ['lem', 'defn', 'theo', 'ax', 'corr', 'proofpart', 'theorem1', 'Proof']) {
      expect(keys).not.toContain(suffix);
    }
  });

  it('keeps figure captions: tag stripped, whitespace normalised, math as $TeX$, "" when uncaptioned', () => {
    const pt = analyzeFulltext(read('latexml-point-transects-no-theorems.html'), BASE).firstFigure;
    expect(pt?.caption).toMatch(/^Study area showing the 2002 survey points \(black dots\)/);
    expect(pt?.caption).not.toMatch(/Figure\s*1/);
    expect(pt?.caption).not.toMatch(/\s{2}|\n/);
    const sls = analyzeFulltext(read('latexml-robust-sls-amsthm.html'), BASE).firstFigure;
    expect(sls?.caption).toBe('A feedback interconnection between systems $\\mathbf{G}$ and $\\mathbf{H}$.');
    // All of the Erdős–Szekeres figures are uncaptioned.
    expect(analyzeFulltext(read('latexml-erdos-szekeres-custom-thm.html'), BASE).firstFigure?.caption).toBe('');
  });

  it('raw arXiv LaTeXML output (astroML, 2023): no theorems, 3 figures, first is x1.png', () => {
    const html = read('html-latexml-raw-astroML-paper-2023-02.html');
    const r = analyzeFulltext(html, BASE);
    // Read from its markup: figure.ltx_figure S2.F1, S5.F2, S5.F3 (+ table S5.T1, + footer logo).
    expect(r.theorems).toEqual({});
    expect(r.figureCount).toBe(3);
    expect(r.firstFigure).toEqual({
      src: `${BASE}x1.png`,
      caption:
        'A schematic view of a Neural Network. As can be seen, there are three main parts, input layer, hidden layers, and output layers.',
    });
    expect(isLatexmlDocument(html)).toBe(true);
  });
});

describe('arXiv HTML as served today (latexml-oxide 0.7.6 excerpts, SOURCES.md)', () => {
  // The URLs the pages were served at: no trailing slash.
  const FIGURE_PAGE = 'https://arxiv.org/html/2507.00150v1';
  const THEOREM_PAGE = 'https://arxiv.org/html/2609.04056v1';

  it('2507.00150v1: the first figure resolves against the served URL, not "URL + /"', () => {
    const html = read('arxiv-2507.00150v1-oxide-0.7.6-figure-excerpt.html');
    const r = analyzeFulltext(html, FIGURE_PAGE);
    expect(r.figureCount).toBe(1);
    expect(r.firstFigure?.src).toBe('https://arxiv.org/html/2507.00150v1/plot1_distributions_600.png');
    expect(r.firstFigure?.caption).toMatch(/^\$v_\{\\rm T\}\$ distribution from 1,000 realizations/);
    expect(r.theorems).toEqual({});
    expect(isLatexmlDocument(html)).toBe(true);
  });

  it('2609.04056v1: statements by printed name from the oxide tags', () => {
    const html = read('arxiv-2609.04056v1-oxide-0.7.6-theorems-excerpt.html');
    const r = analyzeFulltext(html, THEOREM_PAGE);
    expect(r.theorems).toEqual({ Definition: 2, Proposition: 1, Lemma: 1 });
    expect(r.figureCount).toBe(0);
    expect(r.firstFigure).toBeNull();
  });

  /** One figure, in an article, with this src. */
  const fig = (src: string): string => `<article class="ltx_document"><figure class="ltx_figure"><img src="${src}"></figure></article>`;

  it('the old layout (page at /html/<id>v<N>/, src x1.png) and the new one both give the real file', () => {
    expect(analyzeFulltext(fig('x1.png'), 'https://arxiv.org/html/2401.00001v2/').firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/x1.png',
    );
    expect(analyzeFulltext(fig('2401.00001v2/sg_module.png'), 'https://arxiv.org/html/2401.00001v2').firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/sg_module.png',
    );
  });

  it('an old-layout page served without the trailing slash still gives its own file, and an oxide one is not doubled', () => {
    // The browser's answer (https://arxiv.org/html/x1.png) is no file of the paper's.
    expect(analyzeFulltext(fig('x1.png'), 'https://arxiv.org/html/2401.00001v2').firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/x1.png',
    );
    expect(analyzeFulltext(fig('images/plot.png'), 'https://arxiv.org/html/2401.00001v2').firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/images/plot.png',
    );
    // Neither reading makes another paper's file, or another site's, the figure.
    expect(analyzeFulltext(fig('../2501.00002v1/x1.png'), 'https://arxiv.org/html/2401.00001v2').firstFigure).toBeNull();
    expect(analyzeFulltext(fig('//evil.example/x1.png'), 'https://arxiv.org/html/2401.00001v2').firstFigure).toBeNull();
    // Real captures served the way the e2e routes serve them (no slash): their first figures.
    for (const [f, src] of [
      ['latexml-dcem-amsthm-tikz.html', 'x1.png'],
      ['latexml-erdos-szekeres-custom-thm.html', 'figures_1_2_3.jpg'],
    ] as const) {
      expect(analyzeFulltext(read(f), 'https://arxiv.org/html/2609.22376v1').firstFigure?.src).toBe(`https://arxiv.org/html/2609.22376v1/${src}`);
    }
  });

  it('honours the first <base href>, resolved against the served URL', () => {
    const doc = (head: string): string =>
      `<html><head>${head}</head><body><article class="ltx_document"><figure class="ltx_figure"><img src="f.png"></figure></article></body></html>`;
    const served = 'https://arxiv.org/html/2401.00001v2';
    expect(analyzeFulltext(doc('<base href="https://arxiv.org/html/2401.00001v2/">'), served).firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/f.png',
    );
    expect(analyzeFulltext(doc('<base href="2401.00001v2/assets/">'), served).firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/assets/f.png',
    );
    // The first <base href> counts; what it resolves to is outside the paper's files: no figure.
    expect(analyzeFulltext(doc('<base target="_blank"><base href="/x/"><base href="/2401.00001v2/">'), served).firstFigure).toBeNull();
    expect(analyzeFulltext(doc('<base target="_blank"><base href="/html/2401.00001v2/x/"><base href="/y/">'), served).firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/x/f.png',
    );
    // A base that is not http(s) is ignored: the page's own folder, as without a <base>.
    expect(analyzeFulltext(doc('<base href="javascript:alert(1)//">'), served).firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/f.png',
    );
    expect(analyzeFulltext(doc('<base href="javascript:alert(1)//">'), `${served}/`).firstFigure?.src).toBe(
      'https://arxiv.org/html/2401.00001v2/f.png',
    );
  });
});

describe('arxiv.org/html site chrome around the article', () => {
  // Real chrome shapes from SOURCES.md: 2024 header.desktop_header / header.mob_header with
  // .html-header-logo, 2026 header.arxiv-html-header, nav.ltx_page_navbar > nav.ltx_TOC.
  const wrap = (article: string, extra: string): string => `<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>paper</title>
<script>var tpl = '<figure class="ltx_figure"><img src="script.png"></figure>';</script></head><body>
<header class="desktop_header"><div class="html-header-logo"><a href="https://arxiv.org/"><img alt="logo" class="logo" role="presentation" src="https://arxiv.org/static/browse/0.3.4/images/arxiv-logo-one-color-white.svg"></a></div>
<div class="html-header-message">This is experimental HTML</div></header>
<header class="arxiv-html-header"><img src="/static/logo-2026.png" alt="arXiv"></header>
${extra}
<div class="ltx_page_main"><nav class="ltx_page_navbar"><nav class="ltx_TOC"><ol><li><img src="toc-icon.png"></li></ol></nav></nav>
<div class="ltx_page_content">${article}</div>
<footer class="ltx_page_footer"><div class="ltx_page_logo">Generated by <img src="data:image/png;base64,AAAA" alt="[LOGO]"></div></footer>
</div></body></html>`;

  for (const f of ['latexml-catastrophic-goodhart-restatements.html', 'latexml-llncs-rendezvous-class-theorems.html']) {
    it(`${f}: chrome images (and even figure markup in the chrome) never count`, () => {
      const bare = analyzeFulltext(read(f), BASE);
      const article = articleOf(read(f));
      const inChrome = analyzeFulltext(wrap(article, ''), BASE);
      expect(inChrome).toEqual(bare);
      // A figure.ltx_figure with an img BEFORE the article, outside it: still not counted.
      const decoy = '<nav class="ltx_page_navbar"><figure class="ltx_figure"><img src="promo.png"></figure></nav>';
      expect(analyzeFulltext(wrap(article, decoy), BASE)).toEqual(bare);
      const exp = EXPECTED[f] as Expected;
      expect(bare.firstFigure?.src).toBe(new URL(exp.firstFigureImage, BASE).href);
    });
  }
});

describe('statement naming and proof exclusion (synthetic LaTeXML markup)', () => {
  const stmt = (cls: string, title: string, body = '<div class="ltx_para"><p class="ltx_p">x</p></div>'): string =>
    `<div id="T" class="ltx_theorem ${cls}"><h6 class="ltx_title ltx_runin ltx_title_theorem">${title}</h6>${body}</div>`;
  const tag = (t: string): string => `<span class="ltx_tag ltx_tag_theorem"><span class="ltx_text ltx_font_bold">${t}</span></span><span class="ltx_text ltx_font_bold">.</span>`;
  const page = (body: string): string => `<html><body><article class="ltx_document">${body}</article></body></html>`;

  it('uses the printed name, not the class suffix', () => {
    const r = analyzeFulltext(page(stmt('ltx_theorem_lemma', tag('Claim 3')) + stmt('ltx_theorem_thm', tag('Theorem A.2'))), BASE);
    expect(r.theorems).toEqual({ Claim: 1, Theorem: 1 });
  });

  it('excludes amsthm div.ltx_proof and llncs ltx_theorem_proof, but counts statements nested in proofs', () => {
    const nested = stmt('ltx_theorem_proofpart', tag('Part 1'));
    const html = page(
      stmt('ltx_theorem_theorem', tag('Theorem 1')) +
        `<div class="ltx_proof"><h6 class="ltx_title ltx_runin ltx_font_italic ltx_title_proof">Proof.</h6>${nested}</div>` +
        stmt('ltx_theorem_proof', '<span class="ltx_tag ltx_tag_theorem">Proof</span>', nested),
    );
    expect(analyzeFulltext(html, BASE).theorems).toEqual({ Theorem: 1, Part: 2 });
  });

  it('names a statement whose nested statement opens before the parent closes correctly', () => {
    const inner = stmt('ltx_theorem_lem', tag('Lemma 1.1'));
    const html = page(stmt('ltx_theorem_theo', tag('Theorem 1'), `<div class="ltx_para">${inner}</div>`));
    expect(analyzeFulltext(html, BASE).theorems).toEqual({ Theorem: 1, Lemma: 1 });
  });

  it('printedStatementName: tag minus number, title heuristics, fallback', () => {
    expect(printedStatementName('Lemma 2.2', null)).toBe('Lemma');
    expect(printedStatementName('Theorem 0.C.1', null)).toBe('Theorem');
    expect(printedStatementName('Theorem A', null)).toBe('Theorem');
    expect(printedStatementName('Remark', null)).toBe('Remark');
    expect(printedStatementName('Restatement of Theorem 1', null)).toBe('Restatement of Theorem');
    expect(printedStatementName('  Definition\n 4  ', null)).toBe('Definition');
    expect(printedStatementName(null, 'Prelude to Axiom 1.')).toBe('Prelude');
    expect(printedStatementName(null, 'Prelude to Defintion 4.')).toBe('Prelude');
    expect(printedStatementName(null, 'Main Theorem 2 (Noether).')).toBe('Main Theorem');
    expect(printedStatementName(null, 'Claim. Let x be')).toBe('Claim');
    expect(printedStatementName(null, 'Théorème 3.')).toBe('Théorème');
    // A tag that is only a number names nothing; the title is used instead, and a title that
    // prints the number first (\swapnumbers with a custom style) still gives the name.
    expect(printedStatementName('1', '1 Hypothesis.')).toBe('Hypothesis');
    expect(printedStatementName('1', '1.')).toBe(UNNAMED_STATEMENT);
    expect(printedStatementName(null, null)).toBe(UNNAMED_STATEMENT);
    expect(printedStatementName(null, '  ')).toBe(UNNAMED_STATEMENT);
    expect(printedStatementName('Lemma'.repeat(100), null).length).toBeLessThanOrEqual(60);
  });

  it('every printed-name form counts under its name (hand-made LaTeXML markup)', () => {
    const bold = (t: string): string => `<span class="ltx_text ltx_font_bold">${t}</span>`;
    const cases: Array<[string, string, string]> = [
      ['number after', tag('Lemma 4.1'), 'Lemma'],
      // amsthm \swapnumbers: the tag prints the number first.
      ['number first (\\swapnumbers)', tag('4.1 Lemma'), 'Lemma'],
      ['number first, appendix', tag('A.2 Theorem'), 'Theorem'],
      ['unnumbered', tag('Lemma'), 'Lemma'],
      ['letter number', tag('Theorem A'), 'Theorem'],
      ['note in the tag', tag('Theorem 1.2 (Main result)'), 'Theorem'],
      [
        'note after the tag',
        `<span class="ltx_tag ltx_tag_theorem">${bold('Theorem 1.2')}</span>${bold(' ')}(Main result)${bold('.')}`,
        'Theorem',
      ],
      ['bold name split over spans', `<span class="ltx_tag ltx_tag_theorem">${bold('Theo')}${bold('rem')} ${bold('3')}</span>`, 'Theorem'],
      ['name and number in spans without a space', `<span class="ltx_tag ltx_tag_theorem">${bold('Theorem')}${bold('1.2')}</span>`, 'Theorem'],
      ['swapped, split over spans', `<span class="ltx_tag ltx_tag_theorem">${bold('4.1')} ${bold('Lemma')}</span>`, 'Lemma'],
      ['French', tag('Théorème 2.1'), 'Théorème'],
      ['German', tag('Satz 3.2'), 'Satz'],
      ['Russian', tag('Лемма 1'), 'Лемма'],
      ['Chinese, no space', tag('定理1.1'), '定理'],
      ['Japanese, full-width note', tag('補題 2（主補題）'), '補題'],
      ['two words', tag('Main Theorem 2'), 'Main Theorem'],
      ['title only, number first', '4.1 Lemma.', 'Lemma'],
    ];
    for (const [label, title, name] of cases) {
      expect(analyzeFulltext(page(stmt('ltx_theorem_x', title)), BASE).theorems, label).toEqual({ [name]: 1 });
    }
  });

  it('a statement without title or tag counts under the generic key', () => {
    const html = page('<div class="ltx_theorem ltx_theorem_x"><div class="ltx_para">text</div></div>');
    expect(analyzeFulltext(html, BASE).theorems).toEqual({ [UNNAMED_STATEMENT]: 1 });
  });

  it('a hostile printed name such as "__proto__" is an ordinary own key', () => {
    const r = analyzeFulltext(page(stmt('ltx_theorem_x', tag('__proto__'))), BASE);
    expect(Object.keys(r.theorems)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.theorems)).toBe(Object.prototype);
  });
});

describe('figures (synthetic LaTeXML markup)', () => {
  const page = (body: string): string => `<article class="ltx_document">${body}</article>`;
  const fig = (inner: string, caption?: string): string =>
    `<figure class="ltx_figure">${inner}${caption === undefined ? '' : `<figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_figure">Figure 1: </span>${caption}</figcaption>`}</figure>`;

  it('does not count tables, algorithm floats or subfigures; the logo is not a figure', () => {
    const html = page(
      '<figure class="ltx_table"><img src="t.png"><figcaption>Table 1</figcaption></figure>' +
        '<figure class="ltx_float ltx_float_algorithm"><img src="a.png"></figure>' +
        fig(`${fig('<img src="sf1.png">', 'left')}${fig('<img src="sf2.png">', 'right')}`, 'Both &amp; more') +
        '<img src="data:image/png;base64,AAAA" alt="[LOGO]">',
    );
    const r = analyzeFulltext(html, BASE);
    expect(r.figureCount).toBe(1);
    expect(r.firstFigure).toEqual({ src: `${BASE}sf1.png`, caption: 'Both & more' });
  });

  it('skips missing, empty and data: images, then figures without any image', () => {
    const html = page(
      fig('<svg class="ltx_picture"><g><text>tikz</text></g></svg>', 'only tikz') +
        fig('<img src="" class="ltx_graphics ltx_missing ltx_missing_image"><img src="data:image/png;base64,AA">', 'missing') +
        fig('<img class="ltx_graphics"><img src="x3.png">', 'third <math alttext="x^{2}" display="inline"><mi>x</mi><annotation encoding="application/x-tex">x^{2}</annotation></math> figure'),
    );
    const r = analyzeFulltext(html, BASE);
    expect(r.figureCount).toBe(3);
    expect(r.firstFigure).toEqual({ src: `${BASE}x3.png`, caption: 'third $x^{2}$ figure' });
  });

  it('falls back to <object data> and gives "" for an uncaptioned figure', () => {
    const r = analyzeFulltext(page(fig('<object data="plot.svg" type="image/svg+xml"></object>')), BASE);
    expect(r.firstFigure).toEqual({ src: `${BASE}plot.svg`, caption: '' });
  });

  it('drops footnote bodies from captions and keeps the caption before the image', () => {
    const html = page(
      '<figure class="ltx_figure"><figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_figure">Figure 1: </span>Top caption<span class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">1</sup><span class="ltx_note_outer"><span class="ltx_note_content">secret note</span></span></span></figcaption><img src="y.png"></figure>',
    );
    expect(analyzeFulltext(html, BASE).firstFigure).toEqual({ src: `${BASE}y.png`, caption: 'Top caption1' });
  });
});

describe('relative URL resolution', () => {
  it.each([
    ['images/foo.png', `${BASE}images/foo.png`],
    ['x1.png', `${BASE}x1.png`],
    ['extracted/5000001/figs/a b.png', `${BASE}extracted/5000001/figs/a%20b.png`],
    ['../x1.png', 'https://arxiv.org/html/x1.png'],
    ['/static/a.png', 'https://arxiv.org/static/a.png'],
    ['http://example.org/a.png', 'http://example.org/a.png'],
    ['https://example.org/a.png?x=1&y=2', 'https://example.org/a.png?x=1&y=2'],
    ['//cdn.example.org/a.png', 'https://cdn.example.org/a.png'],
  ])('%s -> %s', (src, abs) => {
    expect(resolveFigureSrc(src, BASE)).toBe(abs);
    // Only the paper's own files become its figure (utils/figure-origin.ts); the rest is none.
    const own = abs.startsWith(BASE) ? abs : undefined;
    expect(analyzeFulltext(`<figure class="ltx_figure"><img src="${src.replace(/&/g, '&amp;')}"></figure>`, BASE).firstFigure?.src).toBe(own);
  });

  it.each(['', '   ', 'data:image/png;base64,AA', 'javascript:alert(1)', 'blob:https://x/1', 'file:///etc/passwd'])(
    'rejects %j',
    (src) => {
      expect(resolveFigureSrc(src, BASE)).toBeNull();
    },
  );

  it('with an invalid base keeps absolute srcs and drops relative ones', () => {
    expect(resolveFigureSrc('https://a.org/x.png', 'not a url')).toBe('https://a.org/x.png');
    expect(resolveFigureSrc('x.png', 'not a url')).toBeNull();
    expect(analyzeFulltext('<figure class="ltx_figure"><img src="x.png"></figure>', 'not a url').firstFigure).toBeNull();
  });

});

describe('bad input never throws and gives a valid, empty-ish analysis', () => {
  it('empty string and non-string input', () => {
    expect(analyzeFulltext('', BASE)).toEqual(emptyAnalysis());
    expect(analyzeFulltext(undefined as unknown as string, BASE)).toEqual(emptyAnalysis());
    expect(analyzeFulltext(42 as unknown as string, undefined as unknown as string)).toEqual(emptyAnalysis());
    expect(isLatexmlDocument('')).toBe(false);
    expect(isLatexmlDocument(null as unknown as string)).toBe(false);
  });

  it('a non-LaTeXML arXiv page (abs 2609.22268) and listing pages', () => {
    for (const f of ['abs-2609.22268-2026-09.html', 'abs-2508.16190-2026.html', 'list-recent-csCL-2026-07-27.html']) {
      expect(analyzeFulltext(read(f), BASE)).toEqual(emptyAnalysis());
      expect(isLatexmlDocument(read(f))).toBe(false);
    }
  });

  it('truncated pages: valid shape, never more than the full page', () => {
    for (const f of ['latexml-catastrophic-goodhart-restatements.html', 'latexml-erdos-szekeres-custom-thm.html']) {
      const html = read(f);
      const full = analyzeFulltext(html, BASE);
      for (const frac of [0.001, 0.1, 0.33, 0.5, 0.77, 0.999]) {
        const cut = analyzeFulltext(html.slice(0, Math.floor(html.length * frac)), BASE);
        expectValidShape(cut);
        expect(cut.figureCount).toBeLessThanOrEqual(full.figureCount);
        expect(theoremTotal(cut.theorems, null)).toBeLessThanOrEqual(theoremTotal(full.theorems, null));
      }
      // Cut inside a tag, inside an attribute value and inside a comment.
      const at = html.indexOf('class="ltx_theorem');
      for (const cut of [html.slice(0, at + 10), html.slice(0, html.indexOf('<!--') + 6)]) {
        expectValidShape(analyzeFulltext(cut, BASE));
      }
    }
  });

  it('binary garbage', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const bytes = Uint8Array.from({ length: 200_000 }, () => rnd() & 0xff);
    for (const text of [new TextDecoder('latin1').decode(bytes), new TextDecoder('utf-8').decode(bytes)]) {
      const r = analyzeFulltext(text, BASE);
      expectValidShape(r);
      expect(isLatexmlDocument(text)).toBe(false);
    }
  });

  // Their analysis time (must stay linear) is measured by `npm run bench`.
  it('hostile markup gives a valid analysis', () => {
    const hostile = [
      '<a "'.repeat(200_000),
      `<a title='${"'<a b='".repeat(100_000)}`,
      '<div class="ltx_theorem">'.repeat(100_000) + '</span>'.repeat(100_000),
      '<math alttext="x">'.repeat(200_000),
      '<figure class="ltx_figure"><figcaption>'.repeat(50_000),
      '<!--'.repeat(200_000),
      '<script>'.repeat(100_000),
    ];
    for (const h of hostile) {
      const r = analyzeFulltext(h, BASE);
      isLatexmlDocument(h);
      expectValidShape(r);
    }
  });

  it('the 100k unclosed statements are all counted (closed at end of input)', () => {
    const r = analyzeFulltext('<div class="ltx_theorem ltx_theorem_x">'.repeat(1000), BASE);
    expect(r.theorems).toEqual({ [UNNAMED_STATEMENT]: 1000 });
  });
});


// Analysis time per MB is measured by `npm run bench` (tests/bench/fulltext.measure.ts).
describe('the ~5 MB benchmark page', () => {
  it('the ~5 MB concatenated page still counts every copy', () => {
    const { html, copies } = buildBigPage(5_000_000);
    let figures = 0;
    for (const [f, n] of copies) figures += (EXPECTED[f] as Expected).figures * n;
    expect(html.length).toBeGreaterThan(5_000_000);
    expect(analyzeFulltext(html, BASE).figureCount).toBe(figures);
  });
});
