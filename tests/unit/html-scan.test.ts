import { describe, expect, it } from 'vitest';
import { decodeEntities, getAttr, hasClass, scanTags } from '../../utils/html-scan';

/** Every event the scanner emits, as a flat list, for markup written by hand. */
function events(html: string, skipWhole: string[] = []): string[] {
  const out: string[] = [];
  scanTags<string>(html, {
    open(name, attrs) {
      out.push(`<${name}${getAttr(attrs, 'class') !== undefined ? `.${getAttr(attrs, 'class')}` : ''}>`);
      return name;
    },
    close(name) {
      out.push(`</${name}>`);
    },
    skipWhole: new Set(skipWhole),
    skipped(name, attrs) {
      out.push(`skipped ${name} ${getAttr(attrs, 'alttext') ?? ''}`.trim());
    },
    text(raw) {
      if (raw.trim() !== '') out.push(raw.trim());
    },
    wantsText: () => true,
  });
  return out;
}

describe('scanTags', () => {
  it('gives every open exactly one close: explicit, implied by an outer close, or at end of input', () => {
    expect(events('<div class="a"><span>x</div><p>y')).toEqual([
      '<div.a>', '<span>', 'x', '</span>', '</div>', '<p>', 'y', '</p>',
    ]);
  });

  it('ignores stray end tags, comments and doctypes; void and self-closed elements close at once', () => {
    expect(events('<!DOCTYPE html></b><!-- <div> --><img src="a"><br/><x/>t')).toEqual([
      '<img>', '</img>', '<br>', '</br>', '<x>', '</x>', 't',
    ]);
  });

  it('never reads markup inside raw-text elements (a script holding HTML stays text)', () => {
    expect(events('<script>var s = "<div class=x>";</script><i>ok</i>')).toEqual(['<i>', 'ok', '</i>']);
  });

  it('skips a whole element on request, reporting its attributes', () => {
    expect(events('<b><math alttext="x^2"><mi>x</mi></math>after</b>', ['math'])).toEqual([
      '<b>', 'skipped math x^2', 'after', '</b>',
    ]);
  });

  it('reads attributes quoted either way or unquoted, with ">" inside quotes', () => {
    expect(getAttr(' class="a b" src=\'x>y.png\' alt=z', 'src')).toBe('x>y.png');
    expect(getAttr(' class="a b" alt=z', 'alt')).toBe('z');
    expect(getAttr(' data-class="a"', 'class')).toBeUndefined();
    expect(hasClass('ltx_figure ltx_figure_panel', 'ltx_figure')).toBe(true);
    expect(hasClass('ltx_figure_panel', 'ltx_figure')).toBe(false);
  });

  it('decodes entities in text and attributes', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &#8211; &#x2014; &bogus; &#0;')).toBe('a & b <c> \u2013 \u2014 &bogus; \ufffd');
  });
});
