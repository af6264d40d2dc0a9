import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_NAMES, type FakeApi } from './api-kit.ts';
import { faultSpecSchema, type FaultBoard } from './faults.ts';
import type { Scenario } from './scenario/engine.ts';
import { CATEGORIES, SCENARIO_PLATFORMS, type ScenarioItem } from './scenario/types.ts';
import type { Sinks } from './sinks.ts';

export interface InspectDeps {
  scenario: Scenario;
  sinks: Sinks;
  faults: FaultBoard;
  apis: readonly FakeApi[];
}

/** An item with its ground truth, as benchmarks and tests read it. */
export function itemView(it: ScenarioItem): Record<string, unknown> {
  return {
    seq: it.seq,
    platform: it.platform,
    kind: it.kind,
    externalId: it.externalId,
    createdAt: new Date(it.createdAtMs).toISOString(),
    title: it.title,
    body: it.body,
    lang: it.lang,
    site: it.site,
    parentId: it.parentId,
    author: { key: it.author.key, fullName: it.author.fullName, company: it.author.company?.name ?? null },
    truth: it.truth,
  };
}

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply
    .code(400)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: 'Bad Request', status: 400, detail: z.prettifyError(error) });
}

const advanceSchema = z.object({
  ms: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400_000),
});
const emitSchema = z.object({
  count: z.number().int().min(1).max(100_000),
  platform: z.enum(SCENARIO_PLATFORMS).optional(),
  category: z.enum(CATEGORIES).optional(),
  kind: z.enum(['post', 'comment']).optional(),
});
const rateSchema = z.object({ ratePerSec: z.number().min(0).max(100_000) });
const liveSchema = z.object({ live: z.boolean() });
const itemsQuery = z.object({
  platform: z.enum(SCENARIO_PLATFORMS).optional(),
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

/** The /_sandbox inspection API: sinks, scenario control, ground truth, faults. Never mounted in production. */
export function registerInspection(app: FastifyInstance, deps: InspectDeps): void {
  const { scenario, sinks, faults } = deps;
  app.register(
    (r, _opts, done) => {
      r.get('/status', async (_req, reply) =>
        reply.send({
          ...scenario.status(),
          sinks: { slack: sinks.slack.length, emails: sinks.emails.length, webhooks: sinks.webhooks.length },
          faults: faults.list(),
        }),
      );

      r.post('/scenario/advance', async (req, reply) => {
        const p = advanceSchema.safeParse(req.body);
        if (!p.success) return badRequest(reply, p.error);
        const items = scenario.advance(p.data.ms);
        return { generated: items.length, now: new Date(scenario.now()).toISOString() };
      });
      r.post('/scenario/emit', async (req, reply) => {
        const p = emitSchema.safeParse(req.body);
        if (!p.success) return badRequest(reply, p.error);
        const items = scenario.emit(p.data.count, {
          platform: p.data.platform,
          category: p.data.category,
          kind: p.data.kind,
        });
        return { generated: items.length, items: items.slice(0, 1000).map(itemView) };
      });
      r.post('/scenario/rate', async (req, reply) => {
        const p = rateSchema.safeParse(req.body);
        if (!p.success) return badRequest(reply, p.error);
        scenario.setRate(p.data.ratePerSec);
        return scenario.status();
      });
      r.post('/scenario/live', async (req, reply) => {
        const p = liveSchema.safeParse(req.body);
        if (!p.success) return badRequest(reply, p.error);
        if (p.data.live) scenario.startLive();
        else scenario.stopLive();
        return scenario.status();
      });

      r.get('/items', async (req, reply) => {
        const p = itemsQuery.safeParse(req.query);
        if (!p.success) return badRequest(reply, p.error);
        const platforms = p.data.platform ? [p.data.platform] : SCENARIO_PLATFORMS;
        const items = platforms
          .flatMap((pl) => scenario.items(pl).filter((it) => it.seq > p.data.afterSeq))
          .sort((a, b) => a.seq - b.seq)
          .slice(0, p.data.limit);
        return { items: items.map(itemView) };
      });
      r.get<{ Params: { platform: string; id: string } }>('/truth/:platform/:id', async (req, reply) => {
        const platform = z.enum(SCENARIO_PLATFORMS).safeParse(req.params.platform);
        if (!platform.success) return badRequest(reply, platform.error);
        const it = scenario.find(platform.data, req.params.id);
        if (!it)
          return reply
            .code(404)
            .type('application/problem+json')
            .send({
              type: 'about:blank',
              title: 'Not Found',
              status: 404,
              detail: `no ${platform.data} item ${req.params.id}`,
            });
        return itemView(it);
      });
      r.get('/personas', async (_req, reply) => reply.send({ personas: scenario.personas }));

      r.get('/slack', async (_req, reply) => reply.send({ messages: sinks.slack }));
      r.get('/emails', async (_req, reply) => reply.send({ emails: sinks.emails }));
      r.get('/webhooks', async (_req, reply) => reply.send({ hits: sinks.webhooks }));
      r.delete('/sinks', async (_req, reply) => {
        sinks.reset();
        return reply.send({ ok: true });
      });

      r.get('/faults', async (_req, reply) => reply.send({ faults: faults.list() }));
      r.post('/faults', async (req, reply) => {
        const p = faultSpecSchema.safeParse(req.body);
        if (!p.success) return badRequest(reply, p.error);
        return reply.code(201).send(faults.add(p.data));
      });
      r.delete('/faults', async (req, reply) => {
        const api = z.object({ api: z.enum(API_NAMES).optional() }).safeParse(req.query);
        faults.clear(api.success ? api.data.api : undefined);
        return reply.send({ faults: faults.list() });
      });
      r.delete<{ Params: { id: string } }>('/faults/:id', async (req, reply) =>
        faults.remove(req.params.id)
          ? reply.send({ ok: true })
          : reply.code(404).send({ type: 'about:blank', title: 'Not Found', status: 404 }),
      );

      for (const api of deps.apis) api.registerInspection?.(r);
      done();
    },
    { prefix: '/_sandbox' },
  );
}
