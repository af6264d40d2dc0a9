import { createOutboundClient, type OutboundClient } from '@intent-radar/outbound';
import nodemailer, { type Transporter } from 'nodemailer';
import type { z } from 'zod';
import { SLACK_ORIGIN, type deliveryEnvShape } from '../config.ts';
import { SEND_TIMEOUTS_MS } from './channels.ts';

/** The parsed values of `deliveryEnvShape` (a service env that spreads it satisfies this). */
export type DeliveryEnv = { [K in keyof typeof deliveryEnvShape]: z.infer<(typeof deliveryEnvShape)[K]> };

/** The SSRF-safe HTTP client and the SMTP transport every send to a destination goes through. */
export interface DeliveryClients {
  outbound: OutboundClient;
  mailer: Transporter;
  emailFrom: string;
  /** Origins a Slack webhook URL may have: https://hooks.slack.com plus SLACK_EXTRA_ORIGINS. */
  slackOrigins: string[];
  close(): Promise<void>;
}

/** Creates the outbound client and mailer from the shared delivery settings (notifier and gateway alike). */
export function createDeliveryClients(config: DeliveryEnv): DeliveryClients {
  // The policy's timeout is the longest any channel uses; each request passes its channel's own (shorter or equal).
  const timeoutMs = Math.max(SEND_TIMEOUTS_MS.slack, SEND_TIMEOUTS_MS.webhook);
  const outbound = createOutboundClient({ allowHttpHosts: config.OUTBOUND_ALLOW_HTTP_HOSTS, allowPrivateHosts: config.OUTBOUND_ALLOW_PRIVATE_HOSTS, timeoutMs });
  const mailer = nodemailer.createTransport(config.SMTP_URL);
  return {
    outbound,
    mailer,
    emailFrom: config.EMAIL_FROM,
    slackOrigins: [SLACK_ORIGIN, ...config.SLACK_EXTRA_ORIGINS],
    async close() {
      mailer.close();
      await outbound.close();
    },
  };
}
