import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFulltext } from '../../utils/fulltext';
import type { Statement } from '../../utils/paper';
import {
  boundStatements,
  cutStatementText,
  mainStatement,
  MAX_STATEMENT_CHARS,
  MAX_STATEMENTS,
  MAX_STATEMENTS_JSON_CHARS,
  statementsSummary,
  statementUrl,
} from '../../utils/statements';
import { readArxivFixture } from '../helpers/shared-data.mjs';

interface ExpectedStatement {
  heading: string;
  name: string;
  number: string;
  title: string | null;
  anchor: string | null;
  listed: boolean;
  text: string;
}
const FIDELITY = JSON.parse(
  readFileSync(resolve(__dirname, '../fixtures/statements-fidelity.json'), 'utf8'),
) as Record<string, ExpectedStatement[] | string>;
const FILES = Object.keys(FIDELITY).filter((k) => !k.startsWith('_'));
const PAGE = 'https://arxiv.org/html/2401.00001v1';

const st = (over: Partial<Statement> = {}): Statement => ({
  name: 'Theorem', number: '1', title: null, text: 'Let $x>0$.', anchor: 'Thm1', ...over,
});
const page = (body: string): string => `<html><body><article class="ltx_document">${body}</article></body></html>`;
const thm = (id: string, tag: string, body: string, title = ''): string =>
  `<div id="${id}" class="ltx_theorem ltx_theorem_theorem"><h6 class="ltx_title ltx_title_theorem">` +
  `<span class="ltx_tag ltx_tag_theorem">${tag}</span>${title}</h6><div class="ltx_para"><p class="ltx_p">${body}</p></div></div>`;

describe('statements of the LaTeXML fixtures (fidelity)', () => {
  it('covers the six LaTeXML fixtures and the oxide excerpt', () => {
    expect(FILES.filter((f) => f.startsWith('latexml-'))).toHaveLength(6);
    expect(FILES).toContain('arxiv-2609.04056v1-oxide-0.7.6-theorems-excerpt.html');
  });
  for (const file of FILES) {
    it(`${file}: name, number, title, anchor and normalised text of every statement`, () => {
      const expected = (FIDELITY[file] as ExpectedStatement[])
        .filter((e) => e.listed)
        .slice(0, MAX_STATEMENTS)
        .map((e) => ({ name: e.name, number: e.number, title: e.title, anchor: e.anchor, text: cutStatementText(e.text) }));
      const got = analyzeFulltext(readArxivFixture(file), PAGE).statements ?? [];
      // One at a time first, so a failure names the statement.
      for (let i = 0; i < Math.max(expected.length, got.length); i++) expect(got[i]).toEqual(expected[i]);
    });
  }
  it('the statement counts by name stay what the badge counted before', () => {
    const a = analyzeFulltext(readArxivFixture('latexml-catastrophic-goodhart-restatements.html'), PAGE);
    expect(a.theorems.Theorem).toBe(6);
    expect(statementsSummary(a.statements ?? [])).toBe('6 Theorems · 1 Corollary · 2 Lemmas');
  });
});

