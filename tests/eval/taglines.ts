/**
 * `npm run eval:taglines`: scores the extractive engine on SciTLDR-A dev (618 papers, read in
 * place from ../shared) and on the project's own hand-written taglines (tests/fixtures/
 * taglines.json), with the baselines of issue 10 in the same run, and exits non-zero when a
 * figure falls below its floor. ROUGE: tests/eval/rouge.ts (multi-max, rouge-score tokens,
 * Porter stemming). `--verbose` prints every card; `--worst N` the N worst dev cards (default 5).
 * Run with vite-node, so it stays outside `npm test`'s unit include.
 */
import { extractTagline } from '../../utils/tagline';
import { HEADLINE_MAX, HEADLINE_MIN, HEADLINE_TYPICAL_MIN, HEADLINE_RULES, headlineRuleViolations, type HeadlineRule } from '../../utils/tagline-rules';

import type { Tagline } from '../../utils/paper';
import { multiMaxRouge, type Rouge } from './rouge';
import { abstractOf, loadScitldr } from './scitldr';
import { claimSentence, headQual, loadEvalSet } from './taglines-data';
import { READ_CHECK_NAMES, ReadTally } from './taglines-reads';

/**
 * Floors: what the engine reaches today (2026-12-01, session 5, weights refitted on its new
 * readings: dev h+q R1 38.8, headline 34.9, no rule broken, own h+q 37.95, dev h+q 0.5 above the
 * claim-sentence baseline of the same run), rounded down a little. The own-set floor went from
 * 38 to 37.8 on purpose: the readings this session added (no background or pronoun qualifiers,
 * no split coordinations) cost train R1 0.26 and own R1 0.4, and the refit keeps the weights
 * file what `npm run fit:taglines` writes. Issue 10's R1 targets (h+q 44, headline 40) are not
 * reached: the headline is one sentence's claim without "we propose" (words the gold TLDRs often
 * use), about 12 words against 20-word TLDRs; the oracle best sentence of each abstract scores
 * R1 47.8 and the title alone 37.1 (both printed above). Richer sentence scorers fitted on
 * SciTLDR train (hashed words, within-abstract ranks, a 12-unit MLP) chose sentences no better on
 * dev (argmax body R1 40.3 linear, 40.5 with words, 40.4 MLP).
 */
export const FLOORS = {
  devHeadQualR1: 38.6,
  devHeadR1: 34.6,
  devViolationsPct: 1,
  ownHeadQualR1: 37.8,
  /** Dev headline + qualifier R1 minus the claim-sentence baseline's. */
  devOverClaim: 0.3,
  /**
   * Ceilings, not floors (taglines-reads.ts): dev heads cut mid-phrase with an ellipsis were
   * about 10% before the complement cuts (2026-12-01), 2.3% after; the other bad reads 0.3%.
   */
  devEllipsisPct: 4,
  devOtherReadsPct: 1,
} as const;

class Mean {
  private sum: Rouge = { r1: 0, r2: 0, rl: 0 };
  private n = 0;
  add(r: Rouge): void {
    this.sum = { r1: this.sum.r1 + r.r1, r2: this.sum.r2 + r.r2, rl: this.sum.rl + r.rl };
    this.n += 1;
  }
  get r1(): number {
    return (100 * this.sum.r1) / Math.max(1, this.n);
  }
  line(label: string): string {
    const f = (x: number): string => ((100 * x) / Math.max(1, this.n)).toFixed(1).padStart(6);
    return `  ${label.padEnd(34)}${f(this.sum.r1)}${f(this.sum.r2)}${f(this.sum.rl)}`;
  }
}

interface RuleTally {
  cards: number;
  violating: number;
  byRule: Map<HeadlineRule, number>;
  lenSum: number;
  inRange: number;
  withQualifier: number;
}

function tally(): RuleTally {
  return { cards: 0, violating: 0, byRule: new Map(HEADLINE_RULES.map((r) => [r, 0])), lenSum: 0, inRange: 0, withQualifier: 0 };
}

