import { randomBytes } from 'node:crypto';
import { connectBus, type Bus } from '@intent-radar/bus';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { streams } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@intent-radar/config';
import { buildAllInOne, type AllInOne } from './all-in-one.ts';
import { radarEnv } from './config.ts';
import { serviceLoaders } from './registry.ts';
import { DEMO_LOGIN, seedDemoWorkspace } from './demo-workspace.ts';
import { verifyPassword } from '@intent-radar/gateway/passwords';

const logger = createLogger({ service: 'radar-test', level: 'silent' });

describe('radar dev (all-in-one)', () => {
  let db: TestDatabase;
  let radar: AllInOne;
  let probe: Bus;
  const namespace = `r${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    const env = { DATABASE_URL: db.url, BUS_NAMESPACE: namespace, LOG_LEVEL: 'silent', SANDBOX_PORT: '0', SANDBOX_SMTP_PORT: '0', GATEWAY_PORT: '0', HEALTH_PORT: '0' };
    radar = buildAllInOne(parseEnv(radarEnv, env), env, logger);
    await radar.start();
    probe = await connectBus({ url: 'nats://127.0.0.1:4222', name: 'probe', logger, namespace });
  });

  afterAll(async () => {
    if (radar) await radar.stop();
    if (probe) {
      await probe.destroyNamespace();
      await probe.close();
    }
    if (db) await db.drop();
  });

  it('migrates, provisions every stream in its namespace and reports ready', async () => {
    expect(await radar.ready()).toBe(true);
    const migrated = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(migrated.rows[0]?.n)).toBeGreaterThan(0);
    for (const logical of Object.values(streams)) {
      const info = await probe.jsm.streams.info(probe.namespace.stream(logical));
      expect(info.config.name).toBe(`${logical}_${namespace}`);
    }
  });

  it('seeds the demo workspace once, with a working login', async () => {
    const users = await db.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [DEMO_LOGIN.email]);
    expect(users.rowCount).toBe(1);
    expect(await verifyPassword(users.rows[0]!.password_hash, DEMO_LOGIN.password)).toBe(true);
    const monitors = await db.pool.query('SELECT query FROM monitors');
    expect(monitors.rows.map((r: { query: string }) => r.query)).toContain('"zoominfo" alternative');
    const destinations = await db.pool.query<{ kind: string }>('SELECT kind FROM alert_destinations ORDER BY kind');
    expect(destinations.rows.map((r) => r.kind)).toEqual(['email', 'slack']);
    expect(await seedDemoWorkspace(db.pool, radar.sandbox!)).toBe(false);
  });

  it('runs the sandbox and every registered service', async () => {
    expect(radar.running).toEqual(['sandbox', ...serviceLoaders.map((l) => l.name)]);
    const res = await fetch(`${radar.sandbox!.url}/hn/firebase/v0/maxitem.json`);
    expect(res.status).toBe(200);
    expect(Number(await res.text())).toBeGreaterThan(0);
  });
});
