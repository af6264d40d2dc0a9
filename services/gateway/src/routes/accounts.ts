import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTransaction, type Queryable } from '@intent-radar/db';
import { typed, type RouteDeps } from '../app.ts';
import { audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { clearSessionCookies, COOKIE, setSessionCookies } from '../auth/cookies.ts';
import { assertPasswordAcceptable, dummyPasswordHash, hashPassword, PASSWORD_MAX, verifyPassword } from '../auth/passwords.ts';
import { createSession, revokeSession, rotateSession, type SessionMeta } from '../auth/session-repository.ts';
import { LIMITS, Throttle } from '../auth/throttle.ts';
import { randomSecret, signAccessToken } from '../auth/tokens.ts';
import { ProblemError } from '../http/problem.ts';
import { createAccount, createUser } from '../auth/account-repository.ts';
import { acceptInvite } from '../auth/invite-repository.ts';
import { email, ok, problems } from './schemas.ts';

const sessionBody = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  workspace: z.object({ id: z.string(), name: z.string(), role: z.enum(['owner', 'member']) }),
  csrfToken: z.string().describe('Also set as the ir_csrf cookie; send it in X-CSRF-Token on mutations.'),
  accessToken: z.string().describe('Also set as the ir_at cookie; usable as a Bearer token for 15 minutes.'),
});

const metaOf = (req: FastifyRequest): SessionMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

