import { describe, expect, it } from 'vitest';
import { findProtectedSpans, splitSentences } from '../../utils/sentences';

describe('splitSentences', () => {
  it('splits ordinary sentences and keeps terminators', () => {
    expect(splitSentences('We study graphs. It works! Does it? Yes.')).toEqual([
      'We study graphs.',
      'It works!',
      'Does it?',
      'Yes.',
    ]);
  });

  it('survives e.g., i.e., et al., cf., vs. and Fig./Eq./Thm. references', () => {
    const text =
      'Methods (e.g. Adam) fail, i.e. They diverge. As shown by Smith et al. (2020) the bound holds. ' +
      'See Fig. 3 and Eq. (4) and Thm. 2, cf. Ref. 7. Adam vs. SGD is compared. Done.';
    expect(splitSentences(text)).toEqual([
      'Methods (e.g. Adam) fail, i.e. They diverge.',
      'As shown by Smith et al. (2020) the bound holds.',
      'See Fig. 3 and Eq. (4) and Thm. 2, cf. Ref. 7.',
      'Adam vs. SGD is compared.',
      'Done.',
    ]);
  });

  it('treats a lone capital before a period as an initial (a known trade-off)', () => {
    expect(splitSentences('Work by A. Turing. Next.')).toEqual(['Work by A. Turing.', 'Next.']);
  });

  it('keeps initials, decimals, version numbers and ellipses inside a sentence', () => {
    const text =
      'Following J. R. Smith, we use Python 3.10 and v1.2.3 with error 3.5 percent. ' +
      'The sequence 1, 2, ... , N grows... Then it stops. Values lie in [0.5, 1.5].';
    expect(splitSentences(text)).toEqual([
      'Following J. R. Smith, we use Python 3.10 and v1.2.3 with error 3.5 percent.',
      'The sequence 1, 2, ... , N grows... Then it stops.',
      'Values lie in [0.5, 1.5].',
    ]);
  });

  it('does not split inside $...$, $$...$$, \\(...\\) or URLs', () => {
    const text =
      'We set $x = 1. Y$ and $$a. B$$ and \\(c. D\\) here. Code at https://github.com/a/b.c. Next one. ' +
      'A stray $ sign. Ends.';
    expect(splitSentences(text)).toEqual([
      'We set $x = 1. Y$ and $$a. B$$ and \\(c. D\\) here.',
      'Code at https://github.com/a/b.c.',
      'Next one.',
      'A stray $ sign.',
      'Ends.',
    ]);
  });

  it('splits a missing space after a period only between words ("binary.The")', () => {
    expect(splitSentences('an iconic X-ray binary.The signal was detected at 3.7 PeV.')).toEqual([
      'an iconic X-ray binary.',
      'The signal was detected at 3.7 PeV.',
    ]);
  });

  it('handles closing quotes and brackets after the terminator', () => {
    expect(splitSentences('He said "it works." Then (in brackets.) Next.')).toEqual([
      'He said "it works."',
      'Then (in brackets.)',
      'Next.',
    ]);
  });

  it('returns [] for empty input and never throws on odd input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   \n ')).toEqual([]);
    for (const odd of ['$', '$$$', '\\(', '...', '. . .', 'a.b.c.', '\\', 'http://', '.A']) {
      expect(() => splitSentences(odd)).not.toThrow();
    }
  });
});

describe('findProtectedSpans', () => {
  it('pairs dollars, skips escaped ones and ignores an unmatched one', () => {
    const text = 'cost \\$5, $a$ and $b';
    const spans = findProtectedSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['$a$']);
  });
});

describe('splitSentences: "ca." before a number', () => {
  it('does not end a sentence at "ca. 10,000" (2609.22376 on the /new listing)', () => {
    expect(splitSentences('A cell containing ca. 10,000 patterns and a battery containing ca. 20,000 patterns. The network works.')).toEqual([
      'A cell containing ca. 10,000 patterns and a battery containing ca. 20,000 patterns.',
      'The network works.',
    ]);
  });
});
