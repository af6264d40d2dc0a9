import type { PoolClient } from 'pg';
import { audit } from '../audit.ts';
import { TRIAL_CREDITS, TRIAL_DAYS } from '../billing/plan.ts';

export interface NewAccount {
  email: string;
  passwordHash: string;
  name?: string | undefined;
  workspaceName?: string | undefined;
}

/**
 * Creates a user, their workspace (owner membership) and its trial billing in the caller's
 * transaction. Returns undefined when the email is taken.
 */
export async function createAccount(db: PoolClient, account: NewAccount): Promise<{ userId: string; workspaceId: string; wsName: string } | undefined> {
  const userId = await createUser(db, account);
  if (!userId) return undefined;
  const wsName = account.workspaceName ?? `${account.name ?? account.email.split('@')[0] ?? 'My'}'s workspace`.slice(0, 200);
  const w = await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ($1) RETURNING id`, [wsName]);
  const workspaceId = w.rows[0]!.id;
  await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`, [workspaceId, userId]);
  await db.query(
    `INSERT INTO billing (workspace_id, plan, status, trial_ends_at, credits)
     VALUES ($1, 'trial', 'trial', now() + make_interval(days => $2), $3)`,
    [workspaceId, TRIAL_DAYS, TRIAL_CREDITS],
  );
  await db.query(`INSERT INTO credit_grants (workspace_id, credits, reason) VALUES ($1, $2, 'trial')`, [workspaceId, TRIAL_CREDITS]);
  await audit(db, { workspaceId, actor: { type: 'user', id: userId }, action: 'auth.signup' });
  return { userId, workspaceId, wsName };
}

/** Creates only the user (someone joining by invitation); undefined when the email is taken. */
export async function createUser(db: PoolClient, account: Omit<NewAccount, 'workspaceName'>): Promise<string | undefined> {
  const u = await db.query<{ id: string }>(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [account.email, account.name ?? null, account.passwordHash],
  );
  return u.rows[0]?.id;
}
