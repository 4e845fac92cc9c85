/** Public API of the relevance model (issue 12). Pure; see engine.ts. */
export { RELEVANCE_STATE_VERSION, RelevanceEngine, type RelevanceOptions, type RelevanceResult } from './engine';
export type { RelevanceInput } from './text';
