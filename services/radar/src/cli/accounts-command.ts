import { withTransaction } from '@intent-radar/db';
import { hashPassword, passwordProblem } from '@intent-radar/gateway/passwords';
import { z } from 'zod';
import { CliUsageError, option, requireOption, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';
import { readPasswordOption } from './password-input.ts';

const email = z.email().max(320);

/**
 * `radar create-user --email E [--name N] [--workspace ID [--role owner|member]]
 * [--password | --password-stdin | --password-file PATH]`. With a password option the user can
 * sign in at once (same rules and argon2id hash as the gateway's sign-up; an existing user's
 * password is replaced). Without one they sign in after "forgot password" or an invitation.
 */
export async function createUserCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  const mail = email.safeParse(requireOption(args, 'email').toLowerCase());
  if (!mail.success) throw new CliUsageError('--email is not an email address');
  const workspaceId = option(args, 'workspace');
  const role = option(args, 'role') ?? 'member';
  if (role !== 'owner' && role !== 'member') throw new CliUsageError('--role must be owner or member');
  const password = await readPasswordOption(args, ctx.stdin, ctx.err);
  if (password !== undefined) {
    const problem = passwordProblem(password, mail.data);
    if (problem) throw new CliUsageError(problem);
  }
  const passwordHash = password === undefined ? null : await hashPassword(password);
  const created = await withTransaction(ctx.pool(), async (db) => {
    const u = await db.query<{ id: string; created: boolean }>(
      `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO UPDATE SET password_hash = COALESCE(EXCLUDED.password_hash, users.password_hash)
       RETURNING id::text, (xmax = 0) AS created`,
      [mail.data, option(args, 'name') ?? null, passwordHash],
    );
    const user = u.rows[0]!;
    if (workspaceId) {
      await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [workspaceId, user.id, role]);
    }
    return user;
  });
  ctx.out(JSON.stringify({ command: 'create-user', userId: created.id, created: created.created, email: mail.data, passwordSet: passwordHash !== null, ...(workspaceId ? { workspaceId, role } : {}) }));
}

/** `radar create-workspace --name N [--owner <email>] [--credits 0]`: a workspace on the trial plan. */
export async function createWorkspaceCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  const name = requireOption(args, 'name');
  if (name.length > 200) throw new CliUsageError('--name is at most 200 characters');
  const ownerEmail = option(args, 'owner')?.toLowerCase();
  const credits = Number(option(args, 'credits') ?? '0');
  if (!Number.isInteger(credits) || credits < 0) throw new CliUsageError('--credits must be a whole number');
  const workspaceId = await withTransaction(ctx.pool(), async (db) => {
    const w = await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ($1) RETURNING id::text`, [name]);
    const id = w.rows[0]!.id;
    await db.query(`INSERT INTO billing (workspace_id, plan, status, trial_ends_at, credits) VALUES ($1, 'trial', 'trial', now() + interval '14 days', $2)`, [id, credits]);
    if (credits > 0) await db.query(`INSERT INTO credit_grants (workspace_id, credits, reason) VALUES ($1, $2, 'manual')`, [id, credits]);
    if (ownerEmail) {
      const u = await db.query<{ id: string }>(`SELECT id::text FROM users WHERE email = $1`, [ownerEmail]);
      if (!u.rows[0]) throw new CliUsageError(`no user ${ownerEmail}; run create-user first`);
      await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`, [id, u.rows[0].id]);
    }
    return id;
  });
  ctx.out(JSON.stringify({ command: 'create-workspace', workspaceId, name, ...(ownerEmail ? { owner: ownerEmail } : {}) }));
}
