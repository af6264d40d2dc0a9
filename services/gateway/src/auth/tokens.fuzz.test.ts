import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCESS_TTL_SECONDS, signAccessToken, verifyAccessToken } from './tokens.ts';

const SECRET = 's'.repeat(32);
const NOW = 1_800_000_000;
const claims = fc.record({ sub: fc.uuid(), wid: fc.uuid(), sid: fc.uuid() });
const b64 = (s: string) => Buffer.from(s).toString('base64url');

// Tokens an attacker can send as a bearer token or an ir_at cookie: ours tampered with, ours
// re-signed with another key, payloads of any JSON with a wrong MAC, and plain junk.
const token = fc.oneof(
  claims.map((c) => signAccessToken(c, SECRET, NOW)),
  fc
    .tuple(
      claims.map((c) => signAccessToken(c, SECRET, NOW)),
      fc.nat(),
      fc.string({ minLength: 1, maxLength: 3 }),
    )
    .map(([t, at, s]) => {
      const i = at % t.length;
      return t.slice(0, i) + s + t.slice(i + 1);
    }),
  claims.map((c) => signAccessToken(c, 'another-secret-another-secret-xx', NOW)),
  fc.tuple(fc.json(), fc.string({ maxLength: 50 })).map(([payload, mac]) => `v1.${b64(payload)}.${mac}`),
  fc.tuple(fc.string(), fc.string(), fc.string()).map((p) => p.join('.')),
  fc.constantFrom('', '.', '..', 'v1..', 'v1.e30.', 'v2.a.b', 'v1.a.b.c', '\u0000', 'x'.repeat(100_000)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

describe('access tokens (fuzz)', () => {
  it('verify returns the signed claims for our untouched tokens and undefined for anything else, never throws', () => {
    let valid = 0;
    fc.assert(
      fc.property(token, (t) => {
        const got = verifyAccessToken(t, SECRET, NOW);
        if (got === undefined) return true;
        valid++;
        // Whatever verifies carries claims we signed: the signed part (`v1.<payload>`) is ours byte
        // for byte. The MAC text is not: Buffer.from(mac, 'base64url') skips stray characters and
        // the last character's spare bits, so variants of a valid token verify with the same claims.
        const ours = signAccessToken(
          { sub: got.sub, wid: got.wid, sid: got.sid },
          SECRET,
          got.exp - ACCESS_TTL_SECONDS,
        );
        return t.slice(0, t.lastIndexOf('.')) === ours.slice(0, ours.lastIndexOf('.'));
      }),
      { numRuns: 10_000 },
    );
    expect(valid).toBeGreaterThan(1_000);
  });

  it('a token we signed verifies until it expires, and not after', () => {
    fc.assert(
      fc.property(claims, fc.integer({ min: 0, max: 2 * ACCESS_TTL_SECONDS }), (c, later) => {
        const got = verifyAccessToken(signAccessToken(c, SECRET, NOW), SECRET, NOW + later);
        return later < ACCESS_TTL_SECONDS
          ? isDeepStrictEqual(got, { ...c, exp: NOW + ACCESS_TTL_SECONDS })
          : got === undefined;
      }),
      { numRuns: 1_000 },
    );
  });
});
