import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_NAMES, type ApiErrors, type ApiName } from './api-kit.ts';
import { Prng } from './scenario/prng.ts';

export const FAULT_KINDS = [
  'latency',
  'rate_limit',
  'server_error',
  'malformed_json',
  'truncated',
  'slow_loris',
  'auth',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Body of POST /_sandbox/faults. Without `count` or `ratio` the fault hits every request. */
export const faultSpecSchema = z.object({
  api: z.enum(API_NAMES),
  kind: z.enum(FAULT_KINDS),
  /** Applies to this many requests, then expires. */
  count: z.number().int().positive().optional(),
  /** Applies to this fraction of requests (deterministic sequence). */
  ratio: z.number().min(0).max(1).optional(),
  /** Only requests whose path contains this text. */
  path: z.string().optional(),
  /** latency: added delay; slow_loris: total time to dribble the body. */
  delayMs: z.number().int().min(0).max(120_000).optional(),
  /** rate_limit: Retry-After seconds (default 2). */
  retryAfterSec: z.number().int().min(0).max(3600).optional(),
  /** server_error: status (default 503). */
  status: z.number().int().min(500).max(599).optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;
export interface Fault extends FaultSpec {
  id: string;
  hits: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    sandboxFault?: Fault;
  }
}

/** Faults switched on through the inspection API; applied per request by API prefix. */
export class FaultBoard {
  private readonly faults: Fault[] = [];
  private nextId = 1;
  private readonly rng = new Prng(0xfa017);

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: `f${this.nextId++}`, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i >= 0) this.faults.splice(i, 1);
    return i >= 0;
  }

  clear(api?: ApiName): void {
    for (let i = this.faults.length - 1; i >= 0; i--)
      if (!api || this.faults[i]?.api === api) this.faults.splice(i, 1);
  }

  /** The fault that applies to this request, if any (consumes one use of a counted fault). */
  take(api: ApiName, path: string): Fault | undefined {
    for (const f of this.faults) {
      if (f.api !== api || (f.path && !path.includes(f.path))) continue;
      if (f.ratio !== undefined && this.rng.next() >= f.ratio) continue;
      f.hits++;
      if (f.count !== undefined && f.hits >= f.count) this.remove(f.id);
      return f;
    }
    return undefined;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** First path segment names the API: `/reddit/...` -> reddit. */
export function apiOf(url: string): ApiName | undefined {
  const seg = url.split('/')[1]?.split('?')[0];
  // The stripe SDK cannot add a path prefix (basePath is fixed at /v1/): Stripe is also served at /v1.
  if (seg === 'v1') return 'stripe';
  return (API_NAMES as readonly string[]).includes(seg ?? '') ? (seg as ApiName) : undefined;
}

/**
 * Installs the fault hooks: failures that replace the answer run before routing (onRequest),
 * failures that damage the real answer (malformed, truncated, slow) rewrite it in onSend.
 */
export function installFaults(
  app: FastifyInstance,
  board: FaultBoard,
  errorsOf: (api: ApiName) => ApiErrors,
): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const api = apiOf(req.url);
    if (!api) return undefined;
    const fault = board.take(api, req.url);
    if (!fault) return undefined;
    const errors = errorsOf(api);
    switch (fault.kind) {
      case 'latency':
        await delay(fault.delayMs ?? 1000);
        return undefined;
      case 'rate_limit':
        return errors.rateLimited(
          reply.header('retry-after', String(fault.retryAfterSec ?? 2)),
          fault.retryAfterSec ?? 2,
        );
      case 'server_error':
        return errors.serverError(reply, fault.status ?? 503);
      case 'auth':
        return errors.unauthorized(reply);
      case 'malformed_json':
      case 'truncated':
      case 'slow_loris':
        req.sandboxFault = fault;
        return undefined;
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const fault = req.sandboxFault;
    if (!fault) return payload;
    const text =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : JSON.stringify(payload ?? '');
    const bytes = Buffer.from(text, 'utf8');
    switch (fault.kind) {
      case 'malformed_json':
        // What a misbehaving proxy or a half-written cache entry looks like: a trailing comma
        // before the last character is never valid JSON, whatever the payload.
        return `${text.slice(0, -1)},${text.slice(-1)}`;
      case 'truncated': {
        // Announce the full length, send half, then drop the connection.
        reply.header('content-length', String(bytes.length));
        const half = bytes.subarray(0, Math.floor(bytes.length / 2));
        let sent = false;
        return new Readable({
          read() {
            if (sent) return;
            sent = true;
            this.push(half);
            // Cut the connection itself: ending the stream would let the client see a clean end.
            setImmediate(() => req.raw.socket.destroy());
          },
        });
      }
      case 'slow_loris': {
        reply.header('content-length', String(bytes.length));
        const total = fault.delayMs ?? 10_000;
        const chunks = Math.max(2, Math.min(bytes.length, 20));
        const size = Math.ceil(bytes.length / chunks);
        let offset = 0;
        let timer: NodeJS.Timeout | undefined;
        return new Readable({
          read() {
            if (timer) return;
            const pushNext = () => {
              timer = undefined;
              if (offset >= bytes.length) {
                this.push(null);
                return;
              }
              const chunk = bytes.subarray(offset, offset + size);
              offset += size;
              this.push(chunk);
              timer = setTimeout(pushNext, total / chunks);
            };
            // First bytes at once (headers go out with them), then one chunk per interval.
            if (offset === 0) pushNext();
            else timer = setTimeout(pushNext, total / chunks);
          },
          destroy(err, cb) {
            if (timer) clearTimeout(timer);
            cb(err);
          },
        });
      }
      case 'latency':
      case 'rate_limit':
      case 'server_error':
      case 'auth':
        return payload;
    }
  });
}
