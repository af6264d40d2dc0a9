import { msgIds, PLATFORMS, subjects, type Platform } from '@intent-radar/proto-schemas';
import type { PublishRequest } from '@intent-radar/bus';
import { z } from 'zod';
import { CliUsageError, option, requireOption, requirePositional, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';
import { createProgressBar } from './progress-bar.ts';

const HOUR_MS = 3_600_000;
/** Jobs published before waiting for their acks: bounded so a year of hourly windows stays smooth. */
const PUBLISH_BATCH = 50;

const monitorRow = z.object({ id: z.string(), query: z.string(), query_key: z.string(), platforms: z.array(z.enum(PLATFORMS)) });

/**
 * `radar backfill <monitorId> --from <iso> --to <iso> [--step-hours 24] [--platforms a,b]`:
 * one `ingest.job.v1` (reason backfill, with its window) per platform per step. The msg id is
 * the job's window start, so running the same backfill twice publishes nothing twice.
 */
export async function backfillCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  const monitorId = requirePositional(args, 0, '<monitorId>');
  const from = parseTime(requireOption(args, 'from'), '--from');
  const to = parseTime(option(args, 'to') ?? new Date().toISOString(), '--to');
  if (to <= from) throw new CliUsageError('--to must be after --from');
  const stepMs = Number(option(args, 'step-hours') ?? '24') * HOUR_MS;
  if (!Number.isFinite(stepMs) || stepMs < HOUR_MS) throw new CliUsageError('--step-hours must be at least 1');

  const found = await ctx.pool().query(`SELECT id::text, query, query_key, platforms FROM monitors WHERE id::text = $1`, [monitorId]);
  if (found.rowCount === 0) throw new CliUsageError(`no monitor ${monitorId}`);
  const monitor = monitorRow.parse(found.rows[0]);
  const only = option(args, 'platforms')?.split(',');
  const platforms = monitor.platforms.filter((p) => !only || only.includes(p));

  const jobs: PublishRequest<'ingest.job.v1'>[] = [];
  for (const platform of platforms) {
    for (let start = from; start < to; start += stepMs) {
      jobs.push(job(platform, monitor, start, Math.min(start + stepMs, to), stepMs));
    }
  }
  const bus = await ctx.bus();
  const bar = createProgressBar(ctx.err, jobs.length, `backfill ${monitorId}`);
  let duplicates = 0;
  for (let i = 0; i < jobs.length; i += PUBLISH_BATCH) {
    const results = await bus.publishMany(jobs.slice(i, i + PUBLISH_BATCH));
    duplicates += results.filter((r) => r.duplicate).length;
    bar.update(Math.min(i + PUBLISH_BATCH, jobs.length));
  }
  bar.finish(jobs.length);
  ctx.out(JSON.stringify({ command: 'backfill', monitorId, platforms, jobs: jobs.length, duplicates, from: new Date(from).toISOString(), to: new Date(to).toISOString() }));
}

function job(platform: Platform, monitor: z.infer<typeof monitorRow>, start: number, end: number, stepMs: number): PublishRequest<'ingest.job.v1'> {
  const slot = Math.floor(start / stepMs);
  return {
    type: 'ingest.job.v1',
    subject: subjects.ingestJob(platform),
    data: {
      platform,
      mode: 'search',
      queryKey: monitor.query_key,
      query: monitor.query,
      slot,
      reason: 'backfill',
      window: { from: new Date(start).toISOString(), to: new Date(end).toISOString() },
    },
    // "backfill-" keeps these apart from scheduled slots of the same query.
    msgId: msgIds.ingestJob(platform, monitor.query_key, slot).replace(/^job:/, `job:backfill-${stepMs / HOUR_MS}h:`),
  };
}

function parseTime(value: string, flag: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new CliUsageError(`${flag} must be an ISO date or time, got "${value}"`);
  return t;
}
