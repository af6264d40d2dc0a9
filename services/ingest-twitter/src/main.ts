import { connectBus } from '@intent-radar/bus';
import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildIngestTwitter, SERVICE_NAME } from './app.ts';
import { ingestTwitterEnv } from './config.ts';

const config = loadConfig(ingestTwitterEnv);
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

runMain({
  name: SERVICE_NAME,
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  healthPort: config.HEALTH_PORT,
  build: async () => {
    const bus = await connectBus({ url: config.NATS_URL, name: SERVICE_NAME, logger });
    await bus.provision();
    const service = buildIngestTwitter({ bus, config, logger });
    return {
      start: () => service.start(),
      ready: () => service.ready?.() ?? true,
      async stop() {
        await service.stop();
        await bus.close();
      },
    };
  },
});