describe('statements: structure', () => {
  it('keeps statements nested in footnotes and figures, in document order, without the footnote in the text', () => {
    const html = page(
      thm('A', 'Theorem 1', `Outer<span class="ltx_note ltx_role_footnote"><span class="ltx_note_outer">note ${thm('B', 'Lemma 2', 'In a footnote.')}</span></span> text.`) +
        `<figure class="ltx_figure">${thm('C', 'Lemma 3', 'In a figure.')}</figure>`,
    );
    const list = analyzeFulltext(html, PAGE).statements ?? [];
    expect(list.map((s) => [s.anchor, s.text])).toEqual([
      ['A', 'Outer text.'],
      ['B', 'In a footnote.'],
      ['C', 'In a figure.'],
    ]);
  });
  it('a statement printed again with the same text is listed once; a restarted counter is not a restatement', () => {
    const html = page(
      thm('T1', 'Theorem 1', 'First.') + thm('T1x', 'Theorem 1', 'First.') +
        thm('P1', 'Part 1', 'One.') + thm('P1b', 'Part 1', 'Another.'),
    );
    expect(analyzeFulltext(html, PAGE).statements?.map((s) => s.anchor)).toEqual(['T1', 'P1', 'P1b']);
  });
  it('own title from the heading note; HTML in it stays text', () => {
    const html = page(thm('T', 'Theorem 2', 'x', ' (&lt;b&gt;Main&lt;/b&gt; result \\href{javascript:alert(1)}{x}).'));
    const [s] = analyzeFulltext(html, PAGE).statements ?? [];
    expect(s?.title).toBe('<b>Main</b> result \\href{javascript:alert(1)}{x}');
  });
  it('math as $TeX$ from alttext, LaTeXML line continuations removed', () => {
    const html = page(thm('T', 'Theorem 1', 'Let <math alttext="a+%\n b" display="inline"><mi>a</mi></math> hold.'));
    expect(analyzeFulltext(html, PAGE).statements?.[0]?.text).toBe('Let $a+b$ hold.');
  });
});

describe('statements: limits', () => {
  it('cuts a 1 MB statement at a word with an ellipsis', () => {
    const html = page(thm('T', 'Theorem 1', 'word '.repeat(200_000)));
    const s = analyzeFulltext(html, PAGE).statements?.[0];
    expect(s?.text.length).toBeLessThanOrEqual(MAX_STATEMENT_CHARS);
    expect(s?.text.endsWith('word…')).toBe(true);
  });
  it('10,000 nested braces are cut, and the cut never leaves a formula open', () => {
    const tex = `${'{'.repeat(10_000)}x${'}'.repeat(10_000)}`;
    const html = page(thm('T', 'Theorem 1', `Let <math alttext="${tex}"></math> hold.`));
    const s = analyzeFulltext(html, PAGE).statements?.[0];
    expect(s?.text).toBe('Let…');
  });
  it('at most 40 statements and 60 KB per paper', () => {
    const many = Array.from({ length: 100 }, (_, i) => thm(`T${i}`, `Theorem ${i + 1}`, `w${i} `.repeat(600)));
    const list = analyzeFulltext(page(many.join('')), PAGE).statements ?? [];
    expect(list.length).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(JSON.stringify(list).length).toBeLessThanOrEqual(MAX_STATEMENTS_JSON_CHARS);
    expect(list[0]?.number).toBe('1');
  });
  it('boundStatements also bounds statements from elsewhere (an old cache, an import)', () => {
    const list = boundStatements(Array.from({ length: 50 }, (_, i) => st({ number: String(i), text: 'x'.repeat(5000) })));
    expect(list.length).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(list.every((s) => s.text.length <= MAX_STATEMENT_CHARS)).toBe(true);
  });
});

describe('statements: helpers', () => {
  it('main statement: a titled main result first, else the first Theorem, else none', () => {
    expect(mainStatement([st({ name: 'Lemma' }), st({ number: '2' }), st({ number: '3', title: 'Main result' })])?.number).toBe('3');
    expect(mainStatement([st({ name: 'Lemma' }), st({ number: '2' })])?.number).toBe('2');
    expect(mainStatement([st({ name: 'Lemma' })])).toBeNull();
    expect(mainStatement(undefined)).toBeNull();
  });
  it('summary groups in paper order with plurals', () => {
    expect(
      statementsSummary([st(), st({ name: 'Lemma' }), st({ number: '2' }), st({ name: 'Lemma' }), st({ name: 'Lemma' }), st({ name: 'Definition' })]),
    ).toBe('2 Theorems · 3 Lemmas · 1 Definition');
  });
  it('links to the versioned HTML page at the anchor', () => {
    expect(statementUrl('2609.04056', 1, 'S1.Thmproposition1')).toBe('https://arxiv.org/html/2609.04056v1#S1.Thmproposition1');
    expect(statementUrl('math/0601001', null, null)).toBe('https://arxiv.org/html/math/0601001');
  });
});
