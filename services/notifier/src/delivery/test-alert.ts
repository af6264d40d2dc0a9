import { randomUUID } from 'node:crypto';
import type { OutboundClient } from '@intent-radar/outbound';
import type { Transporter } from 'nodemailer';
import type { AlertSignal } from '../format/alert-view.ts';
import { sendToDestination, type SendOutcome } from './channels.ts';
import { DestinationConfigError, parseDestination, type Destination, type DestinationRow } from './destination.ts';

/**
 * What a "send test" came to, for the person who pressed the button:
 * - `sent`: the destination accepted it;
 * - `rejected`: it never will as configured (Slack `no_service`, 410, a refused URL): fix the destination;
 * - `failed`: it said no to this message (a 4xx, an SMTP 5xx);
 * - `unavailable`: try again later (timeout, 5xx, 429, connection refused);
 * - `invalid`: the stored settings cannot be used at all.
 */
export type TestAlertStatus = 'sent' | 'rejected' | 'failed' | 'unavailable' | 'invalid';

export interface TestAlertResult {
  ok: boolean;
  status: TestAlertStatus;
  /** One line for the user, e.g. "Slack: no_service" or "delivered (HTTP 200)". */
  detail: string;
  httpStatus?: number;
  /** The message id the destination saw (webhook-id / Message-ID). */
  messageId: string;
}

export interface SendTestAlertInput {
  /** The alert_destinations row (config and secrets included). */
  destination: DestinationRow;
  outbound: OutboundClient;
  mailer: Transporter;
  emailFrom: string;
  dashboardUrl: string;
  /** Origins a Slack webhook URL may have (https://hooks.slack.com plus configured extras). */
  slackOrigins: readonly string[];
  now?: () => Date;
}

/** The sample a test renders: every field says it is a test, so nobody chases it as a lead. */
export function testAlertSignal(destination: Pick<Destination, 'id' | 'workspaceId' | 'name'>, now: Date): AlertSignal {
  return {
    signalId: `test-${destination.id}`,
    workspaceId: destination.workspaceId,
    monitorId: 'test',
    monitorName: 'Test alert',
    postId: 'test',
    platform: 'reddit',
    url: 'https://www.reddit.com/r/sales/',
    title: `Test alert from Intent Radar for "${destination.name}"`.slice(0, 1000),
    excerpt: 'This is a test message sent from the Intent Radar dashboard.',
    author: { handle: 'intent-radar-test' },
    postedAt: now.toISOString(),
    intentScore: 9,
    summary: 'TEST: this destination works. Real alerts look like this one.',
    painPoints: ['(sample) current tool is too expensive'],
    competitors: [],
    decisionStage: 'test',
  };
}

function toResult(outcome: SendOutcome, destination: Destination, messageId: string): TestAlertResult {
  const httpStatus = outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus };
  switch (outcome.kind) {
    case 'sent': {
      const how = outcome.httpStatus === undefined ? '' : ` (HTTP ${outcome.httpStatus})`;
      return { ok: true, status: 'sent', detail: `delivered to ${destination.channel.kind}${how}`, messageId, ...httpStatus };
    }
    case 'disable':
      return { ok: false, status: 'rejected', detail: outcome.error, messageId, ...httpStatus };
    case 'failed':
      return { ok: false, status: 'failed', detail: outcome.error, messageId, ...httpStatus };
    case 'retry':
    case 'unconfirmed':
      return { ok: false, status: 'unavailable', detail: outcome.error, messageId, ...httpStatus };
  }
}

/**
 * Sends a clearly labelled test alert to one destination, now, through the same formatting,
 * URL policy and classification as real alerts, and says what happened. Never throws for a
 * destination's answer; it records nothing and never disables the destination. The caller records
 * the test and, when it was delivered, re-enables a destination disabled by a failure (reenableDestination).
 */
export async function sendTestAlert(input: SendTestAlertInput): Promise<TestAlertResult> {
  const now = input.now ?? (() => new Date());
  const messageId = `test_${randomUUID()}`;
  let destination: Destination;
  try {
    destination = parseDestination(input.destination);
  } catch (err) {
    if (!(err instanceof DestinationConfigError)) throw err;
    return { ok: false, status: 'invalid', detail: err.message, messageId };
  }
  const channels = {
    outbound: input.outbound,
    mailer: input.mailer,
    emailFrom: input.emailFrom,
    dashboardUrl: input.dashboardUrl,
    slackOrigins: input.slackOrigins,
    now,
  };
  const outcome = await sendToDestination(channels, destination, { kind: 'test', signal: testAlertSignal(destination, now()), messageId });
  return toResult(outcome, destination, messageId);
}
