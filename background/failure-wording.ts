/**
 * What a card says while it waits for arXiv, in the reader's words ("arXiv did not answer;
 * trying again in 30 s"), and the technical reason that goes in its tooltip only. Written here,
 * in the background, for both the abstract and the full text, so the wording is one.
 */
import type { HttpError } from './http';
import type { FailureReason } from '@/utils/messaging';
import { t } from '@/utils/i18n';

/** "5 s", "45 s", "2 min": rounded up, so "in 0 s" is never said. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 90 ? t('waitSeconds', s) : t('waitMinutes', Math.ceil(s / 60));
}

/** The failure reason a card's state is keyed on, from the scheduler's error. */
export function reasonOfHttp(error: HttpError): FailureReason {
  switch (error.kind) {
    case 'offline':
    case 'timeout':
    case 'rate-limited':
    case 'http':
    case 'network':
      return error.kind;
    case 'bad-response':
      return 'parse';
    default:
      return 'network';
  }
}

/** The first half of the sentence: what happened, as a reader would put it. */
function whatHappened(reason: FailureReason): string {
  switch (reason) {
    case 'timeout':
      return t('failTimeout');
    case 'rate-limited':
      return t('failRateLimited');
    case 'parse':
      return t('failParse');
    case 'http':
      return t('failHttp');
    case 'network':
      return t('failNetwork');
    case 'offline':
      return t('failOffline');
    default:
      return t('failOther');
  }
}

/** "arXiv did not answer; trying again in 30 s" (or without the second half when no retry is due). */
export function waitingText(reason: FailureReason, retryInMs: number | undefined): string {
  return retryInMs === undefined
    ? t('failedNoRetry', whatHappened(reason))
    : t('failedRetrying', whatHappened(reason), formatWait(retryInMs));
}
