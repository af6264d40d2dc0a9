import { defineService } from '@intent-radar/service-host';
import { buildEnricher } from './app.ts';
import { enricherEnv } from './config.ts';

/** The enricher as a deployable: who wrote it, with confidence per field and exact credits. */
export const enricherService = defineService({
  name: 'enricher',
  env: enricherEnv,
  usesDatabase: true,
  build: ({ config, logger, bus, pool }) => buildEnricher({ config, logger, bus, pool }),
});
