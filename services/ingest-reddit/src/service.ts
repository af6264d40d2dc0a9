import { defineService } from '@intent-radar/service-host';
import { buildIngestReddit } from './app.ts';
import { ingestRedditEnv } from './config.ts';

/** Reddit ingestor (snoowrap): search per query and the /r/all posts and comments firehose. */
export const ingestRedditService = defineService({
  name: 'ingest-reddit',
  env: ingestRedditEnv,
  usesDatabase: false,
  build: ({ config, logger, bus }) => buildIngestReddit({ config, logger, bus }),
});
