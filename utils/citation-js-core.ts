/**
 * What @citation-js/plugin-bibtex's file and value grammars import from '@citation-js/core'
 * (`util.Grammar`, `logger`), and nothing else. The build resolves that import here for those
 * modules (wxt.config.ts, citationJsCoreShim): core's index also carries its Cite API, plugin
 * registry and fetch helpers, which a bundler must keep (they have side effects) and whose
 * `innerHTML` use web-ext lint reports. Unit tests import the real core; the class is the same.
 */
import { Grammar } from '@citation-js/core/lib-mjs/util/grammar.js';

export const util = { Grammar };

/** Core's logger is silent by default; the grammar only warns of a `(` closed by `}`. */
export const logger = { warn(): void {} };
