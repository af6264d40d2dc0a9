import { z } from 'zod';
import type { Platform } from '@intent-radar/proto-schemas';
import { ProviderError } from '../errors.ts';
import { htmlToText } from '../waterfall/profile-text.ts';
import { callProvider, expectOk, parseAnswer } from './provider-http.ts';

/** What the author's own platform profile says, before any interpretation. */
export interface PlatformProfile {
  /** Display name the platform shows (not the handle). */
  displayName?: string;
  /** Free text the author wrote: HN about, Reddit description, X bio. */
  bio?: string;
  /** Structured link fields (X url). */
  links: string[];
  location?: string;
}

export interface PlatformProfileOptions {
  hnBaseUrl: string;
  redditBaseUrl: string;
  redditAuthBaseUrl: string;
  redditClientId: string;
  redditClientSecret: string;
  redditUserAgent: string;
  xBaseUrl: string;
  xBearerToken: string;
  timeoutMs: number;
}

const hnUser = z.object({ id: z.string(), about: z.string().optional() }).nullable();
const redditAbout = z.object({
  data: z.object({
    name: z.string(),
    subreddit: z
      .object({ title: z.string().nullish(), public_description: z.string().nullish() })
      .nullish(),
  }),
});
const redditToken = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });
const xUser = z.object({
  data: z
    .object({
      name: z.string().optional(),
      description: z.string().optional(),
      location: z.string().optional(),
      url: z.string().optional(),
      entities: z
        .object({ url: z.object({ urls: z.array(z.object({ expanded_url: z.string().optional() })).optional() }).optional() })
        .optional(),
    })
    .optional(),
  errors: z.array(z.object({ detail: z.string().optional() })).optional(),
});

const HANDLE = /^[A-Za-z0-9_-]{1,100}$/;

/** Reads the author's profile on the platform they posted on (step 1 of the waterfall). */
export class PlatformProfiles {
  private redditToken: { value: string; expiresAt: number } | undefined;

  constructor(private readonly opts: PlatformProfileOptions) {}

  /** Whether this platform's profile can be read with the configured credentials. */
  enabled(platform: Platform): boolean {
    switch (platform) {
      case 'hackernews':
        return true;
      case 'reddit':
        return this.opts.redditClientId !== '' && this.opts.redditClientSecret !== '';
      case 'twitter':
        return this.opts.xBearerToken !== '';
      case 'linkedin':
        // LinkedIn author data comes from the post and the Bright Data profile step.
        return false;
    }
  }

  /** The profile, or null when the platform has no such user. Throws ProviderError on outages. */
  async fetch(platform: Platform, handle: string, signal?: AbortSignal): Promise<PlatformProfile | null> {
    if (!HANDLE.test(handle)) return null;
    switch (platform) {
      case 'hackernews':
        return this.hackerNews(handle, signal);
      case 'reddit':
        return this.reddit(handle, signal);
      case 'twitter':
        return this.x(handle, signal);
      case 'linkedin':
        return null;
    }
  }

  private async hackerNews(id: string, signal?: AbortSignal): Promise<PlatformProfile | null> {
    const answer = await callProvider({
      provider: 'hn',
      url: `${this.opts.hnBaseUrl}/user/${encodeURIComponent(id)}.json`,
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    expectOk('hn', answer);
    // An unknown user is HTTP 200 with body null.
    const user = parseAnswer('hn', answer, hnUser);
    if (!user) return null;
    return { bio: user.about ? htmlToText(user.about) : undefined, links: [] };
  }

  private async reddit(name: string, signal?: AbortSignal): Promise<PlatformProfile | null> {
    const token = await this.redditAccessToken(signal);
    const answer = await callProvider({
      provider: 'reddit',
      url: `${this.opts.redditBaseUrl}/user/${encodeURIComponent(name)}/about?raw_json=1`,
      headers: { authorization: `bearer ${token}`, 'user-agent': this.opts.redditUserAgent },
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    if (answer.status === 404) return null;
    if (answer.status === 403) return null; // suspended or blocked account: nothing public to read
    expectOk('reddit', answer);
    const about = parseAnswer('reddit', answer, redditAbout);
    const sub = about.data.subreddit;
    return { displayName: sub?.title ?? undefined, bio: sub?.public_description ?? undefined, links: [] };
  }

  private async redditAccessToken(signal?: AbortSignal): Promise<string> {
    if (this.redditToken && this.redditToken.expiresAt > Date.now()) return this.redditToken.value;
    const base =
      this.opts.redditAuthBaseUrl ||
      (this.opts.redditBaseUrl === 'https://oauth.reddit.com' ? 'https://www.reddit.com' : this.opts.redditBaseUrl);
    const basic = Buffer.from(`${this.opts.redditClientId}:${this.opts.redditClientSecret}`).toString('base64');
    const answer = await callProvider({
      provider: 'reddit',
      url: `${base}/api/v1/access_token`,
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': this.opts.redditUserAgent,
      },
      body: 'grant_type=client_credentials',
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    if (answer.status === 403) throw new ProviderError('reddit', 'unauthorized', 'token request refused', 403);
    expectOk('reddit', answer);
    const token = parseAnswer('reddit', answer, redditToken);
    // Renew a minute early so a request never goes out with a token about to expire.
    this.redditToken = { value: token.access_token, expiresAt: Date.now() + Math.max(60, (token.expires_in ?? 3600) - 60) * 1000 };
    return token.access_token;
  }

  private async x(username: string, signal?: AbortSignal): Promise<PlatformProfile | null> {
    const answer = await callProvider({
      provider: 'x',
      url: `${this.opts.xBaseUrl}/2/users/by/username/${encodeURIComponent(username)}?user.fields=description,location,url,entities`,
      headers: { authorization: `Bearer ${this.opts.xBearerToken}` },
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    if (answer.status === 404) return null;
    expectOk('x', answer);
    const body = parseAnswer('x', answer, xUser);
    // Unknown users are HTTP 200 with an errors array and no data.
    if (!body.data) return null;
    const u = body.data;
    const expanded = (u.entities?.url?.urls ?? []).map((x) => x.expanded_url).filter((x): x is string => !!x);
    // X shortens the profile url to t.co; the expanded one is in entities.
    const links = expanded.length > 0 ? expanded : u.url && !/^https?:\/\/t\.co\//.test(u.url) ? [u.url] : [];
    return { displayName: u.name, bio: u.description, location: u.location || undefined, links };
  }
}
