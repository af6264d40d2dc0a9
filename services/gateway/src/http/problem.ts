import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A domain error that maps to one problem response; `code` is stable for clients. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? code);
  }
}

export const notFound = (what = 'resource') => new ProblemError(404, 'not_found', `${what} not found`);

/** Sends a problem+json response. */
export function sendProblem(reply: FastifyReply, req: FastifyRequest, status: number, code: string, detail?: string, ext: Record<string, unknown> = {}) {
  const body: Problem = {
    type: `https://intent-radar.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    instance: req.url.split('?')[0],
    ...(detail ? { detail } : {}),
    ...ext,
  };
  return reply.code(status).type('application/problem+json').send(body);
}

/** Every error and unknown route becomes a problem response; 5xx details never leak. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ProblemError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return sendProblem(reply, req, err.status, err.code, err.message, err.extensions);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        in: err.validationContext,
        path: v.instancePath,
        message: v.message,
      }));
      return sendProblem(reply, req, 400, 'validation_failed', 'the request does not match the schema', { errors });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(reply, req, 500, 'internal', 'internal error');
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return sendProblem(reply, req, status, 'internal', 'internal error');
    }
    // Fastify's own 4xx (bad JSON, body too large, bad content type): the message is safe to show.
    const code = (err.code ?? 'bad_request').toLowerCase().replace(/^fst_err_/, '');
    return sendProblem(reply, req, status, code, err.message);
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, req, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`));
}
