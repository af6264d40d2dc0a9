export { formatSlackAlert, formatSlackDigest, escapeMrkdwn, slackLink, type SlackMessage } from './format/slack.ts';
export { formatEmailAlert, formatEmailDigest, escapeHtml, type EmailContent } from './format/email.ts';
export { formatDiscordAlert, formatDiscordDigest, type DiscordMessage } from './format/discord.ts';
export { buildDigest, DIGEST_PERIODS, type Digest, type DigestPeriod } from './format/digest.ts';
export type { AlertSignal, FormatContext } from './format/alert-view.ts';
export { signWebhook, verifyWebhook, generateWebhookSecret, WebhookSignatureError, type WebhookHeaders } from './webhooks/signing.ts';
export { signalWebhookBody, digestWebhookBody } from './webhooks/payload.ts';
