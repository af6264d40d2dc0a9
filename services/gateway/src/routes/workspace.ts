import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withWorkspace } from '@intent-radar/db';
import { kvBuckets, PLATFORMS } from '@intent-radar/proto-schemas';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { iso } from './schemas.ts';

const companyInfo = z
  .object({
    companyName: z.string().trim().max(200),
    website: z.url().max(500),
    productDescription: z.string().max(1000),
    idealCustomer: z.string().max(1000),
  })
  .partial()
  .strict();
const workspaceOut = z.object({
  id: z.string(),
  name: z.string(),
  company: companyInfo,
  plan: z.object({ plan: z.string(), status: z.string(), trialEndsAt: z.string().nullable(), currentPeriodEnd: z.string().nullable(), credits: z.number(), scanning: z.boolean() }),
});

/** Window and length of the pain point / competitor rankings and the response rate in /stats. */
const RANK_DAYS = 30;
const RANK_LIMIT = 8;
const ranked = z.object({ label: z.string(), count: z.number() });

/** Company info, usage, stats for charts, source health and the audit log. */
export function workspaceRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool } = deps;
  const tags = ['workspace'];

  const load = (workspaceId: string) =>
    withWorkspace(pool, workspaceId, async (db) => {
      const { rows } = await db.query<{ id: string; name: string; settings: Record<string, unknown>; plan: string | null; status: string | null; trial_ends_at: Date | null; current_period_end: Date | null; credits: number | null; scanning: boolean }>(
        `SELECT w.id, w.name, w.settings, b.plan, b.status, b.trial_ends_at, b.current_period_end, b.credits, workspace_can_scan(w.id) AS scanning
           FROM workspaces w LEFT JOIN billing b ON b.workspace_id = w.id`,
      );
      const r = rows[0]!;
      const company = companyInfo.safeParse(r.settings.company ?? {});
      return {
        id: r.id,
        name: r.name,
        company: company.success ? company.data : {},
        plan: { plan: r.plan ?? 'none', status: r.status ?? 'canceled', trialEndsAt: iso(r.trial_ends_at), currentPeriodEnd: iso(r.current_period_end), credits: r.credits ?? 0, scanning: r.scanning },
      };
    });

  api.get('/workspace', { schema: { tags, summary: 'Workspace, company info and plan', response: { 200: workspaceOut } } }, (req) => load(principalOf(req).workspaceId));

  api.patch(
    '/workspace',
    { schema: { tags, summary: 'Rename the workspace or change company info', body: z.object({ name: z.string().trim().min(1).max(200), company: companyInfo }).partial().strict(), response: { 200: workspaceOut } } },
    async (req) => {
      const p = principalOf(req);
      await withWorkspace(pool, p.workspaceId, async (db) => {
        await db.query(
          `UPDATE workspaces SET name = COALESCE($1, name),
             settings = CASE WHEN $2::jsonb IS NULL THEN settings ELSE jsonb_set(settings, '{company}', COALESCE(settings->'company', '{}') || $2::jsonb) END,
             updated_at = now()`,
          [req.body.name ?? null, req.body.company ? JSON.stringify(req.body.company) : null],
        );
        await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'workspace.updated', details: { fields: Object.keys(req.body) } });
      });
      return load(p.workspaceId);
    },
  );

  api.get(
    '/usage',
    {
      schema: {
        tags,
        summary: 'Usage this month by kind, and credits left',
        response: { 200: z.object({ periodStart: z.string(), credits: z.number(), byKind: z.record(z.string(), z.number()) }) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return withWorkspace(pool, p.workspaceId, async (db) => {
        const start = (await db.query<{ start: Date }>(`SELECT date_trunc('month', now()) AS start`)).rows[0]!.start;
        const usage = await db.query<{ kind: string; total: number }>(`SELECT kind, sum(quantity)::int AS total FROM usage_events WHERE occurred_at >= $1 GROUP BY kind`, [start]);
        const credits = (await db.query<{ credits: number }>(`SELECT credits FROM billing`)).rows[0]?.credits ?? 0;
        return { periodStart: iso(start)!, credits, byKind: Object.fromEntries(usage.rows.map((r) => [r.kind, r.total])) };
      });
    },
  );

  api.get(
    '/stats',
    {
      schema: {
        tags,
        summary: 'Dashboard numbers and per-day counts by platform and score band',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(14) }),
        response: {
          200: z.object({
            today: z.number(),
            week: z.number(),
            highIntent: z.number().describe('Score 8+ in the last 7 days'),
            enriched: z.number(),
            credits: z.number(),
            daily: z.array(z.object({ day: z.string(), platform: z.string(), band: z.enum(['low', 'medium', 'high']), count: z.number() })),
            topPainPoints: z.array(ranked).describe(`Most frequent pain points over the last ${RANK_DAYS} days (signals per value, case-insensitive)`),
            topCompetitors: z.array(ranked).describe(`Most mentioned competitors over the last ${RANK_DAYS} days`),
            responseRate: z
              .object({ contacted: z.number(), signals: z.number(), rate: z.number() })
              .describe(`Signals ever marked contacted / all signals, last ${RANK_DAYS} days`),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return withWorkspace(pool, p.workspaceId, async (db) => {
        const totals = (
          await db.query<{ today: number; week: number; high: number }>(
            `SELECT count(*) FILTER (WHERE created_at >= date_trunc('day', now()))::int AS today,
                    count(*)::int AS week,
                    count(*) FILTER (WHERE intent_score >= 8)::int AS high
               FROM signals WHERE created_at >= now() - interval '7 days'`,
          )
        ).rows[0]!;
        const enriched = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workspace_contacts`)).rows[0]!.n;
        const credits = (await db.query<{ credits: number }>(`SELECT credits FROM billing`)).rows[0]?.credits ?? 0;
        const daily = await db.query<{ day: string; platform: string; band: 'low' | 'medium' | 'high'; count: number }>(
          `SELECT to_char(date_trunc('day', s.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, p.platform,
                  CASE WHEN s.intent_score >= 8 THEN 'high' WHEN s.intent_score >= 5 THEN 'medium' ELSE 'low' END AS band,
                  count(*)::int AS count
             FROM signals s JOIN posts p ON p.id = s.post_id
            WHERE s.created_at >= date_trunc('day', now()) - make_interval(days => $1 - 1)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
          [req.query.days],
        );
        const top = async (field: 'pain_points' | 'competitors_mentioned') =>
          (
            await db.query<{ label: string; count: number }>(
              // One count per signal and value; case folded, the most common spelling shown.
              `SELECT mode() WITHIN GROUP (ORDER BY btrim(v)) AS label, count(DISTINCT s.id)::int AS count
                 FROM signals s JOIN posts p ON p.id = s.post_id
                 CROSS JOIN LATERAL jsonb_array_elements_text(
                   CASE WHEN jsonb_typeof(p.analysis->$1::text) = 'array' THEN p.analysis->$1::text ELSE '[]'::jsonb END) v
                WHERE s.created_at >= now() - make_interval(days => $2) AND btrim(v) <> ''
                GROUP BY lower(btrim(v)) ORDER BY 2 DESC, 1 LIMIT $3`,
              [field, RANK_DAYS, RANK_LIMIT],
            )
          ).rows;
        const topPainPoints = await top('pain_points');
        const topCompetitors = await top('competitors_mentioned');
        const rr = (
          await db.query<{ contacted: number; signals: number }>(
            `SELECT count(*) FILTER (WHERE contacted_at IS NOT NULL)::int AS contacted, count(*)::int AS signals
               FROM signals WHERE created_at >= now() - make_interval(days => $1)`,
            [RANK_DAYS],
          )
        ).rows[0]!;
        return {
          today: totals.today,
          week: totals.week,
          highIntent: totals.high,
          enriched,
          credits,
          daily: daily.rows,
          topPainPoints,
          topCompetitors,
          responseRate: { contacted: rr.contacted, signals: rr.signals, rate: rr.signals ? rr.contacted / rr.signals : 0 },
        };
      });
    },
  );

  api.get(
    '/source-health',
    {
      schema: {
        tags,
        summary: 'Last success and error per platform (from the source-health KV bucket)',
        response: { 200: z.object({ items: z.array(z.object({ platform: z.string(), known: z.boolean(), health: z.record(z.string(), z.unknown()).nullable() })) }) },
      },
    },
    async (req) => {
      principalOf(req);
      const items = [];
      let kv: Awaited<ReturnType<typeof deps.bus.kv>> | undefined;
      try {
        kv = await deps.bus.kv(kvBuckets.sourceHealth);
      } catch (err) {
        req.log.warn({ err }, 'source-health bucket unavailable');
      }
      for (const platform of PLATFORMS) {
        const entry = kv ? await kv.get(platform).catch(() => null) : null;
        let health: Record<string, unknown> | null = null;
        if (entry && entry.operation === 'PUT') {
          try {
            const v: unknown = entry.json();
            health = v && typeof v === 'object' ? (v as Record<string, unknown>) : { value: v };
          } catch {
            health = { raw: entry.string().slice(0, 500) };
          }
        }
        items.push({ platform, known: health !== null, health });
      }
      return { items };
    },
  );

  api.get(
    '/audit-log',
    {
      config: { auth: 'user', ownerOnly: true },
      schema: {
        tags,
        summary: 'Sensitive actions, newest first (owner only)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), action: z.string(), actorType: z.string(), actorId: z.string().nullable(), targetType: z.string().nullable(), targetId: z.string().nullable(), details: z.record(z.string(), z.unknown()), createdAt: z.string() })) }) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const rows = await withWorkspace(pool, p.workspaceId, async (db) =>
        (await db.query<{ id: string; action: string; actor_type: string; actor_id: string | null; target_type: string | null; target_id: string | null; details: Record<string, unknown>; created_at: Date }>(
          `SELECT id, action, actor_type, actor_id, target_type, target_id, details, created_at FROM audit_log
            WHERE ($1::timestamptz IS NULL OR created_at < $1) ORDER BY created_at DESC, id DESC LIMIT $2`,
          [req.query.before ?? null, req.query.limit],
        )).rows,
      );
      return { items: rows.map((r) => ({ id: r.id, action: r.action, actorType: r.actor_type, actorId: r.actor_id, targetType: r.target_type, targetId: r.target_id, details: r.details, createdAt: iso(r.created_at)! })) };
    },
  );
  done();
}
