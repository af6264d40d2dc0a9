import { toAlertView, type AlertSignal, type AlertView, type FormatContext } from './alert-view.ts';
import { digestTitle, type Digest } from './digest.ts';
import { cleanText, escapeWithin, oneLine, truncate } from './scraped-text.ts';

/** Slack Block Kit limits (api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = { sectionText: 3000, fieldText: 2000, headerText: 150, blocks: 50, fallbackText: 3000 } as const;

export type SlackTextObject = { type: 'mrkdwn' | 'plain_text'; text: string };
export type SlackBlock =
  | { type: 'header'; text: SlackTextObject }
  | { type: 'section'; text?: SlackTextObject; fields?: SlackTextObject[] }
  | { type: 'context'; elements: SlackTextObject[] }
  | { type: 'divider' };

/** Body of an incoming-webhook POST. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeChar = (ch: string): string => SLACK_ENTITIES[ch] ?? ch;

/**
 * Escapes scraped text for Slack mrkdwn within `max` characters. &, < and > become entities, so
 * `<!channel>`, `<@U123>` and `<http://evil|click>` are shown, never parsed; bare @channel/@here/
 * @everyone get a word joiner so they cannot notify anyone either.
 */
export function escapeMrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): string {
  // No \b: truncation can cut "@channel0" to "@channel…", which is a mention again.
  const neutral = cleanText(text).replace(/@(channel|here|everyone)/gi, '@\u2060$1');
  // Most text fits whole: then the one-pass replace is exactly what escapeWithin would build code
  // point by code point (every character escapes to at least itself), at a fraction of the CPU.
  const whole = neutral.replace(/[&<>]/g, escapeChar);
  if (whole.length <= max) return whole;
  return escapeWithin(neutral, max, escapeChar);
}

/** `<url|label>` with the URL's own <, >, | and & made harmless and the label escaped. */
export function slackLink(url: string, label: string, maxLabel = 200): string {
  const safeUrl = url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safeUrl}|${escapeMrkdwn(oneLine(label), maxLabel)}>`;
}

function field(label: string, valueMrkdwn: string): SlackTextObject {
  return { type: 'mrkdwn', text: `*${label}*\n${valueMrkdwn}` };
}

function bullets(items: readonly string[], budget: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const item of items) {
    const line = `• ${escapeMrkdwn(item, 300)}`;
    if (used + line.length + 1 > budget) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

function alertBlocks(view: AlertView): SlackBlock[] {
  const headline = view.postUrl ? slackLink(view.postUrl, view.headline, 250) : escapeMrkdwn(view.headline, 250);
  const author = view.authorUrl ? slackLink(view.authorUrl, view.author, 100) : escapeMrkdwn(view.author, 100);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Intent ${view.score}/10 on ${view.platform}`, SLACK_LIMITS.headerText) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*\n${escapeMrkdwn(view.summary, 2000)}` } },
    {
      type: 'section',
      fields: [
        field('Score', `${view.score}/10`),
        field('Platform', view.platform),
        field('Author', author),
        field('Posted', view.age),
        field('Monitor', escapeMrkdwn(view.monitorName, 200)),
        field('Stage', escapeMrkdwn(view.stage, 60)),
      ],
    },
  ];
  if (view.painPoints.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Pain points*\n${bullets(view.painPoints, SLACK_LIMITS.sectionText - 20)}` } });
  }
  if (view.competitors.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Mentions: ${escapeMrkdwn(view.competitors.join(', '), 1000)}` }] });
  }
  const links = [view.postUrl ? slackLink(view.postUrl, 'Open post') : null, slackLink(view.signalUrl, 'View in Intent Radar')];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.filter((l): l is string => l !== null).join('  ·  ') }] });
  return blocks;
}

/** Block Kit message for one signal; the fallback `text` is what notifications show. */
export function formatSlackAlert(signal: AlertSignal, ctx: FormatContext): SlackMessage {
  const view = toAlertView(signal, ctx);
  const text = escapeMrkdwn(`Intent ${view.score}/10 on ${view.platform}: ${view.summary || view.headline}`, SLACK_LIMITS.fallbackText);
  return { text, blocks: alertBlocks(view), unfurl_links: false, unfurl_media: false };
}

/** Block Kit digest: one section per monitor with its top signals, within Slack's 50-block limit. */
export function formatSlackDigest(digest: Digest, ctx: FormatContext): SlackMessage {
  const title = digestTitle(digest);
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText) } }];
  // Header + per group (section + optional context) + divider; leave room for the final "more" line.
  for (const group of digest.groups) {
    if (blocks.length + 3 > SLACK_LIMITS.blocks - 1) break;
    const lines = group.top.map((signal) => {
      const view = toAlertView(signal, ctx);
      const headline = view.postUrl ? slackLink(view.postUrl, view.headline, 150) : escapeMrkdwn(view.headline, 150);
      return `*${view.score}/10* ${headline}\n${escapeMrkdwn(view.summary, 300)} _(${view.platform}, ${escapeMrkdwn(view.author, 60)}, ${view.age})_ ${slackLink(view.signalUrl, 'View')}`;
    });
    let text = `*${escapeMrkdwn(oneLine(group.monitorName), 200)}* (${group.total})`;
    for (const line of lines) {
      if (text.length + line.length + 2 > SLACK_LIMITS.sectionText) break;
      text += `\n\n${line}`;
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    if (group.total > group.top.length) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `+${group.total - group.top.length} more in the dashboard` }] });
    }
    blocks.push({ type: 'divider' });
  }
  const dashboard = ctx.dashboardUrl.replace(/\/+$/, '');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackLink(`${dashboard}/signals`, 'All signals in Intent Radar') }] });
  return { text: escapeMrkdwn(title, SLACK_LIMITS.fallbackText), blocks, unfurl_links: false, unfurl_media: false };
}
