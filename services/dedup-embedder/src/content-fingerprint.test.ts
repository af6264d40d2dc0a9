import { describe, expect, it } from 'vitest';
import { contentFingerprint, normalizeForFingerprint } from './content-fingerprint.ts';

describe('contentFingerprint', () => {
  it('ignores case, punctuation, spacing and emoji', () => {
    const a = 'Looking for a ZoomInfo alternative — under $500/month?';
    const b = '  looking for a zoominfo ALTERNATIVE under 500 month 🙏 ';
    expect(normalizeForFingerprint(a)).toBe('looking for a zoominfo alternative under 500 month');
    expect(contentFingerprint(a)).toBe(contentFingerprint(b));
    expect(contentFingerprint(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when a word differs', () => {
    expect(contentFingerprint('need a crm')).not.toBe(contentFingerprint('need no crm'));
  });

  it('folds compatibility characters (NFKC)', () => {
    expect(contentFingerprint('ｚｏｏｍｉｎｆｏ')).toBe(contentFingerprint('zoominfo'));
  });
});
