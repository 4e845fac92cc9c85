import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getMessage } from './helpers/fake-i18n';

// The fake browser has no i18n; reset() leaves this in place (i18n keeps no state).
fakeBrowser.i18n.getMessage = getMessage;

beforeEach(() => {
  fakeBrowser.reset();
});

// happy-dom has no document.compatMode, and KaTeX's katex.render refuses to run unless it reads
// 'CSS1Compat' (standards mode) when KaTeX is first imported. Every page the extension runs on
// (arXiv's listings, the popup, the settings page) has a doctype, so the tests say the same.
if (typeof document !== 'undefined' && document.compatMode !== 'CSS1Compat') {
  Object.defineProperty(document, 'compatMode', { configurable: true, get: () => 'CSS1Compat' });
}
