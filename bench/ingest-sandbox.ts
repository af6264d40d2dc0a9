/**
 * The sandbox for bench:ingest, in its own process (as the real platforms would be), so the
 * benchmark measures the ingestors' CPU apart from the fakes'. Prints `{"url":…}` once listening;
 * stops on SIGTERM. Usage: node --import tsx bench/ingest-sandbox.ts <ratePerSec> <seed>
 */
import { createLogger } from '@intent-radar/logger';
import { buildSandbox } from '@intent-radar/sandbox';

const [rate = '0', seed = '42'] = process.argv.slice(2);
const logger = createLogger({ service: 'bench-ingest-sandbox', level: 'warn' });
// Live clock at the asked rate; the Reddit fake's own budget is out of the way (the bench is about throughput).
const sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, seed: Number(seed), ratePerSec: Number(rate), backlog: 0, clock: 'live', reddit: { rateLimit: 1_000_000, rateWindowMs: 60_000 } });
await sandbox.start();
process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
process.once('SIGTERM', () => {
  void sandbox.stop().then(() => process.exit(0));
});
