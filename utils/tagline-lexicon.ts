/**
 * Word lists and patterns of the tagline engine: lead-ins stripped before the claim, claim and
 * result cues, clause boundaries and the words a headline may not end on.
 */

/** Discourse openers that add nothing to a headline ("Here,", "Moreover,", "In this paper,"). */
export const CONNECTIVE = new RegExp(
  '^(?:here(?:in)?|moreover|furthermore|finally|additionally|in addition|overall|specifically|' +
    'notably|importantly|in particular|interestingly|surprisingly|remarkably|crucially|critically|' +
    'thus|therefore|hence|consequently|as a result|together|taken together|in summary|in short|' +
    'in conclusion|to this end|to (?:the best of )?our knowledge|' +
    'in th(?:is|e present) (?:paper|work|letter|article|study|note|report|manuscript|contribution|review|thesis|chapter)|' +
    'first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|however|nevertheless|nonetheless|also|further|' +
    'more (?:broadly|generally|precisely|specifically|importantly)|besides|indeed|in contrast|' +
    'by contrast|on the other hand|similarly|likewise|accordingly|altogether|then|next|ultimately|' +
    'collectively|in practice|unfortunately|understandably|naturally|ironically|in fact|most importantly|by and large|in general|but|and yet|yet)\\b\\s*,?\\s*',
  'i',
);

const ADVERBS = '(?:(?:[a-z]+ly|also|further|then|now|here|first|can|could|additionally|indeed|thereby|subsequently|independently)\\s+)*';

const STRONG_CLAIM = 'prove[sd]?|show(?:s|ed|n)?|establish(?:es|ed)?|demonstrate[sd]?|find|finds|found|discover(?:s|ed)?|uncover(?:s|ed)?|reveal(?:s|ed)?|confirm(?:s|ed)?|conclude[sd]?';
const WEAK_CLAIM = 'observe[sd]?|report(?:s|ed)?|identif(?:y|ies|ied)|derive[sd]?|obtain(?:s|ed)?|determine[sd]?|predict(?:s|ed)?|verif(?:y|ies|ied)|detect(?:s|ed)?|measure[sd]?|infer(?:s|red)?|argue[sd]?|' +
  // Hedged claims: "We hypothesize that X" states X, not an action ("Hypothesizing that X ..." read
  // as a fragment on 6 of 2,685 SciTLDR + own-set cards, 2026-12-01).
  'hypothesi[sz]e[sd]?|conjecture[sd]?|postulate[sd]?|speculate[sd]?|' +
  // "We highlight that X" states X ("Highlighting that conventional VAEs are brittle" on dev).
  'highlight(?:s|ed)?(?=\\s+that\\b)';

/** Claim verbs that only hedge (HEDGE_VERB.test(verb)): counted like "we argue". */
export const HEDGE_VERB = /^(?:argue|hypothesi|conjectur|postulat|speculat)/i;

export const STRONG_VERB = new RegExp(`^(?:${STRONG_CLAIM})$`, 'i');

/**
 * "..., we prove that X" / "We show X". Unanchored: the prefix is the text before the match
 * (an anchored lazy prefix would backtrack through every position). Group 1: verb, 2: "that".
 */
export const WE_CLAIM = new RegExp(
  `\\b(?:we|i)\\s+${ADVERBS}(${STRONG_CLAIM}|${WEAK_CLAIM})(?:\\s+(?:through|by|using|via|with|in|on|from|for|numerically|analytically|experimentally|theoretically|rigorously|empirically)\\b[^;]{0,160}?(?=,?\\s+that\\b),?)?\\s+(that,?\\s+|how\\s+)?`,
  'i',
);

/**
 * "We benchmark X and demonstrate that Y", "We combine A and B to determine that Y", "This work
 * provides a counterpoint to X by proving that Y": the claim is the clause after the second verb.
 */
