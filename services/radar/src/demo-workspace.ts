import { withTransaction, type Pool } from '@intent-radar/db';
import { createAccount } from '@intent-radar/gateway/accounts';
import { hashPassword } from '@intent-radar/gateway/passwords';
import { queryKey } from '@intent-radar/query';

/** Development-only login; printed at start-up. Never created in production mode. */
export const DEMO_LOGIN = { email: 'demo@intentradar.local', password: 'radar-demo-2026!' } as const;

/** Monitors the sandbox scenario matches, so signals appear within a minute. */
const DEMO_MONITORS = [
  { name: 'ZoomInfo alternatives', query: '"zoominfo" alternative', minScore: 5 },
  { name: 'CRM shoppers', query: 'crm', minScore: 6 },
  { name: 'Apollo.io', query: 'apollo OR "apollo.io"', minScore: 6 },
];

/**
 * On an empty database, seeds a demo workspace: a login, monitors the scenario matches, and a
 * Slack and an email destination pointing at the sandbox sinks. Returns false when users exist.
 */
export async function seedDemoWorkspace(pool: Pool, sandbox: { url: string }): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  return withTransaction(pool, async (db) => {
    // Serialize concurrent starts; the check and the seed happen under one lock.
    await db.query('SELECT pg_advisory_xact_lock(7391202402)');
    const users = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    if ((users.rows[0]?.n ?? 0) > 0) return false;
    const account = await createAccount(db, { email: DEMO_LOGIN.email, passwordHash, name: 'Demo', workspaceName: 'Demo workspace' });
    if (!account) return false;
    for (const m of DEMO_MONITORS) {
      await db.query(
        `INSERT INTO monitors (workspace_id, name, query, query_key, platforms, min_score)
         VALUES ($1, $2, $3, $4, ARRAY['reddit','hackernews','twitter','linkedin'], $5)`,
        [account.workspaceId, m.name, m.query, queryKey(m.query), m.minScore],
      );
    }
    await db.query(
      `INSERT INTO alert_destinations (workspace_id, name, kind, config, secrets, min_score, frequency)
       VALUES ($1, 'Sandbox Slack #sales', 'slack', $2, $3, 7, 'instant'),
              ($1, 'Sandbox inbox', 'email', $4, '{}', 8, 'instant')`,
      [
        account.workspaceId,
        { channel: '#sales', host: new URL(sandbox.url).host },
        { webhookUrl: `${sandbox.url}/slack/services/TDEMO0000/BDEMO0000/demo-workspace-hook` },
        { recipients: [DEMO_LOGIN.email] },
      ],
    );
    return true;
  });
}
