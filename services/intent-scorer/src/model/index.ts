export { scorePost, QUALIFIED_SCORE, type ScoreInput } from './score.ts';
export { normalizeInput, MAX_SCORED_CHARS, type NormalizedText } from './normalize.ts';
export { VENDORS, CATEGORY_TERMS, type Vendor, type VendorCategory } from './vendors.ts';
export { monitorRelevance, relevanceOfNormalized, relevanceProfile, scoreForMonitor, RELEVANCE_MIN_SCORE, type MonitorRelevance, type RelevanceProfile } from './relevance.ts';
