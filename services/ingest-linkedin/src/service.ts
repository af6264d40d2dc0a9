import { defineService } from '@intent-radar/service-host';
import { buildIngestLinkedin } from './app.ts';
import { ingestLinkedinEnv } from './config.ts';

/** LinkedIn ingestor: Bright Data keyword discovery per query (trigger, poll with a deadline, download). */
export const ingestLinkedinService = defineService({
  name: 'ingest-linkedin',
  env: ingestLinkedinEnv,
  usesDatabase: false,
  build: ({ config, logger, bus }) => buildIngestLinkedin({ config, logger, bus }),
});
