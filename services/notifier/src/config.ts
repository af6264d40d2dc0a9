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

/** Notifier environment. */
export const notifierEnv = baseEnv.extend({
  /** Base URL of the dashboard; alerts link to `${DASHBOARD_URL}/signals/<id>`. */
  DASHBOARD_URL: z.url().default('http://127.0.0.1:8080'),
  /** host:port list that may be called over plain http (the sandbox: 127.0.0.1:4100). */
  OUTBOUND_ALLOW_HTTP_HOSTS: csv,
  /** host:port list that may resolve to loopback/private addresses; a separate opt-in. */
  OUTBOUND_ALLOW_PRIVATE_HOSTS: csv,
  /** Origins Slack webhook URLs may have, besides https://hooks.slack.com (the sandbox in development). */
  SLACK_EXTRA_ORIGINS: csv,
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp:// or smtps://').default('smtp://127.0.0.1:2525'),
  EMAIL_FROM: z.string().min(3).default('Intent Radar <alerts@intentradar.local>'),
  /** signals.created handled at once by this process. */
  NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** Retry/held-alert poller interval. Milliseconds. */
  NOTIFIER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
});
export type NotifierConfig = z.infer<typeof notifierEnv>;

export const SLACK_ORIGIN = 'https://hooks.slack.com';