function count(t: RuleTally, tag: Tagline, title: string): HeadlineRule[] {
  const broken = headlineRuleViolations(tag.headline, title);
  t.cards += 1;
  if (broken.length > 0) t.violating += 1;
  for (const r of broken) t.byRule.set(r, (t.byRule.get(r) ?? 0) + 1);
  t.lenSum += tag.headline.length;
  if (tag.headline.length >= HEADLINE_TYPICAL_MIN && tag.headline.length <= HEADLINE_MAX) t.inRange += 1;
  if (tag.qualifier) t.withQualifier += 1;
  return broken;
}

function printTally(t: RuleTally): void {
  const pct = (k: number): string => `${((100 * k) / Math.max(1, t.cards)).toFixed(1)}%`;
  console.log(`  headline length: mean ${(t.lenSum / Math.max(1, t.cards)).toFixed(0)} chars, ${pct(t.inRange)} within ${HEADLINE_TYPICAL_MIN}-${HEADLINE_MAX} (the usual length; the rule is ${HEADLINE_MIN}-${HEADLINE_MAX}); qualifier on ${pct(t.withQualifier)}`);
  const broken = [...t.byRule].filter(([, k]) => k > 0).map(([r, k]) => `${r} ${k}`);
  console.log(`  rule violations: ${pct(t.violating)} of headlines${broken.length ? ` (${broken.join(', ')})` : ''}`);
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const worstAt = process.argv.indexOf('--worst');
  const worstN = worstAt !== -1 ? Number(process.argv[worstAt + 1] ?? 5) : 5;

  // SciTLDR-A dev.
  const dev = loadScitldr('dev');
  const m = { head: new Mean(), hq: new Mean(), lead: new Mean(), claim: new Mean(), title: new Mean(), oracle: new Mean() };
  const devRules = tally();
  const devReads = new ReadTally();
  const cards: { id: string; r1: number; tag: Tagline; gold: string; broken: HeadlineRule[] }[] = [];
  for (const p of dev) {
    const tag = extractTagline({ title: p.title, abstract: abstractOf(p) });
    const hq = multiMaxRouge(headQual(tag), p.targets);
    m.head.add(multiMaxRouge(tag.headline, p.targets));
    m.hq.add(hq);
    m.lead.add(multiMaxRouge(p.sentences[0] ?? '', p.targets));
    m.claim.add(multiMaxRouge(claimSentence(p.sentences), p.targets));
    // Reference points, not candidates: the title (which the card already shows) and the best
    // single sentence of the abstract chosen by looking at the gold (what no extractive
    // choice of one sentence can beat).
    m.title.add(multiMaxRouge(p.title, p.targets));
    m.oracle.add(p.sentences.map((x) => multiMaxRouge(x, p.targets)).reduce((a, b) => (b.r1 > a.r1 ? b : a), { r1: 0, r2: 0, rl: 0 }));
    const broken = count(devRules, tag, p.title);
    devReads.add(tag);
    cards.push({ id: p.id, r1: hq.r1, tag, gold: p.targets[0] ?? '', broken });
  }
  console.log(`\nSciTLDR-A dev: ${dev.length} papers, multi-max ROUGE F1 x 100 (Porter-stemmed rouge-score tokens)`);
  console.log(`  ${''.padEnd(34)}    R1    R2    RL`);
  console.log(m.hq.line('headline + qualifier'));
  console.log(m.head.line('headline alone'));
  console.log(m.lead.line('baseline: first sentence'));
  console.log(m.claim.line('baseline: "we propose/show..." sentence'));
  console.log(m.title.line('reference: the title alone'));
  console.log(m.oracle.line('ceiling: best sentence (oracle)'));
  printTally(devRules);
  console.log(devReads.line());

  const byScore = [...cards].sort((a, b) => a.r1 - b.r1);
  console.log(`\n  ${worstN} worst dev cards (headline + qualifier R1):`);
  for (const c of verbose ? cards : byScore.slice(0, worstN)) {
    console.log(`  [${c.id}] R1 ${(100 * c.r1).toFixed(1)} ${c.broken.join(' ')}\n    got:  ${c.tag.headline}\n          / ${c.tag.qualifier ?? '-'}\n    gold: ${c.gold}`);
  }

  // The project's own hand-written set: one gold per paper (headline, or headline + qualifier).
  const own = loadEvalSet();
  const o = { head: new Mean(), hq: new Mean(), lead: new Mean() };
  const ownRules = tally();
  const ownReads = new ReadTally();
  for (const e of own) {
    const tag = extractTagline({ title: e.title, abstract: e.abstract });
    const gold = e.qualifier ? `${e.headline} ${e.qualifier}` : e.headline;
    o.head.add(multiMaxRouge(tag.headline, [e.headline]));
    o.hq.add(multiMaxRouge(headQual(tag), [gold]));
    o.lead.add(multiMaxRouge(extractFirstSentence(e.abstract), [gold]));
    const broken = count(ownRules, tag, e.title);
    ownReads.add(tag);
    if (verbose) console.log(`  [${e.id}] ${broken.join(' ')}\n    got:  ${tag.headline}\n          / ${tag.qualifier ?? '-'}\n    hand: ${e.headline}\n          / ${e.qualifier ?? '-'}`);
  }
  console.log(`\nOwn hand-written set: ${own.length} papers (tests/fixtures/taglines.json)`);
  console.log(`  ${''.padEnd(34)}    R1    R2    RL`);
  console.log(o.hq.line('headline + qualifier vs hand h+q'));
  console.log(o.head.line('headline vs hand headline'));
  console.log(o.lead.line('baseline: first sentence vs h+q'));
  printTally(ownRules);
  console.log(ownReads.line());

  const devViolationsPct = (100 * devRules.violating) / Math.max(1, devRules.cards);
  const devOtherReads = READ_CHECK_NAMES.filter((k) => k !== 'head ends in …').reduce((a, k) => a + devReads.pct(k), 0);
  const checks: [string, number, number, boolean][] = [
    ['dev headline + qualifier R1', m.hq.r1, FLOORS.devHeadQualR1, m.hq.r1 >= FLOORS.devHeadQualR1],
    ['dev headline R1', m.head.r1, FLOORS.devHeadR1, m.head.r1 >= FLOORS.devHeadR1],
    ['dev rule violations %', devViolationsPct, FLOORS.devViolationsPct, devViolationsPct <= FLOORS.devViolationsPct],
    ['own headline + qualifier R1', o.hq.r1, FLOORS.ownHeadQualR1, o.hq.r1 >= FLOORS.ownHeadQualR1],
    ['dev h+q R1 - claim baseline', m.hq.r1 - m.claim.r1, FLOORS.devOverClaim, m.hq.r1 - m.claim.r1 >= FLOORS.devOverClaim],
    ['dev heads in … % (ceiling)', devReads.pct('head ends in …'), FLOORS.devEllipsisPct, devReads.pct('head ends in …') <= FLOORS.devEllipsisPct],
    ['dev bad reads % (ceiling)', devOtherReads, FLOORS.devOtherReadsPct, devOtherReads <= FLOORS.devOtherReadsPct],
  ];
  console.log('\nFloors (issue 10 targets: dev h+q R1 >= 44, headline R1 >= 40, violations <= 1%):');
  for (const [label, value, floor, ok] of checks) {
    console.log(`  ${label.padEnd(30)} ${value.toFixed(1).padStart(6)}  floor ${String(floor).padStart(5)}  ${ok ? 'ok' : 'BELOW FLOOR'}`);
  }
  if (checks.some(([, , , ok]) => !ok)) process.exitCode = 1;
}

function extractFirstSentence(abstract: string): string {
  const m = /^.*?[.!?](?=\s+\p{Lu}|$)/su.exec(abstract.trim());
  return m ? m[0] : abstract;
}

main();
