import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FixtureShapes } from './fixtures.ts';
import type { Scenario } from './scenario/engine.ts';
import type { Sinks } from './sinks.ts';

/** Every fake API, by the first path segment it is served under (`${url}/<name>/...`). */
export const API_NAMES = [
  'reddit',
  'hn',
  'x',
  'brightdata',
  'openai',
  'hunter',
  'serpapi',
  'slack',
  'stripe',
  'webhooks',
] as const;
export type ApiName = (typeof API_NAMES)[number];

/** How one API answers the generic failures, in its own wire format (used by fault injection). */
export interface ApiErrors {
  unauthorized(reply: FastifyReply): FastifyReply;
  rateLimited(reply: FastifyReply, retryAfterSec: number): FastifyReply;
  serverError(reply: FastifyReply, status: number): FastifyReply;
}

export interface FakeApi {
  name: ApiName;
  register(app: FastifyInstance): void;
  /** Extra /_sandbox routes of this API (e.g. complete a Stripe checkout). */
  registerInspection?(app: FastifyInstance): void;
  errors: ApiErrors;
}

/** What every fake reads: the scenario, the captured shapes, the sinks, and its own public URL. */
export interface SandboxContext {
  scenario: Scenario;
  shapes: FixtureShapes;
  sinks: Sinks;
  baseUrl(): string;
}

/** A fixed-window request budget per key (token, API key), like the real rate limiters. */
export class RateWindow {
  private readonly windows = new Map<string, { startMs: number; used: number }>();

  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  /** Counts one request; `allowed` false once the budget is spent. */
  take(
    key: string,
    nowMs = Date.now(),
  ): { allowed: boolean; used: number; remaining: number; resetSec: number; resetEpochSec: number } {
    let w = this.windows.get(key);
    if (!w || nowMs - w.startMs >= this.windowMs) {
      w = { startMs: nowMs, used: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.used < this.limit;
    if (allowed) w.used++;
    const resetMs = w.startMs + this.windowMs;
    return {
      allowed,
      used: w.used,
      remaining: Math.max(0, this.limit - w.used),
      resetSec: Math.max(0, Math.ceil((resetMs - nowMs) / 1000)),
      resetEpochSec: Math.ceil(resetMs / 1000),
    };
  }

  reset(): void {
    this.windows.clear();
  }
}

/** `Authorization: Bearer <token>` (scheme case-insensitive) or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

/** Query string values as plain strings (first value when repeated). */
export function queryOf(req: FastifyRequest): Record<string, string> {
  const q = (req.query ?? {}) as Record<string, string | string[] | undefined>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** Parses an integer query parameter; `fallback` when absent or not a number. */
export function intParam(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Escapes text for HTML the way the platforms do in their rendered fields. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#x?[0-9a-f]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Simple paragraphs to HTML (`\n\n` -> <p>), as the platforms render plain text. */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n\n');
}

/** A deterministic request id in a vendor's style (the sandbox has no randomness of its own). */
let requestCounter = 0;
export function requestId(prefix: string, length = 24): string {
  requestCounter++;
  const base = (requestCounter * 2654435761).toString(36) + requestCounter.toString(36);
  return `${prefix}${base.padStart(length, '0').slice(-length)}`;
}
