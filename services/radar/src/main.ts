import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildAllInOne } from './all-in-one.ts';
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
      build: () => Promise.resolve(buildAllInOne(config, process.env, logger)),
    });
    break;
  default:
    process.stderr.write(`radar: unknown command "${command}". Commands: dev\n`);
    process.exit(2);
}
