/** Public API of the relevance model (issue 12). Pure; see engine.ts. */
export {
  DEFAULT_RELEVANCE_OPTIONS,
  RELEVANCE_STATE_VERSION,
  RelevanceEngine,
  type LabelEvent,
  type LabelKind,
  type RelevanceOptions,
  type RelevanceResult,
  type RelevanceState,
  type RestoreResult,
  type TrainReport,
  type WhyTerm,
} from './engine';
export { paperTerms, type RelevanceInput, type TermKind } from './text';
