import type { Pool } from '@intent-radar/db';
import { monitorKvKey, monitorRecordSchema, type MonitorRecord, type MonitorSet } from '@intent-radar/ingest-kit';
import type { Logger } from '@intent-radar/logger';
import type { KV } from '@nats-io/kv';

interface MonitorRow {
  id: string;
  workspace_id: string;
  query: string;
  query_key: string;
  platforms: string[];
  updated_at: Date;
}

/**
 * Keeps the `monitors` KV bucket equal to the monitors that scan: active, and (when the gateway's
 * billing migration is present) of a workspace whose plan or trial is running. Polling instead of
 * LISTEN/NOTIFY also catches trials that simply expire.
 */
export class MonitorSync {
  private source: 'scanning_monitors' | 'monitors' | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly kv: KV,
    private readonly mirror: MonitorSet,
    private readonly logger: Logger,
  ) {}

  /** One comparison; returns the monitors that were not in KV before (they get an immediate run). */
  async sync(): Promise<MonitorRecord[]> {
    this.source ??= await this.pickSource();
    const where = this.source === 'monitors' ? 'WHERE active' : '';
    const { rows } = await this.pool.query<MonitorRow>(
      `SELECT id, workspace_id, query, query_key, platforms, updated_at FROM ${this.source} ${where}`,
    );
    const current = new Map(this.mirror.all().map((r) => [r.id, r]));
    const added: MonitorRecord[] = [];
    const writes: MonitorRecord[] = [];
    for (const row of rows) {
      const parsed = monitorRecordSchema.safeParse({
        id: row.id,
        workspaceId: row.workspace_id,
        query: row.query,
        queryKey: row.query_key,
        platforms: row.platforms,
        updatedAt: row.updated_at.toISOString(),
      });
      if (!parsed.success) {
        this.logger.warn({ monitorId: row.id }, 'monitor row does not fit the monitors bucket; skipped');
        continue;
      }
      const record = parsed.data;
      const before = current.get(record.id);
      current.delete(record.id);
      if (before && sameRecord(before, record)) continue;
      writes.push(record);
      if (!before || before.queryKey !== record.queryKey) added.push(record);
    }
    // Bounded parallel writes: a first sync of 10k monitors would take seconds one by one.
    const ops = [
      ...writes.map((r) => () => this.kv.put(monitorKvKey(r.id), JSON.stringify(r)).then(() => undefined)),
      ...[...current.values()].map((r) => () => this.kv.delete(monitorKvKey(r.id))),
    ];
    for (let i = 0; i < ops.length; i += 256) await Promise.all(ops.slice(i, i + 256).map((op) => op()));
    const changed = ops.length;
    if (changed > 0) this.logger.info({ active: rows.length, changed, removed: current.size, added: added.length }, 'monitors bucket synced');
    return added;
  }

  private async pickSource(): Promise<'scanning_monitors' | 'monitors'> {
    const { rows } = await this.pool.query<{ view: string | null }>(`SELECT to_regclass('scanning_monitors')::text AS view`);
    return rows[0]?.view ? 'scanning_monitors' : 'monitors';
  }
}

function sameRecord(a: MonitorRecord, b: MonitorRecord): boolean {
  return (
    a.workspaceId === b.workspaceId &&
    a.query === b.query &&
    a.queryKey === b.queryKey &&
    a.updatedAt === b.updatedAt &&
    a.platforms.length === b.platforms.length &&
    a.platforms.every((p, i) => b.platforms[i] === p)
  );
}