export const AND_CLAIM = /\b(?:(?:and|to)\s+(?:also\s+|[a-z]{3,}ly\s+)?(?:show|demonstrate|prove|find|establish|confirm|reveal|determine|conclude|argue|showed|demonstrated|proved|found|established|confirmed|revealed|determined|concluded|observed|argued|shows|demonstrates|proves|finds|establishes|confirms|reveals|concludes|argues)|by\s+(?:showing|proving|demonstrating|establishing|revealing|arguing))\s+that,?\s+/i;

/** "These results establish X as Y" -> "X serve(s) as Y". */
export const ESTABLISH_AS = /^(?:these|our|the)\s+(?:results|findings|data|observations|experiments)\s+(?:establish|identify|position|reveal)\s+(.{3,80}?)\s+as\s+(.+)$/i;

/** "Our results show that X", "Experiments on three benchmarks demonstrate that X". */
const RESULTS_VERB_THAT = new RegExp(
  '\\b(show(?:s|ed)?|demonstrate[sd]?|indicate[sd]?|reveal(?:s|ed)?|suggest(?:s|ed)?|confirm(?:s|ed)?|' +
    'establish(?:es|ed)?|impl(?:y|ies|ied)|prove[sd]?|find|finds|predict(?:s|ed)?|verif(?:y|ies|ied)|' +
    'highlight(?:s|ed)?|support(?:s|ed)?|means|clarif(?:y|ies|ied)|explain(?:s|ed)?|determine[sd]?)\\s+(that|how),?\\s+',
  'i',
);

/** The subject of RESULTS_VERB_THAT must be a results-like noun at most 60 characters earlier. */
const RESULTS_NOUN = /\b(?:results?|findings?|experiments?|simulations?|analys[ie]s|evaluations?|observations?|measurements?|calculations?|benchmark(?:s|ing)?|study|work|paper|letter|theory|data|evidence|tests?|comparisons?|modell?ing|optimi[sz]ation|this|which)\b[^,;]{0,60}$/i;

/** "Our results show that X", "Experiments on three benchmarks demonstrate that X". */
export function resultsClaim(s: string): { prefix: string; verb: string; how: boolean; body: string } | null {
  const m = RESULTS_VERB_THAT.exec(s);
  if (!m || m.index > 180) return null;
  const before = s.slice(0, m.index);
  const noun = RESULTS_NOUN.exec(before);
  if (!noun || noun.index > 100) return null;
  const how = (m[2] ?? '').toLowerCase() === 'how';
  // "establish how X relates to Y" states a result; "explain how" without a result noun does not.
  if (how && !/^(?:establish|show|demonstrate|reveal|clarif|explain|determine)/i.test(m[1] ?? '')) return null;
  return { prefix: before.slice(0, noun.index), verb: m[1] ?? '', how, body: s.slice(m.index + m[0].length) };
}

/** "Our main result is that X", "A special case of our main results is that X". */
export const MAIN_RESULT = /\b(?:our|the)\s+main\s+(?:[\w-]+\s+)?(?:results?|theorems?|contributions?|findings?)\s+(?:is|are|states?|shows?|says?|asserts?)\s+(?:that\s+)?(.+)$/i;

/** "We propose/introduce/present X, a Y that Z" (also "This paper presents X"). */
export const PROPOSAL = new RegExp(
  // "This paper", also "this technical report" / "this short note" (up to two words between).
  '\\b(?:we|this\\s+(?:[a-z-]+\\s+){0,2}?(?:paper|work|letter|article|study|report|note|thesis|chapter|research|survey|review|contribution|submission))\\s+' +
    ADVERBS +
    '(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|develop(?:s|ed)?|design(?:s|ed)?|build|builds|' +
    'construct(?:s|ed)?|describe[sd]?|implement(?:s|ed)?|provide[sd]?|offer(?:s|ed)?|create[sd]?|' +
    'devise[sd]?|formulate[sd]?|release[sd]?)\\s+',
  'i',
);

/** Verbs that study a topic without claiming a result ("We study X"). */
/**
 * "We identify its shortcomings and propose X" / "We fill this gap and introduce X": a proposal
 * coordinated after another action of the authors', so PROPOSAL (which wants "we" right before
 * the verb) misses it. Used only when a "we" comes earlier in the sentence.
 */
