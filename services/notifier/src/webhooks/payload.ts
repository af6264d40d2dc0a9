import { signalDashboardUrl, type AlertSignal } from '../format/alert-view.ts';
import type { Digest } from '../format/digest.ts';

/**
 * Generic webhook bodies, in the Standard Webhooks recommended shape `{ type, timestamp, data }`.
 * These are a public contract for customers' receivers: add fields, never rename them.
 */
export interface SignalWebhookBody {
  type: 'signal.created';
  timestamp: string;
  data: AlertSignal & { dashboardUrl: string };
}

export interface DigestWebhookBody {
  type: 'signals.digest';
  timestamp: string;
  data: {
    period: Digest['period'];
    periodStart: string;
    periodEnd: string;
    total: number;
    monitors: Array<{ monitorId: string; monitorName: string; total: number; signals: Array<AlertSignal & { dashboardUrl: string }> }>;
  };
}

export interface TestWebhookBody {
  type: 'destination.test';
  timestamp: string;
  data: { message: string; sample: AlertSignal & { dashboardUrl: string } };
}

/** Body of a "send test": its own type, so a receiver never mistakes the sample for a real signal. */
export function testWebhookBody(sample: AlertSignal, dashboardUrl: string, now: Date): TestWebhookBody {
  return {
    type: 'destination.test',
    timestamp: now.toISOString(),
    data: { message: 'Test alert from Intent Radar: this endpoint is set up correctly.', sample: { ...sample, dashboardUrl: signalDashboardUrl(dashboardUrl, sample.signalId) } },
  };
}

/** Body for one signal. Raw text goes out as JSON data: escaping is the receiver's job for its own medium. */
export function signalWebhookBody(signal: AlertSignal, dashboardUrl: string, now: Date): SignalWebhookBody {
  return { type: 'signal.created', timestamp: now.toISOString(), data: { ...signal, dashboardUrl: signalDashboardUrl(dashboardUrl, signal.signalId) } };
}

/** Body for a digest, grouped by monitor like the other channels. */
export function digestWebhookBody(digest: Digest, dashboardUrl: string, now: Date): DigestWebhookBody {
  return {
    type: 'signals.digest',
    timestamp: now.toISOString(),
    data: {
      period: digest.period,
      periodStart: digest.periodStart.toISOString(),
      periodEnd: digest.periodEnd.toISOString(),
      total: digest.total,
      monitors: digest.groups.map((g) => ({
        monitorId: g.monitorId,
        monitorName: g.monitorName,
        total: g.total,
        signals: g.top.map((s) => ({ ...s, dashboardUrl: signalDashboardUrl(dashboardUrl, s.signalId) })),
      })),
    },
  };
}
