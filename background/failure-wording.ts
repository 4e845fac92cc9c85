/**
 * What a card says while it waits for arXiv, in the reader's words ("arXiv did not answer;
 * trying again in 30 s"), and the technical reason that goes in its tooltip only. Written here,
 * in the background, for both the abstract and the full text, so the wording is one.
 */
import type { HttpError } from './http';
import type { FailureReason } from '@/utils/messaging';

/** "5 s", "45 s", "2 min": rounded up, so "in 0 s" is never said. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`;
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
      return 'arXiv did not answer';
    case 'rate-limited':
      return 'arXiv asked us to slow down';
    case 'parse':
      return 'arXiv sent an incomplete answer';
    case 'http':
      return 'arXiv had a problem answering';
    case 'network':
      return 'arXiv could not be reached';
    case 'offline':
      return 'You are offline';
    default:
      return 'Something went wrong';
  }
}

/** "arXiv did not answer; trying again in 30 s" (or without the second half when no retry is due). */
export function waitingText(reason: FailureReason, retryInMs: number | undefined): string {
  return retryInMs === undefined ? `${whatHappened(reason)}.` : `${whatHappened(reason)}; trying again in ${formatWait(retryInMs)}`;
}
