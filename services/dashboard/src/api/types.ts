/** Wire types of the gateway's REST API (see GET /openapi.json). */
export const PLATFORMS = ['reddit', 'hackernews', 'twitter', 'linkedin'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const STAGES = ['none', 'problem_aware', 'exploring', 'evaluating', 'ready_to_buy', 'decided'] as const;
export type Stage = (typeof STAGES)[number];
export const STATUSES = ['new', 'contacted', 'archived'] as const;
export type SignalStatus = (typeof STATUSES)[number];

export interface Session {
  user: { id: string; email: string; name: string | null };
  workspace: { id: string; name: string; role: 'owner' | 'member' };
  csrfToken: string;
}

export interface Me {
  userId: string | null;
  workspaceId: string;
  role: 'owner' | 'member';
  workspaces: { id: string; name: string; role: 'owner' | 'member' }[];
}

export interface Author {
  handle: string;
  displayName: string | null;
  profileUrl: string | null;
}

export interface Signal {
  id: string;
  monitorId: string;
  monitorName: string;
  postId: string;
  status: SignalStatus;
  intentScore: number;
  platform: string;
  url: string;
  title: string | null;
  excerpt: string;
  author: Author;
  summary: string | null;
  decisionStage: string | null;
  postedAt: string;
  createdAt: string;
  updatedAt: string;
  /** From the analysis, on every feed item (no detail fetch per card); empty when unscored. */
  painPoints: string[];
  competitors: string[];
}

export interface Evidence {
  quote: string;
  start: number;
  end: number;
  cue: string;
  weight: number;
}

export interface Analysis {
  intent_score?: number;
  urgency?: string;
  budget_signals?: string[];
  pain_points?: string[];
  decision_stage?: string;
  competitors_mentioned?: string[];
  is_qualified?: boolean;
  reasoning?: string;
  one_line_summary?: string;
  evidence?: Evidence[];
  category?: string;
  scored_by?: string;
}

export interface ContactField {
  value: string;
  source: string;
  /** 'verified' | 'likely' | 'guessed' | 'none' today; kept open for new levels. */
  confidence: string;
}

/** A signal.enriched event: what the enricher found, whether it charged a credit, and why. */
export interface EnrichOutcome {
  /** 'complete' | 'partial' | 'failed' | 'refused' */
  status: string;
  charged: boolean;
  reasons: string[];
  at: string;
}

export interface SignalDetail extends Signal {
  content: string;
  analysis: Analysis | null;
  evidence: unknown[];
  duplicates: { postId: string; platform: string; url: string; title: string | null }[];
  enrichment: { status: string; emailConfidence: string; fields: Record<string, unknown>; fetchedAt: string } | null;
}

export interface FeedPage {
  items: Signal[];
  nextCursor: string | null;
}

export interface Monitor {
  id: string;
  name: string;
  query: string;
  queryKey: string;
  platforms: string[];
  minScore: number;
  context: string | null;
  active: boolean;
  scanning: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MonitorInput {
  name: string;
  query: string;
  platforms: Platform[];
  minScore: number;
  context: string | null;
  active?: boolean;
}

export interface PreviewMatch {
  postId: string;
  platform: string;
  url: string;
  title: string | null;
  excerpt: string;
  intentScore: number | null;
  postedAt: string;
  spans: [number, number][];
}

export interface Preview {
  queryKey: string;
  scanned: number;
  matches: PreviewMatch[];
}

export type DestinationKind = 'slack' | 'email' | 'webhook';
export const FREQUENCIES = ['instant', 'hourly', 'daily', 'weekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Destination {
  id: string;
  name: string;
  kind: DestinationKind;
  config: Record<string, unknown>;
  monitorIds: string[];
  minScore: number;
  frequency: string;
  quietHours: { start: string; end: string } | null;
  timeZone: string;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The outcome of "send test": delivered synchronously through the notifier's channel code. */
export interface TestResult {
  testId: string;
  ok: boolean;
  status: 'sent' | 'rejected' | 'failed' | 'unavailable' | 'invalid';
  detail: string;
  httpStatus?: number;
}

export interface Delivery {
  id: string;
  signalId: string;
  destinationId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface CompanyInfo {
  companyName?: string;
  website?: string;
  productDescription?: string;
  idealCustomer?: string;
}

export interface Workspace {
  id: string;
  name: string;
  company: CompanyInfo;
  plan: { plan: string; status: string; trialEndsAt: string | null; currentPeriodEnd: string | null; credits: number; scanning: boolean };
}

export interface Usage {
  periodStart: string;
  credits: number;
  byKind: Record<string, number>;
}

export interface Stats {
  today: number;
  week: number;
  highIntent: number;
  enriched: number;
  credits: number;
  daily: { day: string; platform: string; band: 'low' | 'medium' | 'high'; count: number }[];
  /** Last 30 days, ranked in SQL by the gateway. */
  topPainPoints: { label: string; count: number }[];
  topCompetitors: { label: string; count: number }[];
  /** Signals ever marked contacted / all signals, last 30 days. */
  responseRate: { contacted: number; signals: number; rate: number };
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  key?: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: 'owner' | 'member';
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: 'owner' | 'member';
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface SourceHealth {
  platform: string;
  known: boolean;
  health: Record<string, unknown> | null;
}

export interface OutreachDraft {
  subject: string;
  body: string;
}
