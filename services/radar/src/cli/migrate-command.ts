import { ensureDatabase, migrate } from '@intent-radar/db';
import { retryUntilSuccess } from '@intent-radar/runtime';
import { option, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';

/** `radar migrate [--provision [--replicas N]]`: applies pending migrations (idempotent, under an advisory lock). */
export async function migrateCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  await retryUntilSuccess(() => ensureDatabase(ctx.databaseUrl), { what: 'reach Postgres', logger: ctx.logger });
  const result = await migrate(ctx.pool(), { logger: ctx.logger });
  ctx.out(JSON.stringify({ command: 'migrate', applied: result.applied, alreadyApplied: result.alreadyApplied.length }));
  if (args.options.has('provision')) await provisionCommand(ctx, args);
}

/** `radar provision [--replicas N]`: creates or updates every stream and KV bucket (idempotent). */
export async function provisionCommand(ctx: CliContext, args: CliArgs): Promise<void> {
  const replicas = Number(option(args, 'replicas') ?? '1');
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new Error('--replicas must be 1..5');
  const bus = await ctx.bus();
  await bus.provision({ replicas });
  ctx.out(JSON.stringify({ command: 'provision', namespace: ctx.namespace, replicas }));
}
