import type { Bus } from '@intent-radar/bus';
import type { BaseEnv } from '@intent-radar/config';
import type { Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import type { z } from 'zod';

/** The shared connections and parsed config a service is built from. */
export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  bus: Bus;
  pool: Pool;
}

/**
 * A deployable described once, run two ways: standalone (`runStandalone` in its main.ts, one
 * process with its own connections) or in the all-in-one runner (shared connections).
 */
export interface ServiceDefinition<S extends z.ZodType<BaseEnv> = z.ZodType<BaseEnv>> {
  name: string;
  /** The service's env schema, extending baseEnv. */
  env: S;
  /** False for services that never touch Postgres (no pool is opened for them standalone). */
  usesDatabase: boolean;
  build(ctx: ServiceContext<z.infer<S>>): Promise<Service> | Service;
}

/** Declares a service; only here so the config type flows from the schema to `build`. */
export function defineService<S extends z.ZodType<BaseEnv>>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}
