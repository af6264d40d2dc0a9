import { defineService } from '@intent-radar/service-host';
import { buildIngestHn } from './app.ts';
import { ingestHnEnv } from './config.ts';

/** Hacker News ingestor: Algolia search per query and the Firebase maxitem firehose. */
export const ingestHnService = defineService({
  name: 'ingest-hn',
  env: ingestHnEnv,
  usesDatabase: false,
  build: ({ config, logger, bus }) => buildIngestHn({ config, logger, bus }),
});
