import { toAlertView, type AlertSignal, type FormatContext } from './alert-view.ts';
import { digestTitle, type Digest } from './digest.ts';
import { cleanText, escapeWithin, truncate } from './scraped-text.ts';

/** Discord embed limits (discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, embeds: 10, total: 6000 } as const;

export interface DiscordEmbed {
  title: string;
  url?: string;
  description: string;
  color: number;
  timestamp?: string;
  fields: Array<{ name: string; value: string; inline: boolean }>;
  footer?: { text: string };
}

/** Body of a Discord webhook POST (also what "Discord-compatible" receivers such as Mattermost accept). */
export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  /** Empty parse list: no @everyone, @here, user or role mention can ping, whatever the text says. */
  allowed_mentions: { parse: [] };
}

const MARKDOWN = /[\\*_~`|>#[\]()<:-]/;

/** Escapes Discord markdown (and mention syntax) with backslashes, within `max` characters. */
export function escapeDiscord(text: string, max: number): string {
  // A zero-width space after "@" keeps @everyone/@here inert even in clients that ignore allowed_mentions.
  const neutral = cleanText(text).replace(/@/g, '@\u200b');
  return escapeWithin(neutral, max, (ch) => (MARKDOWN.test(ch) ? `\\${ch}` : ch));
}

function scoreColor(score: number): number {
  if (score >= 8) return 0xe5484d;
  if (score >= 6) return 0xf5a524;
  return 0x8b8d98;
}

/** Discord webhook body for one signal. */
export function formatDiscordAlert(signal: AlertSignal, ctx: FormatContext): DiscordMessage {
  const view = toAlertView(signal, ctx);
  const painPoints = view.painPoints.map((p) => `• ${escapeDiscord(p, 200)}`).join('\n');
  const embed: DiscordEmbed = {
    title: escapeDiscord(view.headline, DISCORD_LIMITS.title),
    ...(view.postUrl ? { url: view.postUrl } : {}),
    description: escapeDiscord(view.summary, 1000),
    color: scoreColor(view.score),
    timestamp: new Date(Date.parse(view.postedAt)).toISOString(),
    fields: [
      { name: 'Score', value: `${view.score}/10`, inline: true },
      { name: 'Platform', value: view.platform, inline: true },
      { name: 'Author', value: escapeDiscord(view.author, 200), inline: true },
      { name: 'Posted', value: view.age, inline: true },
      { name: 'Monitor', value: escapeDiscord(view.monitorName, 200), inline: true },
      ...(painPoints ? [{ name: 'Pain points', value: truncate(painPoints, DISCORD_LIMITS.fieldValue), inline: false }] : []),
      { name: 'Intent Radar', value: `[View signal](${view.signalUrl})`, inline: false },
    ],
  };
  return { content: `Intent ${view.score}/10 on ${view.platform}`, embeds: [embed], allowed_mentions: { parse: [] } };
}

/** Discord webhook body for a digest: one embed per monitor (at most 10, Discord's limit). */
export function formatDiscordDigest(digest: Digest, ctx: FormatContext): DiscordMessage {
  let budget = DISCORD_LIMITS.total;
  const embeds: DiscordEmbed[] = [];
  for (const group of digest.groups.slice(0, DISCORD_LIMITS.embeds)) {
    const lines = group.top.map((signal) => {
      const view = toAlertView(signal, ctx);
      const link = view.postUrl ? ` ([post](${view.postUrl}))` : '';
      return `**${view.score}/10** ${escapeDiscord(view.headline, 150)}${link} [view](${view.signalUrl})`;
    });
    const description = truncate(lines.join('\n'), DISCORD_LIMITS.description);
    const title = escapeDiscord(`${group.monitorName} (${group.total})`, DISCORD_LIMITS.title);
    if (title.length + description.length > budget) break;
    budget -= title.length + description.length;
    embeds.push({ title, description, color: scoreColor(group.top[0]?.intentScore ?? 0), fields: [] });
  }
  return { content: digestTitle(digest), embeds, allowed_mentions: { parse: [] } };
}