/** Signup, login, refresh, logout and /me. */
export function accountRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const { pool, config } = deps;
  const throttle = new Throttle(pool);
  const api = typed(app);
  const secure = config.COOKIE_SECURE;

  const issue = async (
    reply: Parameters<typeof setSessionCookies>[0],
    user: { id: string; email: string; name: string | null },
    ws: { id: string; name: string; role: 'owner' | 'member' },
    session: { sessionId: string; refreshToken: string },
  ) => {
    const csrfToken = randomSecret('', 24);
    const accessToken = signAccessToken({ sub: user.id, wid: ws.id, sid: session.sessionId }, config.SESSION_SECRET);
    setSessionCookies(reply, { accessToken, refreshToken: session.refreshToken, csrfToken }, secure);
    return { user, workspace: ws, csrfToken, accessToken };
  };

  api.post(
    '/auth/signup',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and its workspace (7-day trial, 250 enrichment credits), or join the inviting workspace with inviteToken',
        body: z.object({
          email,
          password: z.string().min(1).max(PASSWORD_MAX),
          name: z.string().trim().min(1).max(200).optional(),
          workspaceName: z.string().trim().min(1).max(200).optional(),
          inviteToken: z.string().min(1).max(200).optional().describe('From an invitation email: the account joins that workspace instead of creating one; the email must be the invited one.'),
        }),
        response: { 201: sessionBody, 404: problems[404], 409: problems[400], 422: problems[400], 429: problems[429] },
      },
    },
    async (req, reply) => {
      await throttle.hit(LIMITS.signupPerIp, req.ip);
      const { email: mail, password, name, workspaceName, inviteToken } = req.body;
      assertPasswordAcceptable(password, mail);
      const passwordHash = await hashPassword(password);
      const created = await withTransaction(pool, async (db) => {
        if (inviteToken !== undefined) {
          const userId = await createUser(db, { email: mail, passwordHash, name });
          if (!userId) return undefined;
          const joined = await acceptInvite(db, inviteToken, { id: userId, email: mail });
          // Throwing rolls the new user back too: no account is left behind by a bad token.
          if (!joined.ok) throw new ProblemError(404, 'invalid_invite', 'this invitation is unknown, used, revoked, expired or for another email');
          const session = await createSession(db, userId, metaOf(req));
          return { userId, workspace: { id: joined.workspaceId, name: joined.workspaceName, role: joined.role }, session };
        }
        const account = await createAccount(db, { email: mail, passwordHash, name, workspaceName });
        if (!account) return undefined;
        const session = await createSession(db, account.userId, metaOf(req));
        return { userId: account.userId, workspace: { id: account.workspaceId, name: account.wsName, role: 'owner' as const }, session };
      });
      // Same answer shape and timing class as a success would hint at; the email is the login id anyway.
      if (!created) throw new ProblemError(409, 'email_taken', 'an account with this email exists; sign in instead');
      const body = await issue(reply, { id: created.userId, email: mail, name: name ?? null }, created.workspace, created.session);
      return reply.code(201).send(body);
    },
  );

  api.post(
    '/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookies',
        body: z.object({ email, password: z.string().min(1).max(PASSWORD_MAX), workspaceId: z.uuid().optional() }),
        response: { 200: sessionBody, 401: problems[401], 429: problems[429] },
      },
    },
    async (req, reply) => {
      const { email: mail, password, workspaceId } = req.body;
      await throttle.hit(LIMITS.loginPerIp, req.ip);
      await throttle.check(LIMITS.loginFailuresPerAccount, mail);
      const { rows } = await pool.query<{ id: string; email: string; name: string | null; password_hash: string | null }>(
        `SELECT id, email, name, password_hash FROM users WHERE email = $1`,
        [mail],
      );
      const user = rows[0];
      // Unknown emails still pay for one argon2 verify, so timing does not reveal accounts.
      const good = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
      const ws = user && good ? await pickWorkspace(pool, user.id, workspaceId) : undefined;
      if (!user || !good || !ws) {
        await throttle.hit(LIMITS.loginFailuresPerAccount, mail).catch(() => undefined);
        if (user) {
          const first = await pickWorkspace(pool, user.id, undefined);
          if (first) await audit(pool, { workspaceId: first.id, actor: { type: 'user', id: user.id }, action: 'auth.login_failed', details: { ip: req.ip } });
        }
        throw new ProblemError(401, 'invalid_credentials', 'email or password is wrong');
      }
      await throttle.reset(LIMITS.loginFailuresPerAccount, mail);
      const session = await createSession(pool, user.id, metaOf(req));
      await audit(pool, { workspaceId: ws.id, actor: { type: 'user', id: user.id }, action: 'auth.login', details: { ip: req.ip } });
      return issue(reply, { id: user.id, email: user.email, name: user.name }, ws, session);
    },
  );

  api.post(
    '/auth/refresh',
    {
      // The refresh cookie is SameSite=Strict and path-scoped; the CSRF header is checked here too.
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh session and issue a new access token; with workspaceId, switch to that workspace (the account must be a member of it)',
        querystring: z.object({
          workspaceId: z.uuid().optional().describe('One of the workspaces GET /me lists; without it, the earliest membership. Not a member: 403 not_a_member, session unchanged.'),
        }),
        response: { 200: sessionBody, 401: problems[401], 403: problems[403] },
      },
    },
    async (req, reply) => {
      await throttle.hit(LIMITS.refreshPerIp, req.ip);
      const token = req.cookies[COOKIE.refresh];
      if (!token) throw new ProblemError(401, 'no_session', 'no refresh session');
      const csrf = req.cookies[COOKIE.csrf];
      if (!csrf || req.headers['x-csrf-token'] !== csrf) throw new ProblemError(403, 'csrf_token', 'send the ir_csrf cookie value in X-CSRF-Token');
      const wanted = req.query.workspaceId;
      const result = await withTransaction(pool, async (db) => {
        const rotated = await rotateSession(db, token, metaOf(req));
        if (rotated.kind !== 'rotated') return { rotated, ws: undefined };
        const ws = await pickWorkspace(db, rotated.userId, wanted);
        // Throwing rolls the rotation back: asking for a workspace one is not a member of must not
        // cost the caller their session (the old refresh token stays the current one).
        if (!ws && wanted !== undefined) throw new ProblemError(403, 'not_a_member', 'this account is not a member of that workspace');
        return { rotated, ws };
      });
      const { rotated, ws } = result;
      if (rotated.kind !== 'rotated') {
        clearSessionCookies(reply, secure);
        throw new ProblemError(401, rotated.kind === 'reused' ? 'session_reused' : 'no_session', 'session ended; sign in again');
      }
      const { rows } = await pool.query<{ id: string; email: string; name: string | null }>(`SELECT id, email, name FROM users WHERE id = $1`, [rotated.userId]);
      if (!rows[0] || !ws) throw new ProblemError(401, 'no_session', 'no workspace for this account');
      return issue(reply, rows[0], ws, rotated.session);
    },
  );

  api.post(
    '/auth/logout',
    { config: { auth: 'user', scope: 'read' }, schema: { tags: ['auth'], summary: 'End this session', response: { 200: ok } } },
    async (req, reply) => {
      const p = principalOf(req);
      if (p.sessionId) await revokeSession(pool, p.sessionId);
      await audit(pool, { workspaceId: p.workspaceId, actor: { type: 'user', id: p.userId }, action: 'auth.logout' });
      clearSessionCookies(reply, secure);
      return { ok: true as const };
    },
  );

  api.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The caller: user (or API key), workspace and role',
        response: {
          200: z.object({
            userId: z.string().nullable(),
            apiKeyId: z.string().nullable(),
            workspaceId: z.string(),
            role: z.enum(['owner', 'member']),
            scopes: z.array(z.enum(['read', 'write'])),
            workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(['owner', 'member']) })),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const workspaces = p.userId
        ? (await pool.query<{ id: string; name: string; role: 'owner' | 'member' }>(
            `SELECT w.id, w.name, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY m.created_at`,
            [p.userId],
          )).rows
        : [];
      return { userId: p.userId ?? null, apiKeyId: p.apiKeyId ?? null, workspaceId: p.workspaceId, role: p.role, scopes: [...p.scopes], workspaces };
    },
  );
  done();
}

async function pickWorkspace(db: Queryable, userId: string, wanted: string | undefined) {
  const { rows } = await db.query<{ id: string; name: string; role: 'owner' | 'member' }>(
    `SELECT w.id, w.name, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
      WHERE m.user_id = $1 AND ($2::uuid IS NULL OR w.id = $2::uuid) ORDER BY m.created_at LIMIT 1`,
    [userId, wanted ?? null],
  );
  return rows[0];
}
