import { describe, expect, it } from 'vitest';
import { authorNames, texSourceText } from '../../utils/page-text';
import { collapseSpace } from '../../utils/text';
import { iterateListing } from '../../utils/arxiv-page';

/** Every entry, through the generator production reads the page with. */
const listingEntries = (doc: Document) => [...iterateListing(doc)];

/**
 * Hand-made markup in the shapes MathJax 2.7 leaves in the page (tex2jax + HTML-CSS
 * output, as on arXiv): for `$H_0$` and for display `$$E=mc^2$$`.
 */
const PREVIEW_EMPTY = '<span class="MathJax_Preview" style="color: inherit; display: none;"></span>';
const typesetInline = (tex: string, glyphs: string): string =>
  `${PREVIEW_EMPTY}<span class="MathJax" id="MathJax-Element-1-Frame" tabindex="0" role="presentation"><nobr aria-hidden="true"><span class="math" id="MathJax-Span-1"><span class="mrow"><span class="mi">${glyphs}</span></span></span></nobr><span class="MJX_Assistive_MathML" role="presentation"><math><mi>${glyphs}</mi></math></span></span><script type="math/tex" id="MathJax-Element-1">${tex}</script>`;
const typesetDisplay = (tex: string, glyphs: string): string =>
  `${PREVIEW_EMPTY}<div class="MathJax_Display" style="text-align: center;"><span class="MathJax" id="MathJax-Element-2-Frame"><nobr>${glyphs}</nobr></span></div><script type="math/tex; mode=display" id="MathJax-Element-2">${tex}</script>`;
/** Between tex2jax and the output jax: preview (the TeX as written) then the script. */
const midTypesetting = (written: string, tex: string): string =>
  `<span class="MathJax_Preview">${written}</span><script type="math/tex">${tex}</script>`;

