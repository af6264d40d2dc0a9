import type { Bus } from '@intent-radar/bus';
import type { Queryable } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import { subjects, type EventData } from '@intent-radar/proto-schemas';
import { z } from 'zod';

/**
 * `workspaces.settings.autoEnrich`: absent = off (the default). `{ "minScore": 9 }` turns it on;
 * `{ "enabled": false, ... }` keeps the rule but pauses it.
 */
export const autoEnrichRuleSchema = z.object({
  enabled: z.boolean().default(true),
  minScore: z.number().int().min(1).max(10).default(9),
});
export type AutoEnrichRule = z.infer<typeof autoEnrichRuleSchema>;

/** The workspace's rule (undefined = off, also for a malformed setting) and its credit balance. */
export async function loadAutoEnrichRule(db: Queryable, workspaceId: string): Promise<{ rule?: AutoEnrichRule; credits: number }> {
  const { rows } = await db.query<{ rule: unknown; credits: number }>(
    `SELECT w.settings->'autoEnrich' AS rule, COALESCE(b.credits, 0) AS credits
       FROM workspaces w LEFT JOIN billing b ON b.workspace_id = w.id WHERE w.id = $1`,
    [workspaceId],
  );
  const r = rows[0];
  if (!r || r.rule === null || r.rule === undefined) return { credits: r?.credits ?? 0 };
  const rule = autoEnrichRuleSchema.safeParse(r.rule);
  return rule.success ? { rule: rule.data, credits: r.credits } : { credits: r.credits };
}

/**
 * signals.created -> enrich.requested when the workspace's rule matches (enrich only after
 * qualifying). The request id is derived from the signal, so a redelivered signal asks once.
 */
export async function autoEnrich(
  deps: { db: Queryable; bus: Bus; logger: Logger },
  signal: EventData<'signal.created.v1'>,
  traceparent: string,
): Promise<boolean> {
  const { rule, credits } = await loadAutoEnrichRule(deps.db, signal.workspaceId);
  if (!rule?.enabled || signal.intentScore < rule.minScore) return false;
  // No credits: skip quietly instead of publishing a refusal for every signal.
  if (credits < 1) {
    deps.logger.debug({ workspaceId: signal.workspaceId, signalId: signal.signalId }, 'auto-enrich skipped: no credits');
    return false;
  }
  const requestId = `auto-${signal.signalId}`;
  await deps.bus.publish(
    'enrich.requested.v1',
    subjects.enrichRequested,
    { requestId, workspaceId: signal.workspaceId, signalId: signal.signalId, requestedBy: 'auto_rule' },
    { msgId: `enrich:${requestId}`, traceparent },
  );
  return true;
}
