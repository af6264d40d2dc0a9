import { randomUUID } from 'node:crypto';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { createLogger } from '@intent-radar/logger';
import { generateWebhookSecret, verifyWebhook } from '@intent-radar/notifier';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

// "Send test" delivers synchronously through the notifier's channel code to the sandbox sinks.
let sandbox: Sandbox;
let h: Harness;
let s: Session;

beforeAll(async () => {
  sandbox = buildSandbox({ logger: createLogger({ service: 'sandbox-test', level: 'silent' }), port: 0, smtpPort: 0, clock: 'manual', backlog: 0 });
  await sandbox.start();
  const host = new URL(sandbox.url).host;
  h = await startHarness({
    OUTBOUND_ALLOW_HTTP_HOSTS: host,
    OUTBOUND_ALLOW_PRIVATE_HOSTS: host,
    SLACK_EXTRA_ORIGINS: new URL(sandbox.url).origin,
    SMTP_URL: `smtp://127.0.0.1:${sandbox.smtpPort}`,
  });
  s = await signup(h);
});
afterAll(async () => {
  await h?.close();
  await sandbox?.stop();
});
beforeEach(() => {
  sandbox.sinks.reset();
});

/** Inserts a destination directly: the create route only takes https URLs and the sandbox is http. */
async function destination(kind: 'slack' | 'email' | 'webhook', config: Record<string, unknown>, secrets: Record<string, unknown> = {}): Promise<string> {
  const r = await h.db.pool.query<{ id: string }>(`INSERT INTO alert_destinations (workspace_id, name, kind, config, secrets) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    s.workspaceId,
    `${kind} test target`,
    kind,
    config,
    secrets,
  ]);
  return r.rows[0]!.id;
}

const sendTest = (id: string, session: Session = s) => h.gateway.app.inject({ method: 'POST', url: `/api/v1/destinations/${id}/test`, headers: session.headers });

describe('POST /destinations', () => {
  const create = (payload: Record<string, unknown>) =>
    h.gateway.app.inject({ method: 'POST', url: '/api/v1/destinations', headers: s.headers, payload: { name: 'target', ...payload } });

  it('takes the configured sandbox Slack origin over http, and sends to it', async () => {
    const res = await create({ kind: 'slack', webhookUrl: `${sandbox.url}/slack/services/T0TEST/B0TEST/${randomUUID()}` });
    expect(res.statusCode).toBe(201);
    expect((await sendTest(res.json<{ id: string }>().id)).json()).toMatchObject({ ok: true, status: 'sent' });
  });

  it('refuses Slack URLs that are not Slack incoming webhooks and webhook URLs the notifier could never call', async () => {
    for (const webhookUrl of ['https://hooks.slack.com.evil.example/services/T/B/x', 'https://example.com/services/T/B/x', 'https://hooks.slack.com/api/x']) {
      const res = await create({ kind: 'slack', webhookUrl });
      expect(res.statusCode, webhookUrl).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_slack_url' });
    }
    for (const url of ['http://example.com/hook', 'https://user:pw@example.com/hook', 'https://localhost/hook']) {
      const res = await create({ kind: 'webhook', url });
      expect(res.statusCode, url).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_webhook_url' });
    }
    expect((await create({ kind: 'webhook', url: 'https://hooks.example.com/intent-radar' })).statusCode).toBe(201);
  });
});

describe('POST /destinations/{id}/test', () => {
  it('sends a labelled test alert to a working Slack webhook and says so', async () => {
    const id = await destination('slack', { channel: '#sales' }, { webhookUrl: `${sandbox.url}/slack/services/T0TEST/B0TEST/${randomUUID()}` });
    const res = await sendTest(id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, status: 'sent', httpStatus: 200 });
    expect(sandbox.sinks.slack).toHaveLength(1);
    expect(sandbox.sinks.slack[0]!.status).toBe(200);
    expect(JSON.stringify(sandbox.sinks.slack[0]!.body)).toContain('Test alert from Intent Radar');
    // Answered synchronously: nothing is queued for anyone else (the old outbox row is gone).
    const outbox = await h.db.pool.query(`SELECT 1 FROM outbox WHERE type = 'destination.test.v1'`);
    expect(outbox.rowCount).toBe(0);
    const audit = await h.db.pool.query<{ details: { status: string } }>(`SELECT details FROM audit_log WHERE action = 'destination.tested' AND target_id = $1`, [id]);
    expect(audit.rows.map((r) => r.details.status)).toEqual(['sent']);
  });

  it('reports Slack no_service and leaves the destination as it was', async () => {
    const id = await destination('slack', {}, { webhookUrl: `${sandbox.url}/slack/services/T0TEST/B0TEST/no_service` });
    const res = await sendTest(id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, status: 'rejected', detail: 'Slack: no_service', httpStatus: 404 });
    expect(sandbox.sinks.slack.map((m) => m.response)).toEqual(['no_service']);
    const row = await h.db.pool.query('SELECT enabled, disabled_reason FROM alert_destinations WHERE id = $1', [id]);
    expect(row.rows[0]).toEqual({ enabled: true, disabled_reason: null });
  });

  it('re-enables a destination the notifier disabled once a test gets through; one the owner switched off stays off', async () => {
    const hook = () => `${sandbox.url}/slack/services/T0TEST/B0TEST/${randomUUID()}`;
    const broken = await destination('slack', {}, { webhookUrl: hook() });
    const switchedOff = await destination('slack', {}, { webhookUrl: hook() });
    await h.db.pool.query(`UPDATE alert_destinations SET enabled = false, disabled_reason = 'Slack: no_service' WHERE id = $1`, [broken]);
    await h.db.pool.query(`UPDATE alert_destinations SET enabled = false WHERE id = $1`, [switchedOff]);
    for (const id of [broken, switchedOff]) expect((await sendTest(id)).json()).toMatchObject({ ok: true, status: 'sent' });
    const rows = await h.db.pool.query<{ id: string; enabled: boolean; disabled_reason: string | null }>(
      'SELECT id, enabled, disabled_reason FROM alert_destinations WHERE id = ANY($1::uuid[])',
      [[broken, switchedOff]],
    );
    expect(rows.rows.find((r) => r.id === broken)).toMatchObject({ enabled: true, disabled_reason: null });
    expect(rows.rows.find((r) => r.id === switchedOff)).toMatchObject({ enabled: false });
    const audit = await h.db.pool.query<{ target_id: string; details: { reenabled: boolean } }>(
      `SELECT target_id, details FROM audit_log WHERE action = 'destination.tested' AND target_id = ANY($1::text[])`,
      [[broken, switchedOff]],
    );
    expect(Object.fromEntries(audit.rows.map((r) => [r.target_id, r.details.reenabled]))).toEqual({ [broken]: true, [switchedOff]: false });
  });

  it('delivers to email (recipients as the API stores them) and to a signed webhook', async () => {
    const mail = await destination('email', { recipients: ['owner@acme.test'] });
    expect((await sendTest(mail)).json()).toMatchObject({ ok: true, status: 'sent' });
    expect(sandbox.sinks.emails.map((e) => e.to)).toEqual([['owner@acme.test']]);
    expect(sandbox.sinks.emails[0]!.subject).toContain('TEST');

    const secret = generateWebhookSecret();
    const hook = await destination('webhook', { url: `${sandbox.url}/webhooks/acme/intent` }, { signingSecret: secret });
    expect((await sendTest(hook)).json()).toMatchObject({ ok: true, status: 'sent', httpStatus: 200 });
    const hit = sandbox.sinks.webhooks[0]!;
    // Verified with the Standard Webhooks algorithm from what the sandbox recorded.
    expect(verifyWebhook(hit.body, hit.headers, secret)).toMatch(/^test_/);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'destination.test' });

    const badSecret = await destination('webhook', { url: `${sandbox.url}/webhooks/acme/intent` }, { signingSecret: 'sixteen+ chars, not base64' });
    expect((await sendTest(badSecret)).json()).toMatchObject({ ok: false, status: 'invalid' });
    expect(sandbox.sinks.webhooks).toHaveLength(1);

    const gone = await destination('webhook', { url: `${sandbox.url}/webhooks/status-500/x` });
    expect((await sendTest(gone)).json()).toMatchObject({ ok: false, status: 'unavailable', httpStatus: 500 });
  });

  it('refuses a URL outside the outbound policy without sending, and 404s another workspace', async () => {
    const id = await destination('webhook', { url: 'http://169.254.169.254/latest/meta-data' });
    expect((await sendTest(id)).json()).toMatchObject({ ok: false, status: 'rejected' });
    const other = await signup(h);
    expect((await sendTest(id, other)).statusCode).toBe(404);
    expect(sandbox.sinks.webhooks).toHaveLength(0);
  });
});
