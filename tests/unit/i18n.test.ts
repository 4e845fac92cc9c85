/**
 * The messages file and the code agree: every key the code asks for exists in English, every
 * English message is asked for somewhere, and the file is one Chrome and Firefox will load.
 * Keys are found by scanning the sources for t('…') / tn('…') / __MSG_…__ and, for tables of
 * keys (the settings form's labels), any quoted key: the type MessageKey already makes the
 * compiler check those exist. A key built at run time would hide from both, and is refused below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { t, tn, tParts } from '../../utils/i18n';
import { englishMessages } from '../helpers/fake-i18n';
import { formatWait, waitingText } from '../../background/failure-wording';

const root = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['components', 'entrypoints', 'background', 'utils'];

function sourceFiles(dir: string, name = /\.(?:ts|tsx)$/): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && name.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const sources = [...SOURCE_DIRS.flatMap((dir) => sourceFiles(dir)), join(root, 'wxt.config.ts'), ...sourceFiles('entrypoints', /\.html$/)].map((file) => ({
  file: relative(root, file),
  text: readFileSync(file, 'utf8'),
}));

/** Keys used: t('key'), tParts('key'), tn('family') (all of the family's forms), __MSG_key__ in the manifest. */
function usedKeys(): { single: Set<string>; families: Set<string> } {
  const single = new Set<string>();
  const families = new Set<string>();
  for (const { text } of sources) {
    for (const m of text.matchAll(/\b(?:t|tParts)\(\s*'([A-Za-z0-9_]+)'/g)) single.add(m[1]!);
    for (const m of text.matchAll(/\btn\(\s*'([A-Za-z0-9_]+)'/g)) families.add(m[1]!);
    for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) single.add(m[1]!);
  }
  return { single, families };
}

/** Every quoted word of the sources that is a key (tables of MessageKey values). */
function quotedKeys(): Set<string> {
  const quoted = new Set<string>();
  for (const { text } of sources) {
    for (const m of text.matchAll(/'([A-Za-z0-9_]+)'/g)) if (m[1]! in englishMessages) quoted.add(m[1]!);
  }
  return quoted;
}

const keys = Object.keys(englishMessages);

describe('messages file', () => {
  it('has every key the code uses', () => {
    const { single, families } = usedKeys();
    expect(single.size).toBeGreaterThan(10);
    expect([...single].filter((k) => !(k in englishMessages))).toEqual([]);
    expect([...families].filter((f) => !(`${f}_one` in englishMessages && `${f}_other` in englishMessages))).toEqual([]);
  });

  it('has no message the code does not use', () => {
    const { single, families } = usedKeys();
    const quoted = quotedKeys();
    const unused = keys.filter((k) => !single.has(k) && !quoted.has(k) && !families.has(k.replace(/_(?:zero|one|two|few|many|other)$/, '')));
    expect(unused).toEqual([]);
  });

  it('never builds a key at run time, so the scans above see them all', () => {
    const built = sources.flatMap(({ file, text }) => {
      if (file === join('utils', 'i18n.ts')) return [];
      const hits = [...text.matchAll(/\b(?:t|tn|tParts)\(\s*`|as MessageKey\b|as PluralKey\b/g)];
      return hits.map((m) => `${file}: ${m[0]}`);
    });
    expect(built).toEqual([]);
  });

  it('is a file browsers load: valid names, declared placeholders, $1…$9 only', () => {
    const problems: string[] = [];
    const lower = new Set<string>();
    for (const [key, entry] of Object.entries(englishMessages)) {
      if (!/^[A-Za-z0-9_]+$/.test(key)) problems.push(`${key}: bad name`);
      if (lower.has(key.toLowerCase())) problems.push(`${key}: differs from another key only in case`);
      lower.add(key.toLowerCase());
      if (typeof entry.message !== 'string' || entry.message === '') problems.push(`${key}: empty message`);
      const declared = new Set(Object.keys(entry.placeholders ?? {}).map((p) => p.toLowerCase()));
      const rest = entry.message.replace(/\$\$/g, '').replace(/\$([A-Za-z0-9_@]+)\$/g, (_, p: string) => {
        if (!declared.delete(p.toLowerCase())) problems.push(`${key}: $${p}$ is not declared`);
        return '';
      });
      if (rest.includes('$')) problems.push(`${key}: a lone $ (write $$ for a dollar)`);
      if (declared.size > 0) problems.push(`${key}: unused placeholders ${[...declared].join(', ')}`);
      for (const [p, { content }] of Object.entries(entry.placeholders ?? {})) {
        if (!/^\$[1-9]$/.test(content)) problems.push(`${key}: placeholder ${p} is ${content}, not $1…$9`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('t and tn', () => {
  it('fill substitutions and choose the English plural form', () => {
    expect(t('waitSeconds', 5)).toBe('5 s');
    expect(formatWait(120_000)).toBe('2 min');
    expect(waitingText('timeout', 30_000)).toBe('arXiv did not answer; trying again in 30 s');
    expect(waitingText('offline', undefined)).toBe('You are offline.');
  });

  it('word counts as English does: 1 theorem, 0 and 2 theorems', () => {
    expect(tn('theoremCount', 1)).toBe('1 theorem');
    expect(tn('theoremCount', 0)).toBe('0 theorems');
    expect(tn('theoremCount', 2)).toBe('2 theorems');
  });

  it('tParts puts elements where the message has them, the text between as it is', () => {
    const link = { element: 'a' };
    const button = { element: 'strong' };
    const key = { element: 'kbd' };
    expect(tParts('emptyHowTo', link, button, key)).toEqual([
      'Open an arXiv listing such as ',
      link,
      ', then press ',
      button,
      ' (or the ',
      key,
      ' key) on a card. You can also save from a paper’s abstract page.',
    ]);
  });

  it('fall back to the key itself for a key missing from the file, never to an empty string', () => {
    // A cast on purpose: the type system already refuses unknown keys.
    expect(t('noSuchKey' as Parameters<typeof t>[0])).toBe('noSuchKey');
    expect(tn('noSuchFamily' as Parameters<typeof tn>[0], 2)).toBe('noSuchFamily_other');
  });
});
