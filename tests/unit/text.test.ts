import { describe, expect, it } from 'vitest';
import { collapseSpace, decodeCharRefs } from '../../utils/text';

describe('decodeCharRefs', () => {
  it('decodes the five XML entities and numeric references once, leaves HTML names alone', () => {
    expect(decodeCharRefs('a &amp;lt; b &#233;&#xE9;&#XE9; &#x1F600; &nbsp; &eacute; &bogus;')).toBe(
      'a &lt; b ééé 😀 &nbsp; &eacute; &bogus;',
    );
  });

  it('turns references to NUL, surrogates and past U+10FFFF into U+FFFD, never into those code points', () => {
    const out = decodeCharRefs('&#0;|&#xD800;|&#xDFFF;|&#x110000;|&#99999999;');
    expect(out).toBe('\ufffd|\ufffd|\ufffd|\ufffd|\ufffd');
    expect(/[\u0000\ud800-\udfff]/.test(out)).toBe(false);
  });

  it('decodes the extra names a caller passes, and only those', () => {
    const html = new Map([['nbsp', '\u00a0'], ['ndash', '\u2013']]);
    expect(decodeCharRefs('1&ndash;2&nbsp;km &amp; &lt;', html)).toBe('1\u20132\u00a0km &amp; &lt;');
  });
});

describe('collapseSpace', () => {
  it('collapses newlines, tabs and no-break spaces to single spaces and trims', () => {
    expect(collapseSpace('  Deep\n\tand\u00a0\u00a0Wide  ')).toBe('Deep and Wide');
    expect(collapseSpace(' \n ')).toBe('');
  });
});
