/**
 * The extractive tagline engine: abstract (+ title) -> { headline, qualifier }.
 *
 * Pure, deterministic and offline (DESIGN.md, "Taglines"). The headline states the paper's main
 * claim as subject + verb + result, without "we"/"our" or a discourse lead-in, cut at a clause
 * boundary to about 60-110 characters with `$...$` math kept whole. The qualifier is the clause
 * that was cut off (a condition or mechanism), else a prefix condition ("Under assumption X, we
 * prove ..."), else the best other result sentence. Falls back to the title, never to nothing.
 */
import type { Tagline } from './paper';
import { findProtectedSpans, splitNormalisedSentences, type Span } from './sentences';

export const HEADLINE_MIN = 60;
export const HEADLINE_MAX = 110;
export const QUALIFIER_MAX = 140;

export interface TaglineInput {
  title: string;
  abstract: string | null;
}

// ---------------------------------------------------------------------------------------------
// Text normalisation: abstracts arrive as DOM text (possibly with HTML-looking tags that arXiv
// escaped once too often) or as TeX source from the API. Cards show plain text + `$...$` math.
// ---------------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', minus: '−', times: '×', plusmn: '±', deg: '°', micro: 'µ', alpha: 'α',
  beta: 'β', gamma: 'γ', delta: 'δ', kappa: 'κ', lambda: 'λ', mu: 'μ', sigma: 'σ', tau: 'τ',
};

const COMBINING: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303',
};

/**
 * Turns abstract/title text into the plain-text + `$...$` form the card renders. `title`, when
 * given, names the macros an abstract uses for its own system (`\ntbuilder{}` -> "NTBuilder").
 */
