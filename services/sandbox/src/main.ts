import { loadConfig } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import { runMain } from '@intent-radar/runtime';
import { buildSandbox } from './app.ts';
import { sandboxEnv } from './config.ts';

const config = loadConfig(sandboxEnv);
const logger = createLogger({ service: 'sandbox', level: config.LOG_LEVEL });

runMain({
  name: 'sandbox',
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  healthPort: config.HEALTH_PORT,
  build: () =>
    Promise.resolve(
      buildSandbox({
        logger,
        port: config.SANDBOX_PORT,
        host: config.SANDBOX_HOST,
        smtpPort: config.SANDBOX_SMTP_PORT,
        seed: config.SANDBOX_SEED,
        ratePerSec: config.SANDBOX_RATE_PER_SEC,
        backlog: config.SANDBOX_BACKLOG,
        fixturesDir: config.SANDBOX_FIXTURES_DIR,
        production: config.SANDBOX_PRODUCTION || config.NODE_ENV === 'production',
      }),
    ),
});
