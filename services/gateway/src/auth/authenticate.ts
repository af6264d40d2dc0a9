import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { RouteDeps } from '../app.ts';
import { ProblemError } from '../http/problem.ts';
import { findApiKey } from './api-key-repository.ts';
import type { RateClass } from './api-key-rate-limit.ts';
import { tooMany } from './throttle.ts';
import { verifyAccessToken } from './tokens.ts';
import { COOKIE } from './cookies.ts';

export type Scope = 'read' | 'write';
export type Role = 'owner' | 'member';

/** Who is calling, resolved once per request. */
export interface Principal {
  workspaceId: string;
  /** Absent for API keys. */
  userId?: string;
  sessionId?: string;
  apiKeyId?: string;
  role: Role;
  via: 'cookie' | 'bearer_token' | 'api_key';
  scopes: readonly Scope[];
}

/** Per-route access rules, set in the route's `config`. */
export interface AccessConfig {
  /** 'public': no auth; 'user': a signed-in person (not an API key); default: any principal. */
  auth?: 'public' | 'user' | 'any';
  /** Needed scope; default read for GET/HEAD, write otherwise. */
  scope?: Scope;
  /** Only workspace owners. */
  ownerOnly?: boolean;
  /** Skip the CSRF check (only for routes that do not use cookie auth, e.g. the Stripe webhook). */
  csrfExempt?: boolean;
  /** API-key rate limit class; default read for GET/HEAD, write otherwise. */
  rateClass?: RateClass;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the fields
  interface FastifyContextConfig extends AccessConfig {}
}

/** The caller of an authenticated route; throws 401 when there is none. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ProblemError(401, 'unauthenticated', 'sign in or send an API key');
  return req.principal;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

async function authenticate(deps: RouteDeps, req: FastifyRequest): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9._~+/=-]{1,600})$/.exec(header);
    if (!m?.[1]) throw new ProblemError(401, 'bad_authorization', 'Authorization must be "Bearer <token>"');
    const token = m[1];
    if (token.startsWith('ir_')) {
      const key = await findApiKey(deps.pool, token, deps.apiKeyCache);
      if (!key) throw new ProblemError(401, 'invalid_api_key', 'unknown or revoked API key');
      return { workspaceId: key.workspaceId, apiKeyId: key.id, role: 'member', via: 'api_key', scopes: key.scopes };
    }
    const claims = verifyAccessToken(token, deps.config.SESSION_SECRET);
    if (!claims) throw new ProblemError(401, 'invalid_token', 'access token invalid or expired');
    return { ...(await membership(deps, claims)), via: 'bearer_token' };
  }
  const cookie = req.cookies[COOKIE.access];
  if (!cookie) return null;
  const claims = verifyAccessToken(cookie, deps.config.SESSION_SECRET);
  if (!claims) throw new ProblemError(401, 'invalid_token', 'access token invalid or expired; refresh the session');
  return { ...(await membership(deps, claims)), via: 'cookie' };
}

async function membership(deps: RouteDeps, claims: { sub: string; wid: string; sid: string }): Promise<Omit<Principal, 'via'>> {
  // One query checks the session is not revoked and the user is still a member: logout and
  // member removal take effect at once, not after the access token expires.
  const { rows } = await deps.pool.query<{ role: Role }>(
    `SELECT m.role FROM memberships m
       JOIN refresh_sessions s ON s.id = $3 AND s.user_id = m.user_id AND s.revoked_at IS NULL AND s.expires_at > now()
      WHERE m.user_id = $1 AND m.workspace_id = $2`,
    [claims.sub, claims.wid, claims.sid],
  );
  const role = rows[0]?.role;
  if (!role) throw new ProblemError(401, 'session_ended', 'session ended or membership removed');
  return { workspaceId: claims.wid, userId: claims.sub, sessionId: claims.sid, role, scopes: ['read', 'write'] };
}

/** Rejects cookie-authenticated mutations without the double-submit CSRF token or from a foreign Origin. */
function checkCsrf(deps: RouteDeps, req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== new URL(deps.config.PUBLIC_URL).origin && !deps.config.CORS_ORIGINS.includes(origin)) {
    throw new ProblemError(403, 'csrf_origin', 'cross-site request refused');
  }
  const cookie = req.cookies[COOKIE.csrf];
  const header = req.headers['x-csrf-token'];
  if (!cookie || typeof header !== 'string' || !sameSecret(cookie, header)) {
    throw new ProblemError(403, 'csrf_token', 'send the ir_csrf cookie value in the X-CSRF-Token header');
  }
}

/** Resolves the principal and enforces each route's AccessConfig. */
export const authPlugin = fp(
  (app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void) => {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
      const access = req.routeOptions.config;
      if (access.auth === 'public') return;
      const principal = await authenticate(deps, req);
      if (!principal) throw new ProblemError(401, 'unauthenticated', 'sign in or send an API key');
      req.principal = principal;
      const mutation = !SAFE.has(req.method);
      if (principal.apiKeyId) {
        const cls = access.rateClass ?? (mutation ? 'write' : 'read');
        const wait = deps.apiKeyLimiter.take(principal.apiKeyId, cls);
        if (wait > 0) throw tooMany(wait, `${cls} requests for this API key`);
      }
      if (principal.via === 'cookie' && mutation && !access.csrfExempt) checkCsrf(deps, req);
      if (access.auth === 'user' && !principal.userId) throw new ProblemError(403, 'user_required', 'API keys cannot use this route');
      const scope = access.scope ?? (mutation ? 'write' : 'read');
      if (!principal.scopes.includes(scope)) throw new ProblemError(403, 'insufficient_scope', `this route needs the ${scope} scope`);
      if (access.ownerOnly && principal.role !== 'owner') throw new ProblemError(403, 'owner_only', 'only workspace owners can do this');
    });
    done();
  },
  { name: 'gateway-auth' },
);
