import { z } from 'zod';
import { ProviderError } from '../errors.ts';
import { callProvider, parseAnswer } from './provider-http.ts';

export interface SearchResult {
  title: string;
  link: string;
  snippet: string;
}

const answerSchema = z.object({
  organic_results: z
    .array(z.object({ title: z.string().default(''), link: z.string(), snippet: z.string().nullish() }))
    .optional(),
  error: z.string().optional(),
});

export interface SerpApiOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** SerpAPI Google search (step 2: find the author's LinkedIn profile and company site). */
export class SerpApi {
  constructor(private readonly opts: SerpApiOptions) {}

  get enabled(): boolean {
    return this.opts.apiKey !== '';
  }

  /** Organic results of one Google search; [] when Google found nothing. */
  async search(query: string, signal?: AbortSignal): Promise<SearchResult[]> {
    const params = new URLSearchParams({ engine: 'google', q: query, num: '10', api_key: this.opts.apiKey });
    const answer = await callProvider({
      provider: 'serpapi',
      url: `${this.opts.baseUrl}/search.json?${params.toString()}`,
      timeoutMs: this.opts.timeoutMs,
      signal,
    });
    if (answer.status === 403) throw new ProviderError('serpapi', 'unauthorized', 'HTTP 403', 403);
    if (answer.status !== 200) throw new ProviderError('serpapi', 'bad_response', `HTTP ${answer.status}`, answer.status);
    const body = parseAnswer('serpapi', answer, answerSchema);
    // An empty Google answer is 200 with an error string and no organic_results.
    if (!body.organic_results) {
      if (body.error && !/hasn't returned any results/i.test(body.error))
        throw new ProviderError('serpapi', 'bad_response', 'search answered with an error', answer.status);
      return [];
    }
    return body.organic_results.map((r) => ({ title: r.title, link: r.link, snippet: r.snippet ?? '' }));
  }
}
