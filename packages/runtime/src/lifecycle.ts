import type { Logger } from '@intent-radar/logger';
import { startHealthServer, type HealthServer } from './health-server.ts';
import { startTracing, type Tracing } from './tracing.ts';

/** What every service's app.ts returns. */
export interface Service {
  start(): Promise<void>;
  stop(): Promise<void>;
  ready?(): boolean | Promise<boolean>;
}

export interface RunMainOptions {
  name: string;
  build: () => Promise<Service>;
  logger: Logger;
  /** How long stop() may take before the process exits anyway, in milliseconds. */
  graceMs?: number;
  /** Port for /healthz, /readyz, /metrics; undefined = no health server. */
  healthPort?: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT; when set, spans are exported there (see startTracing). */
  otlpEndpoint?: string | undefined;
}

/** Stops a service under a timer; resolves true when it stopped in time. */
export async function stopWithin(service: Service, graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  try {
    return await Promise.race([service.stop().then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The whole of a main.ts: builds and starts the service, serves health endpoints, and on
 * SIGINT/SIGTERM stops it under a grace timer. A second signal exits at once.
 */
export function runMain({ name, build, logger, graceMs = 15_000, healthPort, otlpEndpoint }: RunMainOptions): void {
  let service: Service | undefined;
  let health: HealthServer | undefined;
  let tracing: Tracing | undefined;
  let started = false;
  let stopping = false;

  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) {
      logger.warn({ reason }, `${name}: second signal, exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info({ reason, graceMs }, `${name}: stopping`);
    const clean = service ? await stopWithin(service, graceMs) : true;
    await health?.close();
    await tracing?.shutdown();
    logger.info({ clean }, `${name}: stopped`);
    process.exit(clean ? 0 : 1);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => void shutdown(sig));
  }
  process.on('unhandledRejection', (err) => {
    logger.error({ err }, `${name}: unhandled rejection`);
  });

  void (async () => {
    try {
      if (healthPort !== undefined) {
        health = await startHealthServer({
          port: healthPort,
          logger,
          ready: async () => started && !stopping && ((await service?.ready?.()) ?? true),
        });
        logger.info({ port: health.port }, `${name}: health on :${health.port} (/healthz /readyz /metrics)`);
      }
      // Before build(): spans need the provider registered when the bus and HTTP servers start.
      tracing = await startTracing({ serviceName: name, otlpEndpoint, logger });
      service = await build();
      await service.start();
      started = true;
      logger.info(`${name}: started`);
    } catch (err) {
      logger.fatal({ err }, `${name}: failed to start`);
      await health?.close();
      process.exit(1);
    }
  })();
}
