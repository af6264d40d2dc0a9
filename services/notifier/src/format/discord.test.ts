import { describe, expect, it } from 'vitest';
import { buildDigest } from './digest.ts';
import { DISCORD_LIMITS, escapeDiscord, formatDiscordAlert, formatDiscordDigest } from './discord.ts';
import { CTX, sampleSignal } from './sample-signal.ts';

describe('formatDiscordAlert', () => {
  it('builds an embed with score, platform, author, age and links, with mentions disabled', () => {
    const message = formatDiscordAlert(sampleSignal(), CTX);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const embed = message.embeds[0]!;
    expect(embed.url).toBe('https://www.reddit.com/r/sales/comments/abc123/looking_for_a_zoominfo_alternative/');
    expect(embed.fields.map((f) => f.name)).toEqual(['Score', 'Platform', 'Author', 'Posted', 'Monitor', 'Pain points', 'Intent Radar']);
    expect(embed.fields.find((f) => f.name === 'Intent Radar')?.value).toBe('[View signal](https://app.intentradar.test/signals/sig_123)');
  });

  it('escapes markdown links and mentions in scraped text', () => {
    const message = formatDiscordAlert(sampleSignal({ title: '[click](https://evil.example) @everyone <@123>', url: 'data:text/html,x' }), CTX);
    const embed = message.embeds[0]!;
    expect(embed.title).toBe('\\[click\\]\\(https\\://evil.example\\) @\u200beveryone \\<@\u200b123\\>');
    expect(embed.url).toBeUndefined();
    expect(escapeDiscord('x'.repeat(5000), DISCORD_LIMITS.title)).toHaveLength(DISCORD_LIMITS.title);
  });
});

describe('formatDiscordDigest', () => {
  it('stays within 10 embeds and 6000 characters', () => {
    const signals = Array.from({ length: 300 }, (_, i) => sampleSignal({ signalId: `s${i}`, monitorId: `m${i % 30}`, title: 't'.repeat(500) }));
    const message = formatDiscordDigest(buildDigest(signals, 'hourly', new Date(0), new Date(1)), CTX);
    expect(message.embeds.length).toBeGreaterThan(0);
    expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    const total = message.embeds.reduce((n, e) => n + e.title.length + e.description.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(message.content).toBe('Hourly digest: 300 new signals');
  });
});
