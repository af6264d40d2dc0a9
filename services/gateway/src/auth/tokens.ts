import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Access tokens live 15 minutes; the refresh session renews them. */
export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;

export interface AccessClaims {
  /** user id */
  sub: string;
  /** workspace id */
  wid: string;
  /** refresh session id, so logout can be checked against it */
  sid: string;
  /** expiry, unix seconds */
  exp: number;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** Signs `v1.<payload>.<hmac>`; the HMAC key never leaves the gateway. */
export function signAccessToken(claims: Omit<AccessClaims, 'exp'>, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const payload = b64(JSON.stringify({ ...claims, exp: nowSeconds + ACCESS_TTL_SECONDS }));
  const mac = createHmac('sha256', secret).update(`v1.${payload}`).digest('base64url');
  return `v1.${payload}.${mac}`;
}

/** Returns the claims of a valid, unexpired token, otherwise undefined. */
export function verifyAccessToken(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): AccessClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return undefined;
  const [, payload = '', mac = ''] = parts;
  const expected = createHmac('sha256', secret).update(`v1.${payload}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<AccessClaims>;
    if (typeof claims.sub !== 'string' || typeof claims.wid !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') return undefined;
    if (claims.exp <= nowSeconds) return undefined;
    return claims as AccessClaims;
  } catch {
    return undefined;
  }
}

/** A random opaque secret with a readable prefix (refresh tokens, API keys, CSRF tokens). */
export const randomSecret = (prefix = '', bytes = 32): string => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Only this digest is stored: a database leak does not leak usable tokens. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
