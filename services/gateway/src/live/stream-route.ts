import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed, type RouteDeps } from '../app.ts';
import { principalOf } from '../auth/authenticate.ts';

/** Keeps proxies from closing an idle stream; milliseconds. */
const HEARTBEAT_MS = 15_000;

/** GET /stream: Server-Sent Events of the workspace's new and updated signals, resumable with Last-Event-ID. */
export function streamRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  typed(app).get(
    '/stream',
    {
      schema: {
        tags: ['signals'],
        summary: 'Live feed (text/event-stream): signal.created / signal.updated / signal.enriched of this workspace; id = stream sequence',
        headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,15}$/).optional() }),
        querystring: z.object({ lastEventId: z.string().regex(/^\d{1,15}$/).optional() }),
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const resume = req.headers['last-event-id'] ?? req.query.lastEventId;
      const abort = new AbortController();
      // Open the consumer before answering 200, so a failure is still a problem response.
      const events = await deps.signalStream.open(p.workspaceId, resume === undefined ? undefined : Number(resume), abort.signal);
      const first = events.next();
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(': connected\nretry: 3000\n\n');
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      req.raw.on('close', () => abort.abort());
      try {
        let next = await first;
        while (!next.done) {
          const e = next.value;
          raw.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify({ subject: e.subject, ...e.data })}\n\n`);
          next = await events.next();
        }
      } catch (err) {
        if (!abort.signal.aborted) req.log.warn({ err }, 'live feed ended with an error');
      } finally {
        clearInterval(heartbeat);
        abort.abort();
        raw.end();
      }
    },
  );
  done();
}
