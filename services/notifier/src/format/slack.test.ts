import { describe, expect, it } from 'vitest';
import { buildDigest } from './digest.ts';
import { CTX, sampleSignal } from './sample-signal.ts';
import { escapeMrkdwn, formatSlackAlert, formatSlackDigest, SLACK_LIMITS, slackLink } from './slack.ts';

/** Every string in a Block Kit message, to search for anything Slack would parse as a control sequence. */
function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allText);
  return [];
}

/** Slack control sequences: <!channel>, <!here>, <@U…>, <#C…>, and <url|label> links. */
function slackControlSequences(text: string): string[] {
  return [...text.matchAll(/<([^>]*)>/g)].map((m) => m[1] ?? '');
}

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> buy now', '&lt;!channel&gt; buy now'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['hey <@U024BE7LH>', 'hey &lt;@U024BE7LH&gt;'],
    ['<#C024BE7LR|general>', '&lt;#C024BE7LR|general&gt;'],
    ['<http://evil.example|click here>', '&lt;http://evil.example|click here&gt;'],
    ['AT&T &amp; co', 'AT&amp;T &amp;amp; co'],
    ['@channel and @here and @Everyone', '@\u2060channel and @\u2060here and @\u2060Everyone'],
    ['bell\u0007 null\u0000 rtl\u202eevil', 'bell null rtlevil'],
    ['line1\r\nline2', 'line1\nline2'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('truncates without splitting an entity or a surrogate pair', () => {
    const out = escapeMrkdwn('&'.repeat(1000), 12);
    expect(out).toBe('&amp;&amp;…');
    // Lengths are UTF-16 units like Slack's; an emoji is two of them and is never cut in half.
    expect(escapeMrkdwn('😀😀😀', 4)).toBe('😀…');
  });
});

describe('slackLink', () => {
  it('keeps a URL from closing the link or adding a label', () => {
    expect(slackLink('https://x.example/a|b>c<d&e', 'label <b>')).toBe('<https://x.example/a%7Cb%3Ec%3Cd&amp;e|label &lt;b&gt;>');
  });
});

describe('formatSlackAlert', () => {
  it('renders score, summary, pain points, platform, author, age and both links', () => {
    const message = formatSlackAlert(sampleSignal(), CTX);
    const text = allText(message).join('\n');
    expect(message.text).toBe('Intent 9/10 on Reddit: SDR lead wants a cheaper ZoomInfo replacement this quarter');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Intent 9/10 on Reddit' } });
    for (const expected of ['9/10', 'Reddit', 'sdr_lead_42', '3 h ago', '• ZoomInfo is too expensive', '• Bounce rate above 20%', 'Mentions: ZoomInfo, Apollo', 'evaluating']) {
      expect(text).toContain(expected);
    }
    const links = slackControlSequences(text);
    expect(links).toContain('https://www.reddit.com/r/sales/comments/abc123/looking_for_a_zoominfo_alternative/|Looking for a ZoomInfo alternative under $500/month');
    expect(links).toContain('https://app.intentradar.test/signals/sig_123|View in Intent Radar');
    expect(message.unfurl_links).toBe(false);
  });

  it('lets no scraped text become a mention, broadcast or link', () => {
    const hostile = '<!channel> <!here> <@U0123ABC> <!subteam^S123> <https://evil.example|Reset your password> @everyone';
    const message = formatSlackAlert(
      sampleSignal({
        title: hostile,
        summary: hostile,
        excerpt: hostile,
        painPoints: [hostile],
        competitors: [hostile],
        monitorName: hostile,
        decisionStage: hostile.slice(0, 40),
        author: { handle: '<!channel>', displayName: '<@U999>' },
      }),
      CTX,
    );
    const sequences = allText(message).flatMap(slackControlSequences);
    // The only <...> left are our two links; every one points at the post or the dashboard.
    expect(sequences.length).toBeGreaterThan(0);
    for (const seq of sequences) {
      const target = seq.split('|')[0] ?? '';
      expect(target.startsWith('https://www.reddit.com/') || target.startsWith('https://app.intentradar.test/'), seq).toBe(true);
    }
    expect(allText(message).join(' ')).not.toMatch(/@(channel|here|everyone)/i);
  });

  it('drops links that are not http(s) and stays within Slack limits for huge input', () => {
    const long = 'word & <b> '.repeat(2000);
    const message = formatSlackAlert(
      sampleSignal({ url: 'javascript:alert(1)', summary: long.slice(0, 300), title: long.slice(0, 1000), painPoints: Array(20).fill(long.slice(0, 300)) }),
      CTX,
    );
    const text = allText(message).join('\n');
    expect(text).not.toContain('javascript:');
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    for (const block of message.blocks) {
      if (block.type === 'section') {
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
    }
  });
});

describe('formatSlackDigest', () => {
  it('groups by monitor, best first, and stays within 50 blocks and 3000-char sections', () => {
    const signals = Array.from({ length: 400 }, (_, i) =>
      sampleSignal({ signalId: `s${i}`, monitorId: `m${i % 40}`, monitorName: `Monitor <!here> ${i % 40}`, intentScore: (i % 10) + 1, summary: 'x&'.repeat(150) }),
    );
    const digest = buildDigest(signals, 'daily', new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z'));
    const message = formatSlackDigest(digest, CTX);
    expect(message.text).toBe('Daily digest: 400 new signals');
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks) {
      if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(allText(message).join(' ')).not.toContain('<!here>');
  });
});
