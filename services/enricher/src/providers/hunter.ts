import { z } from 'zod';
import { ProviderError } from '../errors.ts';
import { callProvider, parseAnswer } from './provider-http.ts';

export interface FoundEmail {
  email: string;
  /** Hunter's 0-100 score. */
  score: number;
  /** verification.status: valid, accept_all, unknown, invalid... */
  verification: string | null;
  acceptAll: boolean;
  position: string | null;
  company: string | null;
  linkedinUrl: string | null;
}

const finderSchema = z.object({
  data: z.object({
    email: z.string().nullable(),
    score: z.number().nullable().default(0),
    accept_all: z.boolean().nullish(),
    position: z.string().nullish(),
    company: z.string().nullish(),
    linkedin_url: z.string().nullish(),
    verification: z.object({ status: z.string().nullish() }).nullish(),
  }),
});

export interface HunterOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** Hunter.io email-finder (step 4): a person's address at a known company domain. */
export class Hunter {
  constructor(private readonly opts: HunterOptions) {}

  get enabled(): boolean {
    return this.opts.apiKey !== '';
  }

  /** The address Hunter finds, or null when it has none. */
  async findEmail(domain: string, firstName: string, lastName: string, signal?: AbortSignal): Promise<FoundEmail | null> {
    const params = new URLSearchParams({ domain, first_name: firstName, last_name: lastName });
    const answer = await callProvider({
      provider: 'hunter',
      url: `${this.opts.baseUrl}/email-finder?${params.toString()}`,
      // The key goes in a header so it never appears in a URL that might be logged.
      headers: { 'x-api-key': this.opts.apiKey },
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    if (answer.status === 404) return null;
    // Hunter answers 403 when the per-second rate limit is reached.
    if (answer.status === 403) throw new ProviderError('hunter', 'rate_limited', 'HTTP 403 (rate limit reached)', 403);
    if (answer.status === 400 || answer.status === 422) return null;
    if (answer.status !== 200) throw new ProviderError('hunter', 'bad_response', `HTTP ${answer.status}`, answer.status);
    const { data } = parseAnswer('hunter', answer, finderSchema);
    if (!data.email) return null;
    return {
      email: data.email.toLowerCase(),
      score: data.score ?? 0,
      verification: data.verification?.status ?? null,
      acceptAll: data.accept_all ?? false,
      position: data.position ?? null,
      company: data.company ?? null,
      linkedinUrl: data.linkedin_url ?? null,
    };
  }
}
