/**
 * The full chaos suite (second half of `npm run test:chaos`), on its OWN nats-server and its OWN
 * Postgres cluster (temporary, free ports) so restarting them never disturbs the machine's shared
 * ones. With traffic flowing the whole time (raw posts published, posts appearing on the fake HN
 * and Reddit), the LLM cascade on against the sandbox's OpenAI fake:
 *   kill -9 and restart of every service in turn; restart of nats-server; restart of Postgres;
 *   sandbox 429 storms, 5xx and malformed responses on HN/Reddit; LLM garbage (malformed JSON,
 *   5xx) and Slack 5xx.
 * Exit 0 only when the books balance: 0 raw posts lost, 0 duplicate alerts, every owed alert sent.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertsMissing, booksSummary, lostCount } from '../pipeline-books.ts';
import { freePort, PIPELINE_SERVICES, waitFor } from '../pipeline-harness.ts';
import { startChaosWorld } from './chaos-world.ts';

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A private nats-server with JetStream on a free port; restartable on the same store. */
async function startOwnNats(): Promise<{ url: string; restart(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'chaos-nats-'));
  let proc: ChildProcess;
  const launch = async () => {
    proc = spawn('/usr/sbin/nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
    await waitFor(
      'own nats-server to listen',
      () =>
        new Promise<boolean>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => resolve(false));
        }),
      30_000,
    );
  };
  const kill = async () => {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** A private Postgres 15 cluster (initdb as the postgres user, trust auth, pgvector available). */
async function startOwnPostgres(): Promise<{ adminUrl: string; restart(): void; stop(): void }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'chaos-pg-'));
  const pwent = execFileSync('id', ['-u', 'postgres']).toString().trim();
  const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
  chownSync(dir, Number(pwent), Number(gid));
  const asPostgres = (bin: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args], { stdio: 'ignore' });
  asPostgres('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres']);
  const ctl = (action: string) =>
    asPostgres('pg_ctl', ['-D', `${dir}/data`, '-l', `${dir}/log`, '-w', '-m', 'fast', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300`, action]);
  ctl('start');
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl('restart'),
    stop() {
      ctl('stop');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const nats = await startOwnNats();
const pg = await startOwnPostgres();
log(`own nats ${nats.url}, own postgres ${pg.adminUrl}`);
let failed = false;
const world = await startChaosWorld({
  natsUrl: nats.url,
  adminUrl: pg.adminUrl,
  services: PIPELINE_SERVICES,
  env: {},
  serviceEnv: {
    'intent-scorer': { LLM_API_KEY: 'sandbox', LLM_MAX_USD_PER_HOUR: '1000', LLM_MAX_USD_PER_DAY: '1000' },
  },
});
try {
  const { pipeline } = world;
  const traffic = async (rounds = 3) => {
    for (let i = 0; i < rounds; i++) {
      await world.publishRaw(100);
      world.emitOnPlatforms(40);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  // The scorer's LLM endpoint is the sandbox, known only now: restart it with the cascade on.
  await pipeline.kill('intent-scorer', 'SIGTERM');
  await pipeline.startService('intent-scorer', { LLM_BASE_URL: `${pipeline.sandbox.url}/openai/v1` });

  pipeline.sandbox.faults.add({ api: 'openai', kind: 'malformed_json', ratio: 0.3 });
  pipeline.sandbox.faults.add({ api: 'openai', kind: 'server_error', ratio: 0.2 });
  pipeline.sandbox.faults.add({ api: 'hn', kind: 'rate_limit', count: 50, retryAfterSec: 1 });
  pipeline.sandbox.faults.add({ api: 'reddit', kind: 'rate_limit', count: 10, retryAfterSec: 2 });
  pipeline.sandbox.faults.add({ api: 'hn', kind: 'server_error', ratio: 0.2 });
  pipeline.sandbox.faults.add({ api: 'reddit', kind: 'malformed_json', ratio: 0.1 });
  pipeline.sandbox.faults.add({ api: 'slack', kind: 'server_error', ratio: 0.2 });

  for (const service of PIPELINE_SERVICES) {
    await traffic();
    log(`kill -9 ${service}`);
    await pipeline.kill(service);
    await traffic(1);
    await pipeline.startService(service, service === 'intent-scorer' ? { LLM_BASE_URL: `${pipeline.sandbox.url}/openai/v1` } : {});
  }
  await traffic();
  log('restart nats-server');
  await nats.restart();
  await traffic();
  log('restart postgres');
  pg.restart();
  await traffic();
  pipeline.sandbox.faults.clear();
  await traffic(1);

  const books = await world.settle(600_000);
  log(`books: ${JSON.stringify(booksSummary(books))}`);
  log(`services: ${JSON.stringify(pipeline.serviceUsage())}; sandbox requests ${JSON.stringify(Object.fromEntries(pipeline.requests))}`);
  // A service that exits on its own (a crash, e.g. on the Postgres restart) fails the run even
  // if a supervisor would have restarted it: the harness does not, so its posts show as lost too.
  const crashes = pipeline.serviceUsage().reduce((n, u) => n + u.crashes, 0);
  failed = lostCount(books) > 0 || books.duplicateAlerts > 0 || alertsMissing(books) > 0 || books.raw < world.published || crashes > 0;
  process.stdout.write(`${JSON.stringify({ raw: books.raw, lost: lostCount(books), duplicate_alerts: books.duplicateAlerts, alerts_missing: alertsMissing(books), alerts_unknown_outcome: books.alertsUnknownOutcome, crashes })}\n`);
} catch (err) {
  log(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)} (logs in ${world.logDir})`);
  failed = true;
} finally {
  await world.close().catch((err: unknown) => log(`close: ${String(err)}`));
  await nats.stop();
  pg.stop();
}
process.exit(failed ? 1 : 0);
