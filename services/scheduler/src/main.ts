import { connectBus } from '@intent-radar/bus';
import { loadConfig } from '@intent-radar/config';
import { createPool, migrate } from '@intent-radar/db';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildScheduler, SERVICE_NAME } from './app.ts';
import { schedulerEnv } from './config.ts';

const config = loadConfig(schedulerEnv);
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

runMain({
  name: SERVICE_NAME,
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  healthPort: config.HEALTH_PORT,
  build: async () => {
    const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: SERVICE_NAME, logger });
    await migrate(pool);
    const bus = await connectBus({ url: config.NATS_URL, name: SERVICE_NAME, logger });
    await bus.provision();
    const service = buildScheduler({ bus, pool, config, logger });
    return {
      start: () => service.start(),
      ready: () => service.ready?.() ?? true,
      async stop() {
        await service.stop();
        await bus.close();
        await pool.end();
      },
    };
  },
});
