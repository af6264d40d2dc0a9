import { connectBus, type Bus } from '@intent-radar/bus';
import { createPool, type Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import type { SecretInput } from './password-input.ts';

/** What an operator command needs; connections open on first use and close once at the end. */
export interface CliContext {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  logger: Logger;
  /** Command output (data: JSON lines, tables). */
  out: (line: string) => void;
  /** Progress and notes for the human; never parsed. */
  err: { write(text: string): void; isTTY?: boolean };
  /** Where secrets are read from (`create-user --password`, `--password-stdin`). */
  stdin: SecretInput;
  pool(): Pool;
  bus(): Promise<Bus>;
  close(): Promise<void>;
}

export interface CliContextOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  logger: Logger;
  out?: (line: string) => void;
  err?: { write(text: string): void; isTTY?: boolean };
  stdin?: SecretInput;
}

/** Builds a context whose pool and bus connect lazily (so `radar streams` never touches Postgres). */
export function createCliContext(opts: CliContextOptions): CliContext {
  let pool: Pool | undefined;
  let bus: Promise<Bus> | undefined;
  return {
    databaseUrl: opts.databaseUrl,
    natsUrl: opts.natsUrl,
    namespace: opts.namespace,
    logger: opts.logger,
    out: opts.out ?? ((line) => void process.stdout.write(`${line}\n`)),
    err: opts.err ?? process.stderr,
    stdin: opts.stdin ?? process.stdin,
    pool: () => (pool ??= createPool({ connectionString: opts.databaseUrl, applicationName: 'radar-cli', logger: opts.logger, max: 4 })),
    bus: () => (bus ??= connectBus({ url: opts.natsUrl, name: 'radar-cli', logger: opts.logger, namespace: opts.namespace, backoff: { initialMs: 200, maxMs: 2_000 } })),
    async close() {
      if (bus) await (await bus).close();
      if (pool) await pool.end();
    },
  };
}
