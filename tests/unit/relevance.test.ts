import { describe, expect, it } from 'vitest';
import { RelevanceEngine, RELEVANCE_STATE_VERSION } from '../../utils/relevance';
import { paperTerms, termBucket } from '../../utils/relevance/text';
import { loadRelevanceCorpus } from '../helpers/relevance-corpus';

const corpus = loadRelevanceCorpus();
const withAbstract = corpus.filter((p) => p.abstract);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const quantum = withAbstract.filter((p) => p.primaryCategory === 'quant-ph');
const others = withAbstract.filter((p) => p.primaryCategory !== 'quant-ph');

describe('paperTerms', () => {
  it('words, word pairs, authors and categories with readable forms; stopwords and TeX out', () => {
    const bag = paperTerms({
      id: 'x',
      title: 'Neural Networks for the Schrödinger equation',
      abstract: 'We propose $\\mathbb{R}^n$ neural networks; simulations of large-scale models.',
      authors: ['Raphaël Barboni'],
      categories: ['math.OC'],
    });
    const terms = bag.list();
    const words = terms.filter((t) => t.kind === 'w').map((t) => t.display);
    expect(words).toEqual(expect.arrayContaining(['neural', 'networks', 'schrödinger', 'equation', 'simulations', 'large-scale', 'models']));
    expect(words).not.toContain('the');
    expect(words).not.toContain('mathbb');
    expect(terms.filter((t) => t.kind === 'b').map((t) => t.display)).toContain('neural networks');
    // Plural folding: "networks" and "network" share a bucket; accents fold for the key.
    expect(terms.find((t) => t.display === 'networks')!.bucket).toBe(termBucket('w', 'network'));
    expect(terms.find((t) => t.display === 'schrödinger')!.bucket).toBe(termBucket('w', 'schrodinger'));
    expect(terms.find((t) => t.kind === 'a')).toMatchObject({ display: 'Raphaël Barboni', bucket: termBucket('a', 'barboni r') });
    expect(terms.find((t) => t.kind === 'c')).toMatchObject({ display: 'math.OC' });
    // The title counts twice.
    expect(terms.find((t) => t.display === 'equation')!.count).toBe(2);
  });

  it('is total on junk', () => {
    const junk = { id: 'j', title: 42, abstract: '\u0000'.repeat(10) + 'x'.repeat(100_000), authors: [null, ''], categories: [{}] } as never;
    expect(() => paperTerms(junk)).not.toThrow();
  });
});

function trained(saved: typeof withAbstract, tag?: string): RelevanceEngine {
  const e = new RelevanceEngine();
  e.observe(corpus);
  saved.forEach((p, i) => e.label(p, { kind: 'saved', at: NOW - i * DAY, tags: tag ? [tag] : [] }));
  others.slice(0, 60).forEach((p, i) => e.label(p, { kind: 'passed', at: NOW - i * DAY }));
  e.train(NOW);
  return e;
}

