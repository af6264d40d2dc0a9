import { connectBus, type Bus } from '@intent-radar/bus';
import { createPool, ensureDatabase, migrate, type Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import { busMetrics, retryUntilSuccess } from '@intent-radar/runtime';

/** The shared connections every service in the process uses. */
export interface Infrastructure {
  pool: Pool;
  bus: Bus;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  streamReplicas: number;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Creates the database if missing, migrates it and provisions streams and KV buckets, retrying
 * with back-off while Postgres or NATS are unreachable (no crash loop).
 */
export async function prepareInfrastructure(opts: InfrastructureOptions): Promise<Infrastructure> {
  const { logger, signal } = opts;
  await retryUntilSuccess(() => ensureDatabase(opts.databaseUrl), { what: 'reach Postgres', logger, signal });
  const pool = createPool({ connectionString: opts.databaseUrl, applicationName: 'radar', logger });
  const result = await retryUntilSuccess(() => migrate(pool, { logger }), { what: 'migrate the database', logger, signal });
  logger.info({ applied: result.applied.length }, 'database migrated');
  const bus = await connectBus({ url: opts.natsUrl, name: 'radar', logger, namespace: opts.namespace, signal, metrics: busMetrics() });
  await retryUntilSuccess(() => bus.provision({ replicas: opts.streamReplicas }), { what: 'provision streams and KV buckets', logger, signal });
  logger.info({ namespace: opts.namespace || '(production names)' }, 'streams and KV buckets provisioned');
  return {
    pool,
    bus,
    async close() {
      await bus.close();
      await pool.end();
    },
  };
}
