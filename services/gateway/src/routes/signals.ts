import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { withWorkspace } from '@intent-radar/db';
import { subjects } from '@intent-radar/proto-schemas';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf, type Principal } from '../auth/authenticate.ts';
import { notFound, ProblemError } from '../http/problem.ts';
import { OutreachDrafter } from '../outreach/outreach-drafter.ts';
import { feedFilters, feedPage, SIGNAL_COLUMNS, type SignalRow } from './signal-queries.ts';
import { streamSignalsCsv } from './signal-export.ts';
import { deleteEnrichedContact } from '@intent-radar/enricher/contacts';
import { idParams, iso, problems } from './schemas.ts';

const STATUS = z.enum(['new', 'contacted', 'archived']);
const signalOut = z.object({
  id: z.string(),
  monitorId: z.string(),
  monitorName: z.string(),
  postId: z.string(),
  status: STATUS,
  intentScore: z.number(),
  platform: z.string(),
  url: z.string(),
  title: z.string().nullable(),
  excerpt: z.string(),
  author: z.object({ handle: z.string(), displayName: z.string().nullable(), profileUrl: z.string().nullable() }),
  summary: z.string().nullable(),
  decisionStage: z.string().nullable(),
  painPoints: z.array(z.string()).describe('From the analysis; empty when unscored'),
  competitors: z.array(z.string()).describe('Competitors mentioned, from the analysis'),
  postedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const detailOut = signalOut.extend({
  content: z.string(),
  analysis: z.record(z.string(), z.unknown()).nullable(),
  evidence: z.array(z.unknown()),
  relevance: z
    .object({ delta: z.number(), reason: z.string().nullable() })
    .describe("How the monitor's context sentence moved the post's score to intentScore; reason null: the monitor has no context"),
  duplicates: z.array(z.object({ postId: z.string(), platform: z.string(), url: z.string(), title: z.string().nullable() })),
  enrichment: z.object({ status: z.string(), emailConfidence: z.string(), fields: z.record(z.string(), z.unknown()), fetchedAt: z.string() }).nullable(),
});

/** The string items of an analysis list field; anything else (unscored, malformed) is empty. */
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const toSignal = (r: SignalRow) => ({
  id: r.id,
  monitorId: r.monitor_id,
  monitorName: r.monitor_name,
  postId: r.post_id,
  status: r.status,
  intentScore: r.intent_score,
  platform: r.platform,
  url: r.url,
  title: r.title,
  excerpt: r.content.slice(0, 500),
  author: { handle: r.author_handle, displayName: r.author_display_name, profileUrl: r.author_profile_url },
  summary: typeof r.analysis?.one_line_summary === 'string' ? r.analysis.one_line_summary : null,
  decisionStage: typeof r.analysis?.decision_stage === 'string' ? r.analysis.decision_stage : null,
  painPoints: strings(r.analysis?.pain_points),
  competitors: strings(r.analysis?.competitors_mentioned),
  postedAt: iso(r.posted_at)!,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

type Action = 'contact' | 'archive' | 'restore';
const STATUS_OF: Record<Action, 'contacted' | 'archived' | 'new'> = { contact: 'contacted', archive: 'archived', restore: 'new' };

type SignalDetailRow = SignalRow & { relevance_delta: number; relevance_reason: string | null };

async function loadSignal(db: PoolClient, id: string): Promise<SignalDetailRow | undefined> {
  const { rows } = await db.query<SignalDetailRow>(
    `SELECT ${SIGNAL_COLUMNS}, s.relevance_delta, s.relevance_reason FROM signals s JOIN posts p ON p.id = s.post_id JOIN monitors m ON m.id = s.monitor_id WHERE s.id = $1`,
    [id],
  );
  return rows[0];
}

/** Feed, detail, status changes, bulk actions, enrichment requests, outreach drafts and CSV export. */
export function signalRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool, bus } = deps;
  const tags = ['signals'];
  const drafter = new OutreachDrafter(pool, deps.config, deps.logger.child({ component: 'outreach' }));

  const setStatus = async (p: Principal, ids: string[], action: Action) => {
    const status = STATUS_OF[action];
    const changed = await withWorkspace(pool, p.workspaceId, async (db) =>
      (
        await db.query<{ id: string }>(
          `UPDATE signals SET status = $2, updated_at = now(),
             contacted_at = CASE WHEN $2 = 'contacted' THEN now() ELSE contacted_at END,
             archived_at = CASE WHEN $2 = 'archived' THEN now() WHEN $2 = 'new' THEN NULL ELSE archived_at END
           WHERE id = ANY($1::uuid[]) AND status <> $2 RETURNING id`,
          [ids, status],
        )
      ).rows.map((r) => r.id),
    );
    // After commit: subscribers (SSE, internal tools) see the new status.
    await bus.publishMany(
      changed.map((signalId) => ({
        type: 'signal.updated.v1' as const,
        subject: subjects.signalUpdated,
        data: { signalId, workspaceId: p.workspaceId, status, crossedThreshold: false },
        msgId: `signal-status:${signalId}:${randomUUID()}`,
      })),
    );
    return changed;
  };

  api.get(
    '/signals',
    {
      schema: {
        tags,
        summary: 'The signals feed, newest first (cursor pagination on created_at, id)',
        querystring: feedFilters.extend({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() }),
        response: { 200: z.object({ items: z.array(signalOut), nextCursor: z.string().nullable() }), 400: problems[400] },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { limit, cursor, ...filters } = req.query;
      const page = await withWorkspace(pool, p.workspaceId, (db) => feedPage(db, filters, limit, cursor));
      return { items: page.rows.map(toSignal), nextCursor: page.next };
    },
  );

  api.get(
    '/signals/export.csv',
    { config: { rateClass: 'export' }, schema: { tags, summary: 'CSV export of the filtered feed, streamed, with the analysis columns', querystring: feedFilters, produces: ['text/csv'] } },
    async (req, reply) => {
      const p = principalOf(req);
      await audit(pool, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'signals.exported', details: { filters: req.query } });
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="signals.csv"');
      return reply.send(streamSignalsCsv(pool, p.workspaceId, req.query, req.log));
    },
  );

  api.get('/signals/:id', { schema: { tags, summary: 'One signal with its analysis, evidence, duplicates and enrichment', params: idParams, response: { 200: detailOut, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const out = await withWorkspace(pool, p.workspaceId, async (db) => {
      const s = await loadSignal(db, req.params.id);
      if (!s) return undefined;
      const dups = await db.query<{ id: string; platform: string; url: string; title: string | null }>(
        `SELECT id, platform, url, title FROM posts WHERE id <> $1 AND (duplicate_of = $1 OR id = (SELECT duplicate_of FROM posts WHERE id = $1)) LIMIT 20`,
        [s.post_id],
      );
      // enriched_contacts is visible only when this workspace paid for the author (RLS policy).
      const e = await db.query<{ status: string; email_confidence: string; fields: Record<string, unknown>; fetched_at: Date }>(
        `SELECT ec.status, ec.email_confidence, ec.fields, ec.fetched_at FROM authors a JOIN enriched_contacts ec ON ec.author_id = a.id
          WHERE a.platform = $1 AND a.handle = $2`,
        [s.platform, s.author_handle],
      );
      const en = e.rows[0];
      return {
        ...toSignal(s),
        content: s.content,
        analysis: s.analysis,
        evidence: Array.isArray(s.analysis?.evidence) ? (s.analysis.evidence as unknown[]) : [],
        relevance: { delta: s.relevance_delta, reason: s.relevance_reason },
        duplicates: dups.rows.map((d) => ({ postId: d.id, platform: d.platform, url: d.url, title: d.title })),
        enrichment: en ? { status: en.status, emailConfidence: en.email_confidence, fields: en.fields, fetchedAt: iso(en.fetched_at)! } : null,
      };
    });
    if (!out) throw notFound('signal');
    return out;
  });

  api.patch(
    '/signals/:id',
    { schema: { tags, summary: 'Mark contacted, archive or restore', params: idParams, body: z.object({ status: STATUS }).strict(), response: { 200: signalOut, 404: problems[404] } } },
    async (req) => {
      const p = principalOf(req);
      const action: Action = req.body.status === 'contacted' ? 'contact' : req.body.status === 'archived' ? 'archive' : 'restore';
      await setStatus(p, [req.params.id], action);
      const s = await withWorkspace(pool, p.workspaceId, (db) => loadSignal(db, req.params.id));
      if (!s) throw notFound('signal');
      return toSignal(s);
    },
  );

  api.post(
    '/signals/bulk',
    {
      schema: {
        tags,
        summary: 'Bulk mark contacted / archive / restore',
        body: z.object({ ids: z.array(z.uuid()).min(1).max(500), action: z.enum(['contact', 'archive', 'restore']) }).strict(),
        response: { 200: z.object({ updated: z.array(z.string()) }) },
      },
    },
    async (req) => ({ updated: await setStatus(principalOf(req), [...new Set(req.body.ids)], req.body.action) }),
  );

  api.post(
    '/signals/:id/enrich',
    { schema: { tags, summary: 'Ask the enricher to find the author (202; result arrives as signal.enriched)', params: idParams, response: { 202: z.object({ requestId: z.string() }), 402: problems[400], 404: problems[404] } } },
    async (req, reply) => {
      const p = principalOf(req);
      const found = await withWorkspace(pool, p.workspaceId, async (db) => {
        const s = await db.query(`SELECT 1 FROM signals WHERE id = $1`, [req.params.id]);
        const b = await db.query<{ credits: number }>(`SELECT credits FROM billing`);
        return { exists: (s.rowCount ?? 0) > 0, credits: b.rows[0]?.credits ?? 0 };
      });
      if (!found.exists) throw notFound('signal');
      if (found.credits <= 0) throw new ProblemError(402, 'no_credits', 'no enrichment credits left');
      const requestId = randomUUID();
      await bus.publish(
        'enrich.requested.v1',
        subjects.enrichRequested,
        { requestId, workspaceId: p.workspaceId, signalId: req.params.id, requestedBy: p.userId ? 'user' : 'api', ...(p.userId ? { userId: p.userId } : {}) },
        { msgId: `enrich:${requestId}` },
      );
      return reply.code(202).send({ requestId });
    },
  );

  api.delete(
    '/signals/:id/enrichment',
    { schema: { tags, summary: "Delete this workspace's enriched contact for the signal's author (privacy request)", params: idParams, response: { 204: z.null(), 404: problems[404] } } },
    async (req, reply) => {
      const p = principalOf(req);
      if (!(await deleteEnrichedContact(pool, p.workspaceId, req.params.id))) throw notFound('enriched contact');
      await audit(pool, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'contact.deleted', target: { type: 'signal', id: req.params.id } });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/signals/:id/outreach-draft',
    {
      schema: {
        tags,
        summary: 'A first-message draft: written by the LLM when configured, else a template from the analysis (never sent or posted anywhere)',
        description:
          'generatedBy says which was used. llmFallback is set when the LLM is configured but the template stands: limit = the workspace used its LLM drafts for today; error, timeout, invalid_output = the LLM call failed.',
        params: idParams,
        response: {
          200: z.object({
            subject: z.string(),
            body: z.string(),
            generatedBy: z.enum(['llm', 'template']),
            model: z.string().nullable(),
            llmFallback: z.enum(['limit', 'error', 'timeout', 'invalid_output']).optional(),
          }),
          404: problems[404],
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const s = await withWorkspace(pool, p.workspaceId, async (db) => {
        const row = await loadSignal(db, req.params.id);
        const ws = await db.query<{ settings: Record<string, unknown> }>(`SELECT settings FROM workspaces`);
        return row ? { row, settings: ws.rows[0]?.settings ?? {} } : undefined;
      });
      if (!s) throw notFound('signal');
      return drafter.draft(p.workspaceId, s.row, s.settings);
    },
  );
  done();
}
