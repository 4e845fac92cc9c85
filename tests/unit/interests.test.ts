import { describe, expect, it } from 'vitest';
import { compileInterests, matchInterests, parseLines, syncItemBytes } from '../../utils/interests';
import { normalizeSettings } from '../../utils/settings';

const paper = {
  title: 'Mean-field limits of deep transformers',
  authors: ['Enrique Zuazua', 'Borjan Geshkovski', 'Cyril Letrouit'],
  abstract: 'We study large language models (LLMs) and the LLM training dynamics in the mean field regime, à la Vlasov.',
};
const lists = (over: Partial<Parameters<typeof compileInterests>[0]>) =>
  compileInterests({ followAuthors: [], followKeywords: [], mutedKeywords: [], ...over });

describe('interests', () => {
  it('matches followed authors and keywords as whole words, ignoring case and accents, and says why', () => {
    expect(matchInterests(paper, lists({ followAuthors: ['zuazua'] })).match).toBe('you follow zuazua');
    expect(matchInterests(paper, lists({ followAuthors: ['Zua'] })).match).toBeNull();
    expect(matchInterests(paper, lists({ followAuthors: ['Geshkovski Zuazua'] })).match).toBeNull();
    expect(matchInterests({ ...paper, authors: ['Émile Borel'] }, lists({ followAuthors: ['Emile Borel'] })).match).toBe('you follow Emile Borel');
    expect(matchInterests(paper, lists({ followKeywords: ['mean-field', 'transformer', 'VLASOV'] })).match).toBe('keyword: mean-field · keyword: VLASOV');
    expect(matchInterests(paper, lists({ followKeywords: ['a la vlasov'] })).match).toBe('keyword: a la vlasov');
  });

  it('mutes with the reason', () => {
    expect(matchInterests(paper, lists({ mutedKeywords: ['LLM', 'diffusion'] })).muted).toBe('muted: LLM');
    expect(matchInterests(paper, lists({ mutedKeywords: ['LL'] })).muted).toBeNull();
  });

  it('never treats an entry as a pattern and copes with hostile entries', () => {
    const hostile = ['.*', '(q+)+$', '[', '\\', '\u202Ellm\u202C', 'x'.repeat(10_000), '', '   '];
    const m = matchInterests(paper, lists({ followKeywords: hostile, mutedKeywords: hostile, followAuthors: hostile }));
    // Only the RTL-wrapped "llm" is a real word sequence that occurs.
    expect(m).toEqual({ match: 'keyword: \u202Ellm\u202C', muted: 'muted: \u202Ellm\u202C' });
    const regexy = matchInterests({ ...paper, title: 'On C++ and (a+b)* languages' }, lists({ followKeywords: ['(a+b)*', 'c++'] }));
    expect(regexy.match).toBe('keyword: (a+b)* · keyword: c++');
  });

  it('reads one entry per line; settings keep only string lists', () => {
    expect(parseLines(' a \n\nB\nb\r\nmean field ')).toEqual(['a', 'B', 'mean field']);
    expect(normalizeSettings({ followAuthors: ['x', 3] }).followAuthors).toEqual([]);
    expect(normalizeSettings({ followAuthors: 'Zuazua' }).followAuthors).toEqual([]);
    expect(normalizeSettings({ mutedKeywords: ['LLM'] }).mutedKeywords).toEqual(['LLM']);
    expect(syncItemBytes('settings', { a: 'é' })).toBe('settings'.length + '{"a":"é"}'.length + 1);
  });
});
