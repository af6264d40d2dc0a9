import { requirePositional, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';

/** Columns that hold credentials or their hashes: never exported. */
const SECRET_COLUMNS = new Set(['password_hash', 'key_hash', 'token_hash', 'secrets']);
/** Tables with a workspace_id that are operational state, not the workspace's data. */
const SKIPPED_TABLES = new Set(['rate_limit_hits', 'outbox']);

/**
 * `radar export-workspace <id>`: JSON lines `{"table": ..., "row": {...}}` of everything the
 * workspace owns: its row, every table with a workspace_id column (found in the catalog, so new
 * tables are exported without touching this file), the posts its signals point to, and its
 * members' user records. Credentials are left out. Every query filters by the workspace id.
 */
export async function exportWorkspaceCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  const workspaceId = requirePositional(args, 0, '<workspaceId>');
  const pool = ctx.pool();
  const ws = await pool.query(`SELECT * FROM workspaces WHERE id::text = $1`, [workspaceId]);
  if (ws.rowCount === 0) throw new Error(`no workspace ${workspaceId}`);
  let rows = 0;
  const emit = (table: string, row: Record<string, unknown>) => {
    for (const c of SECRET_COLUMNS) delete row[c];
    ctx.out(JSON.stringify({ table, row }));
    rows++;
  };
  emit('workspaces', ws.rows[0] as Record<string, unknown>);

  const tables = await pool.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  for (const { table_name: table } of tables.rows) {
    if (SKIPPED_TABLES.has(table)) continue;
    const r = await pool.query(`SELECT * FROM ${quoteIdent(table)} WHERE workspace_id::text = $1`, [workspaceId]);
    for (const row of r.rows as Record<string, unknown>[]) emit(table, row);
  }
  const posts = await pool.query(`SELECT p.* FROM posts p WHERE p.id IN (SELECT post_id FROM signals WHERE workspace_id::text = $1) ORDER BY p.id`, [workspaceId]);
  for (const row of posts.rows as Record<string, unknown>[]) {
    delete row.embedding; // 384 floats per post: derived data, recomputed on import
    emit('posts', row);
  }
  const users = await pool.query(`SELECT u.id, u.email, u.name, u.created_at FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.workspace_id::text = $1 ORDER BY u.id`, [workspaceId]);
  for (const row of users.rows as Record<string, unknown>[]) emit('users', row);
  ctx.err.write(`exported ${rows} rows of workspace ${workspaceId}\n`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
