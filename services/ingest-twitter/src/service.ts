import { defineService } from '@intent-radar/service-host';
import { buildIngestTwitter } from './app.ts';
import { ingestTwitterEnv } from './config.ts';

/** X ingestor (twitter-api-v2): recent search per query under the request window and monthly cap. */
export const ingestTwitterService = defineService({
  name: 'ingest-twitter',
  env: ingestTwitterEnv,
  usesDatabase: false,
  build: ({ config, logger, bus }) => buildIngestTwitter({ config, logger, bus }),
});
