import { createLogger, type Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import type { RadarConfig } from './config.ts';
import { prepareInfrastructure, type Infrastructure } from './infrastructure.ts';
import { serviceEntries } from './registry.ts';
import { sandboxEnvDefaults, withDefaults } from './sandbox-wiring.ts';

export interface AllInOne extends Service {
  /** Names of the services running, in start order. */
  readonly running: string[];
  readonly sandbox: Sandbox | undefined;
  ready(): Promise<boolean>;
}

/**
 * Every service in one Node process, still talking to the real NATS and Postgres: the
 * development, demo and test shape of the product (`npm start`).
 */
export function buildAllInOne(config: RadarConfig, env: Record<string, string | undefined>, logger: Logger): AllInOne {
  const abort = new AbortController();
  const started: { name: string; service: Service }[] = [];
  let infra: Infrastructure | undefined;
  let sandbox: Sandbox | undefined;
  const skip = new Set(config.RADAR_SKIP.split(',').map((s) => s.trim()).filter(Boolean));
  const serviceLogger = (service: string) => createLogger({ service, level: config.LOG_LEVEL });

  return {
    get running() {
      return started.map((s) => s.name);
    },
    get sandbox() {
      return sandbox;
    },
    async start() {
      infra = await prepareInfrastructure({
        databaseUrl: config.DATABASE_URL,
        natsUrl: config.NATS_URL,
        namespace: config.BUS_NAMESPACE,
        logger,
        signal: abort.signal,
      });
      let serviceEnv = env;
      if (config.SANDBOX && !skip.has('sandbox')) {
        sandbox = buildSandbox({
          logger: serviceLogger('sandbox'),
          port: Number(env.SANDBOX_PORT ?? 4100),
          smtpPort: Number(env.SANDBOX_SMTP_PORT ?? 2525),
          production: config.NODE_ENV === 'production',
        });
        await sandbox.start();
        started.push({ name: 'sandbox', service: sandbox });
        serviceEnv = withDefaults(env, sandboxEnvDefaults(sandbox.url, sandbox.smtpPort));
        logger.info({ url: sandbox.url, smtpPort: sandbox.smtpPort }, 'sandbox: fake third-party APIs up');
      }
      for (const entry of serviceEntries) {
        if (skip.has(entry.name)) continue;
        const service = await entry.build({ pool: infra.pool, bus: infra.bus, logger: serviceLogger(entry.name), env: serviceEnv });
        await service.start();
        started.push({ name: entry.name, service });
        logger.info(`${entry.name}: started`);
      }
    },
    async stop() {
      abort.abort();
      for (const { name, service } of started.reverse()) {
        try {
          await service.stop();
        } catch (err) {
          logger.error({ err }, `${name}: stop failed`);
        }
      }
      started.length = 0;
      await infra?.close();
    },
    async ready() {
      if (!infra?.bus.isConnected()) return false;
      for (const { service } of started) if (service.ready && !(await service.ready())) return false;
      return true;
    },
  };
}
