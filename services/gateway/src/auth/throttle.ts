import type { Pool } from 'pg';
import { ProblemError } from '../http/problem.ts';

/** A fixed-window limit: at most `limit` hits per `windowSeconds` for one key. */
export interface Limit {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Login and signup limits. Per IP counts every attempt; per account counts failures only. */
export const LIMITS = {
  loginPerIp: { name: 'login-ip', limit: 30, windowSeconds: 15 * 60 },
  loginFailuresPerAccount: { name: 'login-account', limit: 8, windowSeconds: 15 * 60 },
  signupPerIp: { name: 'signup-ip', limit: 10, windowSeconds: 60 * 60 },
  refreshPerIp: { name: 'refresh-ip', limit: 120, windowSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

const WINDOW = `to_timestamp(floor(extract(epoch from now()) / $3) * $3)`;

/**
 * Counts attempts in Postgres (table rate_limit_hits, migration 0xx_gateway): no extra
 * infrastructure, shared by every gateway replica.
 */
export class Throttle {
  constructor(private readonly pool: Pool) {}

  /** Records one hit; throws 429 with Retry-After when the window is already full. */
  async hit(limit: Limit, key: string): Promise<void> {
    const taken = await this.take(limit, key);
    if (!taken.allowed) throw tooMany(taken.retryAfterSeconds);
  }

  /** Records one hit and says whether it fits in the window (for callers that degrade instead of refusing). */
  async take(limit: Limit, key: string): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const { rows } = await this.pool.query<{ hits: number; retry: number }>(
      `INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES ($1 || ':' || $2, ${WINDOW}, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
       RETURNING hits, ceil(extract(epoch from window_start + make_interval(secs => $3) - now()))::int AS retry`,
      [limit.name, key, limit.windowSeconds],
    );
    const row = rows[0];
    return { allowed: !row || row.hits <= limit.limit, retryAfterSeconds: Math.max(1, row?.retry ?? 1) };
  }

  /** Throws 429 when the window is full, without counting. */
  async check(limit: Limit, key: string): Promise<void> {
    const { rows } = await this.pool.query<{ hits: number; retry: number }>(
      `SELECT hits, ceil(extract(epoch from window_start + make_interval(secs => $3) - now()))::int AS retry
         FROM rate_limit_hits WHERE bucket = $1 || ':' || $2 AND window_start = ${WINDOW}`,
      [limit.name, key, limit.windowSeconds],
    );
    const row = rows[0];
    if (row && row.hits >= limit.limit) throw tooMany(row.retry);
  }

  /** Forgets a key's current window (a successful login clears its failures). */
  async reset(limit: Limit, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM rate_limit_hits WHERE bucket = $1 || ':' || $2`, [limit.name, key]);
  }

  /** Drops windows older than a day; called opportunistically. */
  async prune(): Promise<void> {
    await this.pool.query(`DELETE FROM rate_limit_hits WHERE window_start < now() - interval '1 day'`);
  }
}

/** The 429 problem with Retry-After (whole seconds, at least 1). */
export function tooMany(retryAfterSeconds: number, what = 'attempts'): ProblemError {
  const retry = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ProblemError(429, 'rate_limited', `too many ${what}; retry in ${retry}s`, { retryAfter: retry }, { 'retry-after': String(retry) });
}
