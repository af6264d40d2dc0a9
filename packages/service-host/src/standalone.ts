import { connectBus, type Bus } from '@intent-radar/bus';
import { loadConfig, type BaseEnv } from '@intent-radar/config';
import { createPool, type Pool } from '@intent-radar/db';
import { createLogger } from '@intent-radar/logger';
import { busMetrics, runMain, type Service } from '@intent-radar/runtime';
import { reportAllConsumerLag } from './consumer-lag-reporting.ts';
import type { z } from 'zod';
import type { ServiceDefinition } from './definition.ts';

/**
 * The whole of a service's main.ts: validates its env (exit 1 naming the bad variable),
 * connects to NATS (retrying with back-off) and Postgres, builds the service and runs it
 * under runMain (signals, grace timer, /healthz /readyz /metrics on HEALTH_PORT).
 * Migrations are not run here: `radar migrate` (a one-shot job in compose/k8s) owns them.
 */
export function runStandalone<S extends z.ZodType<BaseEnv>>(definition: ServiceDefinition<S>): void {
  const config = loadConfig(definition.env);
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  runMain({
    name: definition.name,
    logger,
    graceMs: config.SHUTDOWN_GRACE_MS,
    healthPort: config.HEALTH_PORT,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    build: async (): Promise<Service> => {
      const pool: Pool = createPool({
        connectionString: config.DATABASE_URL,
        applicationName: definition.name,
        logger,
        ...(definition.usesDatabase ? {} : { max: 1 }),
      });
      const bus: Bus = await connectBus({ url: config.NATS_URL, name: definition.name, logger, namespace: config.BUS_NAMESPACE, metrics: busMetrics() });
      await bus.provision({ replicas: config.STREAM_REPLICAS });
      const service = await definition.build({ config, logger, bus, pool });
      let stopLag = () => {};
      return {
        async start() {
          await service.start();
          stopLag = await reportAllConsumerLag(bus);
        },
        ready: async () => bus.isConnected() && ((await service.ready?.()) ?? true),
        async stop() {
          stopLag();
          await service.stop();
          await bus.close();
          await pool.end();
        },
      };
    },
  });
}
