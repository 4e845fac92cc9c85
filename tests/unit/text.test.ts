import { describe, expect, it } from 'vitest';
import { collapseSpace, collapseSpaceRuns, decodeCharRefs } from '../../utils/text';

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

  it('gives what replacing every \\s+ run gives, on every kind of run', () => {
    // Each whitespace JavaScript's \s knows, alone, doubled and mixed with a plain space.
    const spaces = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
    const runs = spaces.flatMap((a) => [a, a + a, ` ${a}`, `${a} `, ...spaces.map((b) => a + b)]);
    for (const run of runs) {
      for (const text of [`a${run}b`, `${run}a b${run}`, run, `x${run}y${run}${run}z`]) {
        expect(collapseSpaceRuns(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' '));
        expect(collapseSpace(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }
    }
    expect(collapseSpaceRuns(' a  b\t')).toBe(' a b ');
  });
});
