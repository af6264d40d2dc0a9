import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FakeApi, SandboxContext } from '../api-kit.ts';

/**
 * A customer's webhook endpoint (`/webhooks/<anything>`): records every hit. A path segment
 * `status-<code>` answers that status, to test failing destinations.
 */
export function webhooksApi(ctx: SandboxContext): FakeApi {
  const send = (reply: FastifyReply, status: number) => reply.code(status).send({ ok: status < 400 });
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) => send(reply, 401),
    rateLimited: (reply, retryAfterSec) => send(reply.header('retry-after', String(retryAfterSec)), 429),
    serverError: (reply, status) => send(reply, status),
  };
  function register(app: FastifyInstance): void {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.all('/*', async (req, reply) => {
      const forced = /\/status-(\d{3})(\/|$|\?)/.exec(req.url);
      const status = forced?.[1] ? Number(forced[1]) : 200;
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      );
      ctx.sinks.webhooks.push({
        at: new Date().toISOString(),
        path: req.url.replace(/^\/webhooks/, ''),
        method: req.method,
        headers,
        body: typeof req.body === 'string' ? req.body : '',
        status,
      });
      return send(reply, status);
    });
  }
  return { name: 'webhooks', register, errors };
}
