import { defineService } from '@intent-radar/service-host';
import { buildIntentScorer, SERVICE_NAME } from './app.ts';
import { cascadeFromConfig } from './cascade/cli.ts';
import { KvSharedLlmScores } from './cascade/shared-llm-scores.ts';
import { intentScorerEnv } from './config.ts';

/** The intent scorer as a deployable: local model, wrapped by the LLM cascade when configured. */
export const intentScorerService = defineService({
  name: SERVICE_NAME,
  env: intentScorerEnv,
  usesDatabase: false,
  build({ config, logger, bus }) {
    const cascade = cascadeFromConfig(config, logger, new KvSharedLlmScores(bus, logger));
    if (cascade) logger.info({ model: config.LLM_MODEL }, 'LLM cascade on');
    return buildIntentScorer({ bus, config, logger, ...(cascade ? { scorer: cascade } : {}) });
  },
});
