import { describe, expect, it } from 'vitest';
import { ownFigureFilter } from '@/utils/figure-origin';
import { analyzeFulltext } from '@/utils/fulltext';

const PAGE = 'https://arxiv.org/html/2609.22268v1';

describe('ownFigureFilter', () => {
  const own = ownFigureFilter(PAGE);
  it.each([
    'https://arxiv.org/html/2609.22268v1/x1.png',
    'https://arxiv.org/html/2609.22268v1/extracted/5000001/figs/a.png',
  ])('accepts the paper\'s own file %s', (src) => expect(own(src)).toBe(src));

  it.each([
    'https://evil.example/x.png',
    'https://evil.example/html/2609.22268v1/x.png',
    'http://arxiv.org/html/2609.22268v1/x.png',
    'https://arxiv.org:8443/html/2609.22268v1/x.png',
    'https://user@arxiv.org/html/2609.22268v1/x.png',
    'https://arxiv.org/html/2609.22268v2/x.png',
    'https://arxiv.org/html/2609.99999v1/x.png',
    'https://arxiv.org/html/2609.22268v1',
    'https://arxiv.org/html/2609.22268v1/',
    'https://arxiv.org/html/2609.22268/x.png',
    'https://arxiv.org/static/x.png',
    'https://www.arxiv.org/html/2609.22268v1/x.png',
    'not a url',
  ])('refuses %s', (src) => expect(own(src)).toBeNull());

  it('a page without a version accepts any version of that paper only', () => {
    const any = ownFigureFilter('https://arxiv.org/html/2609.22268');
    expect(any('https://arxiv.org/html/2609.22268v3/x.png')).toBe('https://arxiv.org/html/2609.22268v3/x.png');
    expect(any('https://arxiv.org/html/2609.22269v3/x.png')).toBeNull();
  });

  it('a page that is not an arXiv paper page accepts nothing', () => {
    for (const page of ['https://evil.example/html/2609.22268v1', 'http://arxiv.org/html/2609.22268v1', 'nonsense', 'https://arxiv.org/abs/2609.22268v1']) {
      expect(ownFigureFilter(page)('https://arxiv.org/html/2609.22268v1/x1.png')).toBeNull();
    }
  });
});

describe('the first figure skips sources from elsewhere', () => {
  const figure = (src: string, caption: string) =>
    `<figure class="ltx_figure"><img src="${src}"><figcaption class="ltx_caption">${caption}</figcaption></figure>`;
  const article = (body: string) => `<html><body><article class="ltx_document">${body}</article></body></html>`;

  it('an off-site and a protocol-relative figure are skipped for the paper\'s own next figure', () => {
    const html = article(figure('https://evil.example/x.png', 'evil one') + figure('//evil.example/y.png', 'evil two') + figure('2609.22268v1/real.png', 'real'));
    expect(analyzeFulltext(html, PAGE).firstFigure).toEqual({ src: 'https://arxiv.org/html/2609.22268v1/real.png', caption: 'real' });
    expect(analyzeFulltext(html, PAGE).figureCount).toBe(3);
  });

  it('a later image of the same figure counts when the first is off-site', () => {
    const html = article('<figure class="ltx_figure"><img src="//evil.example/y.png"><img src="2609.22268v1/b.png"></figure>');
    expect(analyzeFulltext(html, PAGE).firstFigure?.src).toBe('https://arxiv.org/html/2609.22268v1/b.png');
  });

  it('only off-site figures: no figure', () => {
    const html = article(figure('https://evil.example/x.png', 'a') + figure('//evil.example/y.png', 'b'));
    expect(analyzeFulltext(html, PAGE).firstFigure).toBeNull();
  });

  it('a <base> pointing elsewhere does not make an off-site figure the paper\'s', () => {
    const html = `<html><head><base href="https://evil.example/html/2609.22268v1/"></head><body><article class="ltx_document">${figure('x.png', 'c')}</article></body></html>`;
    expect(analyzeFulltext(html, PAGE).firstFigure).toBeNull();
  });
});