export const AND_PROPOSAL = /(?:,\s*|\s)and\s+(?:then\s+|also\s+|further\s+|thus\s+|hence\s+|therefore\s+|finally\s+)?(?:propose|introduce|present|develop|design|devise)\s+/i;

/** AND_PROPOSAL, or the proposal as the means: "We address these issues by proposing X". */
export const COORDINATED_PROPOSAL = new RegExp(`${AND_PROPOSAL.source}|\\sby\\s+(?:proposing|introducing|presenting|developing|designing|devising)\\s+`, 'i');

export const TOPIC_ONLY = /\b(?:we|i)\s+(?:\w+ly\s+)?(?:study|studies|investigate|consider|explore|examine|analy[sz]e|discuss|review|address|focus|revisit|aim|seek|ask|employ|use|apply|perform|conduct|model|simulate|compare|evaluate|assess|benchmark|test|extend|generali[sz]e|work|construct|define|also)\b/i;

/**
 * Verbs and words that report a result, matched on the lowercased sentence without the `i`
 * flag: case-insensitive alternations of this size dominated the run time.
 */
const PERFORMANCE = /\b(?:outperform(?:s|ed)?|surpass(?:es|ed)?|achieve[sd]?|improve[sd]?|reduce[sd]?|increase[sd]?|accelerate[sd]?|speeds? up|enable[sd]?|yield(?:s|ed)?|exceed(?:s|ed)?|deliver(?:s|ed)?|attain(?:s|ed)?|beats?|match(?:es)?|converge[sd]?|recover(?:s|ed)?|reproduce[sd]?|preserve[sd]?|eliminate[sd]?|exhibit(?:s|ed)?|display(?:s|ed)?|decidable|undecidable|np-hard|equivalent|exists?|holds?|emerge[sd]?|scale[sd]?|dominate[sd]?|drive[sd]?|drove|produce[sd]?)\b/;

const COMPARATIVE = /\b(?:than|faster|slower|higher|lower|better|worse|superior|larger|smaller|fewer|state-of-the-art|first)\b/;

const QUANTITY = /\d(?:[\d.,]*)\s?(?:%|x\b|×|-fold|fold|times\b|percent|orders? of magnitude|σ|sigma)/;

/** PERFORMANCE, COMPARATIVE and QUANTITY as one alternation (group 1, 2, 3). */
const RESULT_WORDS = new RegExp(`\\b(?:(${PERFORMANCE.source.slice(5, -3)})|(${COMPARATIVE.source.slice(5, -3)}))\\b|(${QUANTITY.source})`, 'g');

/** The three patterns on their own, global so that a search can start at a given position. */
const RESULT_PATTERNS: readonly RegExp[] = [PERFORMANCE, COMPARATIVE, QUANTITY].map((re) => new RegExp(re.source, 'g'));

/**
 * Which of PERFORMANCE (1), COMPARATIVE (2) and QUANTITY (4) match `lower`. The union's first
 * match is the leftmost position where any of them matches, so none of the other two matches
 * before it: each is searched for from there on, once. (Walking every match of the union, with
 * a match object per result word, took 1.7 times as long on SciTLDR's sentences.)
 */
export function resultWordFlags(lower: string): number {
  RESULT_WORDS.lastIndex = 0;
  const m = RESULT_WORDS.exec(lower);
  if (m === null) return 0;
  const first = m[1] !== undefined ? 0 : m[2] !== undefined ? 1 : 2;
  let flags = 1 << first;
  RESULT_PATTERNS.forEach((re, i) => {
    if (i === first) return;
    re.lastIndex = m.index;
    if (re.test(lower)) flags |= 1 << i;
  });
  return flags;
}

export const OUTLOOK = /\b(?:highlights?|pave[sd]? the way|underscor(?:e|es|ing)|implications?|future (?:work|research|studies)|open(?:s)? (?:new )?(?:avenues|directions|questions)|we hope|we believe|is available|are available|code|github|https?:|www\.|accepted|workshop|submission|this https url|lays? the groundwork|valuable resource|broad(?:er)? applicability)\b/;

