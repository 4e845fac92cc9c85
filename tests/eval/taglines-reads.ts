/**
 * How a card's tagline reads, beyond the headline rules (utils/tagline-rules.ts): patterns a
 * reader stumbles on that no rule forbids, counted by `npm run eval:taglines` so a change that
 * brings them back shows. Heuristics over the text, for the evaluation only.
 */
import type { Tagline } from '../../utils/paper';

export const READ_CHECKS = {
  /** The head was cut mid-phrase and ends in an ellipsis ("... a form of higher-dimensional…"). */
  'head ends in …': (t: Tagline) => t.headline.endsWith('…'),
  /** A subordinate clause or an infinitive of purpose, with no main clause ("To share X ..."). */
  'head is a fragment': (t: Tagline) => /^(?:As|Since|Because|While|Whereas|Although|Though|Unless|Whether|Such as|Including|To (?!date\b)[a-z]+)\s/.test(t.headline),
  /** A hedge turned into an action ("Hypothesizing that X") instead of the claim X. */
  'hedge as a gerund': (t: Tagline) => /^(?:Conjectur|Hypothesi[sz]|Speculat|Postulat|Argu)ing\b/.test(t.headline),
  /** A second action of the authors' left in the head ("X and propose Y"). */
  'second verb in head': (t: Tagline) => /\band (?:propose|design|introduce|present|develop)\b/.test(t.headline),
  /** A head opening on a pronoun that points outside the card ("They are ...", "Their use ..."). */
  'head opens on a pronoun': (t: Tagline) => /^(?:They|Their|Its|It (?!is |was ))\b/.test(t.headline),
  /** "And calibrates X ...": the head starts in the middle of a coordination ("Anding X": "we A-ly and B-ly V" misread). */
  'head opens on a conjunction': (t: Tagline) => /^(?:And|Or|But|Nor)(?:ing)?\b/.test(t.headline),
  /** "Are able to self-supervise X" ("we show that are able to ..."): a clause without its subject. */
  'head opens on a verb': (t: Tagline) => /^(?:Are|Is|Was|Were|Can|Could|Has|Have|Had|Will|Would|May|Might|Does|Do|Did)\s/.test(t.headline),
  /** "... requires a non-negligible": an article and an adjective whose noun is in the qualifier. */
  'head ends before its noun': (t: Tagline) => /\b(?:a|an|the) [\p{L}-]*(?:al|ic|ive|ous|able|ible)$/u.test(t.headline),
  /** "An unified", "An universal": the article of a vowel letter with a consonant sound; "a RND-based" of an acronym read letter by letter. */
  'wrong article': (t: Tagline) => /^An (?:uni|use|usu|uti|eu)/i.test(t.headline) || /(?:^|\s)[Aa] [AEFHILMNORSX][A-Z]/.test(t.headline),
} as const;

export type ReadCheck = keyof typeof READ_CHECKS;

export const READ_CHECK_NAMES = Object.keys(READ_CHECKS) as ReadCheck[];

export class ReadTally {
  cards = 0;
  readonly hits = new Map<ReadCheck, number>(READ_CHECK_NAMES.map((k) => [k, 0]));

  add(t: Tagline): void {
    this.cards += 1;
    for (const name of READ_CHECK_NAMES) {
      if (READ_CHECKS[name](t)) this.hits.set(name, (this.hits.get(name) ?? 0) + 1);
    }
  }

  pct(name: ReadCheck): number {
    return (100 * (this.hits.get(name) ?? 0)) / Math.max(1, this.cards);
  }

  line(): string {
    return `  reads: ${[...this.hits].map(([k, n]) => `${k} ${n} (${this.pct(k).toFixed(1)}%)`).join(', ')}`;
  }
}
