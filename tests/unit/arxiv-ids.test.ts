import { describe, expect, it } from 'vitest';
import {
  absUrl,
  htmlUrl,
  isNewStyleId,
  normalizeArxivId,
  parseArxivId,
  pdfUrl,
  withVersion,
} from '../../utils/arxiv-ids';

describe('parseArxivId: accepted forms', () => {
  const cases: Array<[string, string, number | null]> = [
    // new style, 5-digit (2015+)
    ['2605.12345', '2605.12345', null],
    ['2605.12345v2', '2605.12345', 2],
    ['2607.22529', '2607.22529', null],
    ['1501.00001v10', '1501.00001', 10],
    // new style, 4-digit (0704–1412)
    ['0704.0001', '0704.0001', null],
    ['0906.2112v3', '0906.2112', 3],
    ['1412.9999', '1412.9999', null],
    // old style
    ['math/0601001v1', 'math/0601001', 1],
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['math.AG/0601001', 'math/0601001', null],
    ['cond-mat/0703001v2', 'cond-mat/0703001', 2],
    ['astro-ph/9108001', 'astro-ph/9108001', null],
    ['physics.acc-ph/0601001', 'physics/0601001', null],
    // prefixes and whitespace
    ['arXiv:2605.12345', '2605.12345', null],
    ['arXiv:2605.12345v2', '2605.12345', 2],
    ['arxiv: 2411.19270', '2411.19270', null],
    ['ARXIV:hep-th/9901001v3', 'hep-th/9901001', 3],
    ['  2605.12345v2 \n', '2605.12345', 2],
    // URLs
    ['https://arxiv.org/abs/2605.12345', '2605.12345', null],
    ['https://arxiv.org/abs/2605.12345v2', '2605.12345', 2],
    ['http://arxiv.org/abs/2605.12345v2', '2605.12345', 2],
    ['https://www.arxiv.org/abs/2605.12345', '2605.12345', null],
    ['https://export.arxiv.org/abs/2605.12345v1', '2605.12345', 1],
    ['arxiv.org/abs/2605.12345', '2605.12345', null],
    ['https://arxiv.org/html/2609.22268v1', '2609.22268', 1],
    ['https://arxiv.org/html/2609.22268v1/', '2609.22268', 1],
    ['https://arxiv.org/html/2609.22268', '2609.22268', null],
    ['https://arxiv.org/pdf/2609.22268', '2609.22268', null],
    ['https://arxiv.org/pdf/2609.22268v3', '2609.22268', 3],
    ['https://arxiv.org/pdf/0906.2112v3.pdf', '0906.2112', 3],
    ['https://arxiv.org/abs/math/0601001v1', 'math/0601001', 1],
    ['https://arxiv.org/abs/math.AG/0601001', 'math/0601001', null],
    ['https://arxiv.org/pdf/hep-th/9901001v2.pdf', 'hep-th/9901001', 2],
    ['https://arxiv.org/abs/2607.22529?context=cs', '2607.22529', null],
    ['https://arxiv.org/abs/2607.22529#S2', '2607.22529', null],
    ['https://arxiv.org/abs/math%2F0601001', 'math/0601001', null],
    ['HTTPS://ARXIV.ORG/abs/2605.12345', '2605.12345', null],
  ];
  it.each(cases)('%j -> %s v%s', (input, id, version) => {
    expect(parseArxivId(input)).toEqual({ id, version });
  });
});

