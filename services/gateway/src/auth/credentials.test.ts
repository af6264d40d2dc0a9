import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.ts';
import { signAccessToken, verifyAccessToken } from './tokens.ts';
import { csvCell } from '../routes/signal-export.ts';

describe('password policy', () => {
  it('accepts long passphrases and refuses short, common and patterned ones', () => {
    expect(passwordProblem('correct horse battery')).toBeUndefined();
    expect(passwordProblem('Z'.repeat(11))).toMatch(/at least 12/);
    expect(passwordProblem('Password1234')).toMatch(/common/);
    expect(passwordProblem('abababababab')).toMatch(/repeated/);
    expect(passwordProblem('abcdefghijklm')).toMatch(/sequence/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most/);
  });
});

describe('access tokens', () => {
  const secret = 's'.repeat(40);
  it('round-trips, expires after 15 minutes and rejects tampering', () => {
    const t = signAccessToken({ sub: 'u', wid: 'w', sid: 's' }, secret, 1000);
    expect(verifyAccessToken(t, secret, 1000 + 899)).toMatchObject({ sub: 'u', wid: 'w' });
    expect(verifyAccessToken(t, secret, 1000 + 900)).toBeUndefined();
    expect(verifyAccessToken(t, 'o'.repeat(40), 1001)).toBeUndefined();
    const [v, payload, mac] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u', wid: 'other', sid: 's', exp: 9e9 })).toString('base64url');
    expect(verifyAccessToken(`${v}.${forged}.${mac}`, secret, 1001)).toBeUndefined();
    expect(payload).toBeTruthy();
  });
});

describe('csv cells', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(['x', 'y'])).toBe('x; y');
    expect(csvCell(null)).toBe('');
  });
});