function el(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

const read = (html: string): string => collapseSpace(texSourceText(el(html)));

describe('texSourceText: TeX source whatever MathJax 2 has done', () => {
  const WRITTEN = 'Reevaluating $H_0$ Tension with $$E=mc^2$$ data';

  it('untouched, mid-typesetting and typeset markup all read as the TeX source', () => {
    expect(read(WRITTEN)).toBe(WRITTEN);
    expect(
      read(`Reevaluating ${midTypesetting('$H_0$', 'H_0')} Tension with ${midTypesetting('$$E=mc^2$$', 'E=mc^2').replace('math/tex', 'math/tex; mode=display')} data`),
    ).toBe(WRITTEN);
    expect(read(`Reevaluating ${typesetInline('H_0', 'H0')} Tension with ${typesetDisplay('E=mc^2', 'E=mc2')} data`)).toBe(WRITTEN);
  });

  it('what textContent would give instead (the bug this fixes)', () => {
    expect(collapseSpace(el(`Reevaluating ${typesetInline('H_0', 'H0')} Tension`).textContent ?? '')).toBe(
      'Reevaluating H0H0H_0 Tension',
    );
  });

  it('\\(…\\) typeset reads as $…$; other scripts are not text', () => {
    expect(read(`a ${typesetInline('x^2', 'x2')} b<script>alert(1)</script>`)).toBe('a $x^2$ b');
    expect(read('<script type="MATH/TEX; MODE=DISPLAY">y</script>')).toBe('$$y$$');
  });

  it('keeps arXiv\'s own lower-case "mathjax" elements and ordinary markup', () => {
    expect(read('<span class="search-hit mathjax">distributed</span> <b>systems</b> with <a href="#">links</a>')).toBe(
      'distributed systems with links',
    );
  });

  it('a hostile TeX holding </script> and tags stays text', () => {
    const div = document.createElement('div');
    div.append('Title ');
    const script = document.createElement('script');
    script.type = 'math/tex';
    // tex2jax puts the TeX in as text, so it may hold anything.
    script.textContent = 'a</script><img src=x onerror=alert(1)>b';
    div.append(script, ' end');
    expect(collapseSpace(texSourceText(div))).toBe('Title $a</script><img src=x onerror=alert(1)>b$ end');
  });

  it('skips elements the caller names, at any depth', () => {
    const div = el('<span class="descriptor">Title:</span> A <i>b <span class="descriptor">x</span></i>');
    expect(collapseSpace(texSourceText(div, (e) => e.classList.contains('descriptor')))).toBe('A b');
  });
});

describe('authorNames: the whole name, links or not', () => {
  const line = (html: string): string[] => authorNames(el(html));

  it('names partly outside their link', () => {
    expect(line('<a href="#">Jaemyoung</a> (Jason)Lee, <a href="#">Siyuan Huang</a>')).toEqual([
      'Jaemyoung (Jason)Lee',
      'Siyuan Huang',
    ]);
    expect(line('<a href="#">Maarten V.</a> de Hoop, <a>Gabriel</a>\n Peyré')).toEqual(['Maarten V. de Hoop', 'Gabriel Peyré']);
  });

  it('affiliations after a name, commas inside them, are not names', () => {
    expect(
      line('<a>Yury Illarionov</a> (Technical University Vienna, Austria, SUSTech, Shenzhen, China), <a>Yichi Zhang</a> (Peking University, Beijing, China)'),
    ).toEqual(['Yury Illarionov', 'Yichi Zhang']);
    expect(line('<a>A. Author</a> (1), <a>B. Author</a> (1 and 2)')).toEqual(['A. Author', 'B. Author']);
  });

  it('without links, commas separate names; a label is skipped', () => {
    const div = el('<span class="descriptor">Authors:</span> Ann Smith, Bo Li ,  ');
    expect(authorNames(div, (e) => e.classList.contains('descriptor'))).toEqual(['Ann Smith', 'Bo Li']);
  });
});

describe('listing entries read after MathJax 2 typeset them', () => {
  const entry = (title: string, authors: string, abstract: string): string => `<html><body><div id="dlpage"><dl id="articles">
<h3>New submissions (showing 1 of 1 entries)</h3>
<dt><a name="item1">[1]</a> <a href="/abs/2609.00001" title="Abstract" id="2609.00001">arXiv:2609.00001</a></dt>
<dd><div class="meta">
<div class="list-title mathjax"><span class="descriptor">Title:</span>
  ${title}
</div>
<div class="list-authors">${authors}</div>
<div class="list-comments mathjax"><span class="descriptor">Comments:</span> 12 pages, ${title.includes('MathJax') ? typesetInline('n=3', 'n=3') : '$n=3$'} cases</div>
<div class="list-subjects"><span class="descriptor">Subjects:</span> <span class="primary-subject">Cosmology (astro-ph.CO)</span></div>
<p class="mathjax">${abstract}</p>
</div></dd></dl></div></body></html>`;

  it('title, authors, comments and abstract equal the untouched page', () => {
    const doc = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
    const plain = listingEntries(
      doc(entry('Reevaluating $H_0$ Tension', '<a href="#">Jaemyoung</a> (Jason)Lee', 'We find $$\\Lambda>0$$ and $x$.')),
    )[0]!;
    const typesetDoc = doc(
      entry(`Reevaluating ${typesetInline('H_0', 'H0')} Tension <!--MathJax-->`, '<a href="#">Jaemyoung</a> (Jason)Lee', ''),
    );
    // MathJax inserts div.MathJax_Display into the <p> through the DOM (markup would close the <p>).
    typesetDoc.querySelector('p.mathjax')!.innerHTML =
      `We find ${typesetDisplay('\\Lambda>0', 'Λ>0')} and ${midTypesetting('$x$', 'x')}.`;
    const typeset = listingEntries(typesetDoc)[0]!;
    expect(plain.title).toBe('Reevaluating $H_0$ Tension');
    expect(plain.authors).toEqual(['Jaemyoung (Jason)Lee']);
    expect(typeset.title).toBe(plain.title);
    expect(typeset.authors).toEqual(plain.authors);
    expect(typeset.abstract).toBe(plain.abstract);
    expect(typeset.comments).toBe('12 pages, $n=3$ cases');
    expect(plain.comments).toBe(typeset.comments);
  });
});
