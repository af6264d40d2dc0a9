import snoowrap from 'snoowrap';
import {
  describeThrown,
  rateLimitRemaining,
  rateLimitResetMs,
  retryAfterMs,
  errorForStatus,
  MAX_PAUSE_MS,
  SourceMalformedError,
  SourceRateLimitedError,
  SourceUnavailableError,
} from '@intent-radar/ingest-kit';
import { z } from 'zod';

/** A post (t3) or comment (t1) as a Reddit listing carries it (raw_json=1: text unescaped). */
export const redditThingSchema = z.object({
  kind: z.enum(['t1', 't3']),
  data: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    author: z.string().min(1),
    // Epoch seconds within years 1970-9999: outside it `new Date(...).toISOString()` throws or yields
    // a time the raw post contract refuses, and one such child would fail its whole page forever.
    created_utc: z.number().min(0).max(253_402_300_799),
    subreddit: z.string().min(1),
    permalink: z.string().min(1),
    title: z.string().optional(),
    selftext: z.string().nullish(),
    body: z.string().optional(),
    url: z.string().nullish(),
    link_id: z.string().optional(),
    parent_id: z.string().optional(),
    link_title: z.string().optional(),
  }),
});
export type RedditThing = z.infer<typeof redditThingSchema>;

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: z.string().nullable().optional(), children: z.array(z.unknown()) }),
});

/** One page of a listing: things (invalid ones dropped and counted) and the `after` cursor. */
export interface RedditPage {
  things: RedditThing[];
  after: string | null;
  skipped: number;
  /** x-ratelimit-remaining / -reset when the API sent them. */
  remaining: number | undefined;
  resetMs: number | undefined;
}

/** What the ingestor needs from Reddit; snoowrap is one implementation (tests could swap it). */
export interface RedditSource {
  listing(path: string, query: Record<string, string | number>): Promise<RedditPage>;
}

export interface SnoowrapSourceOptions {
  baseUrl: string | undefined;
  clientId: string;
  clientSecret: string;
  userAgent: string;
  timeoutMs: number;
}

/** The request options snoowrap passes to rawRequest (request-promise's); only these are touched. */
interface RawOptions {
  baseUrl?: string;
  resolveWithFullResponse?: boolean;
}
interface FullResponse {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}
const RAW_MARK = '\u0000intent-radar-raw:';

/**
 * snoowrap behind RedditSource. snoowrap is unmaintained and hard-codes reddit's hosts, so a
 * subclass overrides its documented `rawRequest` hook: it rewrites the hosts to the configured
 * base (the sandbox) and hands API bodies back unparsed (with headers) instead of snoowrap objects.
 */
