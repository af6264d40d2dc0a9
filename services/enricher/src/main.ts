import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildEnricher } from './app.ts';
import { enricherEnv } from './config.ts';

const config = loadConfig(enricherEnv);
const logger = createLogger({ service: 'enricher', level: config.LOG_LEVEL });
runMain({ name: 'enricher', logger, graceMs: config.SHUTDOWN_GRACE_MS, healthPort: config.HEALTH_PORT, build: () => buildEnricher({ config, logger }) });
