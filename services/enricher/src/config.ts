import { baseEnv, envFlag } from '@intent-radar/config';
import { z } from 'zod';

const baseUrl = (real: string) =>
  z
    .url()
    .default(real)
    .transform((v) => v.replace(/\/+$/, ''));

/**
 * Enricher environment. A provider without its key (or token) is skipped, not failed; base URLs
 * default to the real hosts and the all-in-one runner points them at the sandbox.
 */
export const enricherEnv = baseEnv.extend({
  HUNTER_API_KEY: z.string().default(''),
  HUNTER_BASE_URL: baseUrl('https://api.hunter.io/v2'),
  SERPAPI_API_KEY: z.string().default(''),
  SERPAPI_BASE_URL: baseUrl('https://serpapi.com'),
  BRIGHTDATA_TOKEN: z.string().default(''),
  BRIGHTDATA_BASE_URL: baseUrl('https://api.brightdata.com'),
  /** Bright Data "LinkedIn people profiles" dataset. */
  BRIGHTDATA_PROFILE_DATASET_ID: z.string().min(1).default('gd_l1viktl72bvl7bjuj0'),
  HN_FIREBASE_BASE_URL: baseUrl('https://hacker-news.firebaseio.com/v0'),
  /** The oauth.reddit.com API host. */
  REDDIT_BASE_URL: baseUrl('https://oauth.reddit.com'),
  /** Token host; empty = www.reddit.com for the real API host, else the same as REDDIT_BASE_URL (sandbox). */
  REDDIT_AUTH_BASE_URL: z.string().default(''),
  REDDIT_CLIENT_ID: z.string().default(''),
  REDDIT_CLIENT_SECRET: z.string().default(''),
  REDDIT_USER_AGENT: z.string().min(1).default('node:intent-radar-enricher:0.1 (by /u/intent-radar)'),
  X_BASE_URL: baseUrl('https://api.x.com'),
  X_BEARER_TOKEN: z.string().default(''),
  /** Charge a credit only when the result has a reachable contact (email or LinkedIn profile we stand behind). */
  ENRICH_CHARGE_ONLY_REACHABLE: envFlag(true),
  /** How long an author's result is reused, for every workspace. Days. */
  ENRICH_CACHE_TTL_DAYS: z.coerce.number().min(0).max(3650).default(30),
  /** Longest wait for a Bright Data snapshot before giving up with a partial result. Milliseconds. */
  ENRICH_BRIGHTDATA_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(90_000),
  /** Interval between Bright Data progress polls. Milliseconds. */
  ENRICH_BRIGHTDATA_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(3_000),
  /** Timeout of one provider HTTP call. Milliseconds. */
  ENRICH_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Allow the last-resort "<company>.com" domain guess (labelled guessed). */
  ENRICH_ALLOW_DOMAIN_GUESS: envFlag(true),
  /** enrich.requested handled at once by this process. */
  ENRICH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
});
export type EnricherConfig = z.infer<typeof enricherEnv>;

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/**
 * Fills placeholder credentials for providers whose base URL is a loopback address (the sandbox
 * accepts any key but `invalid`), so `radar dev` enriches offline. Real hosts never get one.
 */
export function withSandboxCredentials(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  const pairs: [base: string, keys: string[]][] = [
    ['HUNTER_BASE_URL', ['HUNTER_API_KEY']],
    ['SERPAPI_BASE_URL', ['SERPAPI_API_KEY']],
    ['BRIGHTDATA_BASE_URL', ['BRIGHTDATA_TOKEN']],
    ['X_BASE_URL', ['X_BEARER_TOKEN']],
    ['REDDIT_BASE_URL', ['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET']],
  ];
  for (const [base, keys] of pairs) {
    if (!LOOPBACK.test(out[base] ?? '')) continue;
    for (const key of keys) if (!out[key]) out[key] = 'sandbox';
  }
  return out;
}
