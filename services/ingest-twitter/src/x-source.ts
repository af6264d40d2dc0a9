import http from 'node:http';
import { describeThrown, errorForStatus, MAX_PAUSE_MS, retryAfterMs, SourceMalformedError, SourceUnavailableError, type SourceError } from '@intent-radar/ingest-kit';
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { z } from 'zod';

export const tweetSchema = z.object({
  // Bounds match post.raw.v1: a page that would fail the contract at publish is refused here instead.
  id: z.string().regex(/^\d{1,200}$/),
  text: z.string(),
  author_id: z.string().min(1).max(200).optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  lang: z.string().max(10).optional(),
  conversation_id: z.string().max(200).optional(),
  entities: z.object({ urls: z.array(z.object({ expanded_url: z.string().optional(), url: z.string() })).optional() }).optional(),
});
export const searchPageSchema = z.object({
  data: z.array(tweetSchema).optional(),
  includes: z.object({ users: z.array(z.object({ id: z.string(), username: z.string().min(1).max(200), name: z.string().max(300).optional() })).optional() }).optional(),
  meta: z.object({ newest_id: z.string().optional(), oldest_id: z.string().optional(), result_count: z.number().int(), next_token: z.string().optional() }),
});
export type SearchPage = z.infer<typeof searchPageSchema>;

/** X API v2 recent search through twitter-api-v2, re-hosted by a request plugin when configured. */
export class XSource {
  private readonly client: TwitterApi;

  constructor(bearer: string, baseUrl: string | undefined) {
    const base = baseUrl?.replace(/\/$/, '');
    const rehost: ITwitterApiClientPlugin = {
      onBeforeRequestConfig({ params }) {
        if (base) params.url = params.url.replace(/^https:\/\/api\.(x|twitter)\.com/, base);
      },
    };
    // twitter-api-v2 calls https.request; a plain-http base (the sandbox) needs an http agent.
    const agent = base?.startsWith('http://') ? new http.Agent({ keepAlive: true }) : undefined;
    this.client = new TwitterApi(bearer, { plugins: [rehost], ...(agent ? { httpAgent: agent } : {}) });
  }

  /** One page of /2/tweets/search/recent; every failure becomes a typed SourceError. */
  async searchRecent(query: Record<string, string>): Promise<SearchPage> {
    let body: unknown;
    try {
      body = await this.client.v2.get('tweets/search/recent', query);
    } catch (err) {
      throw toSourceError(err);
    }
    const parsed = searchPageSchema.safeParse(body);
    if (!parsed.success) throw new SourceMalformedError(`X search returned an unexpected shape: ${parsed.error.message.slice(0, 200)}`);
    return parsed.data;
  }
}

/** Maps a twitter-api-v2 failure to a typed SourceError (exported for its fuzz test). */
export function toSourceError(err: unknown): SourceError {
  if (err instanceof ApiResponseError) {
    const header = retryAfterMs(err.headers['retry-after']);
    // Capped like the headers ingest-kit reads: a reset far in the future must not pause X for years.
    const resetMs = header ?? (err.rateLimit?.reset ? Math.min(MAX_PAUSE_MS, Math.max(1_000, err.rateLimit.reset * 1000 - Date.now())) : undefined);
    return errorForStatus(err.code, err.message.slice(0, 200), resetMs) ?? new SourceUnavailableError(err.message);
  }
  // `?? {}`: a plugin (rehost) may throw anything, null included.
  const e = (err ?? {}) as { name?: string; message?: string };
  if (e.name === 'ApiPartialResponseError') return new SourceMalformedError(`X response cut or unparsable: ${describeThrown(err)}`, { cause: err });
  return new SourceUnavailableError(`X request failed: ${describeThrown(err)}`, { cause: err });
}
