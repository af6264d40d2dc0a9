import { z } from 'zod';
import type { QuietHours } from '../routing/quiet-hours.ts';
import type { RoutingRules } from '../routing/routing.ts';
import { FREQUENCIES } from '../routing/routing.ts';
import { secretKey } from '../webhooks/signing.ts';

/** Per-kind settings from alert_destinations.config / .secrets, validated before every use. */
export const slackSettingsSchema = z.object({ webhookUrl: z.string().min(1).max(2000) });
// The gateway stores `recipients` and a single `signingSecret`; older rows and the notifier's own
// tests use `to` and `signingSecrets`. Both spellings are read, so no destination is disabled for it.
export const emailSettingsSchema = z.preprocess(
  (v) => (isRecord(v) && v.to === undefined && v.recipients !== undefined ? { ...v, to: v.recipients } : v),
  z.object({ to: z.array(z.email()).min(1).max(50) }),
);
export const webhookSettingsSchema = z.preprocess(
  (v) => (isRecord(v) && v.signingSecrets === undefined && typeof v.signingSecret === 'string' ? { ...v, signingSecrets: [v.signingSecret] } : v),
  z.object({
    url: z.string().min(1).max(2000),
    format: z.enum(['standard', 'discord']).default('standard'),
    /** Current secret first; during rotation the previous one too, so both verify. */
    signingSecrets: z.array(z.string().min(1).refine(isUsableSecret, 'not a whsec_ secret of 24-64 base64 bytes')).max(2).default([]),
  }),
);

function isUsableSecret(secret: string): boolean {
  try {
    secretKey(secret);
    return true;
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type DestinationChannel =
  | { kind: 'slack'; settings: z.infer<typeof slackSettingsSchema> }
  | { kind: 'email'; settings: z.infer<typeof emailSettingsSchema> }
  | { kind: 'webhook'; settings: z.infer<typeof webhookSettingsSchema> };

/** An alert destination as the notifier uses it. */
export interface Destination {
  id: string;
  workspaceId: string;
  name: string;
  channel: DestinationChannel;
  rules: RoutingRules;
  timeZone: string;
}

/** Raw alert_destinations row (only the columns the notifier reads). */
export interface DestinationRow {
  id: string;
  workspace_id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  monitor_ids: string[];
  min_score: number;
  frequency: string;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  time_zone: string;
}

/** Thrown when a stored destination cannot be used; the destination gets disabled with the reason. */
export class DestinationConfigError extends Error {
  readonly code = 'DESTINATION_CONFIG_INVALID';
}

const hhmm = (time: string) => time.slice(0, 5);

/** Parses a row into a Destination; throws DestinationConfigError naming what is wrong. */
export function parseDestination(row: DestinationRow): Destination {
  const merged = { ...row.config, ...row.secrets };
  let channel: DestinationChannel;
  const fail = (issue: z.ZodError) => new DestinationConfigError(`${row.kind} destination: ${issue.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  switch (row.kind) {
    case 'slack': {
      const r = slackSettingsSchema.safeParse(merged);
      if (!r.success) throw fail(r.error);
      channel = { kind: 'slack', settings: r.data };
      break;
    }
    case 'email': {
      const r = emailSettingsSchema.safeParse(merged);
      if (!r.success) throw fail(r.error);
      channel = { kind: 'email', settings: r.data };
      break;
    }
    case 'webhook': {
      const r = webhookSettingsSchema.safeParse(merged);
      if (!r.success) throw fail(r.error);
      channel = { kind: 'webhook', settings: r.data };
      break;
    }
    default:
      throw new DestinationConfigError(`unknown destination kind ${row.kind}`);
  }
  const frequency = z.enum(FREQUENCIES).safeParse(row.frequency);
  const quietHours: QuietHours | null =
    row.quiet_hours_start && row.quiet_hours_end ? { start: hhmm(row.quiet_hours_start), end: hhmm(row.quiet_hours_end), timeZone: row.time_zone } : null;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    channel,
    timeZone: row.time_zone,
    rules: { monitorIds: row.monitor_ids, minScore: row.min_score, frequency: frequency.success ? frequency.data : 'instant', quietHours },
  };
}

const SLACK_WEBHOOK_ORIGIN = 'https://hooks.slack.com';

/**
 * Slack destinations must be incoming-webhook URLs: https://hooks.slack.com/services/... Origins
 * allowed in configuration besides Slack's (the sandbox in development) may serve that path under
 * one prefix segment, as the sandbox does at /slack/services/... Anything else is refused.
 */
export function isSlackWebhookUrl(raw: string, allowedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '' || !allowedOrigins.includes(url.origin)) return false;
  if (url.origin === SLACK_WEBHOOK_ORIGIN) return url.pathname.startsWith('/services/');
  return /^(\/[^/]+)?\/services\//.test(url.pathname);
}
