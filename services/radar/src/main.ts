import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildAllInOne } from './all-in-one.ts';
import { runCommand, usage } from './cli/commands.ts';
import { CliUsageError } from './cli/cli-args.ts';
import { createCliContext } from './cli/cli-context.ts';
import { radarEnv } from './config.ts';

const [command = 'dev'] = process.argv.slice(2);
const config = loadConfig(radarEnv);
const logger = createLogger({ service: 'radar', level: config.LOG_LEVEL });

switch (command) {
  case 'dev':
    runMain({
      name: 'radar',
      logger,
      graceMs: config.SHUTDOWN_GRACE_MS,
      healthPort: config.RADAR_HEALTH_PORT,
      otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
      build: () => Promise.resolve(buildAllInOne(config, process.env, logger)),
    });
    break;
  case 'help':
  case '--help':
    process.stdout.write(`${usage()}\n`);
    break;
  default: {
    // Operator commands: one-shot, JSON lines on stdout, progress and errors on stderr.
    const ctx = createCliContext({
      databaseUrl: config.DATABASE_URL,
      natsUrl: config.NATS_URL,
      namespace: config.BUS_NAMESPACE,
      logger: createLogger({ service: 'radar-cli', level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }),
    });
    runCommand(ctx, process.argv.slice(2)).then(
      () => process.exit(0),
      (err: unknown) => {
        const e = err as Error & { code?: string };
        process.stderr.write(`radar: ${e.code ? `${e.code}: ` : ''}${e.message}\n`);
        process.exit(err instanceof CliUsageError ? 2 : 1);
      },
    );
  }
}