export const ANAPHORIC_START = /^(?:it|this|they|them|that|those|such|these|which|here)\b/i;

export const SECONDARY_START = /^(?:also|finally|further(?:more)?|additionally|in addition|moreover|lastly)\b/i;

// ---------------------------------------------------------------------------------------------
// Clause boundaries: where a headline may end. Strength says how natural the cut is; the
// condition markers are strongest because DESIGN.md wants the condition in the qualifier.
// ---------------------------------------------------------------------------------------------

/** Verbs a paper uses for its own actions; "and implement it in X" after one is a second step. */
export const AUTHOR_VERBS = new Set(
  ('implement apply analyze analyse use show demonstrate test validate evaluate derive compute study ' +
    'investigate discuss compare benchmark release provide illustrate explore examine establish prove ' +
    'find identify develop introduce present propose construct characterize characterise calculate ' +
    'measure obtain determine predict report describe extend deploy train simulate quantify assess ' +
    'explain verify discover reveal observe design perform build solve employ exploit make integrate ' +
    'incorporate embed package distribute open-source publish validate calibrate fit tune optimize ' +
    'optimise outline summarize summarise highlight consider address').split(' '),
);

/** "compare" -> "compares", "apply" -> "applies", "analyse" -> "analyses": the paper's own voice. */
function thirdPerson(verb: string): string {
  if (/(?:s|sh|ch|x|z)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** AUTHOR_VERBS and their third-person forms ("This paper presents X and compares Y"). */
const AUTHOR_VERB_FORMS = [...AUTHOR_VERBS].flatMap((v) => [thirdPerson(v), v]).join('|');

const COORDINATED_VP = new RegExp(`(?:,\\s+|\\s+)(?=and\\s+(?:then\\s+|also\\s+|further\\s+)?(?:${AUTHOR_VERB_FORMS})\\s)`, 'gi');

/**
 * "We construct X and analyze Y": a second action with its own object (not "and implement it"),
 * so the proposal's object X alone ("Homogeneous phase maps") is no claim.
 */
export const SECOND_ACTION = new RegExp(`^[^,;]{0,120}?\\sand\\s+(?:then\\s+|also\\s+|further\\s+)?(?:${AUTHOR_VERB_FORMS})\\s+(?!it\\b|them\\b)`, 'i');

interface BoundaryRule {
  re: RegExp;
  strength: number;
  /** Strength in a noun-phrase headline ("a theory of X for arbitrary crystals"), if different. */
  npStrength?: number;
  /**
   * Only where the cut-off part is shown beside the head (the headline and its qualifier): a
   * qualifier cut here would drop its own end instead ("can fail" for "can fail to maximize X…").
   */
  headlineOnly?: boolean;
}

export const BOUNDARIES: BoundaryRule[] = [
  { re: /(?:,\s+|\s+)(?=(?:when|whenever|if|only if|provided that|as long as|so long as|unless|even when|even if|assuming|given that|under|although|though|because|in the (?:presence|absence|limit|regime|case) of)\s)/gi, strength: 1.9 },
  // "holds for all n" is a condition; "a theory of X for arbitrary crystals" is X's complement.
  { re: /(?:,\s+|\s+)(?=for (?:all|every|any|sufficiently|arbitrar(?:y|ily)|generic|almost all)\s)/gi, strength: 1.9, npStrength: 0.2 },
  // "We develop X and implement it in Y": the second step is never part of X.
  { re: COORDINATED_VP, strength: 1.5 },
  { re: /;\s+/g, strength: 1.1 },
  { re: /\s+(?:--|—|–|-)\s+/g, strength: 1.0 },
  { re: /,\s+(?=(?:which|where|whereby|whose|thus|thereby|hence|so that|such that|while|whereas|but|yet)\s)/gi, strength: 1.0 },
  { re: /,\s+(?=[a-z]+ing\s)/g, strength: 1.0 },
  // "X are brittle but that Y improve Z" (after "we highlight that"): a second "that"-clause.
  { re: /\s+(?=(?:while|whereas|but that|and that)\s)/gi, strength: 0.9 },
  { re: /,\s+(?=(?:and|or)\s)/gi, strength: 0.8 },
  { re: /\s+(?=(?:by|via|through|using|based on|due to|thanks to|owing to|in order to|without|with)\s)/gi, strength: 0.7 },
  { re: /,\s+/g, strength: 0.5 },
  { re: /\s+(?=(?:and|or)\s)/gi, strength: 0.4 },
  { re: /\s+(?=(?:in|on|at|for|over|between|within|into|across|against|among|from)\s)/gi, strength: 0.2 },
  // "an extension of the Transformer which includes ...": a relative clause without its comma.
  // Weak, but a whole phrase beats a word cut with an ellipsis (10% of headlines, 2026-12-01).
  { re: /\s+(?=(?:which|whose|whereby)\s)/gi, strength: 0.1, headlineOnly: true },
  // "... to naturally occurring perturbations" / "of images found in videos": a complement
  // split off still reads as a phrase; the weakest cut that is not a word cut with an ellipsis.
  { re: /\s+(?=(?:of|to|as|that)\s)/gi, strength: 0.05, headlineOnly: true },
];

export const FULL_STRENGTH = 1.25;
export const WORD_CUT_STRENGTH = -0.8;

/** Words that always need a complement; a headline never ends on one ("first", "due"). */
const COMPLEMENT_WORDS = [
  'capable', 'incapable', 'able', 'unable', 'due', 'first', 'according', 'prior', 'akin',
  'compared', 'respect', 'regardless', 'irrespective', 'owing', 'thanks', 'prone',
  // "... a star that is part" / "a system composed" once "of X" is cut off.
  'part', 'composed', 'consisting', 'comprised', 'instead',
  // Verbs whose "that"-clause is the point: "... stacks and argues" (cut before "that gossip ...").
  'argue', 'argues', 'argued', 'shows', 'showed', 'suggest', 'suggests', 'suggested', 'demonstrate',
  'demonstrates', 'demonstrated', 'reveal', 'reveals', 'revealed', 'indicate', 'indicates',
  'indicated', 'implies', 'implied', 'proves', 'proved', 'ensures', 'assumes', 'asserts',
  'establishes', 'confirms',
  // "... algorithms that do not rely" once "on a gradient estimate" is cut off.
  'rely', 'relies', 'relied', 'depend', 'depends',
  // "... a counterpoint to this belief by proving" once "that X" is cut off.
  'proving', 'showing', 'demonstrating', 'arguing', 'revealing',
  // "... a method which allows" once "using X" is cut off.
  'allow', 'allows', 'enable', 'enables', 'permit', 'permits',
];

/**
 * Adjectives that need their complement when the text goes on with it ("relationships
 * consistent with X") but may end a predicate ("surrogates are not Bayes consistent").
 */
export const COMPLEMENT_ADJECTIVES = new Set([
  'consistent', 'inconsistent', 'similar', 'comparable', 'relative', 'analogous', 'proportional',
  'suitable', 'applicable', 'amenable', 'susceptible', 'responsible', 'subject', 'identical',
  'equal', 'close', 'related', 'sensitive', 'insensitive', 'specific', 'dependent', 'independent',
  // Participles whose agent or source was cut off: "equations driven" once "by noise" is gone.
  'driven', 'induced', 'caused', 'governed', 'mediated', 'dominated', 'controlled', 'generated',
  'characterized', 'characterised', 'accompanied', 'supported', 'subjected', 'based',
  // "an engine tailored" once "for X" is cut off: the purpose goes with them.
  'tailored', 'designed', 'intended', 'dedicated', 'devoted', 'aimed', 'optimized', 'optimised',
  // "... feature disentanglement paired" once "with X" is cut off.
  'paired', 'equipped',
]);

/** Words a headline must not end on: conjunctions, prepositions, articles, relative pronouns. */
export const DANGLING_WORDS = new Set([
  'and', 'or', 'but', 'nor', 'so', 'yet', 'of', 'to', 'in', 'for', 'with', 'by', 'on', 'at',
  'from', 'into', 'onto', 'over', 'under', 'via', 'than', 'as', 'that', 'which', 'whose', 'where',
  'when', 'while', 'whereas', 'the', 'a', 'an', 'between', 'among', 'across', 'through', 'within',
  'without', 'about', 'against', 'along', 'toward', 'towards', 'upon', 'per', 'its', 'their',
  'our', 'this', 'these', 'those', 'both', 'either', 'neither', 'such', 'is', 'are', 'was', 'were',
  'be', 'been', 'being', 'has', 'have', 'had', 'can', 'will', 'would', 'should', 'may', 'might',
  'must', 'if', 'whether', 'because', 'since', 'although', 'though', 'unless', 'thus', 'thereby',
  'hence', 'e.g', 'i.e', 'namely', 'including', 'like', 'versus', 'vs', 'not', 'also', 'even',
  'only', 'still', 'more', 'most', 'very', 'further', 'rather', 'then',
  // Determiners and prepositions that still need their noun.
  'each', 'every', 'another', 'several', 'various', 'any', 'some', 'no', 'after', 'before',
  'during', 'despite', 'beyond', 'below', 'above', 'near', 'around', 'until', 'unlike', 'except',
  'throughout', 'inside', 'outside', 'beside', 'amid', 'whom', 'who',
  // Words that need a complement: "consistent (with)", "capable (of)", "first (assuming)".
  ...COMPLEMENT_WORDS,
]);

/** Openers a headline must never start with (DESIGN.md: no "we", no "In this paper"...). */
export const BANNED_LEAD_INS = /^(?:we|our|us|in this (?:paper|work|letter|article|study|note|report)|this (?:paper|work|letter|article|study|note|report)|here|herein|moreover|furthermore|in addition|additionally|however|finally|thus|therefore|hence|also|overall|then)\b/i;

export const PRONOUN_WE = /\b(?:we|ours?|ourselves|us)\b/i;


/** Openers of a fronted adverbial phrase ("For $q=2$, X ...", "Given that A, B ..."). */
export const FRONTED = /^(?:compared (?:with|to)|in contrast to|instead of|rather than|due to|thanks to|owing to|motivated by|inspired by|even (?:for|with|in|when|if|under|though)|unlike|relative to|for|under|in|at|on|with|using|by|after|across|when|whenever|if|despite|although|though|while|given(?: that)?|since|because|based on|applied to|assuming|within|upon)\s/i;

/**
 * "We VERB X" left over once the claim and proposal patterns had their turn ("We relate X to Y",
 * "To address this, we restructure X"): group 1 is the verb. At the start or after a comma,
 * so "what we call X" is no match.
 */
export const WE_OTHER = /(?:^|,\s+)(?:we|i)\s+(?:(?:[a-z]+ly(?:,?\s+and\s+[a-z]+ly)?|also|further|then|first|here|now)\s+)*([a-z]{3,})\s+(?=\S)/i;

/** Words after "we" that are no action of the authors' (modals, auxiliaries, stance verbs). */
export const WE_NOT_ACTION = new Set(
  ('are were have had has can could will would may might should must shall do did does need needs ' +
    'also then here now thus therefore hence believe hope argue call refer want wish aim seek tried try ' +
    'get got see saw know and but nor').split(' '),
);

/** One-syllable verbs that double their last consonant before "-ing" ("put" -> "putting"). */
const DOUBLING = new Set('put set cut get run map plan stop drop fit split let rig pin tag ship scan trim'.split(' '));

/** The "-ing" form of a verb's base form ("relate" -> "relating", "study" -> "studying"). */
export function gerund(base: string): string {
  const b = base.toLowerCase();
  if (DOUBLING.has(b)) return `${b}${b.slice(-1)}ing`;
  if (b.endsWith('ie')) return `${b.slice(0, -2)}ying`;
  if (/[^aeiouy]e$/.test(b) || /[^e]ue$/.test(b)) return `${b.slice(0, -1)}ing`;
  return `${b}ing`;
}
