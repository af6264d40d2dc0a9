import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAUSE_MS, rateLimitRemaining, rateLimitResetMs, retryAfterMs } from './retry-after.ts';

const NOW = Date.UTC(2026, 10, 27, 5, 0, 0);

// Header values a platform, a proxy or a CDN might send: delta seconds (small, fractional, huge,
// signed, padded), HTTP dates (past, future, far future), ISO dates, junk, NUL, unicode.
const seconds = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }),
  fc.constantFrom(0, 1, 59, 3_600, 86_400, 1e9, 1e20),
);
const header = fc.oneof(
  seconds.map(String),
  fc
    .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 999 }))
    .map(([s, ms]) => `${s}.${ms}`),
  fc.integer({ min: -10_000_000, max: 10_000_000_000 }).map((d) => new Date(NOW + d * 1000).toUTCString()),
  fc.constantFrom(
    '9'.repeat(400),
    '-1',
    '+5',
    ' 5 ',
    '5s',
    '0x10',
    '1e3',
    'Infinity',
    'NaN',
    '',
    ' ',
    '\u0000',
    '\u202e5',
    '٣',
    'Fri, 31 Dec 9999 23:59:59 GMT',
    '2026-11-27T05:00:30Z',
    'tomorrow',
  ),
  fc.string({ maxLength: 30 }),
);
const value = fc.oneof(
  { weight: 6, arbitrary: header },
  fc.constant(undefined),
  fc.array(header, { maxLength: 3 }),
);
const bounded = (ms: number | undefined) =>
  ms === undefined || (Number.isInteger(ms) && ms >= 0 && ms <= MAX_PAUSE_MS);

describe('rate-limit headers (fuzz)', () => {
  it('Retry-After gives a whole, non-negative pause of at most MAX_PAUSE_MS, or undefined', () => {
    fc.assert(
      fc.property(value, (v) => bounded(retryAfterMs(v, NOW))),
      { numRuns: 10_000 },
    );
  });

  it('Retry-After round-trips delta seconds and HTTP dates within the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PAUSE_MS / 1000 }), (s) => {
        expect(retryAfterMs(String(s), NOW)).toBe(s * 1000);
        expect(retryAfterMs(new Date(NOW + s * 1000).toUTCString(), NOW)).toBe(s * 1000);
      }),
      { numRuns: 1_000 },
    );
  });

  it('the rate-limit reset and remaining headers never give a pause past the cap or a non-number', () => {
    const headers = fc.record(
      {
        'x-ratelimit-reset': value,
        'x-rate-limit-reset': fc.oneof(value, fc.integer({ min: 0, max: 2 ** 40 }).map(String)),
        'x-ratelimit-remaining': value,
        'x-rate-limit-remaining': value,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(headers, (h) => {
        const remaining = rateLimitRemaining(h);
        return bounded(rateLimitResetMs(h, NOW)) && (remaining === undefined || Number.isFinite(remaining));
      }),
      { numRuns: 10_000 },
    );
  });
});
