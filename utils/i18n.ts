/**
 * Every word the extension shows goes through here, so a translation is one file:
 * public/_locales/<lang>/messages.json (WXT copies public/ into the build as the manifest's
 * _locales). Keys are typed from the English file, the default locale.
 *
 * browser.i18n has no plural forms, so a counted message is a family of keys, one per CLDR
 * plural category of the file's own language: `theoremCount_one`, `theoremCount_other`
 * (English needs only those two; Polish adds `_few` and `_many`). The category is chosen
 * with the rules of the language the messages really come from (its `messagesLocale`), not
 * the browser's, since a language without a file falls back to English text.
 */
import { browser } from 'wxt/browser';
import type english from '../public/_locales/en/messages.json';

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
  // An empty string is what getMessage returns for an unknown key.
  return browser.i18n.getMessage(key as MessageKey, substitutions.map(String));
}
