/**
 * `npm run bench:relevance` (vite-node): issue 12's speed targets for the pure relevance and
 * BibTeX modules. Prints figures, never asserts (targets are printed beside them).
 *
 * Inputs are built from the real papers of the captures: 60,000 synthetic papers, each the
 * title and abstract sentences of two real papers mixed, so vocabulary and lengths are real.
 * Times are CPU time of this process (process.cpuUsage), median of 5, because the machines
 * running this are shared and wall time measures the neighbours.
 */
import { RelevanceEngine } from '../../utils/relevance';
import type { RelevanceInput } from '../../utils/relevance/text';
import { parseBibtexImport } from '../../utils/bibtex-import';
import { seededRandom } from '../../utils/relevance/hash';
import { loadRelevanceCorpus } from '../helpers/relevance-corpus';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);

function cpuMs(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function synthetic(n: number, base: ReturnType<typeof loadRelevanceCorpus>, seed: number): RelevanceInput[] {
  const rand = seededRandom(seed);
  const real = base.filter((p) => p.abstract);
  const pick = () => real[Math.floor(rand() * real.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const a = pick();
    const b = pick();
    const sa = a.abstract!.split(/(?<=\.)\s+/);
    const sb = b.abstract!.split(/(?<=\.)\s+/);
    return {
      id: `9${String(seed).padStart(2, '0')}${String(i).padStart(6, '0')}`,
      title: rand() < 0.5 ? a.title : b.title,
      abstract: [...sa.slice(0, Math.ceil(sa.length / 2)), ...sb.slice(Math.floor(sb.length / 2))].join(' '),
      authors: [...a.authors.slice(0, 2), ...b.authors.slice(0, 2)],
      categories: rand() < 0.5 ? a.categories : b.categories,
    };
  });
}

function main(): void {
  const base = loadRelevanceCorpus();
  const saved = synthetic(10_000, base, 1);
  const seen = synthetic(50_000, base, 2);
  const listing = synthetic(2_000, base, 3);
  const engine = new RelevanceEngine();
  const tags = ['reading', 'theory', 'quantum', 'systems', 'vision'];
  const setupMs = cpuMs(() => {
    engine.observe(seen);
    saved.forEach((p, i) => engine.label(p, { kind: 'saved', at: NOW - (i % 700) * DAY, tags: [tags[i % 5]!] }));
    seen.forEach((p, i) => engine.label(p, { kind: 'passed', at: NOW - (i % 700) * DAY }));
  });
  const coldMs = cpuMs(() => engine.train(NOW));
  // One new label, then the warm update (library model + the label's tag model, others untouched).
  const afterLabel: number[] = [];
  const afterNegative: number[] = [];
  for (let r = 0; r < 5; r += 1) {
    engine.label(listing[r]!, { kind: 'saved', at: NOW, tags: ['reading'] });
    afterLabel.push(cpuMs(() => engine.train(NOW)));
    engine.label(listing[100 + r]!, { kind: 'not-interested', at: NOW });
    afterNegative.push(cpuMs(() => engine.train(NOW)));
  }
  // As a tab does it: the listing is observed when the page is read ('papers:seen': terms and
  // idf), then its cards are scored. Scoring without that observe (the worker restarted after
  // the page was read) tokenises too, and is shown as well.
  const unobserved = synthetic(2_000, base, 4);
  const firstUnobserved = cpuMs(() => engine.score(unobserved));
  const observeMs = cpuMs(() => engine.observe(listing));
  const firstScoring = cpuMs(() => engine.score(listing));
  const scoring: number[] = [];
  for (let r = 0; r < 5; r += 1) scoring.push(cpuMs(() => engine.score(listing)));
  // Cards on screen are scored again after every label: train (timed above), then score.
  const afterSave: number[] = [];
  const afterNotInterested: number[] = [];
  for (let r = 0; r < 5; r += 1) {
    engine.label(listing[200 + r]!, { kind: 'saved', at: NOW, tags: ['reading'] });
    engine.train(NOW);
    afterSave.push(cpuMs(() => engine.score(listing)));
    engine.label(listing[300 + r]!, { kind: 'not-interested', at: NOW });
    engine.train(NOW);
    afterNotInterested.push(cpuMs(() => engine.score(listing)));
  }
  let stateBytes = 0;
  const stateMs = cpuMs(() => {
    const s = engine.toState();
    stateBytes = s.df.counts.byteLength + s.df.ids.byteLength + s.examples.idx.byteLength + s.examples.tf.byteLength +
      s.models.reduce((a, m) => a + m.weightIdx.byteLength + m.weightVal.byteLength, 0);
  });
  const restoreMs = cpuMs(() => RelevanceEngine.fromState(engine.toState()));

  // A 5,000-entry .bib in the arXiv export's style, real titles and authors.
  const bib = Array.from({ length: 5_000 }, (_, i) => {
    const p = base[i % base.length]!;
    return `@misc{k${i},\n  title={${p.title}},\n  author={${p.authors.join(' and ')}},\n  year={2026},\n  eprint={${p.id}},\n  archivePrefix={arXiv},\n  primaryClass={${p.primaryCategory ?? 'cs.LG'}},\n  keywords={tag${i % 7}, reading},\n  url={https://arxiv.org/abs/${p.id}},\n}\n`;
  }).join('\n');
  const bibRuns: number[] = [];
  let entries = 0;
  for (let r = 0; r < 3; r += 1) bibRuns.push(cpuMs(() => {
    const res = parseBibtexImport(bib);
    entries = res.ok ? res.entries.length + res.duplicates : -1;
  }));

  const row = (name: string, ms: number, target?: number) =>
    console.log(`${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms${target === undefined ? '' : `   target < ${target} ms: ${ms < target ? 'met' : 'MISSED'}`}`);
  console.log(`Relevance bench (CPU ms, median of 5; 10,000 saved + 50,000 seen, ${engine.stats().passed} passed kept)`);
  row('setup: observe 50k + label 60k (one-off, not a target)', setupMs);
  row('cold training, all models (first build / restore)', coldMs);
  row('training after a "saved" label (library + its tag)', median(afterLabel), 100);
  row('training after a "not interested" label (all models)', median(afterNegative), 100);
  row('observe a 2,000-entry listing (terms + idf, when the page is read)', observeMs);
  row('scoring a 2,000-entry listing, first time (after its observe)', firstScoring, 50);
  row('scoring a 2,000-entry listing again (score, why, nearest, tags)', median(scoring), 50);
  row('scoring it again after a "saved" label and training', median(afterSave), 50);
  row('scoring it again after a "not interested" label and training', median(afterNotInterested), 50);
  row('scoring a 2,000-entry listing never observed (tokenising too)', firstUnobserved);
  row(`state: toState (${(stateBytes / 1024 / 1024).toFixed(1)} MB of typed arrays)`, stateMs);
  row('state: fromState', restoreMs);
  row(`BibTeX: parse a 5,000-entry .bib (${(bib.length / 1024 / 1024).toFixed(1)} MB, ${entries} entries)`, median(bibRuns), 1000);
}

main();
