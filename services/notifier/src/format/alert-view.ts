import type { z } from 'zod';
import type { Platform, signalCreatedSchema } from '@intent-radar/proto-schemas';
import { oneLine, safeHttpUrl } from './scraped-text.ts';

/** The signal.created payload the notifier alerts on. */
export type AlertSignal = z.infer<typeof signalCreatedSchema>;

/** What every formatter needs besides the signal. */
export interface FormatContext {
  /** Dashboard base URL, e.g. https://app.intentradar.io (no trailing slash needed). */
  dashboardUrl: string;
  /** "Now" for the post's age; injected so output is deterministic in tests. */
  now: Date;
}

const PLATFORM_LABELS: Record<Platform, string> = {
  reddit: 'Reddit',
  hackernews: 'Hacker News',
  twitter: 'X',
  linkedin: 'LinkedIn',
};

/** Human platform name. */
export function platformLabel(platform: Platform): string {
  return PLATFORM_LABELS[platform];
}

/** "just now", "12 min ago", "3 h ago", "2 d ago"; a post dated in the future reads "just now". */
export function formatAge(postedAt: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(postedAt)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** Link to the signal in the dashboard: `${dashboardUrl}/signals/<id>`. */
export function signalDashboardUrl(dashboardUrl: string, signalId: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}/signals/${encodeURIComponent(signalId)}`;
}

/** Cleaned, channel-neutral view of a signal; formatters escape these strings for their channel. */
export interface AlertView {
  score: number;
  headline: string;
  summary: string;
  painPoints: string[];
  competitors: string[];
  platform: string;
  author: string;
  authorUrl: string | null;
  age: string;
  postedAt: string;
  monitorName: string;
  stage: string;
  postUrl: string | null;
  signalUrl: string;
}

/** Builds the view: one-line fields, links only when they are http(s) URLs. */
export function toAlertView(signal: AlertSignal, ctx: FormatContext): AlertView {
  const title = signal.title ? oneLine(signal.title) : '';
  return {
    score: signal.intentScore,
    headline: title || oneLine(signal.excerpt) || 'Untitled post',
    summary: oneLine(signal.summary),
    painPoints: signal.painPoints.map(oneLine).filter((p) => p.length > 0),
    competitors: signal.competitors.map(oneLine).filter((c) => c.length > 0),
    platform: platformLabel(signal.platform),
    author: oneLine(signal.author.displayName ?? signal.author.handle) || signal.author.handle,
    authorUrl: safeHttpUrl(signal.author.profileUrl),
    age: formatAge(signal.postedAt, ctx.now),
    postedAt: signal.postedAt,
    monitorName: oneLine(signal.monitorName),
    stage: oneLine(signal.decisionStage).replace(/_/g, ' '),
    postUrl: safeHttpUrl(signal.url),
    signalUrl: signalDashboardUrl(ctx.dashboardUrl, signal.signalId),
  };
}
