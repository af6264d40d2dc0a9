import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeApi, SandboxContext } from '../api-kit.ts';

/** Slack's webhook error answers (text/plain); a hook URL whose secret is one of these answers it. */
export const SLACK_WEBHOOK_ERRORS: Record<string, number> = {
  invalid_payload: 400,
  user_not_found: 400,
  invalid_blocks: 400,
  missing_text_or_fallback_or_attachments: 400,
  action_prohibited: 403,
  invalid_token: 403,
  channel_not_found: 404,
  no_service: 404,
  no_team: 404,
  channel_is_archived: 410,
  rollup_error: 500,
};

const plain = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/plain; charset=utf-8').send(body);

/** Slack incoming webhooks (`/slack/services/T../B../secret`): records every message. */
export function slackApi(ctx: SandboxContext): FakeApi {
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) => plain(reply, 403, 'invalid_token'),
    rateLimited: (reply, retryAfterSec) =>
      plain(reply.header('retry-after', String(retryAfterSec)), 429, 'rate_limited'),
    serverError: (reply, status) => plain(reply, status, 'rollup_error'),
  };

  function parse(req: FastifyRequest): { ok: true; body: Record<string, unknown> } | { ok: false } {
    const raw = typeof req.body === 'string' ? req.body : '';
    const type = req.headers['content-type'] ?? '';
    try {
      const text = type.includes('application/x-www-form-urlencoded')
        ? (new URLSearchParams(raw).get('payload') ?? '')
        : raw;
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? { ok: true, body: value as Record<string, unknown> }
        : { ok: false };
    } catch {
      return { ok: false };
    }
  }

  function register(app: FastifyInstance): void {
    // Slack reads the raw body itself: bad JSON must become `invalid_payload`, not a fastify 400.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.post<{ Params: { team: string; bot: string; secret: string } }>(
      '/services/:team/:bot/:secret',
      async (req, reply) => {
        const parsed = parse(req);
        const record = (status: number, response: string, body: unknown, text: string | null) => {
          ctx.sinks.slack.push({
            at: new Date().toISOString(),
            path: req.url.replace(/^\/slack/, ''),
            status,
            response,
            contentType: req.headers['content-type'] ?? null,
            body,
            text,
          });
          return plain(reply, status, response);
        };
        const forced = SLACK_WEBHOOK_ERRORS[req.params.secret];
        if (forced) return record(forced, req.params.secret, parsed.ok ? parsed.body : req.body, null);
        if (!parsed.ok) return record(400, 'invalid_payload', req.body, null);
        const { text, blocks, attachments } = parsed.body;
        if (blocks !== undefined && !Array.isArray(blocks))
          return record(400, 'invalid_blocks', parsed.body, null);
        if (typeof text !== 'string' && !Array.isArray(blocks) && !Array.isArray(attachments))
          return record(400, 'missing_text_or_fallback_or_attachments', parsed.body, null);
        return record(200, 'ok', parsed.body, typeof text === 'string' ? text : null);
      },
    );
  }
  return { name: 'slack', register, errors };
}
