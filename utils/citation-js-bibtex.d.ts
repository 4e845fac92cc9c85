/**
 * Types for the two modules of @citation-js/plugin-bibtex that BibTeX import uses
 * (utils/bibtex-import.ts). The package types only its plugin object; these deep modules are
 * its file grammar and its field-value grammar, which need no @citation-js/core registry.
 */
declare module '@citation-js/plugin-bibtex/lib-mjs/input/file.js' {
  export interface RawBibEntry {
    type: string;
    label: string;
    /** Field values as written, macros and `#` resolved; TeX not yet decoded. */
    properties: Record<string, string | number>;
    annotations?: Record<string, Record<string, string>>;
  }
  /** Throws a SyntaxError at the first token the grammar does not expect. */
  export function parse(text: string): RawBibEntry[];
}

declare module '@citation-js/plugin-bibtex/lib-mjs/input/value.js' {
  export interface BibName {
    given?: string;
    family?: string;
    prefix?: string;
    suffix?: string;
    literal?: string;
  }
  /**
   * One field's raw text -> Unicode: a string (titles marked up with <i>, <b>, <sup>...), a
   * list of strings (`keywords`) or of names (`author`), by the field's BibLaTeX type.
   */
  export function parse(text: string, field: string, languages?: string[]): unknown;
}

declare module '@citation-js/core/lib-mjs/util/grammar.js' {
  /** A recursive-descent grammar over a moo lexer; the plugin's grammars are its instances. */
  export class Grammar {
    constructor(rules: Record<string, () => unknown>, state?: unknown);
  }
}
