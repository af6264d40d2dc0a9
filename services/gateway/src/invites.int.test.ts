import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { sha256Hex } from './auth/tokens.ts';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

let sandbox: Sandbox;
let h: Harness;
let owner: Session;

const PASSWORD = 'a sturdy passphrase 42';
const freshEmail = () => `invitee-${randomBytes(4).toString('hex')}@example.com`;
const inject = (opts: InjectOptions) => h.gateway.app.inject(opts);

async function signupAs(mail: string, extra: Record<string, string> = {}) {
  const res = await inject({ method: 'POST', url: '/api/v1/auth/signup', remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, payload: { email: mail, password: PASSWORD, ...extra } });
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { res, headers: res.statusCode === 201 ? { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken } : {} };
}

/** The text of a quoted-printable message: soft line breaks joined, =XX decoded. */
const body = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Invites `to` and returns the token read from the email the SMTP sink received. */
async function invite(to: string, role: 'owner' | 'member' = 'member', as: Session = owner): Promise<{ id: string; token: string }> {
  const res = await inject({ method: 'POST', url: '/api/v1/invites', headers: as.headers, payload: { email: to, role } });
  expect(res.statusCode, res.body).toBe(201);
  const mail = sandbox.sinks.emails.findLast((e) => e.to.includes(to));
  expect(mail, `email to ${to}`).toBeDefined();
  const raw = body(mail!.raw);
  const token = /#token=(inv_[A-Za-z0-9_-]+)/.exec(raw)?.[1];
  expect(token).toBeDefined();
  return { id: res.json<{ id: string }>().id, token: token! };
}

const auditActions = async (workspaceId: string) =>
  (await h.db.pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE workspace_id = $1 ORDER BY created_at`, [workspaceId])).rows.map((r) => r.action);

beforeAll(async () => {
  sandbox = buildSandbox({ logger: createLogger({ service: 'sandbox-test', level: 'silent' }), port: 0, smtpPort: 0, seed: 7, clock: 'manual', startTimeMs: Date.now() });
  await sandbox.start();
  h = await startHarness({ SMTP_URL: `smtp://127.0.0.1:${sandbox.smtpPort}`, PUBLIC_URL: 'https://app.example.com' });
});
afterAll(async () => {
  await h?.close();
  await sandbox?.stop();
});
beforeEach(async () => {
  owner = await signup(h);
});

