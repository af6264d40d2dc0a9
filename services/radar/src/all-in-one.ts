import { createLogger, type Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { reportAllConsumerLag } from '@intent-radar/service-host';
import type { RadarConfig } from './config.ts';
import { prepareInfrastructure, type Infrastructure } from './infrastructure.ts';
import { serviceLoaders } from './registry.ts';
import { parseEnv } from '@intent-radar/config';
import { wireSandbox } from './sandbox-wiring.ts';
import { DEMO_LOGIN, seedDemoWorkspace } from './demo-workspace.ts';

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
  let stopLag = () => {};
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
        streamReplicas: config.STREAM_REPLICAS,
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
        const wired = wireSandbox(env, sandbox.url, sandbox.smtpPort);
        serviceEnv = wired.env;
        logger.info({ url: sandbox.url, smtpPort: sandbox.smtpPort, sandboxed: wired.sandboxed }, 'sandbox: fake third-party APIs up');
        if (config.NODE_ENV !== 'production') {
          const seeded = await seedDemoWorkspace(infra.pool, sandbox);
          if (seeded) logger.info('demo workspace seeded: monitors for ZoomInfo alternatives, CRM and Apollo; Slack and email to the sandbox sinks');
        }
      }
      for (const loader of serviceLoaders) {
        if (skip.has(loader.name)) continue;
        const definition = await loader.load();
        const config = parseEnv(definition.env, serviceEnv);
        const service = await definition.build({ config, pool: infra.pool, bus: infra.bus, logger: serviceLogger(loader.name) });
        await service.start();
        started.push({ name: loader.name, service });
        logger.info(`${loader.name}: started`);
      }
      stopLag = await reportAllConsumerLag(infra.bus);
      if (sandbox && config.NODE_ENV !== 'production') {
        const port = serviceEnv.GATEWAY_PORT ?? '8080';
        logger.info(`dashboard: http://localhost:${port}  demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
      }
    },
    async stop() {
      abort.abort();
      stopLag();
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
