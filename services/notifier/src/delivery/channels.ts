import { OutboundError, type OutboundClient, type OutboundResponse } from '@intent-radar/outbound';
import type { Transporter } from 'nodemailer';
import type { AlertSignal, FormatContext } from '../format/alert-view.ts';
import type { Digest } from '../format/digest.ts';
import { formatDiscordAlert, formatDiscordDigest } from '../format/discord.ts';
import { formatEmailAlert, formatEmailDigest, type EmailContent } from '../format/email.ts';
import { formatSlackAlert, formatSlackDigest } from '../format/slack.ts';
import { digestWebhookBody, signalWebhookBody, testWebhookBody } from '../webhooks/payload.ts';
import { signWebhook } from '../webhooks/signing.ts';
import { isSlackWebhookUrl, type Destination } from './destination.ts';
import { retryAfterMs } from './retry-schedule.ts';

/**
 * What one send attempt came to. `disable` means the destination itself is dead (owner must fix
 * it). `unconfirmed`: the whole request went out but no answer came, so it may have been posted;
 * a channel without an idempotency key (Slack) must not resend it or it may post twice.
 */
export type SendOutcome =
  | { kind: 'sent'; httpStatus?: number }
  | { kind: 'retry'; error: string; httpStatus?: number; retryAfterMs?: number }
  | { kind: 'failed'; error: string; httpStatus?: number }
  | { kind: 'unconfirmed'; error: string; httpStatus?: number }
  | { kind: 'disable'; error: string; httpStatus?: number };

/**
 * Total time one request may take, per channel. Milliseconds. Webhooks get the 10 s of the
 * outbound policy: a retry is harmless there (same webhook-id, receivers dedupe). Slack has no
 * idempotency key, so a request that timed out after it was sent is never resent (it may have been
 * posted): a longer wait makes that unconfirmed case rarer. Slack answers in well under a second;
 * 30 s only matters when Slack (or the machine) is starved, and the host is always
 * hooks.slack.com (or the configured sandbox), never an arbitrary user-supplied server.
 */
export const SEND_TIMEOUTS_MS = { slack: 30_000, webhook: 10_000 } as const;

/**
 * One thing to deliver: a single signal, a digest, or a "send test" (a labelled sample signal that
 * chat and email render exactly like an alert). `messageId` is stable across retries.
 */
export type Deliverable =
  | { kind: 'alert'; signal: AlertSignal; messageId: string }
  | { kind: 'test'; signal: AlertSignal; messageId: string }
  | { kind: 'digest'; digest: Digest; messageId: string };

export interface ChannelDeps {
  outbound: OutboundClient;
  mailer: Transporter;
  emailFrom: string;
  dashboardUrl: string;
  /** Origins a Slack webhook URL may have (https://hooks.slack.com, plus the sandbox in development). */
  slackOrigins: readonly string[];
  now: () => Date;
  /** Overrides SEND_TIMEOUTS_MS (tests); the outbound client's own timeout must be at least as long. */
  timeoutsMs?: { slack: number; webhook: number };
}

/** Slack answers that mean the webhook URL is revoked or its channel gone: stop using it. */
const SLACK_DEAD = new Set(['no_service', 'no_team', 'channel_not_found', 'channel_is_archived', 'invalid_token', 'team_disabled', 'action_prohibited']);