describe('parseArxivId: rejected input', () => {
  const rejected: string[] = [
    '',
    '   ',
    '2605',
    '2605.',
    '2605.123',
    '2605.123456',
    '2605.12345v',
    '2605.12345v0',
    '2605.12345v2v3',
    '2613.12345', // month 13
    '2600.12345', // month 00
    '0703.0001', // before new-style ids began
    '1501.0001', // 4-digit number after 2014
    '1412.00001', // 5-digit number before 2015
    'foo/0601001',
    'math/060100', // 6 digits
    'math/06010011',
    'math/0613001', // month 13
    'math/0801001', // old style ended in 2007
    'Math/0601001',
    'arXiv:',
    'arXiv:foo',
    'xarXiv:2605.12345',
    '2605.12345 extra',
    'see 2605.12345',
    '2605.12345\n2605.12346',
    'https://arxiv.org/list/cs.CL/recent',
    'https://arxiv.org/abs/',
    'https://arxiv.org/abs/notanid',
    'https://arxiv.org/format/2605.12345',
    'https://arxiv.org/src/2605.12345',
    'https://evil.example/abs/2605.12345',
    'https://arxiv.org.evil.example/abs/2605.12345',
    'https://evilarxiv.org/abs/2605.12345',
    'ftp://arxiv.org/abs/2605.12345',
    'javascript:alert(1)//arxiv.org/abs/2605.12345',
    '<img src=x onerror=alert(1)>',
    '2605.12345<script>',
    '../../etc/passwd',
    '2605.12345\u0000',
    '２６０５.１２３４５', // full-width digits
    '1'.repeat(10_000),
    `2605.12345${' '.repeat(10_000)}x`,
  ];
  it.each(rejected.map((s) => [s.length > 60 ? `${s.slice(0, 40)}… (${s.length} chars)` : s, s]))(
    'rejects %j',
    (_label, input) => {
      expect(parseArxivId(input)).toBeNull();
    },
  );

  it('returns null for non-string values that slip past the type system', () => {
    for (const bad of [null, undefined, 42, {}, [], Symbol('x')]) {
      expect(parseArxivId(bad as unknown as string)).toBeNull();
    }
  });

  it('rejects adversarial input (its speed is measured by npm run bench)', () => {
    const nasty = [
      `https://arxiv.org/abs/${'a/'.repeat(140)}`,
      `arXiv:${'-'.repeat(290)}`,
      `https://arxiv.org/pdf/${'.pdf'.repeat(60)}`,
    ];
    for (const s of nasty) expect(parseArxivId(s)).toBeNull();
  });
});

describe('helpers', () => {
  it('normalizeArxivId returns the canonical id or null', () => {
    expect(normalizeArxivId('arXiv:math.AG/0601001v2')).toBe('math/0601001');
    expect(normalizeArxivId('https://arxiv.org/abs/2607.22529v1')).toBe('2607.22529');
    expect(normalizeArxivId('nope')).toBeNull();
  });

  it('isNewStyleId tells the two schemes apart', () => {
    expect(isNewStyleId('2607.22529')).toBe(true);
    expect(isNewStyleId('0704.0001')).toBe(true);
    expect(isNewStyleId('math/0601001')).toBe(false);
    expect(isNewStyleId('garbage')).toBe(false);
  });

  it('withVersion appends a version only when there is one', () => {
    expect(withVersion('2605.12345', 2)).toBe('2605.12345v2');
    expect(withVersion('2605.12345', null)).toBe('2605.12345');
    expect(withVersion('math/0601001', 1)).toBe('math/0601001v1');
  });

  it('builds arxiv.org URLs that parse back to the same id', () => {
    expect(absUrl('2605.12345')).toBe('https://arxiv.org/abs/2605.12345');
    expect(absUrl('2605.12345', 3)).toBe('https://arxiv.org/abs/2605.12345v3');
    expect(htmlUrl('2609.22268', 1)).toBe('https://arxiv.org/html/2609.22268v1');
    expect(htmlUrl('2609.22268', null)).toBe('https://arxiv.org/html/2609.22268');
    expect(pdfUrl('hep-th/9901001', 2)).toBe('https://arxiv.org/pdf/hep-th/9901001v2');
    for (const [id, v] of [['2605.12345', 2], ['math/0601001', null], ['0704.0001', 1]] as const) {
      for (const url of [absUrl(id, v), htmlUrl(id, v), pdfUrl(id, v)]) {
        expect(parseArxivId(url)).toEqual({ id, version: v });
      }
    }
  });
});
