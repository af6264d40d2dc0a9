import { defineService } from '@intent-radar/service-host';
import { buildGateway } from './app.ts';
import { createStripeClient } from './billing/stripe-client.ts';
import { gatewayEnv } from './config.ts';

/** The gateway as a deployable: REST API, live feed, billing webhooks and the dashboard. */
export const gatewayService = defineService({
  name: 'gateway',
  env: gatewayEnv,
  usesDatabase: true,
  build({ config, logger, bus, pool }) {
    if (config.sessionSecretGenerated) logger.warn('SESSION_SECRET not set: generated a random one; sessions end on restart');
    return buildGateway({ config, logger, pool, bus, stripe: createStripeClient(config) });
  },
});