function summarize(res: OutboundResponse): string {
  return `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
}

function outboundFailure(err: unknown, idempotent: boolean): SendOutcome {
  if (err instanceof OutboundError) {
    // The URL itself is refused (scheme, address, redirect): no retry can help; the owner must change it.
    if (err.isPolicyRefusal) return { kind: 'disable', error: `${err.code}: ${err.message}`, ...(err.status ? { httpStatus: err.status } : {}) };
    // Sent in full, then silence or a cut connection: the receiver may have acted on it.
    if (err.requestSent && !idempotent) return { kind: 'unconfirmed', error: `${err.code}: ${err.message} (the request was sent in full and may have been delivered; not resent)` };
    return { kind: 'retry', error: `${err.code}: ${err.message}` };
  }
  return { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
}

export function classifySlack(res: OutboundResponse, now: Date): SendOutcome {
  const body = res.body.trim();
  if (res.status >= 200 && res.status < 300) return { kind: 'sent', httpStatus: res.status };
  if (res.status === 429) {
    const wait = retryAfterMs(res.headers['retry-after'], now);
    return { kind: 'retry', error: summarize(res), httpStatus: 429, ...(wait === null ? {} : { retryAfterMs: wait }) };
  }
  // Cut like summarize(): a 404 page from a proxy can be any size, and the reason is stored, logged and shown.
  if (res.status === 404 || res.status === 410 || SLACK_DEAD.has(body)) return { kind: 'disable', error: `Slack: ${body.slice(0, 200) || res.status}`, httpStatus: res.status };
  if (res.status >= 500) return { kind: 'retry', error: summarize(res), httpStatus: res.status };
  return { kind: 'failed', error: summarize(res), httpStatus: res.status };
}

export function classifyWebhook(res: OutboundResponse, now: Date): SendOutcome {
  if (res.status >= 200 && res.status < 300) return { kind: 'sent', httpStatus: res.status };
  if (res.status === 410) return { kind: 'disable', error: 'endpoint answered 410 Gone', httpStatus: 410 };
  const wait = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers['retry-after'], now) : null;
  return { kind: 'retry', error: summarize(res), httpStatus: res.status, ...(wait === null ? {} : { retryAfterMs: wait }) };
}

function discordBody(item: Deliverable, ctx: FormatContext): unknown {
  return item.kind === 'digest' ? formatDiscordDigest(item.digest, ctx) : formatDiscordAlert(item.signal, ctx);
}

function standardWebhookBody(item: Deliverable, dashboardUrl: string, now: Date): unknown {
  switch (item.kind) {
    case 'alert':
      return signalWebhookBody(item.signal, dashboardUrl, now);
    case 'test':
      return testWebhookBody(item.signal, dashboardUrl, now);
    case 'digest':
      return digestWebhookBody(item.digest, dashboardUrl, now);
  }
}

/** Sends a deliverable to one destination over its channel and classifies the result; never throws. */
export async function sendToDestination(deps: ChannelDeps, destination: Destination, item: Deliverable): Promise<SendOutcome> {
  const now = deps.now();
  const ctx: FormatContext = { dashboardUrl: deps.dashboardUrl, now };
  const { channel } = destination;
  const timeoutsMs = deps.timeoutsMs ?? SEND_TIMEOUTS_MS;
  switch (channel.kind) {
    case 'slack': {
      if (!isSlackWebhookUrl(channel.settings.webhookUrl, deps.slackOrigins)) {
        return { kind: 'disable', error: 'Slack destinations must be https://hooks.slack.com/services/... URLs' };
      }
      const message = item.kind === 'digest' ? formatSlackDigest(item.digest, ctx) : formatSlackAlert(item.signal, ctx);
      try {
        const res = await deps.outbound.request(channel.settings.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
          timeoutMs: timeoutsMs.slack,
        });
        return classifySlack(res, now);
      } catch (err) {
        return outboundFailure(err, false);
      }
    }
    case 'webhook': {
      const { url, format, signingSecrets } = channel.settings;
      const body = JSON.stringify(format === 'discord' ? discordBody(item, ctx) : standardWebhookBody(item, deps.dashboardUrl, now));
      const signature = signingSecrets.length > 0 ? signWebhook({ id: item.messageId, body, secrets: signingSecrets, now }) : { 'webhook-id': item.messageId };
      try {
        const res = await deps.outbound.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body, timeoutMs: timeoutsMs.webhook });
        return classifyWebhook(res, now);
      } catch (err) {
        // A retry carries the same webhook-id (messageId), which Standard Webhooks receivers dedupe
        // on; Discord ignores it and would post twice, so Discord is treated like Slack.
        return outboundFailure(err, format !== 'discord');
      }
    }
    case 'email': {
      const content: EmailContent = item.kind === 'digest' ? formatEmailDigest(item.digest, ctx) : formatEmailAlert(item.signal, ctx);
      try {
        await deps.mailer.sendMail({
          from: deps.emailFrom,
          to: channel.settings.to,
          subject: content.subject,
          text: content.text,
          html: content.html,
          // Lets a mail client thread retries and lets us find the message in the sink.
          messageId: `<${item.messageId}@intent-radar>`,
        });
        return { kind: 'sent' };
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        const message = err instanceof Error ? err.message : String(err);
        if (typeof code === 'number' && code >= 500) return { kind: 'failed', error: `SMTP ${code}: ${message}` };
        return { kind: 'retry', error: typeof code === 'number' ? `SMTP ${code}: ${message}` : message };
      }
    }
  }
}
