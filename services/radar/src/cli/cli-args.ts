/** Positional arguments and `--flag value` / `--flag` options of one operator command. */
export interface CliArgs {
  positional: string[];
  options: Map<string, string | true>;
}

export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE';
}

/** Splits argv into positionals and options; `--name=value` and `--name value` both work. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) options.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) options.set(arg.slice(2), argv[++i]!);
    else options.set(arg.slice(2), true);
  }
  return { positional, options };
}

/** A required string option. */
export function requireOption(args: CliArgs, name: string): string {
  const v = args.options.get(name);
  if (typeof v !== 'string' || v === '') throw new CliUsageError(`--${name} <value> is required`);
  return v;
}

/** An optional string option. */
export function option(args: CliArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A required positional argument. */
export function requirePositional(args: CliArgs, index: number, what: string): string {
  const v = args.positional[index];
  if (!v) throw new CliUsageError(`${what} is required`);
  return v;
}
