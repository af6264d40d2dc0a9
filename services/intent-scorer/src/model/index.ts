export { scorePost, QUALIFIED_SCORE, type ScoreInput } from './score.ts';
export { normalizeInput, MAX_SCORED_CHARS } from './normalize.ts';
export { VENDORS, CATEGORY_TERMS, type Vendor, type VendorCategory } from './vendors.ts';
export { monitorRelevance, relevanceProfile, scoreForMonitor, RELEVANCE_MIN_SCORE, type MonitorRelevance, type RelevanceProfile } from './relevance.ts';
