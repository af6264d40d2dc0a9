import fc from 'fast-check';
import { MAX_PAUSE_MS, SourceError } from '@intent-radar/ingest-kit';
import { describe, expect, it } from 'vitest';
import { toSourceError } from './reddit-source.ts';

// snoowrap failures as they reach the mapper: StatusCodeErrors with any status, headers and
// body (string, object, huge), its RateLimitError with an expiry taken from x-ratelimit-reset as
// sent (so far future, NaN, past), network errors, and things that are not errors at all.
const header = fc.oneof(
  fc.integer({ min: 0, max: 1e7 }).map(String),
  fc.constantFrom('9'.repeat(400), '1.5', 'soon', '', 'Fri, 31 Dec 9999 23:59:59 GMT'),
);
const statusError = fc.record({
  name: fc.constant('StatusCodeError'),
  statusCode: fc.oneof(
    { weight: 3, arbitrary: fc.constant(429) },
    fc.constantFrom(401, 403, 404, 408, 500, 503),
    fc.integer({ min: 100, max: 599 }),
  ),
  message: fc.string({ maxLength: 20 }),
  response: fc.record(
    {
      headers: fc.record(
        { 'retry-after': header, 'x-ratelimit-reset': header, 'x-ratelimit-remaining': header },
        { requiredKeys: [] },
      ),
      body: fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.constant('x'.repeat(50_000)),
        fc.json().map((j) => JSON.parse(j) as unknown),
      ),
    },
    { requiredKeys: [] },
  ),
});
const rateLimitError = fc.record({
  name: fc.constant('RateLimitError'),
  message: fc.constant('ratelimit exceeded'),
});
const expiry = fc.oneof(
  fc.integer({ min: -3_600, max: 86_400 * 365 }).map((s) => Date.now() + s * 1000),
  fc.constantFrom(Number.NaN, Infinity, 0),
);
// Thrown values that are not errors (what a library or plugin could throw); not fc.anything(),
// whose objects with a non-callable toString no real library throws.
const thrownValue = fc.oneof(
  fc.constantFrom(null, undefined, 0, '', 'boom', { message: 'plain object' }),
  fc.string(),
  fc.json().map((j) => JSON.parse(j) as unknown),
);
const anyError = fc.oneof(
  statusError,
  rateLimitError,
  fc.string().map((m) => new Error(m)),
  thrownValue,
);

describe('Reddit error mapping (fuzz)', () => {
  it('every failure becomes a SourceError; a rate limit waits between 0 and MAX_PAUSE_MS', () => {
    let rateLimited = 0;
    fc.assert(
      fc.property(anyError, fc.option(expiry, { nil: undefined }), (err, ratelimitExpiration) => {
        const mapped = toSourceError(
          err,
          ratelimitExpiration === undefined ? undefined : { ratelimitExpiration },
        );
        if (!(mapped instanceof SourceError)) return false;
        if (mapped.code !== 'SOURCE_RATE_LIMITED') return mapped.message.length < 1_000;
        rateLimited++;
        const wait = (mapped as SourceError & { retryAfterMs: number }).retryAfterMs;
        return Number.isFinite(wait) && wait >= 0 && wait <= MAX_PAUSE_MS;
      }),
      { numRuns: 10_000 },
    );
    expect(rateLimited).toBeGreaterThan(1_000);
  });

  it('maps a thrown object that String() cannot convert (a counterexample the property found)', () => {
    const mapped = toSourceError({ toString: false }, undefined);
    expect(mapped).toBeInstanceOf(SourceError);
    expect(mapped.message).toBe('Reddit request failed: [object Object]');
  });
});

