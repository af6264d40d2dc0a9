import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CTX, sampleSignal } from './sample-signal.ts';
import { cleanText, escapeWithin } from './scraped-text.ts';
import { escapeMrkdwn, formatSlackAlert, slackLink } from './slack.ts';

// Scraped text: Slack's control sequences, entities, bidi overrides and surrogate halves mixed into noise.
const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('<!channel>', '<!here|x>', '<!everyone>', '<@U123>', '<#C1|general>', '<http://evil.test|click>', '<https://x.y>', '<mailto:a@b>'),
  fc.constantFrom('<', '>', '&', '&lt;', '&amp;lt;', '|', '@channel', '@here', '@everyone', '\u202e', '\u2066', '\ufeff', '\ud800', '\udc00', '\r\n', '\t', '\u0000'),
);
const scraped = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
const mass = /@(channel|here|everyone)\b/i;

/** Our own links `<http(s)://url|label>` removed: whatever is left must hold no Slack control syntax. */
function withoutOwnLinks(mrkdwn: string): string {
  return mrkdwn.replace(/<https?:\/\/[^<>|\s]+\|[^<>]*>/g, '');
}

/** Every mrkdwn text object anywhere in the blocks. */
function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
}

describe('Slack mrkdwn escaping (fuzz)', () => {
  it('the one-pass fast path gives exactly the code-point-by-code-point result, at every length limit (10k)', () => {
    const slow = (text: string, max: number) =>
      escapeWithin(cleanText(text).replace(/@(channel|here|everyone)/gi, '@\u2060$1'), max, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch] ?? ch);
    fc.assert(
      fc.property(scraped, fc.integer({ min: 1, max: 120 }), (text, max) => {
        expect(escapeMrkdwn(text, max)).toBe(slow(text, max));
      }),
      { numRuns: 10_000 },
    );
  });

  it('escapeMrkdwn output has no <, > or mass mention and fits max', () => {
    fc.assert(
      fc.property(scraped, fc.integer({ min: 1, max: 60 }), (text, max) => {
        const out = escapeMrkdwn(text, max);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(mass);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 10_000 },
    );
  });

  it('slackLink is exactly one link whatever the url and label', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), scraped.map((s) => `https://a.test/${s}`)), scraped, (url, label) => {
        const out = slackLink(url, label);
        expect(out.startsWith('<')).toBe(true);
        expect(out.endsWith('>')).toBe(true);
        const inner = out.slice(1, -1);
        expect(inner).not.toMatch(/[<>]/);
        // Slack splits a link at its first '|': a plain URL must come out whole before it.
        if (!/[|&<>]/.test(url)) expect(inner.slice(0, inner.indexOf('|'))).toBe(url);
      }),
      { numRuns: 10_000 },
    );
  });

  it('a whole alert built from scraped fields holds no <!, <@ or link other than our own', () => {
    const urlish = fc.oneof(scraped, fc.constantFrom('https://www.reddit.com/r/x/comments/1/', 'javascript:alert(1)', 'https://u:p@evil.test/', 'http://a.test/<!channel>|x'));
    fc.assert(
      fc.property(scraped, scraped, scraped, scraped, urlish, urlish, fc.array(scraped, { maxLength: 3 }), (title, excerpt, summary, handle, url, profileUrl, painPoints) => {
        const msg = formatSlackAlert(sampleSignal({ title, excerpt, summary, url, author: { handle: handle || 'x', profileUrl }, painPoints, competitors: painPoints }), CTX);
        // The fallback text and every mrkdwn object are parsed by Slack; plain_text is shown as is.
        const texts = [msg.text, ...mrkdwnTexts(msg.blocks)];
        for (const t of texts) {
          expect(t).not.toMatch(/<[!@#]/);
          expect(withoutOwnLinks(t)).not.toMatch(/[<>]/);
          expect(t).not.toMatch(mass);
        }
      }),
      // 1k whole alerts (~1 ms each); the escaper itself gets 10k cases above.
      { numRuns: 1_000 },
    );
  }, 20_000);
});
