/**
 * `npm run eval:relevance`: offline evaluation of the relevance model (utils/relevance) on the
 * real papers of the shared arXiv captures (tests/helpers/relevance-corpus.ts).
 *
 * Protocol, per topic (a primary category with at least MIN_TOPIC papers) and per seed:
 * - the reader "saved" k papers of the topic (k = 3: nearest-paper mode; k = half: linear model);
 * - 30% of the other papers were "seen and passed" (weak negatives);
 * - the rest of the topic (held out) must be found among the remaining papers.
 * Every paper of the captures counts in the document frequencies (the extension saw them).
 * Metrics: precision@10 and ROC AUC of the held-out topic papers, beside two baselines ranked
 * in the same run on the same candidates: "arXiv order" (capture order, the page's default)
 * and "keywords" (the 5 words most saved papers share, followed as keywords; count of matches).
 * Variants: all features; without category tokens (the topic *is* a category, so category
 * tokens make it easy: this variant measures the text model); titles only (listing pages such as
 * /recent carry no abstract, so the cs.CL /recent capture joins there).
 *
 * Exits non-zero when a floor printed at the end is missed. `--verbose` prints each topic.
 */
import { RelevanceEngine, type RelevanceOptions } from '../../utils/relevance';
import { paperTerms } from '../../utils/relevance/text';
import { seededRandom } from '../../utils/relevance/hash';
import { loadRelevanceCorpus, type CorpusPaper } from '../helpers/relevance-corpus';

const MIN_TOPIC = 9;
const SEEDS = [1, 2, 3, 4, 5];
const PASSED_SHARE = 0.3;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);

export interface Metrics {
  p10: number;
  auc: number;
}

/** ROC AUC by ranks (Mann-Whitney U), ties counted half. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, p: positive[i] === true })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j += 1;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) if (order[k]!.p) { rankSum += avgRank; nPos += 1; }
    i = j;
  }
  const nNeg = order.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Precision of the first 10 by score; ties broken by the given order (stable sort). */
export function precisionAt(scores: readonly number[], positive: readonly boolean[], k = 10): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  return idx.slice(0, k).filter((i) => positive[i]).length / k;
}

function shuffle<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

type Paper = CorpusPaper & { order: number };

function keywordScores(saved: readonly Paper[], candidates: readonly Paper[]): number[] {
  // Words (same tokenizer as the model, plural-folded) in the most saved papers.
  const docFreq = new Map<number, number>();
  for (const p of saved) for (const t of paperTerms(p).list()) if (t.kind === 'w') docFreq.set(t.bucket, (docFreq.get(t.bucket) ?? 0) + 1);
  const keywords = [...docFreq.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([k]) => k);
  return candidates.map((c) => {
    const keys = new Set(paperTerms(c).list().filter((t) => t.kind === 'w').map((t) => t.bucket));
    // Ties keep arXiv's order: subtract a tiny position term.
    return keywords.filter((k) => keys.has(k)).length - c.order * 1e-6;
  });
}

interface RunResult {
  model: Metrics;
  arxiv: Metrics;
  keywords: Metrics;
  mode: string;
  /** Best possible P@10 (fewer than 10 held-out papers cap it). */
  idealP10: number;
}

function runOnce(pool: readonly Paper[], topic: string, k: 'few' | 'half', seed: number, options: Partial<RelevanceOptions>): RunResult {
  const rand = seededRandom(seed * 7919 + topic.length);
  const members = shuffle(pool.filter((p) => p.primaryCategory === topic), rand);
  const others = shuffle(pool.filter((p) => p.primaryCategory !== topic), rand);
  const nSaved = k === 'few' ? 3 : Math.max(5, Math.floor(members.length / 2));
  const saved = members.slice(0, nSaved);
  const heldOut = members.slice(nSaved);
  const nPassed = Math.round(others.length * PASSED_SHARE);
  const passed = others.slice(0, nPassed);
  const candidates = [...heldOut, ...others.slice(nPassed)].sort((a, b) => a.order - b.order);
  const positive = candidates.map((c) => c.primaryCategory === topic);

  const engine = new RelevanceEngine({ ...options, seed });
  engine.observe(pool);
  saved.forEach((p, i) => engine.label(p, { kind: 'saved', at: NOW - (i + 1) * DAY }));
  passed.forEach((p, i) => engine.label(p, { kind: 'passed', at: NOW - (i + 1) * DAY }));
  engine.train(NOW);
  const results = engine.score(candidates);
  const modelScores = results.map((r, i) => r.score - candidates[i]!.order * 1e-9);
  const arxivScores = candidates.map((c) => -c.order);
  const kw = keywordScores(saved, candidates);
  const m = (s: number[]): Metrics => ({ p10: precisionAt(s, positive), auc: rocAuc(s, positive) });
  return { model: m(modelScores), arxiv: m(arxivScores), keywords: m(kw), mode: results[0]?.mode ?? 'none', idealP10: Math.min(10, heldOut.length) / 10 };
}

interface VariantSummary {
  name: string;
  regime: 'few' | 'half';
  mode: string;
  runs: number;
  model: Metrics;
  arxiv: Metrics;
  keywords: Metrics;
  idealP10: number;
}

function mean(xs: number[]): number {
  const ok = xs.filter(Number.isFinite);
  return ok.reduce((a, b) => a + b, 0) / (ok.length || 1);
}

