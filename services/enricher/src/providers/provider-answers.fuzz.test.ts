import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../errors.ts';
import { BrightData } from './brightdata.ts';
import { Hunter } from './hunter.ts';
import { PlatformProfiles } from './platform-profile.ts';
import { SerpApi } from './serpapi.ts';
import { jsonPathsOf } from '@intent-radar/bus/testing';

// Provider answers are fuzzed through the real clients with only the transport replaced:
// callProvider hands back the next generated status and body, so the status handling, JSON
// parsing, schema and interpretation all run, with no network and no undici (10k cases each).
interface Answer {
  status: number;
  body: string;
}
let answers: Answer[] = [];
vi.mock('./provider-http.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./provider-http.ts')>();
  return {
    ...real,
    callProvider: async (call: { provider: string }) => {
      const a = answers.shift() ?? { status: 200, body: '{}' };
      // The statuses the real callProvider turns into errors before any body is read.
      if (a.status === 429) throw new ProviderError(call.provider, 'rate_limited', 'HTTP 429', a.status);
      if (a.status >= 500) throw new ProviderError(call.provider, 'server_error', `HTTP ${a.status}`, a.status);
      if (a.status === 401) throw new ProviderError(call.provider, 'unauthorized', 'HTTP 401', a.status);
      return Promise.resolve({ status: a.status, headers: {}, text: a.body });
    },
  };
});
const ORIGIN = 'http://provider.test';

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, '', '\u0000', '\ud800', '\u202e', 'x'.repeat(70_000), 'dead_page', 'ready', 'failed'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double(),
  fc.array(fc.constantFrom(null, 1, 'a', {}), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.constantFrom(null, 1, 'a'), { maxKeys: 2 }),
);
/** A real-shaped answer with up to 3 fields replaced or removed, as JSON text. */
function nearValid(seed: unknown): fc.Arbitrary<string> {
  const mutation = fc.tuple(fc.constantFrom(...jsonPathsOf(seed)), fc.boolean(), junk);
  return fc.array(mutation, { maxLength: 3 }).map((ms) => {
    let root: unknown = structuredClone(seed);
    for (const [path, remove, value] of ms) {
      if (path.length === 0) {
        root = structuredClone(value);
        continue;
      }
      let parent: unknown = root;
      for (const step of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[step] : undefined;
      if (!parent || typeof parent !== 'object') continue;
      const target = parent as Record<string | number, unknown>;
      if (remove) delete target[path[path.length - 1]!];
      else target[path[path.length - 1]!] = structuredClone(value);
    }
    return JSON.stringify(root) ?? '';
  });
}
/** Mostly 200 with a near-valid body; also other statuses, and bodies that are not JSON or cut short. */
const answer = (seed: unknown): fc.Arbitrary<Answer> =>
  fc.record({
    status: fc.oneof({ weight: 8, arbitrary: fc.constant(200) }, fc.constantFrom(202, 204, 301, 400, 401, 403, 404, 422, 429, 500, 503), fc.integer({ min: 200, max: 599 })),
    body: fc.oneof(
      { weight: 8, arbitrary: nearValid(seed) },
      fc.constantFrom('', 'null', '[]', '<html>502 Bad Gateway</html>', JSON.stringify(seed).slice(0, 10), '\u0000'),
      fc.json(),
    ),
  });

/** Runs `call` against 10k answers: it must return or throw ProviderError, nothing else. */
async function assertOnlyProviderErrors<T>(answersArb: fc.Arbitrary<Answer[]>, call: () => Promise<T>, valid: (v: T) => boolean): Promise<{ returned: number; failed: number }> {
  let returned = 0;
  let failed = 0;
  await fc.assert(
    fc.asyncProperty(answersArb, async (as) => {
      answers = [...as];
      try {
        const v = await call();
        returned++;
        return valid(v);
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        failed++;
        // Messages go into events and logs: short, and no body text echoed.
        return err.message.length < 500;
      }
    }),
    { numRuns: 10_000 },
  );
  return { returned, failed };
}

const str = (v: unknown) => typeof v === 'string';
const strOrNull = (v: unknown) => v === null || typeof v === 'string';

describe('enrichment provider answers (fuzz)', () => {
  it('Hunter email-finder: a lower-case address with a numeric score, null, or a ProviderError', async () => {
    const hunter = new Hunter({ baseUrl: ORIGIN, apiKey: 'k', timeoutMs: 5_000 });
    const seed = { data: { email: 'Ana@Example.com', score: 91, accept_all: false, position: 'CTO', company: 'Example', linkedin_url: 'https://linkedin.com/in/ana', verification: { status: 'valid' } } };
    const { returned, failed } = await assertOnlyProviderErrors(
      answer(seed).map((a) => [a]),
      () => hunter.findEmail('example.com', 'Ana', 'Lee'),
      (f) => f === null || (str(f.email) && f.email === f.email.toLowerCase() && Number.isFinite(f.score) && strOrNull(f.verification) && typeof f.acceptAll === 'boolean'),
    );
    expect(returned).toBeGreaterThan(1_000);
    expect(failed).toBeGreaterThan(1_000);
  }, 30_000);

  it('SerpAPI search: organic results with string fields, [], or a ProviderError', async () => {
    const serp = new SerpApi({ baseUrl: ORIGIN, apiKey: 'k', timeoutMs: 5_000 });
    const seed = { organic_results: [{ title: 'Ana Lee - CTO - Example | LinkedIn', link: 'https://linkedin.com/in/ana', snippet: 'CTO at Example' }, { link: 'https://example.com' }], error: "Google hasn't returned any results for this query." };
    const { returned, failed } = await assertOnlyProviderErrors(
      answer(seed).map((a) => [a]),
      () => serp.search('"Ana Lee" linkedin'),
      (rs) => rs.every((r) => str(r.title) && str(r.link) && str(r.snippet)),
    );
    expect(returned).toBeGreaterThan(1_000);
    expect(failed).toBeGreaterThan(1_000);
  }, 30_000);

  it('Bright Data trigger, progress and snapshot: a profile, null, or a ProviderError', async () => {
    // No wait between polls, and a deadline that ends a run of "running" answers quickly.
    const bd = new BrightData({ baseUrl: ORIGIN, token: 't', datasetId: 'gd_x', timeoutMs: 5_000, deadlineMs: 3, pollMs: 0 });
    const trigger = answer({ snapshot_id: 's_abc123' });
    const progress = fc.oneof(answer({ status: 'ready' }), answer({ status: 'failed', error_codes: { dead_page: 1 } }), answer({ status: 'canceled' }));
    const snapshot = answer([{ name: 'Ana Lee', first_name: 'Ana', last_name: 'Lee', position: 'CTO', city: 'Berlin', about: 'Builds things', url: 'https://linkedin.com/in/ana', current_company: { name: 'Example' }, bio_links: [{ link: 'https://example.com' }] }, { error_code: 'dead_page' }]);
    const { returned, failed } = await assertOnlyProviderErrors(
      fc.tuple(trigger, progress, snapshot, fc.array(progress, { maxLength: 2 })).map(([t, p, s, more]) => [t, p, s, ...more]),
      () => bd.scrapeProfile('https://linkedin.com/in/ana'),
      (p) => p === null || (p.links.every(str) && [p.name, p.firstName, p.lastName, p.position, p.company, p.location, p.about, p.url].every(strOrNull)),
    );
    // Three answers must all be usable for a profile, so fewer cases get that far.
    expect(returned).toBeGreaterThan(100);
    expect(failed).toBeGreaterThan(1_000);
  }, 30_000);

  it('HN, Reddit and X profiles: a profile with string fields, null, or a ProviderError', async () => {
    const options = { hnBaseUrl: ORIGIN, redditBaseUrl: ORIGIN, redditAuthBaseUrl: ORIGIN, redditClientId: 'id', redditClientSecret: 'secret', redditUserAgent: 'ua', xBaseUrl: ORIGIN, xBearerToken: 't', timeoutMs: 5_000 };
    const hn = answer({ id: 'pg', about: 'Founder of <a href="https://example.com">Example</a> &amp; more<p>hi' }).map((a) => ({ platform: 'hackernews' as const, answers: [a] }));
    // Reddit asks for a token first (a fresh client each case, so every case does).
    const reddit = fc
      .tuple(answer({ access_token: 'tok', expires_in: 3600 }), answer({ data: { name: 'ana', subreddit: { title: 'Ana', public_description: 'CTO at Example' } } }))
      .map((as) => ({ platform: 'reddit' as const, answers: as }));
    const x = answer({ data: { name: 'Ana', description: 'CTO', location: 'Berlin', url: 'https://t.co/x', entities: { url: { urls: [{ expanded_url: 'https://example.com' }] } } }, errors: [{ detail: 'x' }] }).map((a) => ({ platform: 'twitter' as const, answers: [a] }));
    let platform: 'hackernews' | 'reddit' | 'twitter' = 'twitter';
    const { returned, failed } = await assertOnlyProviderErrors(
      fc.oneof(hn, reddit, x).map((c) => {
        platform = c.platform;
        return c.answers;
      }),
      () => new PlatformProfiles(options).fetch(platform, 'ana_lee'),
      (p) => p === null || (p.links.every(str) && [p.displayName, p.bio, p.location].every((v) => v === undefined || str(v))),
    );
    expect(returned).toBeGreaterThan(1_000);
    expect(failed).toBeGreaterThan(500);
  }, 30_000);
});