export function normaliseText(raw: string, title?: string): string {
  let s = raw;
  // Each rewrite runs only when its trigger character occurs: 2,000 abstracts must take < 200 ms.
  // Inline HTML that arrived as text ("Bi<sub>2</sub>O<sub>2</sub>Se"): keep the content.
  if (s.includes('<')) s = s.replace(/<\/?(?:sub|sup|i|b|em|strong|span|br|p|a|u|tt|small)\b[^<>]{0,200}>/gi, '');
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
      if (e.startsWith('#')) {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  }
  if (s.includes('\\')) {
    // TeX accents and text macros outside math; citations carry nothing a reader can use.
    s = s.replace(/\\(["'`^~])\{?([A-Za-z])\}?/g, (_m, a: string, ch: string) =>
      (ch + (COMBINING[a] ?? '')).normalize('NFC'),
    );
    s = s.replace(/\\(?:cite[pt]?|citealp|ref|eqref|label)\{[^}]*\}/g, '');
    s = s.replace(/\\(?:textbf|textit|emph|texttt|textrm|textsf|textsc|underline|mbox|text)\{([^{}]*)\}/g, '$1');
    s = unescapeOutsideMath(s);
    if (s.includes('\\')) s = stripProseMacros(s, title ?? '');
  }
  if (s.includes("''") || s.includes('``')) s = s.replace(/``|''/g, '"');
  if (s.includes('~')) s = s.replace(/(^|[^\\])~/g, '$1 ');
  // KaTeX on the card reads `$...$`; arXiv abstracts also use \( \) and \[ \].
  if (s.includes('\\(') || s.includes('\\[')) s = s.replace(/\\\(|\\\)/g, '$').replace(/\\\[|\\\]/g, '$$$$');
  return (/\s\s|[\t\n\r\f\v\u00a0]/.test(s) ? s.replace(/\s+/g, ' ') : s).trim();
}

/**
 * `\%`, `\&`, `\_` and `\#` become plain characters in prose, but stay escaped inside `$...$`:
 * KaTeX reads a bare `%` in math as the start of a comment and drops the rest of the formula.
 */
function unescapeOutsideMath(s: string): string {
  if (!/\\[%&#_,;! ]/.test(s)) return s;
  // TeX spacing commands ("0.04\,yrs") become a plain space in prose.
  return mapProse(s, (t) => t.replace(/\\([%&#_])/g, '$1').replace(/\\[,;! ]/g, ' '));
}

/** Applies `prose` to the text outside math and URLs (findProtectedSpans), keeping those as is. */
function mapProse(s: string, prose: (text: string) => string): string {
  let out = '';
  let pos = 0;
  for (const sp of findProtectedSpans(s)) {
    out += prose(s.slice(pos, sp.start)) + s.slice(sp.start, sp.end);
    pos = sp.end;
  }
  return out + prose(s.slice(pos));
}

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Sigma', 'Phi', 'Psi', 'Omega']);

/**
 * Raw TeX macros left in prose (outside `$...$`) after the known text macros were rewritten:
 * `\foo{word}` keeps the word, `\ntbuilder{}` / `\ntbuilder` become the title's spelling of the
 * name ("NTBuilder") or nothing; a Greek letter becomes inline math so KaTeX still shows it.
 */
function stripProseMacros(s: string, title: string): string {
  const titleWord = (name: string): string => {
    if (title === '' || name.length < 3) return '';
    const lower = name.toLowerCase();
    for (const w of title.split(/[^\p{L}\p{N}-]+/u)) if (w.toLowerCase() === lower) return w;
    return '';
  };
  const prose = (t: string): string => {
    if (!t.includes('\\')) return t;
    const out = t.replace(/\\([A-Za-z]+)(?:\{([^{}]*)\})?/g, (_m, name: string, arg: string | undefined) => {
      if (arg !== undefined && arg.trim() !== '') return arg;
      if (GREEK.has(name)) return `$\\${name}$`;
      return titleWord(name);
    });
    // "in  (NanoTube Builder)" after a dropped macro: no space before a comma or period.
    return out.replace(/ +([,.;:])/g, '$1');
  };
  return mapProse(s, prose);
}

/** Removes `$` signs that have no partner, so the card never shows half a formula. */
export function balanceMath(s: string): string {
  const spans = findProtectedSpans(s);
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] ?? '';
    if (c === '$' && s[i - 1] !== '\\' && !spans.some((sp) => i >= sp.start && i < sp.end)) continue;
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lead-ins: what is stripped so the claim's own subject starts the headline.
// ---------------------------------------------------------------------------------------------

/** Discourse openers that add nothing to a headline ("Here,", "Moreover,", "In this paper,"). */
const CONNECTIVE = new RegExp(
  '^(?:here(?:in)?|moreover|furthermore|finally|additionally|in addition|overall|specifically|' +
    'notably|importantly|in particular|interestingly|surprisingly|remarkably|crucially|critically|' +
    'thus|therefore|hence|consequently|as a result|together|taken together|in summary|in short|' +
    'in conclusion|to this end|to (?:the best of )?our knowledge|' +
    'in th(?:is|e present) (?:paper|work|letter|article|study|note|report|manuscript|contribution|review|thesis|chapter)|' +
    'first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|however|nevertheless|nonetheless|also|further|' +
    'more (?:broadly|generally|precisely|specifically|importantly)|besides|indeed|in contrast|' +
    'by contrast|on the other hand|similarly|likewise|accordingly|altogether|then|next|ultimately|' +
    'collectively|in practice)\\b\\s*,?\\s*',
  'i',
);

const ADVERBS = '(?:(?:[a-z]+ly|also|further|then|now|here|first|can|could|additionally|indeed|thereby|subsequently|independently)\\s+)*';

const STRONG_CLAIM = 'prove[sd]?|show(?:s|ed|n)?|establish(?:es|ed)?|demonstrate[sd]?|find|finds|found|discover(?:s|ed)?|uncover(?:s|ed)?|reveal(?:s|ed)?|confirm(?:s|ed)?|conclude[sd]?';
const WEAK_CLAIM = 'observe[sd]?|report(?:s|ed)?|identif(?:y|ies|ied)|derive[sd]?|obtain(?:s|ed)?|determine[sd]?|predict(?:s|ed)?|verif(?:y|ies|ied)|detect(?:s|ed)?|measure[sd]?|infer(?:s|red)?|argue[sd]?';

const STRONG_VERB = new RegExp(`^(?:${STRONG_CLAIM})$`, 'i');

/**
 * "..., we prove that X" / "We show X". Unanchored: the prefix is the text before the match
 * (an anchored lazy prefix would backtrack through every position). Group 1: verb, 2: "that".
 */
const WE_CLAIM = new RegExp(
  `\\b(?:we|i)\\s+${ADVERBS}(${STRONG_CLAIM}|${WEAK_CLAIM})(?:\\s+(?:through|by|using|via|with|in|on|from|for|numerically|analytically|experimentally|theoretically|rigorously|empirically)\\b[^,]{0,60}?(?=\\s+that\\b))?\\s+(that,?\\s+|how\\s+)?`,
  'i',
);

/**
 * "We benchmark X and demonstrate that Y", "We combine A and B to determine that Y": the claim
 * is the clause after the second verb.
 */
const AND_CLAIM = /\b(?:and|to)\s+(?:also\s+)?(?:show|demonstrate|prove|find|establish|confirm|reveal|determine|conclude)\s+that,?\s+/i;

/** "These results establish X as Y" -> "X serve(s) as Y". */
const ESTABLISH_AS = /^(?:these|our|the)\s+(?:results|findings|data|observations|experiments)\s+(?:establish|identify|position|reveal)\s+(.{3,80}?)\s+as\s+(.+)$/i;

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
function resultsClaim(s: string): { prefix: string; verb: string; how: boolean; body: string } | null {
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
const MAIN_RESULT = /\b(?:our|the)\s+main\s+(?:[\w-]+\s+)?(?:results?|theorems?|contributions?|findings?)\s+(?:is|are|states?|shows?|says?|asserts?)\s+(?:that\s+)?(.+)$/i;

/** "We propose/introduce/present X, a Y that Z" (also "This paper presents X"). */
const PROPOSAL = new RegExp(
  '\\b(?:we|this\\s+(?:paper|work|letter|article|study|report|note|thesis|chapter))\\s+' +
    ADVERBS +
    '(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?|develop(?:s|ed)?|design(?:s|ed)?|build|builds|' +
    'construct(?:s|ed)?|describe[sd]?|implement(?:s|ed)?|provide[sd]?|offer(?:s|ed)?|create[sd]?|' +
    'devise[sd]?|formulate[sd]?|release[sd]?)\\s+',
  'i',
);

/** Verbs that study a topic without claiming a result ("We study X"). */
const TOPIC_ONLY = /\b(?:we|i)\s+(?:\w+ly\s+)?(?:study|studies|investigate|consider|explore|examine|analy[sz]e|discuss|review|address|focus|revisit|aim|seek|ask|employ|use|apply|perform|conduct|model|simulate|compare|evaluate|assess|benchmark|test|extend|generali[sz]e|work|construct|define|also)\b/i;

/**
 * Verbs and words that report a result, matched on the lowercased sentence without the `i`
 * flag: case-insensitive alternations of this size dominated the run time.
 */
const PERFORMANCE = /\b(?:outperform(?:s|ed)?|surpass(?:es|ed)?|achieve[sd]?|improve[sd]?|reduce[sd]?|increase[sd]?|accelerate[sd]?|speeds? up|enable[sd]?|yield(?:s|ed)?|exceed(?:s|ed)?|deliver(?:s|ed)?|attain(?:s|ed)?|beats?|match(?:es)?|converge[sd]?|recover(?:s|ed)?|reproduce[sd]?|preserve[sd]?|eliminate[sd]?|exhibit(?:s|ed)?|display(?:s|ed)?|decidable|undecidable|np-hard|equivalent|exists?|holds?|emerge[sd]?|scale[sd]?|dominate[sd]?|drive[sd]?|drove|produce[sd]?)\b/;

const COMPARATIVE = /\b(?:than|faster|slower|higher|lower|better|worse|superior|larger|smaller|fewer|state-of-the-art|first)\b/;

const QUANTITY = /\d(?:[\d.,]*)\s?(?:%|x\b|×|-fold|fold|times\b|percent|orders? of magnitude|σ|sigma)/;

/**
 * PERFORMANCE, COMPARATIVE and QUANTITY in one pass (group 1, 2, 3). Their matches can never
 * overlap (the word lists share no word, and a quantity starts with a digit), so walking the
 * matches of the union finds exactly the patterns that match on their own.
 */
const RESULT_WORDS = new RegExp(`\\b(?:(${PERFORMANCE.source.slice(5, -3)})|(${COMPARATIVE.source.slice(5, -3)}))\\b|(${QUANTITY.source})`, 'g');

/** Which of PERFORMANCE (1), COMPARATIVE (2) and QUANTITY (4) match `lower`. */
function resultWordFlags(lower: string): number {
  let flags = 0;
  RESULT_WORDS.lastIndex = 0;
  for (let m = RESULT_WORDS.exec(lower); m !== null && flags !== 7; m = RESULT_WORDS.exec(lower)) {
    flags |= m[1] !== undefined ? 1 : m[2] !== undefined ? 2 : 4;
  }
  return flags;
}

const OUTLOOK = /\b(?:highlights?|pave[sd]? the way|underscor(?:e|es|ing)|implications?|future (?:work|research|studies)|open(?:s)? (?:new )?(?:avenues|directions|questions)|we hope|we believe|is available|are available|code|github|https?:|www\.|accepted|workshop|submission|this https url|lays? the groundwork|valuable resource|broad(?:er)? applicability)\b/;

const ANAPHORIC_START = /^(?:it|this|they|them|that|those|such|these|which|here)\b/i;

const SECONDARY_START = /^(?:also|finally|further(?:more)?|additionally|in addition|moreover|lastly)\b/i;

// ---------------------------------------------------------------------------------------------
// Clause boundaries: where a headline may end. Strength says how natural the cut is; the
// condition markers are strongest because DESIGN.md wants the condition in the qualifier.
// ---------------------------------------------------------------------------------------------

/** Verbs a paper uses for its own actions; "and implement it in X" after one is a second step. */
const AUTHOR_VERBS = new Set(
  ('implement apply analyze analyse use show demonstrate test validate evaluate derive compute study ' +
    'investigate discuss compare benchmark release provide illustrate explore examine establish prove ' +
    'find identify develop introduce present propose construct characterize characterise calculate ' +
    'measure obtain determine predict report describe extend deploy train simulate quantify assess ' +
    'explain verify discover reveal observe design perform build solve employ exploit make integrate ' +
    'incorporate embed package distribute open-source publish validate calibrate fit tune optimize ' +
    'optimise outline summarize summarise highlight consider address').split(' '),
);

const COORDINATED_VP = new RegExp(`(?:,\\s+|\\s+)(?=and\\s+(?:then\\s+|also\\s+|further\\s+)?(?:${[...AUTHOR_VERBS].join('|')})\\s)`, 'gi');

interface BoundaryRule {
  re: RegExp;
  strength: number;
  /** Strength in a noun-phrase headline ("a theory of X for arbitrary crystals"), if different. */
  npStrength?: number;
}

const BOUNDARIES: BoundaryRule[] = [
  { re: /(?:,\s+|\s+)(?=(?:when|whenever|if|only if|provided that|as long as|so long as|unless|even when|even if|assuming|given that|under|although|though|because|in the (?:presence|absence|limit|regime|case) of)\s)/gi, strength: 1.9 },
  // "holds for all n" is a condition; "a theory of X for arbitrary crystals" is X's complement.
  { re: /(?:,\s+|\s+)(?=for (?:all|every|any|sufficiently|arbitrar(?:y|ily)|generic|almost all)\s)/gi, strength: 1.9, npStrength: 0.2 },
  // "We develop X and implement it in Y": the second step is never part of X.
  { re: COORDINATED_VP, strength: 1.5 },
  { re: /;\s+/g, strength: 1.1 },
  { re: /\s+(?:--|—|–|-)\s+/g, strength: 1.0 },
  { re: /,\s+(?=(?:which|where|whereby|whose|thus|thereby|hence|so that|such that|while|whereas|but|yet)\s)/gi, strength: 1.0 },
  { re: /,\s+(?=[a-z]+ing\s)/g, strength: 1.0 },
  { re: /\s+(?=(?:while|whereas)\s)/gi, strength: 0.9 },
  { re: /,\s+(?=(?:and|or)\s)/gi, strength: 0.8 },
  { re: /\s+(?=(?:by|via|through|using|based on|due to|thanks to|owing to|in order to|without|with)\s)/gi, strength: 0.7 },
  { re: /,\s+/g, strength: 0.5 },
  { re: /\s+(?=(?:and|or)\s)/gi, strength: 0.4 },
  { re: /\s+(?=(?:in|on|at|for|over|between|within|into|across|against|among|from)\s)/gi, strength: 0.2 },
];

const FULL_STRENGTH = 1.25;
const WORD_CUT_STRENGTH = -0.8;

/** Words that always need a complement; a headline never ends on one ("first", "due"). */
const COMPLEMENT_WORDS = [
  'capable', 'incapable', 'able', 'unable', 'due', 'first', 'according', 'prior', 'akin',
  'compared', 'respect', 'regardless', 'irrespective', 'owing', 'thanks', 'prone',
];

/**
 * Adjectives that need their complement when the text goes on with it ("relationships
 * consistent with X") but may end a predicate ("surrogates are not Bayes consistent").
 */
const COMPLEMENT_ADJECTIVES = new Set([
  'consistent', 'inconsistent', 'similar', 'comparable', 'relative', 'analogous', 'proportional',
  'suitable', 'applicable', 'amenable', 'susceptible', 'responsible', 'subject', 'identical',
  'equal', 'close', 'related', 'sensitive', 'insensitive', 'specific', 'dependent', 'independent',
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

const PRONOUN_WE = /\b(?:we|ours?|ourselves|us)\b/i;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// A little syntax: enough to keep a clause's subject together with its finite verb, to keep lists
// whole and to turn "we observe X arising from Y" into "X arise(s) from Y". Word lists, not a
// parser: a miss only falls back to the plain clause-boundary cut.
// ---------------------------------------------------------------------------------------------

/** Finite auxiliaries and modals. */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'can', 'cannot', 'could', 'may', 'might',
  'must', 'shall', 'should', 'will', 'would', 'does', 'do', 'did',
]);

/** Base forms of verbs that carry results in abstracts (their -s and -ed forms are derived). */
const VERB_BASES = (
  'show exhibit display reveal yield produce reproduce achieve attain reach outperform surpass exceed ' +
  'beat match improve reduce increase decrease enhance suppress enable allow permit provide deliver ' +
  'offer support require need remain become emerge arise exist persist survive coexist hold depend ' +
  'rely scale follow lead drive govern control determine dominate explain predict capture describe ' +
  'address solve learn recover converge diverge admit satisfy agree differ vary grow decay vanish ' +
  'undergo host possess feature carry behave act serve play occur appear relate correspond connect ' +
  'link separate contain involve include combine consist form create generate induce cause trigger ' +
  'open close break preserve retain violate generalize generalise transfer extend apply work fail ' +
  'compete exceed span approach account lie rise fall shift change make give take keep bring find ' +
  'identify mark open favor favour stabilize stabilise destabilize destabilise limit restrict ' +
  'constrain dictate set define characterize characterise distinguish extract estimate compute ' +
  'identify detect map model simulate support outline unify bridge enhance boost accelerate speed'
).split(' ');

const IRREGULAR_PAST: Record<string, string> = {
  led: 'lead', drove: 'drive', grew: 'grow', rose: 'rise', fell: 'fall', held: 'hold', made: 'make',
  became: 'become', gave: 'give', took: 'take', lay: 'lie', arose: 'arise', broke: 'break',
  brought: 'bring', kept: 'keep', found: 'find', underwent: 'undergo', set: 'set',
};

/** Third person singular of a base form ("extract" -> "extracts", "vary" -> "varies"). */
function thirdSingular(base: string): string {
  if (base === 'have') return 'has';
  if (base === 'be') return 'is';
  if (base === 'do') return 'does';
  if (/(?:s|x|z|ch|sh|o)$/.test(base)) return `${base}es`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  return `${base}s`;
}

/** Past participle of a regular base form ("implement" -> "implemented", "apply" -> "applied"). */
function pastParticiple(base: string): string {
  if (base.endsWith('e')) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  return `${base}ed`;
}

type VerbForm = 'base' | 's' | 'past';
const VERB_FORMS = new Map<string, VerbForm>();
for (const b of VERB_BASES) {
  VERB_FORMS.set(b, 'base');
  VERB_FORMS.set(thirdSingular(b), 's');
  if (!VERB_FORMS.has(pastParticiple(b))) VERB_FORMS.set(pastParticiple(b), 'past');
}
for (const past of Object.keys(IRREGULAR_PAST)) VERB_FORMS.set(past, 'past');

/** Words after which the next word is not a finite verb (it is a noun or an infinitive). */
const NOT_BEFORE_VERB = new Set([
  'the', 'a', 'an', 'this', 'these', 'those', 'its', 'their', 'our', 'his', 'her', 'each', 'every',
  'of', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'to', 'into', 'onto', 'over', 'under',
  'between', 'among', 'across', 'through', 'within', 'without', 'about', 'against', 'along',
  'toward', 'towards', 'upon', 'per', 'via', 'no', 'any', 'some', 'all', 'such', 'both', 'more',
  'less', 'most', 'new', 'novel', 'strong', 'weak', 'large', 'small', 'high', 'low',
]);

/** Words that open a verb's object or complement ("addresses these challenges"). */
const OBJECT_START = new Set([
  'the', 'a', 'an', 'this', 'these', 'those', 'its', 'their', 'his', 'her', 'no', 'both', 'all',
  'each', 'every', 'any', 'some', 'several', 'many', 'multiple', 'two', 'three', 'four', 'one',
  'not', 'that', 'how', 'whether', 'up', 'out', 'well',
]);

/** Prepositions after a past form that mark a participle ("formed by", "annealed in"). */
const PARTICIPLE_NEXT = /^(?:by|in|on|at|from|with|under|via|using|for|as|through|within|into|over|between|after|during|upon|across|along|against|near|around|to)$/;

interface Word {
  w: string;
  start: number;
  end: number;
}

/** Whether the character at `i` is a letter or digit (ASCII fast path). */
function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return c !== 1 && /[\p{L}\p{N}]/u.test(s.charAt(i));
}

/** The first word at or after `from` (before `limit`), or null. */
function nextWord(masked: string, from: number, limit: number): Word | null {
  let i = from;
  const n = Math.min(masked.length, limit);
  while (i < n) {
    while (i < n && masked.charCodeAt(i) === 32) i += 1;
    let j = i;
    while (j < masked.length && masked.charCodeAt(j) !== 32) j += 1;
    let a = i;
    let b = j;
    while (a < b && !isWordChar(masked, a)) a += 1;
    while (b > a && !isWordChar(masked, b - 1)) b -= 1;
    let blanked = false;
    for (let k = a; k < b && !blanked; k += 1) blanked = masked.charCodeAt(k) === 1;
    if (b > a && !blanked && a < n) return { w: masked.slice(a, b), start: a, end: b };
    i = j;
  }
  return null;
}

/** Whether `cur` reads as the clause's finite verb, given its neighbours. */
function isFiniteVerb(prev: Word | null, cur: Word, next: Word | null, masked: string): boolean {
  const w = cur.w;
  const c0 = w.charCodeAt(0);
  if (c0 < 97 || c0 > 122) return false; // proper nouns, acronyms, numbers, formulas
  if (w !== w.toLowerCase()) return false;
  const prevW = prev ? prev.w.toLowerCase() : '';
  // After a comma only an auxiliary or a listed -s/-ed form counts ("X, characterised by Y,
  // enables Z"); a guessed verb there is more often a new phrase.
  let comma = false;
  if (prev) {
    for (let k = prev.end; k < cur.start && !comma; k += 1) {
      const c = masked.charCodeAt(k);
      comma = c === 44 || c === 59 || c === 58;
    }
  }
  if (AUXILIARIES.has(w)) return prevW !== 'to';
  if (NOT_BEFORE_VERB.has(prevW) || /^\d/.test(prevW)) return false;
  const form = VERB_FORMS.get(w);
  const last = w.charCodeAt(w.length - 1);
  if (form === undefined && last !== 115) return false; // not a listed verb, no final "s"
  if (comma && form !== 's' && form !== 'past') return false;
  const nextW = next ? next.w.toLowerCase() : '';
  // "relates to", "addresses these", "learns chemically"; not "over the simulated length scales".
  // Any listed -s form with something after it ("outperforms state-of-the-art methods"), unless
  // that is the verb ("the model predictions show"); never the last word ("length scales").
  if (form === 's') return nextW !== '' && !AUXILIARIES.has(nextW) && VERB_FORMS.get(nextW) !== 's';
  if (form === 'past') return !PARTICIPLE_NEXT.test(nextW);
  // A base form follows a plural subject ("phonons drive", "they remain").
  if (form === 'base') return /(?:[^su]s|they)$/.test(prevW);
  // Any other -s word followed by an object or an adverb ("addresses these", "learns chemically").
  if (w.length >= 4 && /[^su'’]s$/.test(w) && !/(?:ics|ous|ss)$/.test(w)) {
    return OBJECT_START.has(nextW) || (nextW.length > 4 && nextW.endsWith('ly'));
  }
  return false;
}

/**
 * End of the main clause's finite verb in `masked` (the first one found in the first 200
 * characters), or -1 when the text has none there (a noun phrase, or a verb the lists miss).
 */
function mainVerbEnd(masked: string): number {
  const limit = 200;
  let prev = nextWord(masked, 0, limit);
  let cur = prev ? nextWord(masked, prev.end, limit) : null;
  while (cur !== null) {
    const next = nextWord(masked, cur.end, limit + 30);
    if (isFiniteVerb(prev, cur, next, masked)) return cur.end;
    prev = cur;
    cur = next !== null && next.start < limit ? next : null;
  }
  return -1;
}

/** Words that open a comma-separated segment which is a clause, not a list item. */
const NOT_ITEM = /^(?:which|who|whose|where|when|while|whereas|but|yet|so|thus|thereby|hence|although|though|because|since|if|unless|including|such|e\.g|i\.e|respectively|namely|as|then|and then|or then|that|it|this|we|they|there|with|without|in|on|for|of|at|by|from|to|under|via|through|using|into|over|across|within|between|among|after|before|during|than|compared|[a-z]+ing)\b/i;

/**
 * Character ranges that lie inside a list ("A, B, C, and D" or "A, B and C"): from its first
 * separating comma to the end of the final "and"/"or". No headline may end in such a range.
 */
function listRegions(masked: string): Span[] {
  const out: Span[] = [];
  let runStart = -1;
  for (let c = masked.indexOf(', '); c !== -1; ) {
    const next = masked.indexOf(', ', c + 2);
    const segStart = c + 2;
    const segEnd = next === -1 ? masked.length : next;
    // The segment's first seven words at most: list items are short.
    let cut = segStart;
    let spaces = 0;
    while (cut < segEnd && spaces < 7) {
      if (masked.charCodeAt(cut) === 32) spaces += 1;
      cut += 1;
    }
    const seg = masked.slice(segStart, cut);
    const conj = /^(?:and|or)\s/.exec(seg);
    // "holds under X, non-asymptotically, and does not require Y" coordinates verbs, not items.
    const verbAfter = conj ? (seg.slice(conj[0].length).split(' ', 1)[0] ?? '').toLowerCase() : '';
    if (conj && (AUXILIARIES.has(verbAfter) || VERB_FORMS.has(verbAfter) || AUTHOR_VERBS.has(verbAfter))) {
      runStart = -1;
      c = next;
      continue;
    }
    const inner = conj ? null : / (?:and|or) /.exec(seg);
    if (conj) {
      // Oxford comma: "A, B, and C" (two or more separators before it) ends the list here.
      if (runStart !== -1) out.push({ start: runStart, end: segStart + conj[0].length });
      runStart = -1;
    } else if (NOT_ITEM.test(seg)) {
      runStart = -1;
    } else if (inner) {
      // "A, B and C": the last item follows an "and" inside the segment.
      out.push({ start: runStart === -1 ? c : runStart, end: segStart + inner.index + inner[0].length });
      runStart = -1;
    } else if (cut >= segEnd && next !== -1) {
      if (runStart === -1) runStart = c; // a short item between two commas
    } else {
      runStart = -1;
    }
    c = next;
  }
  return out;
}

/**
 * A qualifier must not open with the paper's second step ("implement it in X"): "V it in X"
 * becomes "V-ed in X", anything else in that shape is no qualifier.
 */
function qualifierFromStep(rest: string): string | null | undefined {
  const m = /^(?:(?:and|then|also|further)\s+)*([a-z-]+)\s+/i.exec(rest);
  const verb = m?.[1]?.toLowerCase();
  if (!m || verb === undefined || !AUTHOR_VERBS.has(verb)) return undefined; // not a step
  const tail = rest.slice(m[0].length);
  const obj = /^(?:it|them|this|these)\s+(?=(?:in|into|to|on|for|as|with|via|within|across)\s)/i.exec(tail);
  if (!obj) return null;
  return `${pastParticiple(verb)} ${tail.slice(obj[0].length)}`;
}

/** Participles that head a reduced relative clause in a claim ("solutions arising from"). */
const PARTICIPLE_BASE: Record<string, string> = {
  arising: 'arise', showing: 'show', exhibiting: 'exhibit', displaying: 'display', emerging: 'emerge',
  leading: 'lead', resulting: 'result', yielding: 'yield', enabling: 'enable', allowing: 'allow',
  providing: 'provide', reaching: 'reach', achieving: 'achieve', reproducing: 'reproduce',
  revealing: 'reveal', consisting: 'consist', containing: 'contain', involving: 'involve',
  having: 'have', producing: 'produce', hosting: 'host', exceeding: 'exceed',
  outperforming: 'outperform', reducing: 'reduce', improving: 'improve', requiring: 'require',
  preserving: 'preserve', undergoing: 'undergo', featuring: 'feature', possessing: 'possess',
  carrying: 'carry', governing: 'govern', explaining: 'explain', capturing: 'capture',
  predicting: 'predict', extending: 'extend', spanning: 'span', retaining: 'retain',
  remaining: 'remain', persisting: 'persist', surviving: 'survive', coexisting: 'coexist',
  depending: 'depend', violating: 'violate', satisfying: 'satisfy', breaking: 'break',
  connecting: 'connect', linking: 'link', dominating: 'dominate', generating: 'generate',
  supporting: 'support', matching: 'match', attaining: 'attain', surpassing: 'surpass',
  stabilizing: 'stabilize', stabilising: 'stabilise', suppressing: 'suppress', enhancing: 'enhance',
  inducing: 'induce', driving: 'drive', hindering: 'hinder', limiting: 'limit',
};

/** Cheap pre-check: a word that nounPhraseToClause could turn into a verb. */
const NP_TRIGGER = new RegExp(`\\b(?:${Object.keys(PARTICIPLE_BASE).join('|')}|that|which|(?:designed|built|developed|trained|engineered|tailored|intended|optimi[sz]ed) to)\\s`);

/** Participles after "designed to" etc.: "X designed to extract Y" -> "X extracts Y". */
const PURPOSE = /^(?:designed|built|developed|trained|engineered|tailored|intended|optimi[sz]ed)\s+to\s+([a-z]+)\s/;
const PURPOSE_WORDS = new Set(['designed', 'built', 'developed', 'trained', 'engineered', 'tailored', 'intended', 'optimized', 'optimised']);

/** Whether the noun phrase `subject` is grammatically singular ("a framework", "the method"). */
function singularSubject(subject: string): boolean {
  const s = subject.trim();
  if (/^(?:an?|one|each|every|this|its)\s/i.test(s)) return true;
  // The head noun: last word before the first preposition ("structures of dense hydrogen").
  const head = s.split(/\s+(?:of|in|for|with|on|at|from|between|among|across|within|under|over|near|along|by|to)\s/i)[0] ?? s;
  const last = head.slice(head.lastIndexOf(' ') + 1).toLowerCase();
  return !/(?:[^su'’]s|data|phenomena|criteria)$/.test(last);
}

/**
 * Turns a noun-phrase claim into a clause: "novel solutions arising from X" -> "Novel solutions
 * arise from X", "a framework designed to extract X" -> "A framework extracts X", "a method
 * that reduces X" -> "A method reduces X". Null when the noun phrase has no such verb slot.
 */
function nounPhraseToClause(body: string): { text: string; verbEnd: number } | null {
  if (!NP_TRIGGER.test(body.slice(0, 130))) return null;
  const masked = maskForCutting(body, findProtectedSpans(body));
  let prev = nextWord(masked, 0, 130);
  let cur = prev ? nextWord(masked, prev.end, 130) : null;
  for (let i = 1; prev !== null && cur !== null; i += 1, prev = cur, cur = nextWord(masked, cur.end, 130)) {
    let gap = false;
    for (let k = prev.end; k < cur.start && !gap; k += 1) gap = masked.charCodeAt(k) !== 32;
    if (gap) {
      if (/[,;:]/.test(masked.slice(prev.end, cur.start))) return null; // past the noun phrase
      continue;
    }
    if (i < 2) continue;
    const w = cur.w.toLowerCase();
    const part = PARTICIPLE_BASE[w];
    const purpose = part === undefined && PURPOSE_WORDS.has(w) ? PURPOSE.exec(masked.slice(cur.start, cur.start + 60).toLowerCase()) : null;
    const relative = w === 'that' || w === 'which';
    if (part === undefined && purpose === null && !relative) continue;
    const prevW = prev.w.toLowerCase();
    if (NOT_BEFORE_VERB.has(prevW) || DANGLING_WORDS.has(prevW)) continue;
    const subject = body.slice(0, cur.start).trimEnd();
    const one = singularSubject(subject);
    const conj = (base: string): string => (base === 'be' ? (one ? 'is' : 'are') : one ? thirdSingular(base) : base);
    const clause = (verb: string, tail: string): { text: string; verbEnd: number } => ({
      text: `${subject} ${verb}${tail}`,
      verbEnd: subject.length + 1 + verb.length,
    });
    if (part !== undefined) {
      // "solutions arising from", "structures showing no"; not "moment generating functions".
      const after = nextWord(masked, cur.end, 160);
      const aw = (after?.w ?? '').toLowerCase();
      if (OBJECT_START.has(aw) || PARTICIPLE_NEXT.test(aw) || /^(?:strong|large|high|low|small|significant|robust)$/.test(aw) || (aw.length > 4 && aw.endsWith('ly'))) {
        return clause(conj(part), body.slice(cur.end));
      }
      continue;
    }
    if (purpose !== null && purpose[1] !== undefined) {
      return clause(conj(purpose[1]), body.slice(cur.start + purpose[0].length - 1));
    }
    // "a method that reduces X" -> "a method reduces X"; "evidence that the gap closes" is no NP.
    const next = nextWord(masked, cur.end, 160);
    const nw = next?.w ?? '';
    const form = VERB_FORMS.get(nw);
    const finite = (AUXILIARIES.has(nw) && nw !== 'do') || form === 's' || (form === 'base' && !one);
    if (next && finite && next.start === cur.end + 1) return clause(nw, body.slice(next.end));
    return null;
  }
  return null;
}

/** Replaces protected spans and bracketed asides with filler so no boundary is found inside. */
function maskForCutting(s: string, spans: readonly Span[]): string {
  // Intervals to blank out: protected spans, then balanced top-level bracket groups (only
  // balanced ones, so one stray "(" cannot hide the rest of the sentence).
  const blank: Span[] = [...spans];
  const stack: number[] = [];
  const bracket = /[()[\]{}]/g;
  let spanIdx = 0;
  for (let m = bracket.exec(s); m !== null; m = bracket.exec(s)) {
    const i = m.index;
    while (spanIdx < spans.length && (spans[spanIdx]?.end ?? 0) <= i) spanIdx += 1;
    const sp = spans[spanIdx];
    if (sp && i >= sp.start) continue; // brackets inside math are the formula's business
    const c = m[0];
    if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if (stack.length > 0) {
      const open = stack.pop() ?? i;
      if (stack.length === 0) blank.push({ start: open + 1, end: i });
    }
  }
  if (blank.length === 0) return s;
  blank.sort((x, y) => x.start - y.start);
  // Parts joined once: a flat string, where a chain of `+=` leaves a rope that every later
  // character-by-character scan has to walk.
  const parts: string[] = [];
  let pos = 0;
  for (const iv of blank) {
    const start = Math.max(iv.start, pos);
    if (iv.end <= start) continue;
    parts.push(s.slice(pos, start), '\u0001'.repeat(iv.end - start));
    pos = iv.end;
  }
  parts.push(s.slice(pos));
  return parts.join('');
}

const TRAILING_JUNK = new Set([' ', ',', ';', ':', '—', '–', '-', '/', '(', '[']);

/** Trims a cut piece: trailing punctuation, dangling words, unmatched open brackets. */
function tidyEnd(s: string): string {
  let out = s;
  for (let guard = 0; guard < 12; guard += 1) {
    const before = out;
    // Trailing separators and a final period (a loop, not an end-anchored regex: those rescan
    // the whole string and dominate the run time on 2,000 abstracts).
    let end = out.length;
    while (end > 0 && TRAILING_JUNK.has(out[end - 1] ?? '')) end -= 1;
    out = out.slice(0, end);
    if (out.endsWith('.') && !out.endsWith('..')) out = out.slice(0, -1);
    // Drop an unmatched "(" and what follows it.
    const lastOpen = out.lastIndexOf('(');
    if (lastOpen !== -1 && out.indexOf(')', lastOpen) === -1) {
      let opens = 0;
      let closes = 0;
      for (let k = 0; k < out.length; k += 1) {
        const c = out.charCodeAt(k);
        if (c === 40) opens += 1;
        else if (c === 41) closes += 1;
      }
      if (opens > closes) out = out.slice(0, lastOpen);
    }
    const space = out.lastIndexOf(' ');
    const word = out.slice(space + 1).toLowerCase().replace(/\.$/, '');
    if (DANGLING_WORDS.has(word)) out = out.slice(0, space + 1);
    if (out === before) break;
  }
  return out.trim();
}

/** Trims the start of a cut-off clause for use as a qualifier. */
function tidyStart(s: string): string {
  return s
    .replace(/^[\s,;:—–\-]+/u, '')
    .replace(/^(?:and|but|or|so|yet|then|thus|hence)\s+/i, '')
    .trim();
}

/** Capitalises the first word when it is an ordinary lowercase word (not "mRNA", not `$x$`). */
function capitalise(s: string): string {
  const m = /^(\p{Ll}[\p{Ll}'’-]*)(?=[\s,:;]|$)/u.exec(s);
  if (!m) return s;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  // Only an ordinary capitalised word is lowered: "When X" -> "when X", but "NASA" stays.
  return /^\p{Lu}\p{Ll}+\b/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function lengthScore(len: number): number {
  if (len >= HEADLINE_MIN && len <= HEADLINE_MAX) return 0;
  if (len > HEADLINE_MAX) return -Infinity;
  if (len >= 45) return -(HEADLINE_MIN - len) * 0.02;
  if (len >= 30) return -0.3 - (45 - len) * 0.06;
  return -4;
}

interface Cut {
  head: string;
  rest: string | null;
  score: number;
}

interface CutOptions {
  /** The body is a clause: no cut may separate its subject from its finite verb. */
  clause?: boolean;
  /** The body is a noun phrase ("a general theory of X for Y"): complements stay attached. */
  np?: boolean;
  /** End of the clause's finite verb when already known (-1: find it). */
  verbEnd?: number;
}

/** "... requires a non-negligible": a determiner, then one word, at the very end. */
const DETERMINER_WORD_END = /\b(?:a|an|the|its|their|this|these|each|every)\s+[\p{L}-]+$/iu;
/** The same, tried at one position only (sticky). */
const DETERMINER_WORD_AT = /\b(?:a|an|the|its|their|this|these|each|every)\s+[\p{L}-]+$/iuy;

/**
 * DETERMINER_WORD_END.test(head) without trying every start position: the final word and the
 * whitespace before it are found from the end (ASCII; anything else takes the regex), so a
 * match can only start 1 to 5 characters before that whitespace.
 */
function endsWithDeterminerWord(head: string): boolean {
  let k = head.length;
  for (; k > 0; k -= 1) {
    const c = head.charCodeAt(k - 1);
    if (c >= 128) return DETERMINER_WORD_END.test(head);
    if (!(c === 45 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
  }
  if (k === head.length) return false;
  let q = k;
  for (; q > 0; q -= 1) {
    const c = head.charCodeAt(q - 1);
    if (c >= 128) return DETERMINER_WORD_END.test(head);
    if (!(c === 32 || (c >= 9 && c <= 13))) break;
  }
  if (q === k) return false;
  for (let p = Math.max(0, q - 5); p < q; p += 1) {
    DETERMINER_WORD_AT.lastIndex = p;
    if (DETERMINER_WORD_AT.test(head)) return true;
  }
  return false;
}

/**
 * The most a cut adds to its boundary's strength: scoreLen is never positive and the length
 * bonus is 0.3 * len / max with len <= max (the epsilon absorbs floating-point rounding).
 */
const CUT_BONUS_MAX = 0.3 + 1e-9;

/** Score of a cut that drops the clause's verb: far below any real cut, above nothing at all. */
const VERBLESS_PENALTY = 3;

/**
 * Cuts `body` at the best clause boundary so the head fits in `max` characters and contains no
 * "we"/"us" (everything after the first such pronoun is off limits). Never inside a list, and
 * in a clause never between subject and finite verb (such a cut is penalised so that another
 * sentence wins). Returns null when no cut leaves a usable head.
 */
function cutAtClause(body: string, max: number, scoreLen: (n: number) => number, opts: CutOptions = {}): Cut | null {
  const spans = findProtectedSpans(body);
  const masked = maskForCutting(body, spans);
  const we = PRONOUN_WE.exec(masked);
  const limit = we ? we.index : body.length;
  const scanEnd = Math.min(limit, max + 40);
  // Both are needed only once a cut short of the whole body is examined, so they are lazy.
  let verbEndMemo: number | null = !opts.clause ? -1 : opts.verbEnd !== undefined && opts.verbEnd >= 0 ? opts.verbEnd : null;
  const verbEnd = (): number => (verbEndMemo ??= mainVerbEnd(masked));
  let lists: Span[] | null = masked.includes(', ') ? null : [];
  const inList = (i: number): boolean => (lists ??= listRegions(masked)).some((r) => i >= r.start && i < r.end);
  // The qualifier part (`rest`) is only tidied for the winning cut, once, at the end.
  let best: { head: string; from: number; score: number } | null = null;
  const consider = (end: number, restStart: number, strength: number, ellipsis: boolean): void => {
    // tidyEnd only drops a few trailing words, so far-too-long cuts can be skipped unexamined.
    if (end > max + 40) return;
    // A cut scores at most strength + 0.3 (scoreLen <= 0, len <= max), so one that cannot beat
    // the best so far is not examined at all.
    if (best !== null && strength + CUT_BONUS_MAX <= best.score) return;
    const raw = body.slice(0, end);
    let head = tidyEnd(raw);
    // "... relationships consistent" when "with X" follows: cut before the adjective instead.
    const lastSpace = head.lastIndexOf(' ');
    if (lastSpace > 0 && COMPLEMENT_ADJECTIVES.has(head.slice(lastSpace + 1).toLowerCase()) && /^[\s,]*(?:with|to|of|for|from|on|in|as|than|at|by)\s/i.test(body.slice(head.length))) {
      head = tidyEnd(head.slice(0, lastSpace));
    }
    if (ellipsis && head !== '') head += '…';
    const len = head.length;
    if (len > max || len === 0) return;
    let score = strength + scoreLen(len) + (0.3 * len) / max;
    // A head that is only a fronted phrase ("For a realistic gas distribution") is no claim.
    if (FRONTED.test(head) && !/,/.test(head)) score -= 1.5;
    // "... requires a non-negligible" (cut between an adjective and its noun) reads unfinished.
    if (end < body.length && endsWithDeterminerWord(head)) score -= 0.6;
    // "... enables visibility-aware" (a compound adjective whose noun is in the rest).
    if (end < body.length && /-(?:aware|based|free|dependent|like|specific|driven|guided|informed|resolved|efficient|invariant|preserving|agnostic|scale|level|order)$/i.test(head)) score -= 0.6;
    // "... relationships consistent" lost its "with ...": tidyEnd drops the word, but a cut
    // that needs no repair is better.
    if (end < body.length && head.length < raw.trim().length - 1) score -= 0.3;
    // Subject without its verb: "The heterostructure formed by A and B" (verb in the rest).
    if (!Number.isFinite(score) || (best !== null && score <= best.score)) return;
    // Checked last: the penalty only lowers a score that would otherwise win.
    if (end < body.length && verbEnd() !== -1 && head.replace(/…$/, '').length < verbEnd()) score -= VERBLESS_PENALTY;
    if (best === null || score > best.score) {
      // The rest starts where the tidied head ends, so words tidyEnd dropped ("consistent")
      // open the qualifier instead of vanishing.
      const from = !ellipsis && body.startsWith(head) ? Math.min(head.length, restStart) : restStart;
      best = { head, from, score };
    }
  };
  if (limit === body.length) consider(body.length, body.length, FULL_STRENGTH, false);
  for (const rule of BOUNDARIES) {
    // Rules are ordered by strength. A weak boundary scores at most strength + 0.3, so once a
    // candidate beats that, the weaker rules cannot win and are not scanned at all.
    const current = best as { score: number } | null;
    if (current !== null && current.score > rule.strength + 0.3) break;
    const strength = opts.np && rule.npStrength !== undefined ? rule.npStrength : rule.strength;
    // None of this rule's cuts could win (see consider): the scan is skipped.
    if (current !== null && strength + CUT_BONUS_MAX <= current.score) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(masked); m !== null; m = rule.re.exec(masked)) {
      if (m[0].length === 0) rule.re.lastIndex += 1;
      // Matches come in order: past the pronoun or past max + 40 nothing can be cut any more.
      if (m.index > scanEnd) break;
      if (m.index < 15) continue;
      if (inList(m.index)) continue;
      consider(m.index, m.index + m[0].length, strength, false);
      const now = best as { score: number } | null;
      if (now !== null && strength + CUT_BONUS_MAX <= now.score) break;
    }
  }
  const found = best as { score: number } | null;
  if (found === null || found.score < 0) {
    // Last resort: the last word boundary that fits (outside lists), marked with an ellipsis.
    for (let i = Math.min(limit, max - 1); i > 20; i -= 1) {
      if (masked[i] === ' ' && !inList(i)) {
        consider(i, i + 1, WORD_CUT_STRENGTH, true);
        break;
      }
    }
  }
  const won = best as { head: string; from: number; score: number } | null;
  if (won === null) return null;
  const rest = won.from < body.length ? tidyEnd(tidyStart(body.slice(won.from))) : '';
  return { head: won.head, rest: rest === '' ? null : rest, score: won.score };
}

// ---------------------------------------------------------------------------------------------
// Candidate sentences
// ---------------------------------------------------------------------------------------------

interface Candidate {
  index: number;
  /** The claim with its lead-in removed. */
  body: string;
  /** A leading condition or mechanism phrase ("Under this assumption"), kept for the qualifier. */
  prefix: string | null;
  score: number;
  /** How the body reads: a clause (keeps its verb) or a noun phrase ("a theory of X for Y"). */
  shape: 'clause' | 'np';
  /** End of the finite verb when the engine put it there ("solutions arise"), else -1. */
  verbEnd: number;
}

/** Name of the paper's system when the title has the shape "Name: subtitle". */
function titleName(title: string): string | null {
  const m = /^([^:]{2,30}):\s/.exec(title);
  const name = m?.[1]?.trim();
  if (!name || name.split(/\s+/).length > 3 || !/[\p{Lu}\d]/u.test(name.slice(1))) return null;
  return name;
}

/** A condition/mechanism prefix worth showing as a qualifier. */
function conditionPrefix(prefix: string): string | null {
  const p = tidyEnd(prefix.trim().replace(/^[,\s]+/, ''));
  if (p.length < 12 || p.length > QUALIFIER_MAX) return null;
  if (PRONOUN_WE.test(p)) return null;
  if (!/^(?:under|assuming|for|in the|when|if|using|by|based on|with|given|comparing|applied|within|at|on)\b/i.test(p)) return null;
  return lowerFirst(p);
}

/** Rewrites "X, a Y that Z" (after "we propose") into "X: a Y that Z". */
function proposalHeadline(body: string): { text: string; named: boolean } {
  const b = body.replace(/^(?:the\s+|an?\s+)?(?:novel|new)\s+/i, (m) => (/^(?:an?|the)\s/i.test(m) ? m.replace(/(?:novel|new)\s+/i, '') : ''));
  const named = /^([^,]{1,70}?),\s+(?:(an?|the)\s+)((?:novel\s+|new\s+)?)(.+)$/i.exec(b);
  if (named && named[1] !== undefined && named[4] !== undefined) {
    const name = named[1].trim();
    const firstWord = name.split(/\s+/)[0] ?? '';
    if (!/^(?:an?|the)$/i.test(firstWord) && /[\p{Lu}\d-]/u.test(firstWord) && !/^\p{Lu}\p{Ll}+$/u.test(firstWord)) {
      return { text: `${name}: ${(named[2] ?? 'a').toLowerCase()} ${named[4]}`, named: true };
    }
  }
  const called = /^(?:an?|the)\s+(.{3,80}?),?\s+(?:called|named|dubbed|termed|coined)\s+([^,\s]+(?:\s+\([^)]*\))?),?\s+(.*)$/i.exec(b);
  if (called && called[1] !== undefined && called[2] !== undefined && called[3] !== undefined) {
    return { text: `${called[2]}: a ${called[1]} ${called[3]}`, named: true };
  }
  return { text: b, named: false };
}

/** Section labels of structured abstracts ("Conclusions: These observations ..."). */
const SECTION_LABEL =
  /^(?:background|context|aims?|purpose|objectives?|methods?|results?|conclusions?|findings|motivation|significance|summary)\s*:\s*/i;

/** Strips discourse openers ("Here,", "In this paper,", "Conclusions:") repeatedly. */
function stripConnectives(s: string): string {
  let out = s;
  for (let i = 0; i < 4; i += 1) {
    const next = out.replace(SECTION_LABEL, '').replace(CONNECTIVE, '');
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Openers of a fronted adverbial phrase ("For $q=2$, X ...", "Given that A, B ..."). */
const FRONTED = /^(?:compared (?:with|to)|in contrast to|unlike|relative to|for|under|in|at|on|with|using|by|after|across|when|whenever|if|despite|although|though|while|given(?: that)?|since|because|based on|applied to|assuming|within|upon)\s/i;

/**
 * Moves a fronted adverbial ("For a realistic gas distribution, X is ...") out of the body so
 * the headline starts with the subject; the phrase becomes a qualifier candidate.
 */
function splitFronted(body: string): { body: string; front: string | null } {
  if (!FRONTED.test(body)) return { body, front: null };
  const masked = maskForCutting(body, findProtectedSpans(body));
  const re = /,\s+/g;
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    if (m.index > 180) break;
    const rest = body.slice(m.index + m[0].length);
    // Still inside the fronted phrase: a conjunction or a participle ("corresponding to ...").
    if (/^(?:and|or|but|nor|respectively|which|where|e\.g|i\.e)\b/i.test(rest) || /^\p{Ll}+(?:ing|ed)\b/u.test(rest)) continue;
    if (rest.length < 30 || FRONTED.test(rest)) break;
    return { body: rest, front: body.slice(0, m.index) };
  }
  return { body, front: null };
}

/** "If A, then B" -> body B with qualifier "if A". */
function splitConditional(body: string): { body: string; cond: string | null } {
  const m = /^(if|when|whenever)\s+(.{8,200}?),?\s+then\s+(.+)$/i.exec(body);
  if (m && m[2] !== undefined && m[3] !== undefined) return { body: m[3], cond: `${(m[1] ?? 'if').toLowerCase()} ${m[2]}` };
  return { body, cond: null };
}

/** Cheap pre-checks of analyse: "we "/"i " as a word, " that"/" how ", "this ", "main ". */
const HAS_WE = /(?:^| )(?:we|i) /i;
const HAS_THAT = / that| how /i;
const HAS_THIS = /this /i;
const HAS_MAIN = /main /i;

function analyse(sentence: string, index: number, count: number, name: string | null): Candidate {
  // Trailing "." / "!" run dropped by hand: an end-anchored regex tries every position.
  let rawEnd = sentence.length;
  while (rawEnd > 0 && (sentence.charCodeAt(rawEnd - 1) === 46 || sentence.charCodeAt(rawEnd - 1) === 33)) rawEnd -= 1;
  const raw = (rawEnd === sentence.length ? sentence : sentence.slice(0, rawEnd)).trim();
  const secondary = SECONDARY_START.test(raw);
  // "Overall, we find ..." / "In summary, ..." announce the paper's main conclusion.
  const concluding = /^(?:overall|in summary|in conclusion|taken together|together|altogether|in short|collectively)\b/i.test(raw);
  let s = stripConnectives(raw);
  let score = 0;
  let body = s;
  let prefix: string | null = null;
  let claimed = false;
  let shape: Candidate['shape'] = 'clause';
  let made: { text: string; verbEnd: number } | null = null;

  // Cheap pre-checks keep the backtracking-heavy patterns off sentences they cannot match.
  // Plain substring checks: far cheaper than word-boundary regexes over every sentence.
  // Case-insensitive regexes instead of includes() on a lowercased copy: same answers (no
  // character outside ASCII folds to these letters), no copy, one scan each.
  const hasWe = HAS_WE.test(s);
  const hasThat = HAS_THAT.test(s);
  const hasProposer = hasWe || HAS_THIS.test(s);
  const mainMatch = HAS_MAIN.test(s) ? MAIN_RESULT.exec(s) : null;
  const andMatch = !mainMatch && hasWe && hasThat ? AND_CLAIM.exec(s) : null;
  // "and show that" counts only after a "we" in the same sentence.
  const andOk = andMatch !== null && andMatch.index < 400 && /\b(?:we|i)\b/i.test(s.slice(0, andMatch.index));
  const mainBody = mainMatch ? mainMatch[1] : andOk && andMatch ? s.slice(andMatch.index + andMatch[0].length) : undefined;
  const estAs = mainBody !== undefined ? null : ESTABLISH_AS.exec(s);
  if (estAs && estAs[1] !== undefined && estAs[2] !== undefined) {
    const subject = estAs[1];
    s = `${subject} ${/s$/i.test(subject) ? 'serve' : 'serves'} as ${estAs[2]}`;
    body = s;
    score += 2.5;
  }
  const we = mainBody !== undefined || !hasWe ? null : WE_CLAIM.exec(s);
  const weOk = we !== null && we.index <= 160;
  const res = mainBody !== undefined || weOk || !hasThat ? null : resultsClaim(s);
  const prop = mainBody !== undefined || weOk || res || !hasProposer ? null : PROPOSAL.exec(s);
  if (mainBody !== undefined) {
    body = mainBody;
    score += 4.5;
    claimed = true;
  } else if (we && weOk) {
    const verb = (we[1] ?? '').toLowerCase();
    const that = we[2];
    score += STRONG_VERB.test(verb) ? 3 : 2;
    if (/^argue/.test(verb)) score -= 0.5;
    // "We also show" / "we further find" are usually secondary results.
    if (/\b(?:also|further|additionally)\s/i.test(we[0])) score -= 0.6;
    if (!that) score -= 1; // "We prove X" gives a noun phrase, weaker than "We prove that X"
    if (that && /^that/i.test(that)) score += 1.5;
    if (that && /^how/i.test(that)) score -= 1;
    const before = s.slice(0, we.index);
    prefix = before.trim() !== '' ? conditionPrefix(before) : null;
    body = s.slice(we.index + we[0].length);
    claimed = true;
    if (!that) {
      // "We observe novel solutions arising from X" -> "Novel solutions arise from X".
      made = nounPhraseToClause(body);
      if (made !== null) body = made.text;
      else shape = 'np';
    }
  } else if (res) {
    const verb = res.verb.toLowerCase();
    score += /^(?:suggest|highlight|support|impl)/.test(verb) ? 2 : res.how ? 2.5 : 3.5;
    const p = res.prefix;
    prefix = /,\s*$/.test(p) ? conditionPrefix(p) : null;
    body = res.body;
    claimed = true;
  } else if (prop && prop.index <= 120) {
    const ph = proposalHeadline(s.slice(prop.index + prop[0].length));
    body = ph.text;
    score += ph.named ? 2 : 0.5;
    // "We introduce a framework designed to extract X" -> "A framework extracts X".
    made = ph.named ? null : nounPhraseToClause(body);
    if (made !== null) {
      body = made.text;
      score += 0.5;
    } else shape = 'np';
    const before = s.slice(0, prop.index);
    prefix = before.trim() !== '' ? conditionPrefix(before) : null;
    claimed = true;
  } else if (hasWe && (TOPIC_ONLY.exec(s)?.index ?? Infinity) <= 60) {
    score -= 2;
  }

  // "our method" -> the system's own name when the title gives one, else "the method".
  if (/our\b/i.test(body)) {
    body = body.replace(/\bour\s+(method|approach|framework|system|model|algorithm|technique|scheme|protocol|tool|pipeline|architecture|solver|design)\b/gi, (_m, noun: string) => (name ? name : `the ${noun}`));
    if (/our\b/i.test(body)) body = body.replace(/\bour\b/gi, 'the');
  }
  const cond = splitConditional(body);
  body = cond.body;
  if (cond.cond && !prefix) prefix = cond.cond;
  const fronted = splitFronted(body);
  body = fronted.body;
  if (fronted.front && !prefix) prefix = conditionPrefix(fronted.front) ?? lowerFirst(fronted.front);
  s = body;

  const lowerBody = s.toLowerCase();
  const flags = resultWordFlags(lowerBody);
  if (flags & 1) score += 1.2;
  if (flags & 2) score += 0.5;
  if (flags & 4) score += 0.8;
  // Outlook talk in the part that would become the headline; a trailing clause gets cut anyway.
  if (OUTLOOK.test(lowerBody.slice(0, HEADLINE_MAX))) score -= 1.5;
  if (ANAPHORIC_START.test(s)) score -= /^(?:these|such|those)\b/i.test(s) ? 0.7 : 1.5;
  if (secondary) score -= 0.4;
  if (concluding) score += 0.8;
  if (/\b(?:additionally|also|further)\b/i.test(s.slice(0, 60))) score -= 0.3;
  if (sentence.trim().endsWith('?')) score -= 2;
  if (!claimed) {
    if (index === 0) score -= 2;
    else if (index === 1) score -= 0.5;
  }
  if (index === 0 && count > 2) score -= 0.5;
  if (s.length < 35) score -= 2;
  if (s.length > 320) score -= 0.5;
  if (PRONOUN_WE.test(s.slice(0, 25))) score -= 1.5;
  return { index, body: s, prefix, score, shape, verbEnd: made !== null && made.text === s ? made.verbEnd : -1 };
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Headline built from the title alone (used when the abstract offers nothing better). */
function titleTagline(title: string): Tagline {
  const t = balanceMath(normaliseText(title)).replace(/\.$/, '');
  if (t === '') return { headline: 'Untitled paper', qualifier: null };
  if (t.length <= HEADLINE_MAX) return { headline: capitalise(t), qualifier: null };
  const cut = cutAtClause(t, HEADLINE_MAX, (n) => (n >= 30 ? 0 : -4));
  if (cut) return { headline: capitalise(cut.head), qualifier: cut.rest ? clipQualifier(cut.rest) : null };
  return { headline: `${t.slice(0, HEADLINE_MAX - 1).replace(/\s+\S*$/, '')}…`, qualifier: null };
}

/** Fits a qualifier into QUALIFIER_MAX characters at a clause boundary. */
function clipQualifier(q: string): string | null {
  const t = balanceMath(q.trim().replace(/[.!]+$/, ''));
  if (t.length < 8) return null;
  if (t.length <= QUALIFIER_MAX && !PRONOUN_WE.test(t)) return t;
  const cut = cutAtClause(t, QUALIFIER_MAX, (n) => (n >= 25 ? 0 : -4));
  return cut && cut.head.length >= 12 ? cut.head : null;
}

/**
 * The extractive tagline for one paper. Never throws and never returns an empty headline.
 * Deterministic: the same input always gives the same output.
 */
export function extractTagline(input: TaglineInput): Tagline {
  const title = typeof input?.title === 'string' ? input.title : '';
  try {
    const cleanTitle = normaliseText(title);
    const abstract = typeof input?.abstract === 'string' ? normaliseText(input.abstract, cleanTitle) : '';
    if (abstract.length < 20) return titleTagline(title);
    const normTitle = cleanTitle.replace(/\.$/, '').toLowerCase();
    const name = titleName(cleanTitle);
    // normaliseText already collapsed and trimmed the whitespace.
    const sentences = splitNormalisedSentences(abstract);
    const cands = sentences.map((s, i) => analyse(s, i, sentences.length, name));
    const ranked = [...cands].sort((a, b) => b.score - a.score || a.index - b.index);

    let best: { cand: Candidate; cut: Cut; total: number } | null = null;
    for (const cand of ranked.slice(0, 4)) {
      // No cut scores above ~2.3, so a weaker sentence cannot overtake the best found so far.
      if (best !== null && cand.score + 2.3 < best.total) break;
      const cut = cutAtClause(cand.body, HEADLINE_MAX, lengthScore, { clause: cand.shape === 'clause', np: cand.shape === 'np', verbEnd: cand.verbEnd });
      if (!cut || cut.head.length < 30) continue;
      if (cut.head.toLowerCase() === normTitle) continue;
      // A head that still opens with "This work" or similar is no headline; try the next one.
      if (BANNED_LEAD_INS.test(cut.head)) continue;
      const total = cand.score + cut.score;
      if (best === null || total > best.total) best = { cand, cut, total };
    }
    if (best === null) return titleTagline(title);

    const headline = capitalise(balanceMath(best.cut.head));
    let qualifier: string | null = null;
    if (best.cut.rest && best.cut.rest.length >= 12) {
      // "and implement it in X" -> "implemented in X"; another second step is no qualifier.
      const step = qualifierFromStep(best.cut.rest);
      const rest = step === undefined ? best.cut.rest : step;
      if (rest !== null) qualifier = clipQualifier(lowerFirst(rest));
    }
    if (!qualifier && best.cand.prefix) qualifier = clipQualifier(best.cand.prefix);
    if (!qualifier) {
      const chosen = best.cand.index;
      const second = ranked.find((c) => c.index !== chosen && c.score >= 1);
      if (second) {
        const cut = cutAtClause(second.body, QUALIFIER_MAX, (n) => (n >= 25 ? 0 : -4));
        if (cut && cut.head.length >= 20) qualifier = clipQualifier(capitalise(cut.head));
      }
    }
    return { headline, qualifier };
  } catch {
    // Untrusted text must never break a card: the title is always a valid headline.
    return titleTagline(title);
  }
}

// ---------------------------------------------------------------------------------------------
// Rules: shared by the tests, the evaluation script and the engines (to vet model output).
// ---------------------------------------------------------------------------------------------

export type HeadlineRule =
  | 'length'
  | 'no-we'
  | 'no-lead-in'
  | 'capitalised'
  | 'math-balanced'
  | 'no-trailing-word'
  | 'not-title'
  | 'no-dangling-punctuation';

export const HEADLINE_RULES: readonly HeadlineRule[] = [
  'length', 'no-we', 'no-lead-in', 'capitalised', 'math-balanced', 'no-trailing-word', 'not-title',
  'no-dangling-punctuation',
];

/** Which of DESIGN.md's headline rules `headline` breaks (empty array: all met). */
export function headlineRuleViolations(headline: string, title: string): HeadlineRule[] {
  const out: HeadlineRule[] = [];
  const h = headline.trim();
  if (h.length < HEADLINE_MIN || h.length > HEADLINE_MAX) out.push('length');
  if (PRONOUN_WE.test(h)) out.push('no-we');
  if (BANNED_LEAD_INS.test(h)) out.push('no-lead-in');
  const first = /[\p{L}\p{N}$\\]/u.exec(h)?.[0] ?? '';
  const firstWord = /^[^\s]+/.exec(h)?.[0] ?? '';
  // A lowercase start is allowed only for mixed-case words such as "mRNA" or "iPhone".
  if (first === '' || (/\p{Ll}/u.test(first) && !/\p{Lu}/u.test(firstWord))) out.push('capitalised');
  const unescaped = (h.match(/(?<!\\)\$/g) ?? []).length;
  if (unescaped % 2 !== 0) out.push('math-balanced');
  // The last token, not the last word: "by over 70%" ends on a number, which is fine.
  const last = (/(\S+)$/.exec(h)?.[1] ?? '').toLowerCase().replace(/[.…,;:!?)"']+$/, '');
  if (DANGLING_WORDS.has(last)) out.push('no-trailing-word');
  if (normaliseText(title).replace(/\.$/, '').toLowerCase() === h.replace(/\.$/, '').toLowerCase()) out.push('not-title');
  if (/[,;:—–(\-]$/u.test(h)) out.push('no-dangling-punctuation');
  return out;
}
