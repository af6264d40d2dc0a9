import { backfillCommand } from './backfill-command.ts';
import { createUserCommand, createWorkspaceCommand } from './accounts-command.ts';
import { CliUsageError, parseCliArgs, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';
import { dlqInspect, dlqList, dlqReplay } from './dead-letters-command.ts';
import { exportWorkspaceCommand } from './export-workspace-command.ts';
import { migrateCommand, provisionCommand } from './migrate-command.ts';
import { rescoreCommand } from './rescore-command.ts';
import { streamsCommand } from './streams-command.ts';

type Command = (ctx: CliContext, args: CliArgs) => Promise<void>;

/** Every operator command (besides `dev`, the all-in-one runner), by its argv words. */
export const commands: Record<string, { run: Command; usage: string }> = {
  migrate: { run: migrateCommand, usage: 'migrate [--provision [--replicas N]]   apply pending SQL migrations' },
  provision: { run: provisionCommand, usage: 'provision [--replicas N]               create/update streams and KV buckets' },
  streams: { run: (ctx) => streamsCommand(ctx), usage: 'streams                                 streams and consumer lag' },
  'dlq list': { run: dlqList, usage: 'dlq list [--service S] [--limit N]      dead-lettered messages' },
  'dlq inspect': { run: dlqInspect, usage: 'dlq inspect <seq>                       one dead letter with headers and payload' },
  'dlq replay': { run: dlqReplay, usage: 'dlq replay <seq>                        republish to the original subject, then delete it' },
  backfill: { run: backfillCommand, usage: 'backfill <monitorId> --from T [--to T] [--step-hours 24] [--platforms a,b]' },
  rescore: { run: rescoreCommand, usage: 'rescore [--posts id,id]                 re-score stored posts' },
  'create-user': { run: createUserCommand, usage: 'create-user --email E [--name N] [--workspace ID --role owner|member] [--password | --password-stdin | --password-file PATH]' },
  'create-workspace': { run: createWorkspaceCommand, usage: 'create-workspace --name N [--owner EMAIL] [--credits N]' },
  'export-workspace': { run: exportWorkspaceCommand, usage: 'export-workspace <id>                   JSON lines of its data' },
};

/** The usage text `radar help` prints. */
export function usage(): string {
  return ['usage: npm run radar -- <command>', '  dev                                     every service in one process (npm start)', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

/** Finds the command (one or two words) and runs it; the context is closed afterwards. */
export async function runCommand(ctx: CliContext, argv: readonly string[]): Promise<void> {
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const [name, rest] = commands[two] ? [two, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = commands[name];
  if (!command) throw new CliUsageError(`unknown command "${argv.join(' ')}"\n${usage()}`);
  try {
    await command.run(ctx, parseCliArgs(rest));
  } finally {
    await ctx.close();
  }
}
