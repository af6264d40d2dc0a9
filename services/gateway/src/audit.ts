import type { PoolClient, Pool } from 'pg';
import type { Principal } from './auth/authenticate.ts';

/** Sensitive actions recorded in audit_log. */
export type AuditAction =
  | 'auth.signup'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'member.added'
  | 'member.invited'
  | 'member.invite_revoked'
  | 'member.removed'
  | 'destination.created'
  | 'destination.updated'
  | 'destination.deleted'
  | 'destination.tested'
  | 'monitor.deleted'
  | 'contact.deleted'
  | 'workspace.updated'
  | 'billing.checkout_started'
  | 'billing.plan_changed'
  | 'signals.exported';

export interface AuditEntry {
  workspaceId: string;
  actor: { type: 'user' | 'api_key' | 'system'; id?: string | undefined };
  action: AuditAction;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
}

/** The audit actor of a request's principal. */
export const actorOf = (p: Principal): AuditEntry['actor'] =>
  p.userId ? { type: 'user', id: p.userId } : { type: 'api_key', id: p.apiKeyId };

/** Appends one audit row; pass the transaction's client so it commits with the change it records. */
export async function audit(db: Pool | PoolClient, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (workspace_id, actor_type, actor_id, action, target_type, target_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.workspaceId, e.actor.type, e.actor.id ?? null, e.action, e.target?.type ?? null, e.target?.id ?? null, e.details ?? {}],
  );
}
