import fc from 'fast-check';
import { SourceError } from '@intent-radar/ingest-kit';
import { describe, expect, it, vi } from 'vitest';
import { BrightDataClient } from './brightdata-client.ts';

// Bright Data answers are fuzzed through the real client and ingest-kit's fetchSourceJson with
// only undici's request() replaced: it hands back the next generated status, headers and body,
// so status mapping (errorForStatus, Retry-After), JSON parsing, the schemas and the client's
// interpretation all run, with no network.
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}
let next: Answer = { status: 200, headers: {}, body: '{}' };
vi.mock('undici', async (importOriginal) => {
  const real = await importOriginal<typeof import('undici')>();
  return {
    ...real,
    request: () =>
      Promise.resolve({
        statusCode: next.status,
        headers: next.headers,
        body: { text: () => Promise.resolve(next.body) },
      }),
  };
});

const record = {
  url: 'https://www.linkedin.com/posts/ana_crm-activity-7300000000000000000-abcd',
  id: '7300000000000000000',
  user_id: 'ana',
  use_url: 'https://www.linkedin.com/in/ana',
  user_name: 'Ana Lee',
  post_text: 'We need a CRM that does not cost a fortune.',
  date_posted: '2026-11-26T10:00:00.000Z',
  num_likes: 3,
};
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, '', '\u0000', '\ud800', 'x'.repeat(70_000), 'ready', 'failed'),
  fc.string({ maxLength: 10 }),
  fc.double(),
);
/** The seed as JSON with up to 3 top-level (or first-element) fields replaced or removed. */
function nearValid(seed: Record<string, unknown> | Record<string, unknown>[]): fc.Arbitrary<string> {
  const one = Array.isArray(seed) ? seed[0]! : seed;
  const edit = fc.tuple(fc.constantFrom(...Object.keys(one)), fc.option(junk));
  return fc.array(edit, { maxLength: 3 }).map((edits) => {
    const copy: Record<string, unknown> = { ...one };
    for (const [k, v] of edits) {
      if (v === null) delete copy[k];
      else copy[k] = v;
    }
    return JSON.stringify(Array.isArray(seed) ? [copy, ...seed.slice(1)] : copy);
  });
}
const answer = (seed: Record<string, unknown> | Record<string, unknown>[]): fc.Arbitrary<Answer> =>
  fc.record({
    status: fc.oneof(
      { weight: 8, arbitrary: fc.constant(200) },
      fc.constantFrom(202, 400, 401, 403, 404, 408, 429, 500, 503),
      fc.integer({ min: 100, max: 599 }),
    ),
    headers: fc.oneof(
      fc.constant({}),
      fc
        .constantFrom('5', '86400', 'Fri, 27 Nov 2026 05:00:30 GMT', 'soon', '9'.repeat(400))
        .map((v) => ({ 'retry-after': v })),
    ),
    body: fc.oneof(
      { weight: 8, arbitrary: nearValid(seed) },
      fc.constantFrom(
        '',
        'null',
        '[]',
        'OK',
        '<html>',
        '{"status":"building","message":"Snapshot is not ready yet, try again in 30s"}',
      ),
      fc.json(),
    ),
  });

/** Runs `call` against 10k answers: it returns a valid value or throws a typed SourceError. */
async function onlySourceErrors<T>(
  answers: fc.Arbitrary<Answer>,
  call: () => Promise<T>,
  valid: (v: T) => boolean,
): Promise<number> {
  let returned = 0;
  await fc.assert(
    fc.asyncProperty(answers, async (a) => {
      next = a;
      try {
        const v = await call();
        returned++;
        return valid(v);
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        return err.message.length < 1_000 && (err.code !== 'SOURCE_RATE_LIMITED' || a.status === 429);
      }
    }),
    { numRuns: 10_000 },
  );
  return returned;
}

describe('Bright Data client answers (fuzz)', () => {
  const client = new BrightDataClient({
    baseUrl: 'http://brightdata.test',
    token: 't',
    datasetId: 'gd_x',
    timeoutMs: 5_000,
  });
  const signal = new AbortController().signal;

  it('trigger gives a snapshot id of the expected form or a SourceError', async () => {
    const returned = await onlySourceErrors(
      answer({ snapshot_id: 's_abc123' }),
      () => client.triggerKeywords(['crm'], 10, signal),
      (id) => /^[\w-]{1,100}$/.test(id),
    );
    expect(returned).toBeGreaterThan(1_000);
  });

  it('download gives records and a skip count, null (202), or a SourceError', async () => {
    let records = 0;
    const returned = await onlySourceErrors(
      answer([record, { input: { keyword: 'crm' }, error: 'dead page', error_code: 'dead_page' }]),
      () => client.download('s_abc123', signal),
      (c) => {
        if (c === null) return true;
        records += c.records.length;
        return (
          Number.isInteger(c.skipped) &&
          c.records.every((r) => typeof r.id === 'string' && typeof r.url === 'string')
        );
      },
    );
    expect(returned).toBeGreaterThan(1_000);
    expect(records).toBeGreaterThan(1_000);
  });
});
