import type { AlertSignal } from './alert-view.ts';

/** A signal as dedup-embedder publishes it; tests override what they exercise. */
export function sampleSignal(overrides: Partial<AlertSignal> = {}): AlertSignal {
  return {
    signalId: 'sig_123',
    workspaceId: 'ws_1',
    monitorId: 'mon_1',
    monitorName: 'ZoomInfo alternatives',
    postId: 'post_1',
    platform: 'reddit',
    url: 'https://www.reddit.com/r/sales/comments/abc123/looking_for_a_zoominfo_alternative/',
    title: 'Looking for a ZoomInfo alternative under $500/month',
    excerpt: 'Our team of 5 SDRs is drowning in bad data...',
    author: { handle: 'sdr_lead_42', profileUrl: 'https://www.reddit.com/user/sdr_lead_42' },
    postedAt: '2026-03-02T10:00:00Z',
    intentScore: 9,
    summary: 'SDR lead wants a cheaper ZoomInfo replacement this quarter',
    painPoints: ['ZoomInfo is too expensive', 'Bounce rate above 20%'],
    competitors: ['ZoomInfo', 'Apollo'],
    decisionStage: 'evaluating',
    ...overrides,
  };
}

export const CTX = { dashboardUrl: 'https://app.intentradar.test/', now: new Date('2026-03-02T13:30:00Z') };
