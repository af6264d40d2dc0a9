import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

const csv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

/**
 * Outbound policy and mail settings shared by everything that sends to a user's destination: the
 * notifier and the gateway's "send test" (one policy, so a test proves what real alerts will do).
 * Spread into a service's env schema.
 */
export const deliveryEnvShape = {
  /** host:port list that may be called over plain http (the sandbox: 127.0.0.1:4100). */
  OUTBOUND_ALLOW_HTTP_HOSTS: csv,
  /** host:port list that may resolve to loopback/private addresses; a separate opt-in. */
  OUTBOUND_ALLOW_PRIVATE_HOSTS: csv,
  /** Origins Slack webhook URLs may have, besides https://hooks.slack.com (the sandbox in development). */
  SLACK_EXTRA_ORIGINS: csv,
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp:// or smtps://').default('smtp://127.0.0.1:2525'),
  EMAIL_FROM: z.string().min(3).default('Intent Radar <alerts@intentradar.local>'),
};

/** Notifier environment. */
export const notifierEnv = baseEnv.extend({
  ...deliveryEnvShape,
  /** Base URL of the dashboard; alerts link to `${DASHBOARD_URL}/signals/<id>`. */
  DASHBOARD_URL: z.url().default('http://127.0.0.1:8080'),
  /**
   * signals.created handled at once by this process. A handler mostly waits (Postgres, Slack,
   * NATS), and on a loaded machine each wait is long: at 200/s with ~0.5 s per handler, 32 or 128
   * slots queued events for seconds before a handler picked them up (bench:notify). The hot
   * statements are batched, so this costs a few database connections, not one per handler.
   */
  NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(2048).default(512),
  /** Retry/held-alert poller interval. Milliseconds. */
  NOTIFIER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
});
export type NotifierConfig = z.infer<typeof notifierEnv>;

export const SLACK_ORIGIN = 'https://hooks.slack.com';
