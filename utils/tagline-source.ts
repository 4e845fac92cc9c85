/**
 * Where a card's tagline came from: the card's `data-source` on [data-pith="tagline"] and the
 * small mark beside the headline. Its own module so the card does not import the engines.
 */

/** 'on-device' is a cached on-device tagline whose model (Prompt API or Summarizer) was not kept. */
export type TaglineSource = 'extractive' | 'prompt-api' | 'summarizer' | 'on-device' | 'endpoint';

/** The mark's text: short, since it sits after the headline. */
export const TAGLINE_SOURCE_MARK: Readonly<Record<TaglineSource, string>> = {
  extractive: 'extracted',
  'prompt-api': 'on-device AI',
  summarizer: 'on-device AI',
  'on-device': 'on-device AI',
  endpoint: 'AI endpoint',
};

/** The mark's tooltip: says what produced the headline. */
export const TAGLINE_SOURCE_TITLE: Readonly<Record<TaglineSource, string>> = {
  extractive: 'Tagline extracted from the abstract',
  'prompt-api': "Tagline written by the browser's on-device model (Prompt API)",
  summarizer: "Tagline written by the browser's on-device Summarizer",
  'on-device': "Tagline written by the browser's on-device model",
  endpoint: 'Tagline written by the model endpoint set in settings',
};
