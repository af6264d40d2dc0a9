import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildNotifier } from './app.ts';
import { notifierEnv } from './config.ts';

const config = loadConfig(notifierEnv);
const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL });
runMain({ name: 'notifier', logger, graceMs: config.SHUTDOWN_GRACE_MS, healthPort: config.HEALTH_PORT, build: () => buildNotifier({ config, logger }) });
