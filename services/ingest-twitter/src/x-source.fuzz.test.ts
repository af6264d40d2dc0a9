import fc from 'fast-check';
import { MAX_PAUSE_MS, SourceError } from '@intent-radar/ingest-kit';
import { ApiPartialResponseError, ApiResponseError } from 'twitter-api-v2';
import { describe, expect, it } from 'vitest';
import { toSourceError } from './x-source.ts';

type ResponseOptions = ConstructorParameters<typeof ApiResponseError>[1];

// X error answers as twitter-api-v2 reports them: any status, Retry-After of any form, and the
// x-rate-limit-* values it parses with Number() (so NaN, negative, far future all reach us).
const nowSec = Math.floor(Date.now() / 1000);
const reset = fc.oneof(
  fc.integer({ min: nowSec - 3_600, max: nowSec + 86_400 * 365 }),
  fc.constantFrom(0, -1, Number.NaN, Infinity, 1e20, nowSec + 900),
);
const apiError = fc
  .record({
    // 429 most of all: the rate-limit path is the one that computes a wait.
    code: fc.oneof(
      { weight: 3, arbitrary: fc.constant(429) },
      fc.constantFrom(400, 401, 403, 404, 408, 420, 500, 503),
      fc.integer({ min: 100, max: 599 }),
    ),

    retryAfter: fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 1e7 }).map(String),
        fc.constantFrom('9'.repeat(400), 'soon', '', 'Fri, 31 Dec 9999 23:59:59 GMT'),
      ),
    ),
    reset: fc.option(reset),
    message: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('x'.repeat(10_000))),
  })
  .map(({ code, retryAfter, reset: r, message }) => {
    const options = {
      code,
      headers: retryAfter === null ? {} : { 'retry-after': retryAfter },
      rateLimit: r === null ? undefined : { limit: 450, remaining: 0, reset: r },
      data: { title: 'Too Many Requests', detail: message },
      request: {},
      response: {},
    } as unknown as ResponseOptions;
    return new ApiResponseError(message, options);
  });
// Thrown values that are not errors (what a library or plugin could throw); not fc.anything(),
// whose objects with a non-callable toString no real library throws.
const thrownValue = fc.oneof(
  fc.constantFrom(null, undefined, 0, '', 'boom', { message: 'plain object' }),
  fc.string(),
  fc.json().map((j) => JSON.parse(j) as unknown),
);
const otherError = fc.oneof(
  fc.string({ maxLength: 30 }).map((m) => new Error(m)),
  fc.constant(new ApiPartialResponseError('cut', {} as never)),
  thrownValue,
);

describe('X error mapping (fuzz)', () => {
  it('every failure becomes a SourceError; a rate limit waits between 0 and MAX_PAUSE_MS', () => {
    let rateLimited = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: apiError }, otherError), (err) => {
        const mapped = toSourceError(err);
        if (!(mapped instanceof SourceError)) return false;
        if (mapped.code !== 'SOURCE_RATE_LIMITED') return true;
        rateLimited++;
        const wait = (mapped as SourceError & { retryAfterMs: number }).retryAfterMs;
        return Number.isFinite(wait) && wait >= 0 && wait <= MAX_PAUSE_MS;
      }),
      { numRuns: 10_000 },
    );
    expect(rateLimited).toBeGreaterThan(500);
  });
});
