import { describe, expect, it } from 'vitest';
import { hasMath, renderMath, splitTex, type TexSegment } from '../../utils/tex';

const text = (t: string): TexSegment => ({ kind: 'text', text: t });
const math = (tex: string, display: boolean, raw: string): TexSegment => ({ kind: 'math', tex, display, raw });

describe('splitTex', () => {
  it('keeps plain text as one text segment', () => {
    expect(splitTex('No math here, just words.')).toEqual([text('No math here, just words.')]);
    expect(splitTex('')).toEqual([]);
  });

  it('splits inline $...$ math', () => {
    expect(splitTex('Let $x^2$ be given')).toEqual([text('Let '), math('x^2', false, '$x^2$'), text(' be given')]);
  });

  it('splits display $$...$$ math', () => {
    expect(splitTex('so $$\\sum_i a_i$$ holds')).toEqual([
      text('so '),
      math('\\sum_i a_i', true, '$$\\sum_i a_i$$'),
      text(' holds'),
    ]);
  });

  it('splits \\(...\\) inline and \\[...\\] display math', () => {
    expect(splitTex('a \\(x\\) b \\[y\\] c $$z$$ d')).toEqual([
      text('a '),
      math('x', false, '\\(x\\)'),
      text(' b '),
      math('y', true, '\\[y\\]'),
      text(' c '),
      math('z', true, '$$z$$'),
      text(' d'),
    ]);
  });

  it('treats escaped \\$ as a literal dollar, not a delimiter', () => {
    expect(splitTex('costs \\$5 and \\$6')).toEqual([text('costs $5 and $6')]);
    expect(splitTex('cost \\$5 and $x$')).toEqual([text('cost $5 and '), math('x', false, '$x$')]);
  });

  it('does not close inline math at an escaped dollar inside it', () => {
    const segments = splitTex('price $a\\$b$ end');
    expect(segments).toEqual([text('price '), math('a\\$b', false, '$a\\$b$'), text(' end')]);
  });

  it('leaves unbalanced delimiters as text', () => {
    expect(splitTex('costs $5 only')).toEqual([text('costs $5 only')]);
    expect(splitTex('open \\(x without close')).toEqual([text('open \\(x without close')]);
    expect(splitTex('open \\[x without close')).toEqual([text('open \\[x without close')]);
    expect(splitTex('a $x$ b $y')).toEqual([text('a '), math('x', false, '$x$'), text(' b $y')]);
  });

  it('leaves empty math as text', () => {
    expect(splitTex('$$')).toEqual([text('$$')]);
    expect(splitTex('a $ $ b')).toEqual([text('a $ $ b')]);
    expect(splitTex('a \\(\\) b')).toEqual([text('a \\(\\) b')]);
    expect(splitTex('a $$ b')).toEqual([text('a $$ b')]);
  });

  it('keeps every character of the input (text + raw math == input, escapes aside)', () => {
    const input = 'We prove $\\|f\\|_{L^2} \\le C$ and $$E = mc^2$$ for \\(n \\ge 1\\), see \\[\\int_0^1 f\\].';
    const rebuilt = splitTex(input)
      .map((s) => (s.kind === 'text' ? s.text : s.raw))
      .join('');
    expect(rebuilt).toBe(input);
    expect(hasMath(input)).toBe(true);
    expect(hasMath('costs \\$5')).toBe(false);
  });
});

describe('renderMath', () => {
  it('renders valid TeX to KaTeX DOM nodes (with MathML), without parsing markup', () => {
    const node = renderMath('x^2 + \\frac{1}{n}', false);
    expect(node).not.toBeNull();
    const root = node!;
    expect(root.querySelector('.katex')).not.toBeNull();
    expect(root.querySelector('.katex-display')).toBeNull();
    expect(root.querySelector('math annotation')?.textContent).toBe('x^2 + \\frac{1}{n}');
  });

  it('renders display math in display mode', () => {
    const node = renderMath('\\sum_{i=1}^n i', true);
    expect(node).not.toBeNull();
    expect(node!.querySelector('.katex-display')).not.toBeNull();
  });

  it('returns null for invalid TeX', () => {
    expect(renderMath('\\frac{a', false)).toBeNull();
    expect(renderMath('\\undefinedmacroxyz{1}', false)).toBeNull();
    expect(renderMath('x^', true)).toBeNull();
  });

  const hostile = [
    '\\href{javascript:alert(1)}{x}',
    '\\href{https://example.com}{x}',
    '\\url{javascript:alert(1)}',
    '\\url{https://example.com}',
    '\\htmlClass{evil}{x}',
    '\\htmlId{evil}{x}',
    '\\htmlStyle{background:url(javascript:alert(1))}{x}',
    '\\htmlData{onclick=alert(1)}{x}',
    '\\includegraphics{https://example.com/x.png}',
    '\\includegraphics[height=1em]{javascript:alert(1)}',
    '\\text{<script>alert(1)</script>}',
    '\\text{<img src=x onerror=alert(1)>}',
  ];
  for (const tex of hostile) {
    it(`never turns ${JSON.stringify(tex)} into a link, image or script`, () => {
      for (const display of [false, true]) {
        const node = renderMath(tex, display);
        if (node === null) continue; // rejected: the caller shows the source as text
        const root = node;
        expect(root.querySelectorAll('a, img, script, iframe, object, embed').length).toBe(0);
        expect(node.outerHTML).not.toMatch(/<a[\s>]/i);
        expect(node.outerHTML).not.toMatch(/<img[\s>]/i);
        expect(node.outerHTML).not.toMatch(/<script[\s>]/i);
        for (const el of root.querySelectorAll('*')) {
          for (const attr of el.getAttributeNames()) {
            // Untrusted text may appear as escaped text content, never as a live attribute.
            expect(attr).not.toMatch(/^(?:href|src|srcset|xlink:href|on[a-z]+|data-.*)$/i);
            expect(el.getAttribute(attr) ?? '').not.toMatch(/javascript:/i);
          }
          expect(el.classList.contains('evil')).toBe(false);
          expect(el.id).not.toBe('evil');
        }
      }
    });
  }

  it('keeps markup-looking text inside \\text{} as visible text', () => {
    const node = renderMath('\\text{<script>alert(1)</script>}', false);
    expect(node).not.toBeNull();
    const root = node!;
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('.katex-html')?.textContent).toContain('<script>alert(1)</script>');
  });

  it('is memoised: the same fragment gives equal nodes, each call a fresh copy to insert', () => {
    const a = renderMath('\\alpha_{i}', false);
    const b = renderMath('\\alpha_{i}', false);
    expect(a).not.toBeNull();
    expect(b).not.toBe(a);
    expect(b!.isEqualNode(a)).toBe(true);
    // Display and inline are cached apart.
    expect(renderMath('\\alpha_{i}', true)!.isEqualNode(a)).toBe(false);
  });
});
