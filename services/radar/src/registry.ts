import type { Bus } from '@intent-radar/bus';
import type { Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';

/** What the all-in-one runner hands every service it boots. */
export interface ServiceContext {
  pool: Pool;
  bus: Bus;
  logger: Logger;
  /** process.env plus the sandbox's base URLs for every API without real credentials. */
  env: Record<string, string | undefined>;
}

export interface ServiceEntry {
  name: string;
  build(ctx: ServiceContext): Promise<Service>;
}

/**
 * Every service the all-in-one process runs, in start order (stopped in reverse). Each entry
 * imports its service's app.ts lazily so `radar` commands that need none of them stay fast.
 * A new service registers itself here and in docker-compose.yml.
 */
export const serviceEntries: ServiceEntry[] = [];
