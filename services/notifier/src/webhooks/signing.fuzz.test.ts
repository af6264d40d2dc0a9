import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECRET_PREFIX, signWebhook, verifyWebhook, WebhookSignatureError } from './signing.ts';

const NOW = new Date('2026-11-26T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
// Secrets: valid ones (24-64 key bytes, prefix optional), wrong lengths, non-base64, empty.
const validSecret = fc
  .tuple(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.boolean())
  .map(([bytes, prefixed]) => `${prefixed ? SECRET_PREFIX : ''}${Buffer.from(bytes).toString('base64')}`);
const anySecret = fc.oneof(validSecret, fc.uint8Array({ maxLength: 100 }).map((b) => `${SECRET_PREFIX}${Buffer.from(b).toString('base64')}`), fc.string({ maxLength: 40 }));
const headerText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constant(''));
const timestampText = fc.oneof(fc.integer({ min: nowSeconds - 600, max: nowSeconds + 600 }).map(String), fc.stringMatching(/^\d{1,14}$/), headerText);
const signatureText = fc.oneof(
  fc.array(
    fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v1,${Buffer.from(b).toString('base64')}`),
      fc.tuple(fc.constantFrom('v1', 'v1a', 'v2', ''), headerText).map(([v, s]) => `${v},${s}`),
      headerText,
    ),
    { maxLength: 4 },
  ).map((parts) => parts.join(' ')),
  headerText,
);
const headerValue = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, fc.constant(undefined), fc.array(a, { maxLength: 2 }));
const headers = fc.record(
  {
    'webhook-id': headerValue(headerText),
    'Webhook-Timestamp': headerValue(timestampText),
    'webhook-signature': headerValue(signatureText),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 50 }));

describe('Standard Webhooks verify (fuzz)', () => {
  it('random headers, bodies and secrets: only WebhookSignatureError, never another error', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, headers, fc.oneof(anySecret, fc.array(anySecret, { maxLength: 3 })), (b, h, secrets) => {
        try {
          verifyWebhook(b, h, secrets, { now: NOW });
          accepted++;
        } catch (err) {
          expect(err).toBeInstanceOf(WebhookSignatureError);
        }
      }),
      { numRuns: 10_000 },
    );
    // A random HMAC matching would be a forgery: nothing random may verify.
    expect(accepted).toBe(0);
  }, 20_000);

  it('a delivery signed with any valid secret verifies (any id without ".", any body, rotation)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((id) => !id.includes('.')),
        body,
        fc.array(validSecret, { minLength: 1, maxLength: 3 }),
        fc.nat(2),
        fc.integer({ min: -300, max: 300 }),
        (id, b, secrets, which, skew) => {
          const headers = signWebhook({ id, body: b, secrets, now: new Date(NOW.getTime() + skew * 1000) });
          // The receiver may know only one of the rotating secrets.
          const known = secrets[which % secrets.length] ?? secrets[0]!;
          expect(verifyWebhook(b, headers, known, { now: NOW })).toBe(id);
          // Any change to the body breaks it.
          expect(() => verifyWebhook(`${b} `, headers, known, { now: NOW })).toThrow(WebhookSignatureError);
        },
      ),
      { numRuns: 10_000 },
    );
  }, 20_000);

  it('a delivery signed with another secret never verifies', () => {
    const other = `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_]{1,20}$/), body, validSecret, (id, b, secret) => {
        const headers = signWebhook({ id, body: b, secrets: [secret], now: NOW });
        expect(() => verifyWebhook(b, headers, other, { now: NOW })).toThrow(WebhookSignatureError);
      }),
      { numRuns: 10_000 },
    );
  }, 20_000);
});
