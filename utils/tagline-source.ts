/**
 * Where a card's tagline came from: the card's `data-source` on [data-pith="tagline"] and the
 * small mark beside the headline. Its own module so the card does not import the engines.
 */
import { t } from './i18n';

/** 'on-device' is a cached on-device tagline whose model (Prompt API or Summarizer) was not kept. */
export type TaglineSource = 'extractive' | 'prompt-api' | 'summarizer' | 'on-device' | 'endpoint';

/** The mark's text: short, since it sits after the headline. */
export function taglineSourceMark(source: TaglineSource): string {
  switch (source) {
    case 'extractive':
      return t('taglineMarkExtracted');
    case 'endpoint':
      return t('taglineMarkEndpoint');
    default:
      return t('taglineMarkOnDevice');
  }
}

/** The mark's tooltip: says what produced the headline. */
export function taglineSourceTitle(source: TaglineSource): string {
  switch (source) {
    case 'extractive':
      return t('taglineTitleExtracted');
    case 'prompt-api':
      return t('taglineTitlePromptApi');
    case 'summarizer':
      return t('taglineTitleSummarizer');
    case 'on-device':
      return t('taglineTitleOnDevice');
    case 'endpoint':
      return t('taglineTitleEndpoint');
  }
}
