import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BIB_CHARS, MAX_TAG_LENGTH, parseBibtexImport, type BibImportResult } from '../../utils/bibtex-import';

// Hand-written samples in each exporter's style (tests/fixtures/bib/). Vitest runs from the root.
const bib = (name: string): string => readFileSync(resolve('tests/fixtures/bib', name), 'utf8');

function ok(r: BibImportResult): Extract<BibImportResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r;
}

describe('parseBibtexImport', () => {
  it('Zotero: DOI/URL ids, keywords as tags, TeX accents decoded, non-arXiv entries skipped', () => {
    const r = ok(parseBibtexImport(bib('zotero.bib')));
    expect(r.entries.map((e) => e.id)).toEqual(['2605.12345', 'math/0601001']);
    const first = r.entries[0]!;
    expect(first.title).toBe('Training Infinitely Deep and Wide Transformers');
    expect(first.authors).toEqual(['Raphaël Barboni', 'Maarten V. de Hoop', 'Jörg Müller']);
    expect(first.tags).toEqual(['Computer Science - Machine Learning', 'Mathematics - Optimization and Control', 'to read']);
    expect(r.entries[1]).toMatchObject({ version: 2, title: 'An old-style identifier with Österreich in it', authors: ['Erwin Schrödinger'], tags: ['classics'] });
    expect(r.skipped).toEqual([{ key: 'erdos_problem_1935', type: 'article', title: 'A combinatorial problem in geometry', reason: expect.stringContaining('no arXiv id') }]);
  });

  it('Google Scholar: the id printed in `journal`, old-style ids too', () => {
    const r = ok(parseBibtexImport(bib('google-scholar.bib')));
    expect(r.entries.map((e) => e.id)).toEqual(['2106.09685', 'hep-th/9711200']);
    expect(r.skipped.map((s) => s.key)).toEqual(['vaswani2017attention']);
  });

  it('PaperMemory: two entries of one paper are merged, tags joined without case duplicates', () => {
    const r = ok(parseBibtexImport(bib('papermemory.bib')));
    expect(r.entries).toHaveLength(1);
    expect(r.duplicates).toBe(1);
    expect(r.entries[0]).toMatchObject({ id: '2006.11239', version: 2, keys: ['Ho2020Denoising', 'Ho2020DenoisingNeurIPS'], tags: ['diffusion', 'generative', 'neurips'] });
  });

  it('arXiv export: eprint + archivePrefix; another archive prefix is not arXiv', () => {
    const r = ok(parseBibtexImport(bib('arxiv-export.bib')));
    expect(r.entries.map((e) => e.id)).toEqual(['2304.02643']);
    expect(r.entries[0]!.authors).toContain('Piotr Dollár');
    expect(r.skipped.map((s) => s.key)).toEqual(['hal2021other']);
  });

  it('bad input is a clear result, never a throw', () => {
    expect(parseBibtexImport('x'.repeat(MAX_BIB_CHARS + 1))).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(parseBibtexImport(42)).toMatchObject({ ok: false, error: { kind: 'not-text' } });
    expect(parseBibtexImport('\u0000\u0001PK')).toMatchObject({ ok: false, error: { kind: 'not-text' } });
    expect(parseBibtexImport('just some words')).toMatchObject({ ok: false, error: { kind: 'empty' } });
    // A broken entry before a good one: the good one is still read, the error reported.
    const r = ok(parseBibtexImport('@misc{broken, title = {unclosed\n\n@misc{good, eprint={2304.02643}, archivePrefix={arXiv}, title={Fine}}\n'));
    expect(r.entries.map((e) => e.id)).toEqual(['2304.02643']);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const garbage of ['@', '@misc{', '@@@{{{}}}', '@misc{a, title = "x', '@string{a = }', '}}}}@article{,}']) {
      expect(() => parseBibtexImport(garbage)).not.toThrow();
    }
  });

  it('a 10,000-character or HTML tag is bounded and kept as plain text', () => {
    const long = 'a'.repeat(10_000);
    const r = ok(parseBibtexImport(`@misc{x, eprint={2304.02643}, archivePrefix={arXiv}, title={A <b>bold</b> \\emph{claim}}, keywords={${long}, <img src=x onerror=alert(1)>}}`));
    const tags = r.entries[0]!.tags;
    expect(tags).toHaveLength(2);
    for (const t of tags) expect(t.length).toBeLessThanOrEqual(MAX_TAG_LENGTH);
    expect(tags).toContain('<img src=x onerror=alert(1)>'); // text, shown with textContent, never as HTML
    expect(r.entries[0]!.title).not.toMatch(/<\/?[a-z]/i); // the parser's <i> markup stripped
    expect(r.entries[0]!.title).toContain('claim');
  });
  it('TeX commands, math and ligatures decode to Unicode; @string macros and # join', () => {
    const r = ok(parseBibtexImport('@string{ai = "Artificial"}\n@misc{a, eprint={2304.02643}, archivePrefix={arXiv}, title = ai # { Intelligence: $x^2$ caf\\\'{e} --- {\\"O}l \\c{c}a}, author={Erd{\\H{o}}s, P{\\\'a}l and {Google Research}}}\n'));
    expect(r.entries[0]).toMatchObject({ title: 'Artificial Intelligence: x² café — Öl ça', authors: ['Pál Erdős', 'Google Research'] });
  });

  it('after a broken entry, later entries keep the @string macros, and the error names its line', () => {
    const text = ['@string{j = {arXiv preprint arXiv:2106.09685}}', '@misc{broken, title = {unclosed', '', '@string{bad = {unclosed}', '@article{hu, title={LoRA}, journal = j}', ''].join('\n');
    const r = ok(parseBibtexImport(text));
    expect(r.entries.map((e) => e.id)).toEqual(['2106.09685']);
    expect(r.errors[0]).toMatch(/^line 2 \(broken\): /);
  });
});
