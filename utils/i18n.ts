/**
 * Every word the extension shows goes through here, so a translation is one file:
 * assets/public/_locales/<lang>/messages.json (WXT copies assets/public/ (publicDir) into the build as the manifest's
 * _locales). Keys are typed from the English file, the default locale.
 *
 * browser.i18n has no plural forms, so a counted message is a family of keys, one per CLDR
 * plural category of the file's own language: `theoremCount_one`, `theoremCount_other`
 * (English needs only those two; Polish adds `_few` and `_many`). The category is chosen
 * with the rules of the language the messages really come from (its `messagesLocale`), not
 * the browser's, since a language without a file falls back to English text.
 */
import { browser } from 'wxt/browser';
import type english from '../assets/public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

/** The base of each counted family: `theoremCount` for `theoremCount_one` / `theoremCount_other`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

type Substitution = string | number;

/**
 * The message `key` with its `$1`…`$9` placeholders filled in. A key missing from the file
 * (impossible while tests/unit/i18n.test.ts passes) shows as the key itself, never as nothing.
 */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return message(key, substitutions) || key;
}

/** The message of the family `key` for `count`, which is its `$1` (further substitutions follow). */
export function tn(key: PluralKey, count: number, ...substitutions: Substitution[]): string {
  const subs = [count, ...substitutions];
  const other = `${key}_other`;
  return message(`${key}_${pluralCategory(count)}`, subs) || message(other, subs) || other;
}

/**
 * A message with elements inside it ("press <strong>☆ save</strong> on a card"): `parts` fill
 * `$1`… as they are, so a translation may move them; the text between stays plain text.
 * Never markup in the messages file: the caller builds the elements, as text nodes.
 */
export function tParts<Part>(key: MessageKey, ...parts: Part[]): (string | Part)[] {
  // Private-use marks no message contains stand in for the parts, then split them out.
  const text = message(key, parts.map((_, i) => `\uE000${i}\uE001`)) || key;
  return text
    .split(/\uE000(\d+)\uE001/)
    .map((piece, i) => (i % 2 === 1 ? parts[Number(piece)]! : piece))
    .filter((piece) => piece !== '');
}

let rules: Intl.PluralRules | undefined;

function pluralCategory(count: number): Intl.LDMLPluralRule {
  if (rules === undefined) {
    let locale = message('messagesLocale', []) || 'en';
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      locale = 'en'; // a malformed tag in a translation: English rules beat a crash
      rules = new Intl.PluralRules(locale);
    }
  }
  return rules.select(count);
}

function message(key: string, substitutions: Substitution[]): string {
  // An empty string is what getMessage returns for an unknown key. Typed as a plain string
  // lookup: the keys are checked above (MessageKey), so the overloads WXT generates into .wxt
  // from the messages file (stale until the next `wxt prepare`) are not needed here.
  // Outside an extension (the Node scripts that run pure modules) there is no browser: the
  // callers then show the key, as for a missing message, instead of throwing.
  const i18n = (browser as { i18n?: { getMessage(name: string, substitutions: string[]): string } } | undefined)?.i18n;
  return i18n ? i18n.getMessage(key, substitutions.map(String)) : '';
}
