import { defineService } from '@intent-radar/service-host';
import { buildDedupEmbedder, SERVICE_NAME } from './app.ts';
import { dedupEmbedderEnv } from './config.ts';

/** The dedup-embedder as a deployable: posts stored once, near-duplicates linked, signals fanned out. */
export const dedupEmbedderService = defineService({
  name: SERVICE_NAME,
  env: dedupEmbedderEnv,
  usesDatabase: true,
  build: ({ config, logger, bus, pool }) => buildDedupEmbedder({ bus, pool, config, logger }),
});
