import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { createPool } from '@intent-radar/db';
import { connectBus } from '@intent-radar/bus';
import { buildGateway } from './app.ts';
import { gatewayEnv } from './config.ts';
import { createStripeClient } from './billing/stripe-client.ts';

const config = loadConfig(gatewayEnv);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
if (config.sessionSecretGenerated) logger.warn('SESSION_SECRET not set: generated a random one; sessions end on restart');

runMain({
  name: 'gateway',
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  healthPort: config.HEALTH_PORT,
  build: async () => {
    const pool = createPool({ connectionString: config.DATABASE_URL });
    const bus = await connectBus({ url: config.NATS_URL, name: 'gateway', logger });
    const stripe = createStripeClient(config);
    const gateway = await buildGateway({ config, logger, pool, bus, stripe });
    return {
      start: () => gateway.start(),
      ready: () => gateway.ready(),
      stop: async () => {
        await gateway.stop();
        await bus.close();
        await pool.end();
      },
    };
  },
});
