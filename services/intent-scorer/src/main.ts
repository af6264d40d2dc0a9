import { connectBus } from '@intent-radar/bus';
import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildIntentScorer, SERVICE_NAME } from './app.ts';
import { cascadeFromConfig } from './cascade/cli.ts';
import { intentScorerEnv } from './config.ts';

const config = loadConfig(intentScorerEnv);
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

runMain({
  name: SERVICE_NAME,
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  healthPort: config.HEALTH_PORT,
  build: async () => {
    const bus = await connectBus({ url: config.NATS_URL, name: SERVICE_NAME, logger });
    await bus.provision();
    const cascade = cascadeFromConfig(config, logger);
    if (cascade) logger.info({ model: config.LLM_MODEL }, 'LLM cascade on');
    const service = buildIntentScorer({ bus, config, logger, ...(cascade ? { scorer: cascade } : {}) });
    return {
      start: () => service.start(),
      ready: () => service.ready(),
      async stop() {
        await service.stop();
        await bus.close();
      },
    };
  },
});
