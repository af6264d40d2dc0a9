import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import type { PostScorer } from '../scorer.ts';
import { intentScorerEnv, type IntentScorerConfig } from '../config.ts';
import { LlmCascade } from './llm-cascade.ts';
import type { SharedLlmScores } from './shared-llm-scores.ts';

/** The cascade the config asks for, or undefined when no LLM endpoint is configured. */
export function cascadeFromConfig(
  config: IntentScorerConfig,
  logger = createLogger({ service: 'intent-scorer', level: config.LOG_LEVEL }),
  shared?: SharedLlmScores,
): LlmCascade | undefined {
  if (!config.LLM_BASE_URL || !config.LLM_API_KEY) return undefined;
  return new LlmCascade({
    baseURL: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    concurrency: config.LLM_CONCURRENCY,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxUsdPerHour: config.LLM_MAX_USD_PER_HOUR,
    maxUsdPerDay: config.LLM_MAX_USD_PER_DAY,
    logger,
    ...(shared ? { shared } : {}),
  });
}

/** For `npm run score -- --llm`: reads LLM_* from the environment through the config loader. */
export function cascadeFromEnv(): PostScorer | undefined {
  return cascadeFromConfig(loadConfig(intentScorerEnv));
}