export function snoowrapSource(opts: SnoowrapSourceOptions): RedditSource {
  const base = opts.baseUrl?.replace(/\/$/, '');
  class IngestSnoowrap extends snoowrap {
    override async rawRequest(options: RawOptions): Promise<unknown> {
      const api = (options.baseUrl ?? '').startsWith('https://oauth.');
      if (base) options.baseUrl = (options.baseUrl ?? '').replace(/^https:\/\/(oauth|www)\.reddit\.com/, base);
      const res = (await super.rawRequest(options)) as unknown;
      if (!api) noteTokenTtl(res);
      if (!api || !options.resolveWithFullResponse) return res;
      const full = res as FullResponse;
      // A string passes snoowrap's _populate untouched: the ingestor validates the raw JSON itself.
      return { ...full, body: RAW_MARK + JSON.stringify({ body: full.body, headers: full.headers }) };
    }
  }
  // The token answer's expires_in (snoowrap keeps no expiry for application-only tokens).
  let tokenTtlMs: number | undefined;
  const noteTokenTtl = (res: unknown) => {
    const ttl = (res as { expires_in?: unknown } | null)?.expires_in;
    if (typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0) tokenTtlMs = Math.min(ttl, 86_400) * 1000;
  };
  // Application-only (client credentials) tokens cannot be refreshed: a new client is made
  // shortly before the token expires (24 h), or after the API rejected it.
  let client: Promise<snoowrap> | undefined;
  let clientExpiresAt = 0;
  const clientFor = async (): Promise<snoowrap> => {
    const current = client ? await client.catch(() => undefined) : undefined;
    if (current && clientExpiresAt - Date.now() > 60_000) return current;
    const issuedAt = Date.now();
    tokenTtlMs = undefined;
    client = IngestSnoowrap.fromApplicationOnlyAuth({
      userAgent: opts.userAgent,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      grantType: 'client_credentials',
    }).then((c) => {
      // Without an expires_in: an hour (Reddit's older token lifetime), then a new token.
      clientExpiresAt = issuedAt + (tokenTtlMs ?? 3_600_000);
      // Retries, rate-limit waits and back-off belong to the ingestor (shared budget), not snoowrap.
      c.config({ requestDelay: 0, continueAfterRatelimitError: false, retryErrorCodes: [], maxRetryAttempts: 1, warnings: false, requestTimeout: opts.timeoutMs });
      return c;
    });
    client.catch(() => (client = undefined));
    return client;
  };

  return {
    async listing(path, query) {
      let raw: unknown;
      let c: snoowrap | undefined;
      try {
        c = await clientFor();
        raw = await c.oauthRequest({ uri: path, method: 'get', qs: query });
      } catch (err) {
        const mapped = toSourceError(err, c);
        if ((mapped as { code?: string }).code === 'SOURCE_AUTH') client = undefined;
        throw mapped;
      }
      if (typeof raw !== 'string' || !raw.startsWith(RAW_MARK)) throw new SourceMalformedError(`unexpected snoowrap result for ${path}`);
      const { body, headers } = JSON.parse(raw.slice(RAW_MARK.length)) as { body: unknown; headers: FullResponse['headers'] };
      const parsed = listingSchema.safeParse(body);
      if (!parsed.success) throw new SourceMalformedError(`Reddit ${path} did not return a Listing: ${typeof body === 'string' ? `${body.length} bytes of non-JSON` : parsed.error.message.slice(0, 200)}`);
      const things: RedditThing[] = [];
      let skipped = 0;
      for (const c of parsed.data.data.children) {
        const t = redditThingSchema.safeParse(c);
        if (t.success) things.push(t.data);
        else skipped++;
      }
      return { things, after: parsed.data.data.after ?? null, skipped, remaining: rateLimitRemaining(headers), resetMs: rateLimitResetMs(headers) };
    },
  };
}

/** Maps a snoowrap failure to a typed SourceError (exported for its fuzz test). */
export function toSourceError(err: unknown, client: Pick<snoowrap, 'ratelimitExpiration'> | undefined): Error {
  // `?? {}`: anything can be thrown, null included.
  const e = (err ?? {}) as { name?: string; statusCode?: number; message?: string; response?: { headers?: FullResponse['headers']; body?: unknown } };
  if (typeof e.statusCode === 'number') {
    const headers = e.response?.headers ?? {};
    const detail = typeof e.response?.body === 'string' ? e.response.body : JSON.stringify(e.response?.body ?? '');
    return errorForStatus(e.statusCode, detail.slice(0, 200), retryAfterMs(headers['retry-after']) ?? rateLimitResetMs(headers)) ?? new SourceUnavailableError(`HTTP ${e.statusCode}`);
  }
  if (e.name === 'RateLimitError') {
    // snoowrap computes ratelimitExpiration from x-ratelimit-reset as sent (NaN when absent, any
    // size): capped like every other reset header, so one odd header cannot pause Reddit for days.
    const until = client?.ratelimitExpiration;
    const waitMs = Number.isFinite(until) ? (until as number) - Date.now() : 0;
    return new SourceRateLimitedError(Math.min(MAX_PAUSE_MS, Math.max(1_000, waitMs)));
  }
  return new SourceUnavailableError(`Reddit request failed: ${describeThrown(err)}`, { cause: err });
}
