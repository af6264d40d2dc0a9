import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signing (github.com/standard-webhooks/standard-webhooks, spec.md):
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, where the key is
 * the base64-decoded part of a `whsec_` secret. Several signatures are space-separated so two
 * secrets can be valid at once while an endpoint rotates.
 */

export const SECRET_PREFIX = 'whsec_';
/** Receivers must reject timestamps further than this from their clock (spec: 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

export type WebhookSignatureErrorCode =
  | 'WEBHOOK_SECRET_INVALID'
  | 'WEBHOOK_HEADERS_MISSING'
  | 'WEBHOOK_TIMESTAMP_INVALID'
  | 'WEBHOOK_TIMESTAMP_TOO_OLD'
  | 'WEBHOOK_TIMESTAMP_TOO_NEW'
  | 'WEBHOOK_SIGNATURE_MISMATCH';

/** A secret that cannot be used, or a delivery that does not verify. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  constructor(
    readonly code: WebhookSignatureErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The three headers sent with every webhook delivery. */
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes. Shown to the owner once. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key of a secret: the base64 after `whsec_` decoded (the prefix is optional, per the spec's libraries). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new WebhookSignatureError('WEBHOOK_SECRET_INVALID', 'webhook secret is not base64');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new WebhookSignatureError('WEBHOOK_SECRET_INVALID', `webhook secret must decode to ${MIN_KEY_BYTES}-${MAX_KEY_BYTES} bytes`);
  }
  return key;
}

function sign(key: Buffer, id: string, timestamp: number, body: string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
}

/** `v1,<sig>` for each secret, space-separated (current secret first). */
export function signatureHeader(id: string, timestamp: number, body: string, secrets: readonly string[]): string {
  if (secrets.length === 0) throw new WebhookSignatureError('WEBHOOK_SECRET_INVALID', 'no webhook secret');
  return secrets.map((secret) => `v1,${sign(secretKey(secret), id, timestamp, body).toString('base64')}`).join(' ');
}

/**
 * Headers for one delivery attempt. `id` stays the same across retries (receivers dedupe on it);
 * the timestamp is the attempt's, so a retry a day later still passes the receiver's tolerance.
 */
export function signWebhook(input: { id: string; body: string; secrets: readonly string[]; now?: Date }): WebhookHeaders {
  if (input.id.includes('.')) {
    // The id is part of the signed string "<id>.<ts>.<body>"; a dot would make it ambiguous.
    throw new WebhookSignatureError('WEBHOOK_HEADERS_MISSING', 'webhook id must not contain "."');
  }
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(input.id, timestamp, input.body, input.secrets),
  };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const direct = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(direct) ? direct[0] : direct;
}

/**
 * Verifies a delivery as a receiver does (the spec's algorithm): headers present, timestamp within
 * tolerance of `now`, and at least one `v1` signature matching one of `secrets`, compared in
 * constant time. Returns the webhook id; throws WebhookSignatureError.
 */
export function verifyWebhook(
  body: string,
  headers: Record<string, string | string[] | undefined>,
  secrets: string | readonly string[],
  options: { now?: Date; toleranceSeconds?: number } = {},
): string {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) {
    throw new WebhookSignatureError('WEBHOOK_HEADERS_MISSING', 'webhook-id, webhook-timestamp and webhook-signature are required');
  }
  if (!/^\d{1,12}$/.test(timestampText)) throw new WebhookSignatureError('WEBHOOK_TIMESTAMP_INVALID', 'webhook-timestamp is not an integer');
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (nowSeconds - timestamp > tolerance) throw new WebhookSignatureError('WEBHOOK_TIMESTAMP_TOO_OLD', 'webhook-timestamp is too old');
  if (timestamp - nowSeconds > tolerance) throw new WebhookSignatureError('WEBHOOK_TIMESTAMP_TOO_NEW', 'webhook-timestamp is in the future');

  const candidates = signatures
    .split(' ')
    .map((entry) => entry.split(','))
    .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] === 'v1')
    .map(([, value]) => Buffer.from(value, 'base64'));
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const expected = sign(secretKey(secret), id, timestamp, body);
    if (candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) return id;
  }
  throw new WebhookSignatureError('WEBHOOK_SIGNATURE_MISMATCH', 'no signature matches');
}