describe('RelevanceEngine on real papers', () => {
  it('nearest mode below 5 saved: a paper like two saved ones outscores unrelated ones, with a why', () => {
    const e = trained(quantum.slice(0, 2));
    expect(e.stats().models[0]).toMatchObject({ mode: 'nearest', positives: 2 });
    const held = quantum.slice(2);
    const unrelated = others.slice(60);
    const rs = e.score([...held, ...unrelated]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(rs.slice(0, held.length).map((r) => r.score))).toBeGreaterThan(mean(rs.slice(held.length).map((r) => r.score)));
    const top = rs.slice(0, held.length).sort((a, b) => b.score - a.score)[0]!;
    expect(top.mode).toBe('nearest');
    expect(top.why.length).toBeGreaterThan(0);
    expect(quantum.slice(0, 2).map((p) => p.id)).toContain(top.nearest!.id);
  });

  it('linear mode from 5 saved: held-out quant-ph papers rank high; scores in 0..1; self is never its own nearest', () => {
    const e = trained(quantum.slice(0, 8), 'quantum');
    expect(e.stats().models.map((m) => m.mode)).toEqual(['linear', 'linear']);
    const candidates = [...quantum.slice(8), ...others.slice(60)];
    const rs = e.score(candidates);
    for (const r of rs) expect(r.score).toBeGreaterThanOrEqual(0), expect(r.score).toBeLessThanOrEqual(1);
    const top10 = [...rs].sort((a, b) => b.score - a.score).slice(0, 10);
    const hits = top10.filter((r) => quantum.some((q) => q.id === r.id)).length;
    expect(hits).toBeGreaterThanOrEqual(5);
    expect(top10[0]!.why.map((w) => w.term).join(' ')).toMatch(/quantum/);
    expect(top10[0]!.tags[0]).toMatchObject({ tag: 'quantum' });
    const self = e.score([quantum[0]!])[0]!;
    expect(self.nearest!.id).not.toBe(quantum[0]!.id);
    expect(e.topTerms(null, 5).map((t) => t.term)).toContain('quantum');
  });

  it('"not interested" pushes similar papers down; unlabel undoes it', () => {
    const e = trained(quantum.slice(0, 8));
    const target = quantum[10]!;
    const before = e.score([target])[0]!.score;
    quantum.slice(11, 16).forEach((p) => e.label(p, { kind: 'not-interested', at: NOW }));
    e.train(NOW);
    expect(e.score([target])[0]!.score).toBeLessThan(before);
    // A "passed" never overrides a stronger label.
    e.label(quantum[0]!, { kind: 'passed', at: NOW });
    expect(e.stats().saved).toBe(8);
  });

  it('older labels weigh less: the topic saved recently outranks the one saved two years ago', () => {
    const learning = withAbstract.filter((p) => p.primaryCategory === 'cs.LG');
    const build = (quantumAge: number, learningAge: number): RelevanceEngine => {
      const e = new RelevanceEngine();
      e.observe(corpus);
      quantum.slice(0, 6).forEach((p) => e.label(p, { kind: 'saved', at: NOW - quantumAge * DAY }));
      learning.slice(0, 6).forEach((p) => e.label(p, { kind: 'saved', at: NOW - learningAge * DAY }));
      others.filter((p) => p.primaryCategory !== 'cs.LG').slice(0, 60).forEach((p) => e.label(p, { kind: 'passed', at: NOW }));
      e.train(NOW);
      return e;
    };
    const quantumRecent = build(1, 720);
    const quantumOld = build(720, 1);
    const target = quantum.slice(8);
    const mean = (e: RelevanceEngine) => e.score(target).reduce((a, r) => a + r.score, 0) / target.length;
    expect(mean(quantumRecent)).toBeGreaterThan(mean(quantumOld));
  });

  it('state round-trips exactly; newer or damaged states are refused with a reason', () => {
    const e = trained(quantum.slice(0, 8), 'quantum');
    const state = structuredClone(e.toState());
    expect(state.version).toBe(RELEVANCE_STATE_VERSION);
    const back = RelevanceEngine.fromState(state);
    if (!back.ok) throw new Error(back.message);
    const probe = others.slice(60, 80);
    expect(back.engine.score(probe)).toEqual(e.score(probe));
    expect(RelevanceEngine.fromState({ ...state, version: RELEVANCE_STATE_VERSION + 1 })).toMatchObject({ ok: false, reason: 'newer-version' });
    expect(RelevanceEngine.fromState({ ...state, df: { ...state.df, counts: new Uint8Array([5, 0x80]) } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(RelevanceEngine.fromState(null)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('with nothing saved every paper scores 0 in mode none', () => {
    const e = new RelevanceEngine();
    e.observe(corpus);
    e.train(NOW);
    expect(e.score(corpus.slice(0, 3)).map((r) => [r.mode, r.score, r.nearest])).toEqual([['none', 0, null], ['none', 0, null], ['none', 0, null]]);
  });
});

describe('RelevanceEngine: scoring again reuses what did not change', () => {
  it('after labels and training, a listing scored again equals the same listing scored by a fresh engine', () => {
    const e = trained(quantum.slice(0, 8), 'quantum');
    const listing = [...quantum.slice(8), ...others.slice(60, 400)];
    e.score(listing); // terms, vectors, nearest and sums now kept per paper
    // Labels on listing papers (already observed: the idf stays as it was), in both modes.
    e.label(listing[0]!, { kind: 'saved', at: NOW, tags: ['quantum'] });
    e.label(listing[50]!, { kind: 'saved', at: NOW, tags: [] });
    e.label(listing[60]!, { kind: 'not-interested', at: NOW });
    e.train(NOW);
    const again = e.score(listing);
    const restored = RelevanceEngine.fromState(e.toState());
    if (!restored.ok) throw new Error(restored.message);
    const fresh = restored.engine.score(listing);
    expect(again.map((r) => r.id)).toEqual(fresh.map((r) => r.id));
    again.forEach((r, i) => {
      const f = fresh[i]!;
      expect(r.score).toBeCloseTo(f.score, 5);
      expect(r.why.map((w) => w.term)).toEqual(f.why.map((w) => w.term));
      // An exact scan at this library size: the same paper (restored vectors round differently).
      expect(r.nearest?.id).toBe(f.nearest?.id);
      expect(r.nearest?.similarity ?? 0).toBeCloseTo(f.nearest?.similarity ?? 0, 6);
      expect(r.tags.map((t) => t.tag)).toEqual(f.tags.map((t) => t.tag));
    });
    // The new saved paper is the nearest of itself nowhere, and the nearest of papers like it.
    expect(again[0]!.nearest?.id).not.toBe(listing[0]!.id);
  });
});
