import { PLATFORMS } from '@intent-radar/proto-schemas';
import { z } from 'zod';

/**
 * One active monitor as the scheduler writes it to the `monitors` KV bucket (key = monitor id).
 * Only monitors that scan (active, workspace on a plan or trial) are present; others are deleted.
 */
export const monitorRecordSchema = z.object({
  id: z.string().min(1).max(200),
  workspaceId: z.string().min(1).max(200),
  query: z.string().min(1).max(5000),
  queryKey: z.string().min(1).max(2000),
  platforms: z.array(z.enum(PLATFORMS)).min(1),
  /** When the monitor (or its query) last changed, ISO 8601. */
  updatedAt: z.iso.datetime({ offset: true }),
});
export type MonitorRecord = z.infer<typeof monitorRecordSchema>;

/** Monitor ids are uuids; anything else would not be a valid KV key. */
export function monitorKvKey(id: string): string {
  return id.replace(/[^-\w]/g, '_');
}
