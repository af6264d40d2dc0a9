import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { baseEnv, envFlag } from '@intent-radar/config';

/** Repo root, from this file's location (services/sandbox/src). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The captured third-party responses beside the repo (never copied into it). */
export const defaultFixturesDir = path.resolve(repoRoot, '../shared/fixtures');

export const sandboxEnv = baseEnv.extend({
  /** HTTP port of every fake API; 0 picks a free port. */
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** Same seed, same posts, authors and ids. */
  SANDBOX_SEED: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(42),
  /** New posts+comments per second across all platforms (benchmarks: thousands). */
  SANDBOX_RATE_PER_SEC: z.coerce.number().min(0).max(100_000).default(3),
  /** Items of history generated at start so searches have results at once. */
  SANDBOX_BACKLOG: z.coerce.number().int().min(0).max(200_000).default(300),
  SANDBOX_FIXTURES_DIR: z.string().min(1).default(defaultFixturesDir),
  /** Production mode never mounts the /_sandbox inspection API. */
  SANDBOX_PRODUCTION: envFlag(false),
});
export type SandboxConfig = z.infer<typeof sandboxEnv>;
