import type { Bus, PublishRequest } from '@intent-radar/bus';
import type { Pool } from '@intent-radar/db';
import { keyDigest, MonitorSet, type MonitorRecord } from '@intent-radar/ingest-kit';
import type { Logger } from '@intent-radar/logger';
import { kvBuckets, msgIds, PLATFORMS, subjects, type Platform } from '@intent-radar/proto-schemas';
import { metrics, type Service } from '@intent-radar/runtime';
import type { SchedulerConfig } from './config.ts';
import { phaseMs, searchIntervalMs, slotOf } from './job-plan.ts';
import { MonitorSync } from './monitor-sync.ts';
import { publishDuePeriodicJobs, publishRescore } from './periodic-jobs.ts';

export const SERVICE_NAME = 'scheduler';

const jobsPublished = metrics.counter('scheduler_jobs_published_total', 'Ingest jobs published by platform, mode and reason.', ['platform', 'mode', 'reason']);
const intervalGauge = metrics.gauge('scheduler_search_interval_seconds', 'Current per-query search interval by platform.', ['platform']);

export interface SchedulerDeps {
  bus: Bus;
  pool: Pool;
  config: SchedulerConfig;
  logger: Logger;
}

export interface Scheduler extends Service {
  /** One sync + tick now (tests and the all-in-one runner's first start). */
  runOnce(now?: number): Promise<void>;
  /** Publishes a jobs.rescore request. */
  requestRescore(postIds?: string[]): Promise<void>;
}

/**
 * Publishes ingest jobs: per active query key and platform once per (budget-sized) interval, at a
 * stable phase per key, with msg ids per slot so replicas never double-poll; one firehose job per
 * slot for firehose platforms; an immediate backfill for new monitors; and the periodic jobs.
 */
export function buildScheduler({ bus, pool, config, logger: parent }: SchedulerDeps): Scheduler {
  const logger = parent.child({ service: SERVICE_NAME });
  const mirror = new MonitorSet({ bus, logger, matcher: false });
  const firehose = new Set<Platform>(config.SCHEDULER_FIREHOSE_PLATFORMS);
  let sync: MonitorSync | undefined;
  const lastSlot = new Map<string, number>();
  let tickTimer: NodeJS.Timeout | undefined;
  let lastSyncAt = 0;
  let running: Promise<void> = Promise.resolve();
  let started = false;

  const job = (platform: Platform, mode: 'search' | 'firehose', queryKey: string, query: string, slot: number, reason: 'schedule' | 'new_monitor', idKey: string): PublishRequest => ({
    type: 'ingest.job.v1',
    subject: subjects.ingestJob(platform),
    data: { platform, mode, queryKey, query, slot, reason },
    msgId: msgIds.ingestJob(platform, idKey, slot),
  });

  const newMonitorJobs = (added: MonitorRecord[]): PublishRequest[] =>
    added.flatMap((m) => {
      // Same slot on every replica (the monitor's own timestamp), so the backfill runs once.
      const slot = Math.floor(Date.parse(m.updatedAt) / 1000);
      return m.platforms.map((p) => job(p, 'search', m.queryKey, m.query, slot, 'new_monitor', `new.${keyDigest(m.queryKey)}`));
    });

  const dueJobs = (now: number): PublishRequest[] => {
    const out: PublishRequest[] = [];
    for (const platform of PLATFORMS) {
      if (firehose.has(platform)) {
        const slot = slotOf(now, config.SCHEDULER_FIREHOSE_INTERVAL_MS);
        const k = `${platform}|*`;
        if (lastSlot.get(k) !== slot) {
          lastSlot.set(k, slot);
          out.push(job(platform, 'firehose', '*', '', slot, 'schedule', 'firehose'));
        }
        continue;
      }
      const queries = mirror.queriesFor(platform);
      const interval = searchIntervalMs(platform, queries.size, config);
      intervalGauge.set({ platform }, interval / 1000);
      for (const [queryKey, query] of queries) {
        const slot = slotOf(now, interval, phaseMs(queryKey, interval));
        const k = `${platform}|${queryKey}|${interval}`;
        const prev = lastSlot.get(k);
        lastSlot.set(k, slot);
        // First sight of a key: wait for its next slot (a restart must not poll everything at once).
        if (prev === undefined || prev === slot) continue;
        out.push(job(platform, 'search', queryKey, query, slot, 'schedule', keyDigest(queryKey)));
      }
    }
    return out;
  };

  const runOnce = async (now = Date.now()): Promise<void> => {
    const requests: PublishRequest[] = [];
    if (sync && now - lastSyncAt >= config.SCHEDULER_SYNC_MS) {
      lastSyncAt = now;
      const added = await sync.sync();
      await mirror.settled();
      requests.push(...newMonitorJobs(added));
    }
    requests.push(...dueJobs(now));
    for (let i = 0; i < requests.length; i += 500) await bus.publishMany(requests.slice(i, i + 500));
    for (const r of requests) {
      const d = r.data as { platform: Platform; mode: string; reason: string };
      jobsPublished.inc({ platform: d.platform, mode: d.mode, reason: d.reason });
    }
    await publishDuePeriodicJobs(bus, config.ARCHIVE_AFTER_DAYS, now);
  };

  const tick = () => {
    // Ticks never overlap: a slow sync delays the next tick instead of stacking.
    running = running.then(() => runOnce()).catch((err: unknown) => logger.error({ err }, 'scheduler tick failed; next tick retries'));
  };

  return {
    runOnce: (now) => {
      const p = running.then(() => runOnce(now));
      running = p.catch(() => undefined);
      return p;
    },
    requestRescore: (postIds) => publishRescore(bus, postIds),
    async start() {
      await mirror.start();
      sync = new MonitorSync(pool, await bus.kv(kvBuckets.monitors), mirror, logger);
      tickTimer = setInterval(tick, config.SCHEDULER_TICK_MS);
      tick();
      started = true;
      logger.info({ monitors: mirror.size, firehose: [...firehose] }, 'scheduler started');
    },
    async stop() {
      clearInterval(tickTimer);
      await running;
      await mirror.stop();
    },
    ready: () => started && bus.isConnected(),
  };
}
