import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { bearerToken, requestId, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { hash32 } from '../scenario/prng.ts';
import { guessIntent } from './intent-rules.ts';
import { fillSchema } from './json-schema-fill.ts';

type ErrorBody = { message: string; type: string; param: string | null; code: string | null };
const fail = (reply: FastifyReply, status: number, error: ErrorBody) => reply.code(status).send({ error });

const chatSchema = z.object({
  model: z.string().min(1),
  messages: z
    .array(
      z
        .object({
          role: z.string(),
          content: z
            .union([
              z.string(),
              z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()),
              z.null(),
            ])
            .optional(),
        })
        .loose(),
    )
    .min(1),
  response_format: z.record(z.string(), z.unknown()).optional(),
  stream: z.boolean().optional(),
});
const embeddingsSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  dimensions: z.number().int().min(1).max(3072).optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** A deterministic unit vector for a text: hashed words, so similar texts are near each other. */
export function embedText(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [''];
  for (const w of words) {
    const h = hash32(w);
    v[h % dims] = (v[h % dims] ?? 0) + 1;
    v[(h >>> 8) % dims] = (v[(h >>> 8) % dims] ?? 0) + (h & 1 ? 0.5 : -0.5);
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

/** OpenAI chat completions (json_schema honoured by a rule-based responder) and embeddings. */
export function openaiApi(_ctx: SandboxContext): FakeApi {
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      fail(reply, 401, {
        message:
          'Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      }),
    rateLimited: (reply, retryAfterSec) =>
      fail(
        reply
          .header('retry-after', String(retryAfterSec))
          .header('x-ratelimit-remaining-requests', '0')
          .header('x-ratelimit-reset-requests', `${retryAfterSec}s`),
        429,
        {
          message: `Rate limit reached for gpt-4o-mini in organization org-sandbox on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${retryAfterSec}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      ),
    serverError: (reply, status) =>
      fail(reply, status, {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      }),
  };

  function content(messages: z.infer<typeof chatSchema>['messages']): string {
    const user = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
    const c = user?.content;
    if (typeof c === 'string') return c;
    return Array.isArray(c) ? c.map((p) => p.text ?? '').join('\n') : '';
  }

  function register(app: FastifyInstance): void {
    app.addHook('onRequest', async (req, reply) => {
      const token = bearerToken(req);
      if (!token)
        return fail(reply, 401, {
          message:
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          type: 'invalid_request_error',
          param: null,
          code: null,
        });
      if (token === 'invalid') return errors.unauthorized(reply);
      reply
        .header('x-request-id', requestId('req_', 32))
        .header('openai-processing-ms', '12')
        .header('x-ratelimit-limit-requests', '10000')
        .header('x-ratelimit-remaining-requests', '9999')
        .header('x-ratelimit-reset-requests', '6ms')
        .header('x-ratelimit-limit-tokens', '2000000')
        .header('x-ratelimit-remaining-tokens', '1999000')
        .header('x-ratelimit-reset-tokens', '30ms');
      return undefined;
    });

    app.post('/v1/chat/completions', async (req, reply) => {
      const parsed = chatSchema.safeParse(req.body);
      if (!parsed.success)
        return fail(reply, 400, {
          message: `Invalid request: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
          type: 'invalid_request_error',
          param: parsed.error.issues[0]?.path.join('.') ?? null,
          code: null,
        });
      const body = parsed.data;
      if (body.stream)
        return fail(reply, 400, {
          message: 'The sandbox does not stream; send stream: false.',
          type: 'invalid_request_error',
          param: 'stream',
          code: 'unsupported_value',
        });
      const text = content(body.messages);
      const guess = guessIntent(text, body.model);
      const rf = body.response_format;
      let answer: string;
      if (!rf || rf.type === 'text') {
        answer = `${guess.summary} (score ${guess.score}/10)`;
      } else if (rf.type === 'json_object') {
        answer = JSON.stringify({
          intent_score: guess.score,
          category: guess.category,
          summary: guess.summary,
        });
      } else if (rf.type === 'json_schema') {
        if ('schema' in rf)
          return fail(reply, 400, {
            message: "Unknown parameter: 'response_format.schema'.",
            type: 'invalid_request_error',
            param: 'response_format.schema',
            code: 'unknown_parameter',
          });
        const js = rf.json_schema as { name?: unknown; schema?: unknown } | undefined;
        if (!js || typeof js.name !== 'string' || typeof js.schema !== 'object' || js.schema === null) {
          return fail(reply, 400, {
            message: "Missing required parameter: 'response_format.json_schema'.",
            type: 'invalid_request_error',
            param: 'response_format.json_schema',
            code: 'missing_required_parameter',
          });
        }
        const hints: Record<string, unknown> = {
          intent_score: guess.score,
          score: guess.score,
          urgency: guess.urgency,
          decision_stage: guess.stage,
          budget_signals: guess.budget,
          pain_points: guess.pains,
          competitors_mentioned: guess.competitors,
          is_qualified: guess.score >= 7,
          reasoning: guess.reasoning,
          one_line_summary: guess.summary.slice(0, 280),
          summary: guess.summary.slice(0, 280),
          evidence: [],
          category: guess.category,
          language: guess.language,
          scored_by: `llm:${body.model}`,
          cost_usd: 0,
          needs_rescore: false,
          notes: [],
        };
        answer = JSON.stringify(fillSchema(js.schema, (name) => hints[name]));
      } else {
        return fail(reply, 400, {
          message: `Invalid schema for response_format 'response_format': '${String(rf.type)}' is not valid under any of the given schemas.`,
          type: 'invalid_request_error',
          param: 'response_format',
          code: null,
        });
      }
      const promptTokens = tokens(JSON.stringify(body.messages));
      const completionTokens = tokens(answer);
      return reply.send({
        id: `chatcmpl-${requestId('', 29)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: 0,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
          },
        },
        service_tier: 'default',
        system_fingerprint: 'fp_sandbox',
      });
    });

    app.post('/v1/embeddings', async (req, reply) => {
      const parsed = embeddingsSchema.safeParse(req.body);
      if (!parsed.success)
        return fail(reply, 400, {
          message: `Invalid request: ${parsed.error.issues[0]?.message ?? ''}`,
          type: 'invalid_request_error',
          param: parsed.error.issues[0]?.path.join('.') ?? null,
          code: null,
        });
      const { model, input, dimensions, encoding_format: encoding } = parsed.data;
      const native = model.includes('large') ? 3072 : 1536;
      if (dimensions !== undefined && (model === 'text-embedding-ada-002' || dimensions > native)) {
        return fail(reply, 400, {
          message: `This model does not support specifying dimensions of ${dimensions}.`,
          type: 'invalid_request_error',
          param: 'dimensions',
          code: null,
        });
      }
      const texts =
        typeof input === 'string'
          ? [input]
          : input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      const dims = dimensions ?? native;
      const data = texts.map((t, index) => {
        const v = embedText(t, dims);
        return {
          object: 'embedding',
          index,
          embedding: encoding === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
        };
      });
      const used = texts.reduce((s, t) => s + tokens(t), 0);
      return reply.send({ object: 'list', data, model, usage: { prompt_tokens: used, total_tokens: used } });
    });
  }

  return { name: 'openai', register, errors };
}
