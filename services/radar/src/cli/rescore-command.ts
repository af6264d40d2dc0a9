import { subjects } from '@intent-radar/proto-schemas';
import { option, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';

/**
 * `radar rescore [--posts id,id]`: publishes a `jobs.rescore` job; the store sends the posts (the
 * given ones, or the recent window) back to the scorer and applies the new scores as re-scores.
 */
export async function rescoreCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  const postIds = option(args, 'posts')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // One slot per second: a second `radar rescore` is a new request, a retried publish is not.
  const slot = Math.floor(Date.now() / 1000);
  const bus = await ctx.bus();
  const result = await bus.publish('job.scheduled.v1', subjects.scheduledJob('rescore'), { kind: 'rescore', slot, ...(postIds ? { postIds } : {}) }, { msgId: `rescore:cli:${slot}` });
  ctx.out(JSON.stringify({ command: 'rescore', slot, posts: postIds?.length ?? 'recent window', seq: result.seq, duplicate: result.duplicate }));
}
