import type { Bus } from '@intent-radar/bus';
import { parseEnv } from '@intent-radar/config';
import type { Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';

/** What the all-in-one runner hands every service it boots. */
export interface ServiceContext {
  pool: Pool;
  bus: Bus;
  logger: Logger;
  /** process.env plus the sandbox's base URLs for every API without real credentials. */
  env: Record<string, string | undefined>;
}

export interface ServiceEntry {
  name: string;
  build(ctx: ServiceContext): Promise<Service>;
}

/**
 * Every service the all-in-one process runs, in start order (stopped in reverse). Each entry
 * imports its service's app.ts lazily so `radar` commands that need none of them stay fast.
 * Connections (pool, bus) belong to the runner; a service's stop() leaves them open.
 * A new service registers itself here and in docker-compose.yml.
 */
export const serviceEntries: ServiceEntry[] = [
  {
    name: 'dedup-embedder',
    async build({ pool, bus, logger, env }) {
      const { buildDedupEmbedder } = await import('@intent-radar/dedup-embedder/app');
      const { dedupEmbedderEnv } = await import('@intent-radar/dedup-embedder/config');
      return buildDedupEmbedder({ pool, bus, logger, config: parseEnv(dedupEmbedderEnv, env) });
    },
  },
  {
    name: 'notifier',
    async build({ pool, bus, logger, env }) {
      const { buildNotifier } = await import('@intent-radar/notifier/app');
      const { notifierEnv } = await import('@intent-radar/notifier/config');
      return buildNotifier({ pool, bus, logger, config: parseEnv(notifierEnv, env) });
    },
  },
  {
    name: 'enricher',
    async build({ pool, bus, logger, env }) {
      const { buildEnricher } = await import('@intent-radar/enricher/app');
      const { enricherEnv, withSandboxCredentials } = await import('@intent-radar/enricher/config');
      return buildEnricher({ pool, bus, logger, config: parseEnv(enricherEnv, withSandboxCredentials(env)) });
    },
  },
  {
    name: 'gateway',
    async build({ pool, bus, logger, env }) {
      const { buildGateway } = await import('@intent-radar/gateway/app');
      const { gatewayEnv } = await import('@intent-radar/gateway/config');
      const { createStripeClient } = await import('@intent-radar/gateway/stripe');
      const config = parseEnv(gatewayEnv, env);
      return buildGateway({ pool, bus, logger, config, stripe: createStripeClient(config) });
    },
  },
];
