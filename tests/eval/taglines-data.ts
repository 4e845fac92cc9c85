/** The project's hand-written taglines and the helpers the eval and the fit share. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tagline } from '../../utils/paper';

export interface EvalEntry {
  id: string;
  category: string;
  fixture: string;
  title: string;
  abstract: string;
  headline: string;
  qualifier: string | null;
}

export function loadEvalSet(): EvalEntry[] {
  const path = fileURLToPath(new URL('../fixtures/taglines.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as EvalEntry[];
}

/** "We propose / show / present ..." — the claim-sentence baseline (SciTLDR SOURCES.md). */
const CLAIM_SENTENCE = /\b(?:we|this (?:paper|work))\s+(?:\w+ly\s+)?(?:propose|show|present|introduce|demonstrate|prove|develop|find|describe|study)/i;

export function claimSentence(sentences: readonly string[]): string {
  return sentences.find((s) => CLAIM_SENTENCE.test(s)) ?? sentences[0] ?? '';
}

export const headQual = (t: Tagline): string => (t.qualifier ? `${t.headline} ${t.qualifier}` : t.headline);

