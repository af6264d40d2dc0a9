import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, secretKey, signatureHeader, signWebhook, verifyWebhook, WebhookSignatureError } from './signing.ts';

// The reference vector of the Standard Webhooks libraries (libraries/go/webhook_test.go, TestWebhookSign).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR = new Date(VECTOR.timestamp * 1000);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookSignatureError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('Standard Webhooks signing', () => {
  it('matches the spec test vector, with or without the whsec_ prefix', () => {
    expect(signatureHeader(VECTOR.id, VECTOR.timestamp, VECTOR.body, [VECTOR.secret])).toBe(VECTOR.signature);
    expect(signatureHeader(VECTOR.id, VECTOR.timestamp, VECTOR.body, [VECTOR.secret.slice(6)])).toBe(VECTOR.signature);
    expect(signWebhook({ id: VECTOR.id, body: VECTOR.body, secrets: [VECTOR.secret], now: AT_VECTOR })).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    });
  });

  it('verifies the spec vector and rejects tampering', () => {
    const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
    expect(verifyWebhook(VECTOR.body, headers, VECTOR.secret, { now: AT_VECTOR })).toBe(VECTOR.id);
    expect(codeOf(() => verifyWebhook('{"test": 2432232315}', headers, VECTOR.secret, { now: AT_VECTOR }))).toBe('WEBHOOK_SIGNATURE_MISMATCH');
    expect(codeOf(() => verifyWebhook(VECTOR.body, { ...headers, 'webhook-id': 'msg_other' }, VECTOR.secret, { now: AT_VECTOR }))).toBe(
      'WEBHOOK_SIGNATURE_MISMATCH',
    );
    expect(
      codeOf(() =>
        verifyWebhook(VECTOR.body, { ...headers, 'webhook-signature': 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=' }, VECTOR.secret, { now: AT_VECTOR }),
      ),
    ).toBe('WEBHOOK_SIGNATURE_MISMATCH');
    // A v2 entry carrying a valid v1 MAC must not count as v1.
    expect(codeOf(() => verifyWebhook(VECTOR.body, { ...headers, 'webhook-signature': VECTOR.signature.replace('v1,', 'v2,') }, VECTOR.secret, { now: AT_VECTOR }))).toBe(
      'WEBHOOK_SIGNATURE_MISMATCH',
    );
  });

  it('accepts a list of signatures when one matches (the spec multi-sig case)', () => {
    const list = ['v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', 'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', VECTOR.signature].join(' ');
    const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': list };
    expect(verifyWebhook(VECTOR.body, headers, VECTOR.secret, { now: AT_VECTOR })).toBe(VECTOR.id);
  });

  it('enforces the 5 minute tolerance both ways and requires all three headers', () => {
    const signed = signWebhook({ id: 'msg_1', body: '{}', secrets: [VECTOR.secret], now: AT_VECTOR });
    const at = (seconds: number) => ({ now: new Date((VECTOR.timestamp + seconds) * 1000) });
    expect(codeOf(() => verifyWebhook('{}', signed, VECTOR.secret, at(300)))).toBe('OK');
    expect(codeOf(() => verifyWebhook('{}', signed, VECTOR.secret, at(301)))).toBe('WEBHOOK_TIMESTAMP_TOO_OLD');
    expect(codeOf(() => verifyWebhook('{}', signed, VECTOR.secret, at(-301)))).toBe('WEBHOOK_TIMESTAMP_TOO_NEW');
    expect(codeOf(() => verifyWebhook('{}', { ...signed, 'webhook-timestamp': '1e9' }, VECTOR.secret, at(0)))).toBe('WEBHOOK_TIMESTAMP_INVALID');
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const partial: Record<string, string> = { ...signed };
      delete partial[name];
      expect(codeOf(() => verifyWebhook('{}', partial, VECTOR.secret, at(0)))).toBe('WEBHOOK_HEADERS_MISSING');
    }
  });

  it('signs with two secrets during rotation so receivers holding either one verify', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const headers = signWebhook({ id: 'msg_rot', body: '{"a":1}', secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook('{"a":1}', headers, previous)).toBe('msg_rot');
    expect(verifyWebhook('{"a":1}', headers, current)).toBe('msg_rot');
    expect(codeOf(() => verifyWebhook('{"a":1}', headers, generateWebhookSecret()))).toBe('WEBHOOK_SIGNATURE_MISMATCH');
  });

  it('generates 32-byte secrets and refuses unusable ones', () => {
    expect(secretKey(generateWebhookSecret())).toHaveLength(32);
    expect(codeOf(() => secretKey('whsec_short'))).toBe('WEBHOOK_SECRET_INVALID');
    expect(codeOf(() => secretKey('whsec_not base64!'))).toBe('WEBHOOK_SECRET_INVALID');
    expect(codeOf(() => signatureHeader('id', 1, '', []))).toBe('WEBHOOK_SECRET_INVALID');
  });
});
