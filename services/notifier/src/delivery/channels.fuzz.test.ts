import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifySlack, classifyWebhook, type SendOutcome } from './channels.ts';
import { retryAfterMs } from './retry-schedule.ts';

const NOW = new Date(Date.UTC(2026, 10, 27, 5, 0, 0));
const HOUR_MS = 3_600_000;

// What a Slack/Discord/webhook receiver (or a proxy in front of it) may answer: any status,
// Retry-After as seconds, dates, repeated (joined with ", "), junk; bodies with Slack's error
// words, HTML, huge text, NUL, unicode.
const retryAfter = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc
    .integer({ min: -86_400, max: 86_400 * 365 })
    .map((d) => new Date(NOW.getTime() + d * 1000).toUTCString()),
  fc.constantFrom(
    '1.5',
    '0.0001',
    '-1',
    '1e400',
    '0x10',
    'Infinity',
    '5, 6',
    '120, 120',
    '',
    ' ',
    '\u0000',
    'soon',
  ),
  fc.string({ maxLength: 20 }),
);
const body = fc.oneof(
  fc.constantFrom(
    'ok',
    'no_service',
    'channel_not_found',
    'invalid_token',
    ' no_team\n',
    'rate_limited',
    '<html>502</html>',
    '',
    '\u0000',
    'x'.repeat(100_000),
  ),
  fc.string({ maxLength: 300 }),
);
const response = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 204, 400, 403, 404, 410, 429, 500, 502, 503),
    fc.integer({ min: 100, max: 599 }),
  ),
  headers: fc.oneof(
    fc.constant({}),
    retryAfter.map((v) => ({ 'retry-after': v })),
  ),
  body,
  address: fc.constant('203.0.113.7'),
});

/** An outcome the delivery engine can act on: a known kind, a short error, a pause within an hour. */
function usable(o: SendOutcome, status: number): boolean {
  if (status >= 200 && status < 300) return o.kind === 'sent';
  if (o.kind === 'sent') return false;
  const error = 'error' in o ? o.error : '';
  const wait = 'retryAfterMs' in o ? o.retryAfterMs : undefined;
  return (
    error.length > 0 &&
    error.length <= 300 &&
    (wait === undefined || (Number.isFinite(wait) && wait >= 0 && wait <= HOUR_MS))
  );
}

describe('receiver answers (fuzz)', () => {
  it('Retry-After is a pause of 0 to 60 minutes or null, never NaN', () => {
    fc.assert(
      fc.property(fc.option(retryAfter, { nil: undefined }), (h) => {
        const ms = retryAfterMs(h, NOW);
        return ms === null || (Number.isFinite(ms) && ms >= 0 && ms <= HOUR_MS);
      }),
      { numRuns: 10_000 },
    );
  });

  it('a Slack answer is classified into a usable outcome', () => {
    fc.assert(
      fc.property(response, (r) => usable(classifySlack(r, NOW), r.status)),
      { numRuns: 10_000 },
    );
  });

  it('a webhook or Discord answer is classified into a usable outcome', () => {
    fc.assert(
      fc.property(response, (r) => usable(classifyWebhook(r, NOW), r.status)),
      { numRuns: 10_000 },
    );
  });

  it('Slack error words disable the destination; 429 carries the wait', () => {
    expect(
      classifySlack({ status: 400, headers: {}, body: 'channel_not_found', address: '' }, NOW).kind,
    ).toBe('disable');
    expect(
      classifySlack({ status: 429, headers: { 'retry-after': '30' }, body: '', address: '' }, NOW),
    ).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
  });
});
