import { randomBytes } from 'node:crypto';
import { connectBus, type Bus } from '@intent-radar/bus';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { parseEnv } from '@intent-radar/config';
import { createLogger } from '@intent-radar/logger';
import type Stripe from 'stripe';
import { buildGateway, type Gateway } from '../app.ts';
import { gatewayEnv } from '../config.ts';

export interface Harness {
  db: TestDatabase;
  bus: Bus;
  gateway: Gateway;
  close(): Promise<void>;
}

/** A gateway on a fresh database and a random bus namespace (integration tests only). */
export async function startHarness(env: Record<string, string> = {}, stripe?: Stripe): Promise<Harness> {
  const db = await createTestDatabase();
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });
  const namespace = `gw${randomBytes(4).toString('hex')}`;
  const bus = await connectBus({ url: 'nats://127.0.0.1:4222', name: 'gateway', logger, namespace });
  await bus.provision();
  const config = parseEnv(gatewayEnv, { NODE_ENV: 'test', COOKIE_SECURE: 'false', GATEWAY_PORT: '0', DATABASE_URL: db.url, ...env });
  const gateway = await buildGateway({ config, logger, pool: db.pool, bus, stripe });
  await gateway.app.ready();
  return {
    db,
    bus,
    gateway,
    async close() {
      await gateway.stop();
      await bus.destroyNamespace().catch(() => undefined);
      await bus.close();
      await db.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  accessToken: string;
  userId: string;
  workspaceId: string;
  headers: Record<string, string>;
}

let n = 0;
/** Signs up a fresh account over HTTP and returns its cookie session. */
export async function signup(h: Harness, ip = `10.0.${Math.floor(n / 200)}.${(n % 200) + 1}`): Promise<Session> {
  n++;
  const res = await h.gateway.app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    remoteAddress: ip,
    payload: { email: `user${n}-${randomBytes(3).toString('hex')}@example.com`, password: 'a sturdy passphrase 42', name: `User ${n}` },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: string }; workspace: { id: string }; csrfToken: string; accessToken: string }>();
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return {
    cookie,
    csrf: body.csrfToken,
    accessToken: body.accessToken,
    userId: body.user.id,
    workspaceId: body.workspace.id,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}
