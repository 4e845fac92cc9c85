/**
 * browser.i18n.getMessage for the unit tests (WXT's fake browser leaves it unimplemented),
 * reading the real English messages file with the rules Chrome and Firefox apply to it:
 * `$name$` is the named placeholder (names case-insensitive), whose content's `$1`…`$9` are
 * the substitutions; `$$` is a literal dollar; an unknown key gives ''.
 */
import english from '../../assets/public/_locales/en/messages.json';

export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type MessageFile = Record<string, MessageEntry>;

export function getMessageFrom(file: MessageFile, name: string, substitutions?: string | string[]): string {
  const wanted = name.toLowerCase();
  const key = Object.keys(file).find((k) => k.toLowerCase() === wanted);
  if (key === undefined) return '';
  const entry = file[key]!;
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (text: string): string => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([k, v]) => [k.toLowerCase(), v.content]));
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$|\$(\d)/g, (whole, placeholder?: string, n?: string) => {
    if (whole === '$$') return '$';
    if (placeholder !== undefined) return fill(placeholders.get(placeholder.toLowerCase()) ?? '');
    return subs[Number(n) - 1] ?? '';
  });
}

export const englishMessages: MessageFile = english;

export function getMessage(name: string, substitutions?: string | string[]): string {
  return getMessageFrom(englishMessages, name, substitutions);
}
