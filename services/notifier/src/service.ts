import { defineService } from '@intent-radar/service-host';
import { buildNotifier } from './app.ts';
import { notifierEnv } from './config.ts';

/** The notifier as a deployable: Slack, email and signed webhooks, routed per destination, with digests. */
export const notifierService = defineService({
  name: 'notifier',
  env: notifierEnv,
  usesDatabase: true,
  build: ({ config, logger, bus, pool }) => buildNotifier({ config, logger, bus, pool }),
});