function evaluate(name: string, pool: Paper[], options: Partial<RelevanceOptions>, verbose: boolean): VariantSummary[] {
  const counts = new Map<string, number>();
  for (const p of pool) if (p.primaryCategory) counts.set(p.primaryCategory, (counts.get(p.primaryCategory) ?? 0) + 1);
  const topics = [...counts.entries()].filter(([, n]) => n >= MIN_TOPIC).map(([t]) => t).sort();
  const out: VariantSummary[] = [];
  for (const regime of ['few', 'half'] as const) {
    const runs: RunResult[] = [];
    for (const topic of topics) {
      const mine: RunResult[] = SEEDS.map((seed) => runOnce(pool, topic, regime, seed, options));
      runs.push(...mine);
      if (verbose) {
        const f = (sel: (r: RunResult) => Metrics) => `P@10 ${mean(mine.map((r) => sel(r).p10)).toFixed(2)} AUC ${mean(mine.map((r) => sel(r).auc)).toFixed(3)}`;
        console.log(`  ${name} ${regime} ${topic} (${counts.get(topic)}): model ${f((r) => r.model)} | arXiv ${f((r) => r.arxiv)} | keywords ${f((r) => r.keywords)}`);
      }
    }
    const agg = (sel: (r: RunResult) => Metrics): Metrics => ({ p10: mean(runs.map((r) => sel(r).p10)), auc: mean(runs.map((r) => sel(r).auc)) });
    out.push({ name: `${name} [${topics.join(', ')}]`, regime, mode: runs[0]?.mode ?? 'none', runs: runs.length, model: agg((r) => r.model), arxiv: agg((r) => r.arxiv), keywords: agg((r) => r.keywords), idealP10: mean(runs.map((r) => r.idealP10)) });
  }
  return out;
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const corpus = loadRelevanceCorpus().map((p, order) => ({ ...p, order }));
  const withAbstract = corpus.filter((p) => p.abstract);
  const titlesOnly = corpus.map((p) => ({ ...p, abstract: null }));
  console.log(`Relevance evaluation: ${corpus.length} real papers from the captures (${withAbstract.length} with abstracts), seeds ${SEEDS.join(',')}, topic = primary category with >= ${MIN_TOPIC} papers.`);
  const t0 = performance.now();
  const summaries = [
    ...evaluate('title+abstract, all features', withAbstract, {}, verbose),
    ...evaluate('title+abstract, no category tokens', withAbstract, { omitKinds: ['c'] }, verbose),
    ...evaluate('titles only, no category tokens', titlesOnly, { omitKinds: ['c'] }, verbose),
  ];
  const f = (m: Metrics) => `P@10 ${m.p10.toFixed(2)}  AUC ${m.auc.toFixed(3)}`;
  console.log('');
  for (const s of summaries) {
    console.log(`${s.name}\n  saved ${s.regime === 'few' ? '3 (nearest-paper mode)' : 'half (linear model)'}, ${s.runs} runs, mode ${s.mode}`);
    console.log(`    model     ${f(s.model)}\n    arXiv     ${f(s.arxiv)}\n    keywords  ${f(s.keywords)}\n    (best possible P@10 ${s.idealP10.toFixed(2)})`);
  }
  console.log(`(${(performance.now() - t0).toFixed(0)} ms)`);

  // Floors, set below the figures of the first run (Dec 2026) so a regression shows, not noise:
  // the model beats arXiv's order everywhere and the keyword baseline wherever abstracts exist
  // (titles only, the two are level), and holds these absolute figures on title + abstract
  // without category tokens (the text model alone).
  const FLOOR = { few: { auc: 0.72, p10: 0.25 }, half: { auc: 0.78, p10: 0.25 } };
  const failures: string[] = [];
  for (const s of summaries) {
    if (!(s.model.auc > s.arxiv.auc)) failures.push(`${s.name} ${s.regime}: AUC ${s.model.auc.toFixed(3)} not above arXiv order ${s.arxiv.auc.toFixed(3)}`);
    if (s.name.startsWith('title+abstract') && !(s.model.auc > s.keywords.auc)) failures.push(`${s.name} ${s.regime}: AUC ${s.model.auc.toFixed(3)} not above keywords ${s.keywords.auc.toFixed(3)}`);
  }
  for (const s of summaries.filter((x) => x.name.startsWith('title+abstract, no category'))) {
    const floor = FLOOR[s.regime];
    if (s.model.auc < floor.auc) failures.push(`${s.name} ${s.regime}: AUC ${s.model.auc.toFixed(3)} < floor ${floor.auc}`);
    if (s.model.p10 < floor.p10) failures.push(`${s.name} ${s.regime}: P@10 ${s.model.p10.toFixed(2)} < floor ${floor.p10}`);
  }
  console.log(
    `\nFloors: AUC above arXiv order in every variant and above keywords with abstracts; title+abstract without category tokens: ` +
      `3 saved AUC >= ${FLOOR.few.auc}, P@10 >= ${FLOOR.few.p10}; half saved AUC >= ${FLOOR.half.auc}, P@10 >= ${FLOOR.half.p10}.`,
  );
  if (failures.length > 0) {
    console.log(`FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('All floors met.');
}

main();
