import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withWorkspace } from '@intent-radar/db';
import { createDeliveryClients, getDestination, isSlackWebhookUrl, reenableDestination, sendTestAlert, SLACK_ORIGIN } from '@intent-radar/notifier';
import { checkOutboundUrl, OutboundError } from '@intent-radar/outbound';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { notFound, ProblemError } from '../http/problem.ts';
import { idParams, iso, ok, problems } from './schemas.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
// https in the schema; hosts allowed plain http (the sandbox) are checked against config in assertDeliverable.
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
// Secrets (Slack webhook URL, webhook signing secret) are write-only: never returned.
const kindConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slack'), webhookUrl: httpUrl, channel: z.string().max(100).optional() }),
  z.object({ kind: z.literal('email'), recipients: z.array(z.email().max(320)).min(1).max(20) }),
  z.object({ kind: z.literal('webhook'), url: httpUrl, signingSecret: z.string().min(16).max(200).optional() }),
]);
const common = z.object({
  name: z.string().trim().min(1).max(200),
  monitorIds: z.array(z.uuid()).max(100).default([]),
  minScore: z.number().int().min(1).max(10).default(7),
  frequency: z.enum(['instant', 'hourly', 'daily', 'weekly']).default('instant'),
  quietHours: z.object({ start: hhmm, end: hhmm }).nullable().default(null),
  timeZone: z.string().min(1).max(64).default('UTC'),
  enabled: z.boolean().default(true),
});
const createBody = z.intersection(common, kindConfig);
const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    monitorIds: z.array(z.uuid()).max(100),
    minScore: z.number().int().min(1).max(10),
    frequency: z.enum(['instant', 'hourly', 'daily', 'weekly']),
    quietHours: z.object({ start: hhmm, end: hhmm }).nullable(),
    timeZone: z.string().min(1).max(64),
    enabled: z.boolean(),
  })
  .partial()
  .strict();

const destinationOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['slack', 'email', 'webhook']),
  config: z.record(z.string(), z.unknown()),
  monitorIds: z.array(z.string()),
  minScore: z.number(),
  frequency: z.string(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  timeZone: z.string(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
interface DestRow {
  id: string;
  name: string;
  kind: 'slack' | 'email' | 'webhook';
  config: Record<string, unknown>;
  monitor_ids: string[];
  min_score: number;
  frequency: string;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  time_zone: string;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}
const COLS = `id, name, kind, config, monitor_ids, min_score, frequency, to_char(quiet_hours_start, 'HH24:MI') AS quiet_hours_start,
  to_char(quiet_hours_end, 'HH24:MI') AS quiet_hours_end, time_zone, enabled, disabled_reason, created_at, updated_at`;
const toDest = (r: DestRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  config: r.config,
  monitorIds: r.monitor_ids,
  minScore: r.min_score,
  frequency: r.frequency,
  quietHours: r.quiet_hours_start && r.quiet_hours_end ? { start: r.quiet_hours_start, end: r.quiet_hours_end } : null,
  timeZone: r.time_zone,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

function splitSecrets(b: z.infer<typeof kindConfig>): { config: Record<string, unknown>; secrets: Record<string, unknown> } {
  switch (b.kind) {
    case 'slack':
      return { config: { channel: b.channel ?? null, host: new URL(b.webhookUrl).host }, secrets: { webhookUrl: b.webhookUrl } };
    case 'email':
      return { config: { recipients: b.recipients }, secrets: {} };
    case 'webhook':
      return { config: { url: b.url }, secrets: b.signingSecret ? { signingSecret: b.signingSecret } : {} };
  }
}

/**
 * Refuses at creation what the notifier would refuse at delivery: Slack URLs that are not
 * https://hooks.slack.com/services/... (or a configured sandbox origin), and webhook URLs that
 * are not https, carry credentials or name a local host. Address checks happen again at send time.
 */
function assertDeliverable(b: z.infer<typeof kindConfig>, config: RouteDeps['config']): void {
  const policy = { allowHttpHosts: config.OUTBOUND_ALLOW_HTTP_HOSTS, allowPrivateHosts: config.OUTBOUND_ALLOW_PRIVATE_HOSTS };
  switch (b.kind) {
    case 'slack':
      if (!isSlackWebhookUrl(b.webhookUrl, [SLACK_ORIGIN, ...config.SLACK_EXTRA_ORIGINS]))
        throw new ProblemError(422, 'invalid_slack_url', 'a Slack destination needs an incoming-webhook URL: https://hooks.slack.com/services/...');
      return;
    case 'webhook':
      try {
        checkOutboundUrl(b.url, policy);
      } catch (err) {
        if (err instanceof OutboundError) throw new ProblemError(422, 'invalid_webhook_url', err.message);
        throw err;
      }
      return;
    case 'email':
      return;
  }
}

/** Alert destinations CRUD, "send test" and delivery history. */
export function destinationRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool } = deps;
  const tags = ['alerts'];

  api.get('/destinations', { schema: { tags, summary: 'List alert destinations', response: { 200: z.object({ items: z.array(destinationOut) }) } } }, async (req) => {
    const p = principalOf(req);
    const rows = await withWorkspace(pool, p.workspaceId, async (db) => (await db.query<DestRow>(`SELECT ${COLS} FROM alert_destinations ORDER BY created_at, id`)).rows);
    return { items: rows.map(toDest) };
  });

  api.get('/destinations/:id', { schema: { tags, summary: 'One destination', params: idParams, response: { 200: destinationOut, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const row = await withWorkspace(pool, p.workspaceId, async (db) => (await db.query<DestRow>(`SELECT ${COLS} FROM alert_destinations WHERE id = $1`, [req.params.id])).rows[0]);
    if (!row) throw notFound('destination');
    return toDest(row);
  });

  api.post('/destinations', { schema: { tags, summary: 'Create a Slack, email or webhook destination', body: createBody, response: { 201: destinationOut } } }, async (req, reply) => {
    const p = principalOf(req);
    const b = req.body;
    assertDeliverable(b, deps.config);
    const { config, secrets } = splitSecrets(b);
    const row = await withWorkspace(pool, p.workspaceId, async (db) => {
      const r = await db.query<DestRow>(
        `INSERT INTO alert_destinations (workspace_id, name, kind, config, secrets, monitor_ids, min_score, frequency, quiet_hours_start, quiet_hours_end, time_zone, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLS}`,
        [p.workspaceId, b.name, b.kind, config, secrets, b.monitorIds, b.minScore, b.frequency, b.quietHours?.start ?? null, b.quietHours?.end ?? null, b.timeZone, b.enabled],
      );
      const created = r.rows[0]!;
      await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'destination.created', target: { type: 'destination', id: created.id }, details: { kind: b.kind } });
      return created;
    });
    return reply.code(201).send(toDest(row));
  });

  api.patch('/destinations/:id', { schema: { tags, summary: 'Change a destination', params: idParams, body: patchBody, response: { 200: destinationOut, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const b = req.body;
    const row = await withWorkspace(pool, p.workspaceId, async (db) => {
      const r = await db.query<DestRow>(
        `UPDATE alert_destinations SET name = COALESCE($2, name), monitor_ids = COALESCE($3, monitor_ids), min_score = COALESCE($4, min_score),
           frequency = COALESCE($5, frequency),
           quiet_hours_start = CASE WHEN $6::boolean THEN $7::time ELSE quiet_hours_start END,
           quiet_hours_end = CASE WHEN $6::boolean THEN $8::time ELSE quiet_hours_end END,
           time_zone = COALESCE($9, time_zone), enabled = COALESCE($10, enabled),
           disabled_reason = CASE WHEN $10 IS TRUE THEN NULL ELSE disabled_reason END, updated_at = now()
         WHERE id = $1 RETURNING ${COLS}`,
        [req.params.id, b.name ?? null, b.monitorIds ?? null, b.minScore ?? null, b.frequency ?? null, b.quietHours !== undefined, b.quietHours?.start ?? null, b.quietHours?.end ?? null, b.timeZone ?? null, b.enabled ?? null],
      );
      const updated = r.rows[0];
      if (updated) await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'destination.updated', target: { type: 'destination', id: updated.id }, details: { fields: Object.keys(b) } });
      return updated;
    });
    if (!row) throw notFound('destination');
    return toDest(row);
  });

  api.delete('/destinations/:id', { schema: { tags, summary: 'Delete a destination', params: idParams, response: { 200: ok, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const n = await withWorkspace(pool, p.workspaceId, async (db) => {
      const r = await db.query(`DELETE FROM alert_destinations WHERE id = $1`, [req.params.id]);
      if (r.rowCount) await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'destination.deleted', target: { type: 'destination', id: req.params.id } });
      return r.rowCount ?? 0;
    });
    if (!n) throw notFound('destination');
    return { ok: true as const };
  });

  // "Send test" answers now, through the notifier's own channel code and outbound policy. The
  // clients connect lazily (nothing opens until the first test) and close with the app.
  let delivery: ReturnType<typeof createDeliveryClients> | undefined;
  app.addHook('onClose', async () => {
    await delivery?.close();
  });
  const testResult = z.object({
    testId: z.string(),
    ok: z.boolean(),
    status: z.enum(['sent', 'rejected', 'failed', 'unavailable', 'invalid']),
    detail: z.string(),
    httpStatus: z.number().int().optional(),
  });
  api.post(
    '/destinations/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a labelled test alert to this destination now and report what it answered',
        description:
          'ok=true when the destination accepted it. status: rejected = never will as configured (e.g. Slack no_service); failed = refused this message; unavailable = try again later; invalid = stored settings unusable. The destination is not disabled by a test; one the notifier disabled after a permanent failure is enabled again when the test is delivered.',
        params: idParams,
        response: { 200: testResult, 404: problems[404] },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await withWorkspace(pool, p.workspaceId, (db) => getDestination(db, req.params.id));
      if (!row) throw notFound('destination');
      delivery ??= createDeliveryClients(deps.config);
      const result = await sendTestAlert({ destination: row, ...delivery, dashboardUrl: deps.config.PUBLIC_URL });
      // delivery_attempts rows need a signal's delivery and a test has none: the audit log keeps it.
      // A destination the notifier disabled after a permanent failure works again once a test gets through.
      await withWorkspace(pool, p.workspaceId, async (db) => {
        const reenabled = result.ok && (await reenableDestination(db, row.id, new Date()));
        await audit(db, {
          workspaceId: p.workspaceId,
          actor: actorOf(p),
          action: 'destination.tested',
          target: { type: 'destination', id: row.id },
          details: { ok: result.ok, status: result.status, detail: result.detail.slice(0, 500), httpStatus: result.httpStatus ?? null, testId: result.messageId, reenabled },
        });
      });
      req.log.info({ destinationId: row.id, status: result.status }, 'destination test sent');
      return { testId: result.messageId, ok: result.ok, status: result.status, detail: result.detail, ...(result.httpStatus === undefined ? {} : { httpStatus: result.httpStatus }) };
    },
  );

  api.get(
    '/deliveries',
    {
      schema: {
        tags,
        summary: 'Delivery history, newest first',
        querystring: z.object({ destinationId: z.uuid().optional(), status: z.enum(['pending', 'digest', 'sent', 'failed', 'skipped']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), before: z.iso.datetime({ offset: true }).optional() }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), signalId: z.string(), destinationId: z.string(), status: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable(), createdAt: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const rows = await withWorkspace(pool, p.workspaceId, async (db) =>
        (
          await db.query<{ id: string; signal_id: string; destination_id: string; status: string; attempts: number; last_error: string | null; sent_at: Date | null; created_at: Date }>(
            `SELECT id, signal_id, destination_id, status, attempts, last_error, sent_at, created_at FROM deliveries
              WHERE ($1::uuid IS NULL OR destination_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::timestamptz IS NULL OR created_at < $3)
              ORDER BY created_at DESC, id DESC LIMIT $4`,
            [q.destinationId ?? null, q.status ?? null, q.before ?? null, q.limit],
          )
        ).rows,
      );
      return { items: rows.map((r) => ({ id: r.id, signalId: r.signal_id, destinationId: r.destination_id, status: r.status, attempts: r.attempts, lastError: r.last_error, sentAt: iso(r.sent_at), createdAt: iso(r.created_at)! })) };
    },
  );
  done();
}
