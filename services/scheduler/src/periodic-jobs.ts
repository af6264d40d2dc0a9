import type { Bus } from '@intent-radar/bus';
import { isWrongRevision } from '@intent-radar/ingest-kit';
import { kvBuckets, subjects, type EventData } from '@intent-radar/proto-schemas';

type ScheduledJob = EventData<'job.scheduled.v1'>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The periodic jobs later services consume: digests (notifier), archival (store). */
export function periodicJobs(archiveAfterDays: number): { name: string; periodMs: number; job: (slot: number) => ScheduledJob }[] {
  return [
    { name: 'digest.hourly', periodMs: HOUR, job: (slot) => ({ kind: 'digest', period: 'hourly', slot }) },
    { name: 'digest.daily', periodMs: DAY, job: (slot) => ({ kind: 'digest', period: 'daily', slot }) },
    // Epoch day 0 was a Thursday: +3 days puts weekly slots on Monday 00:00 UTC.
    { name: 'digest.weekly', periodMs: 7 * DAY, job: (slot) => ({ kind: 'digest', period: 'weekly', slot }) },
    { name: 'archive.daily', periodMs: DAY, job: (slot) => ({ kind: 'archive', period: 'daily', slot, olderThanDays: archiveAfterDays }) },
  ];
}

/** Slot of a periodic job at `now` (weekly slots start on Monday UTC). */
export function periodicSlot(name: string, periodMs: number, now: number): number {
  const offset = name.endsWith('weekly') ? 4 * DAY : 0;
  return Math.floor((now - offset) / periodMs);
}

/**
 * Publishes each periodic job once per slot across scheduler replicas and restarts: the last
 * published slot lives in the `cursors` bucket and only the replica whose CAS wins publishes.
 * The first run only records the current slot (a restart must not resend today's digest).
 */
export async function publishDuePeriodicJobs(bus: Bus, archiveAfterDays: number, now = Date.now()): Promise<number> {
  const kv = await bus.kv(kvBuckets.cursors);
  let published = 0;
  for (const p of periodicJobs(archiveAfterDays)) {
    const slot = periodicSlot(p.name, p.periodMs, now);
    const key = `scheduler.periodic.${p.name}`;
    const e = await kv.get(key);
    const last = e?.operation === 'PUT' ? Number(e.string()) : undefined;
    if (last !== undefined && last >= slot) continue;
    try {
      if (!e) await kv.create(key, String(slot));
      else await kv.update(key, String(slot), e.revision);
    } catch (err) {
      if (isWrongRevision(err)) continue; // another replica took this slot
      throw err;
    }
    if (last === undefined) continue;
    const job = p.job(slot);
    await bus.publish('job.scheduled.v1', subjects.scheduledJob(job.kind), job, { msgId: `job:${p.name}:${slot}` });
    published++;
  }
  return published;
}

/** Asks the store to re-score posts (all recent ones when `postIds` is absent). */
export async function publishRescore(bus: Bus, postIds?: string[], now = Date.now()): Promise<void> {
  const slot = Math.floor(now / 1000);
  await bus.publish('job.scheduled.v1', subjects.scheduledJob('rescore'), { kind: 'rescore', slot, postIds }, { msgId: `job:rescore:${slot}` });
}