describe('invitations', () => {
  it('emails a single-use link whose token is stored only hashed; a signed-in invitee joins with the invited role', async () => {
    const to = freshEmail();
    const { id, token } = await invite(to, 'member');
    const mail = sandbox.sinks.emails.findLast((e) => e.to.includes(to))!;
    expect(mail.subject).toMatch(/invited you to/);
    expect(body(mail.raw)).toContain('https://app.example.com/accept-invite#token=');
    const stored = await h.db.pool.query<{ token_hash: string }>(`SELECT token_hash FROM workspace_invites WHERE id = $1`, [id]);
    expect(stored.rows[0]!.token_hash).toBe(sha256Hex(token));
    const listed = await inject({ method: 'GET', url: '/api/v1/invites', headers: owner.headers });
    expect(listed.json<{ items: { id: string; email: string }[] }>().items).toEqual([expect.objectContaining({ id, email: to })]);

    const invitee = await signupAs(to);
    expect(invitee.res.statusCode).toBe(201);
    const accepted = await inject({ method: 'POST', url: '/api/v1/invites/accept', headers: invitee.headers, payload: { token } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ workspaceId: owner.workspaceId, role: 'member' });
    const members = await inject({ method: 'GET', url: '/api/v1/members', headers: owner.headers });
    expect(members.json<{ items: { email: string; role: string }[] }>().items).toContainEqual(expect.objectContaining({ email: to, role: 'member' }));
    // Single use: the same link again is refused, and the pending list is empty.
    const again = await inject({ method: 'POST', url: '/api/v1/invites/accept', headers: invitee.headers, payload: { token } });
    expect(again.statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: '/api/v1/invites', headers: owner.headers })).json().items).toEqual([]);
    expect(await auditActions(owner.workspaceId)).toEqual(expect.arrayContaining(['member.invited', 'member.added']));
  });

  it('refuses a signed-in user with another email, and leaves the invitation usable', async () => {
    const to = freshEmail();
    const { token } = await invite(to);
    const stranger = await signupAs(freshEmail());
    const res = await inject({ method: 'POST', url: '/api/v1/invites/accept', headers: stranger.headers, payload: { token } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('invite_email_mismatch');
    const invitee = await signupAs(to);
    expect((await inject({ method: 'POST', url: '/api/v1/invites/accept', headers: invitee.headers, payload: { token } })).statusCode).toBe(200);
  });

  it('lets a new account join at signup, in the inviting workspace, without creating a workspace of its own', async () => {
    const to = freshEmail();
    const { token } = await invite(to, 'owner');
    const before = (await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM workspaces`)).rows[0]!.n;
    const joined = await signupAs(to, { inviteToken: token });
    expect(joined.res.statusCode, joined.res.body).toBe(201);
    expect(joined.res.json()).toMatchObject({ workspace: { id: owner.workspaceId, role: 'owner' } });
    expect((await h.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM workspaces`)).rows[0]!.n).toBe(before);
    // The session works in the inviting workspace.
    expect((await inject({ method: 'GET', url: '/api/v1/members', headers: joined.headers })).statusCode).toBe(200);
  });

  it('refuses signup with a bad token or another email, and leaves no account behind', async () => {
    const to = freshEmail();
    const { token } = await invite(to);
    const other = freshEmail();
    const wrongEmail = await signupAs(other, { inviteToken: token });
    expect(wrongEmail.res.statusCode).toBe(404);
    const bogus = await signupAs(to, { inviteToken: 'inv_not-a-real-token' });
    expect(bogus.res.statusCode).toBe(404);
    expect((await h.db.pool.query(`SELECT 1 FROM users WHERE email = ANY($1)`, [[to, other]])).rowCount).toBe(0);
  });

  it('refuses revoked, replaced and expired invitations', async () => {
    const revokedTo = freshEmail();
    const revoked = await invite(revokedTo);
    const del = await inject({ method: 'DELETE', url: `/api/v1/invites/${revoked.id}`, headers: owner.headers });
    expect(del.statusCode).toBe(200);
    expect((await inject({ method: 'DELETE', url: `/api/v1/invites/${revoked.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await signupAs(revokedTo, { inviteToken: revoked.token })).res.statusCode).toBe(404);
    expect(await auditActions(owner.workspaceId)).toContain('member.invite_revoked');

    const to = freshEmail();
    const first = await invite(to);
    const second = await invite(to);
    expect((await signupAs(to, { inviteToken: first.token })).res.statusCode).toBe(404);

    await h.db.pool.query(`UPDATE workspace_invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [second.id]);
    expect((await signupAs(to, { inviteToken: second.token })).res.statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: '/api/v1/invites', headers: owner.headers })).json().items).toEqual([]);
  });

  it('lets only owners invite: members and API keys are refused; existing members get 409', async () => {
    const to = freshEmail();
    const { token } = await invite(to, 'member');
    const member = await signupAs(to, { inviteToken: token });
    const asMember = await inject({ method: 'POST', url: '/api/v1/invites', headers: member.headers, payload: { email: freshEmail() } });
    expect(asMember.statusCode).toBe(403);
    const key = (await inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.headers, payload: { name: 'k', scopes: ['read', 'write'] } })).json<{ key: string }>().key;
    const asKey = await inject({ method: 'POST', url: '/api/v1/invites', headers: { authorization: `Bearer ${key}` }, payload: { email: freshEmail() } });
    expect(asKey.statusCode).toBe(403);
    const dup = await inject({ method: 'POST', url: '/api/v1/invites', headers: owner.headers, payload: { email: to } });
    expect(dup.statusCode).toBe(409);
  });
});
