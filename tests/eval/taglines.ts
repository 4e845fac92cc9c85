/**
 * `npm run eval:taglines`: scores the extractive engine against the hand-written taglines in
 * tests/fixtures/taglines.json (written before the engine was tuned).
 *
 * Prints the mean ROUGE-L F1 (longest common subsequence over lowercased word tokens) of the
 * engine's headline against the hand-written one, and the share of headlines meeting each rule
 * of DESIGN.md ("Taglines"). Run with vite-node (the TypeScript runner vitest itself uses), so it
 * stays outside `npm test`'s unit include. Pass `--verbose` to print every card.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractTagline } from '../../utils/tagline';
import { HEADLINE_RULES, headlineRuleViolations, type HeadlineRule } from '../../utils/tagline-rules';

export interface EvalEntry {
  id: string;
  category: string;
  fixture: string;
  title: string;
  abstract: string;
  headline: string;
  qualifier: string | null;
}

/** Lowercased word tokens; math and punctuation split like words so `$q=2$` still matches. */
export function tokens(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+(?:[.'-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** ROUGE-L F1 between two token lists (Lin 2004, beta = 1). */
export function rougeL(candidate: readonly string[], reference: readonly string[]): number {
  if (candidate.length === 0 || reference.length === 0) return 0;
  let prev = new Array<number>(reference.length + 1).fill(0);
  for (const c of candidate) {
    const cur = new Array<number>(reference.length + 1).fill(0);
    for (let j = 1; j <= reference.length; j += 1) {
      cur[j] = c === reference[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    prev = cur;
  }
  const lcs = prev[reference.length] ?? 0;
  if (lcs === 0) return 0;
  const p = lcs / candidate.length;
  const r = lcs / reference.length;
  return (2 * p * r) / (p + r);
}

export function loadEvalSet(): EvalEntry[] {
  const path = fileURLToPath(new URL('../fixtures/taglines.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as EvalEntry[];
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const set = loadEvalSet();
  let rougeSum = 0;
  let qualRougeSum = 0;
  let qualCount = 0;
  let withQualifier = 0;
  const fails = new Map<HeadlineRule, number>(HEADLINE_RULES.map((r) => [r, 0]));
  const results = set.map((e) => extractTagline({ title: e.title, abstract: e.abstract }));
  // Benchmark (issue 4): 2,000 abstracts, CPU time of this process, best of five rounds.
  const bench = Array.from({ length: 2000 }, (_, i) => set[i % set.length] as EvalEntry);
  let cpuMs = Infinity;
  for (let round = 0; round < 5; round += 1) {
    const c0 = process.cpuUsage();
    for (const e of bench) extractTagline(e);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  set.forEach((e, i) => {
    const got = results[i];
    if (!got) return;
    const f = rougeL(tokens(got.headline), tokens(e.headline));
    rougeSum += f;
    if (got.qualifier) withQualifier += 1;
    if (e.qualifier) {
      qualCount += 1;
      qualRougeSum += got.qualifier ? rougeL(tokens(got.qualifier), tokens(e.qualifier)) : 0;
    }
    const broken = headlineRuleViolations(got.headline, e.title);
    for (const r of broken) fails.set(r, (fails.get(r) ?? 0) + 1);
    if (verbose) {
      console.log(`\n[${e.id}] ${e.category}  ROUGE-L ${f.toFixed(2)}  ${broken.join(' ')}`);
      console.log(`  hand: ${e.headline}\n        / ${e.qualifier ?? '-'}`);
      console.log(`  got:  ${got.headline} (${got.headline.length})\n        / ${got.qualifier ?? '-'}`);
    }
  });
  const n = set.length;
  const pct = (k: number): string => `${((100 * k) / n).toFixed(1)}%`;
  console.log(`\nTagline evaluation: ${n} hand-written taglines (tests/fixtures/taglines.json)`);
  console.log(`  headline ROUGE-L F1 (mean)         ${(rougeSum / n).toFixed(3)}`);
  console.log(`  qualifier ROUGE-L F1 (mean)        ${(qualCount ? qualRougeSum / qualCount : 0).toFixed(3)}`);
  console.log(`  qualifier present                  ${pct(withQualifier)}`);
  console.log('  share of headlines meeting each rule:');
  const label: Record<HeadlineRule, string> = {
    length: 'length 60-110 chars',
    'no-we': 'no we/our/us',
    'no-lead-in': 'no banned lead-in',
    capitalised: 'capitalised',
    'math-balanced': 'balanced $',
    'no-trailing-word': 'no trailing conjunction/preposition',
    'not-title': 'not equal to title',
    'no-dangling-punctuation': 'no dangling comma/punctuation',
  };
  for (const r of HEADLINE_RULES) console.log(`    ${label[r].padEnd(36)} ${pct(n - (fails.get(r) ?? 0))}`);
  console.log(`  extractive engine: ${cpuMs.toFixed(0)} ms CPU for 2,000 abstracts (target < 200 ms)`);
}

main();
