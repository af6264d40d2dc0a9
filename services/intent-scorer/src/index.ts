export { buildIntentScorer, SERVICE_NAME, type IntentScorer, type IntentScorerDeps } from './app.ts';
export { intentScorerEnv, type IntentScorerConfig } from './config.ts';
export { contentHash } from './content-hash.ts';
export { localScorer, type PostScorer } from './scorer.ts';
export { scorePost, QUALIFIED_SCORE, type ScoreInput } from './model/index.ts';
export { monitorRelevance, relevanceProfile, scoreForMonitor, RELEVANCE_MIN_SCORE, type MonitorRelevance, type RelevanceProfile } from './model/index.ts';
