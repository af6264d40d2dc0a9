import { defineService } from '@intent-radar/service-host';
import { buildScheduler } from './app.ts';
import { schedulerEnv } from './config.ts';

/** Publishes ingest jobs per query and platform, firehose leases, new-monitor backfills and the periodic jobs. */
export const schedulerService = defineService({
  name: 'scheduler',
  env: schedulerEnv,
  usesDatabase: true,
  build: ({ config, logger, bus, pool }) => buildScheduler({ config, logger, bus, pool }),
});
