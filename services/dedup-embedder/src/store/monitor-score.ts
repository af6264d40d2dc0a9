/**
 * The post's intent score as one monitor sees it. The scorer scores a post once for everyone and
 * publishes a monitor-independent relevance profile; the monitor's context sentence ("we sell a
 * ZoomInfo alternative for SMBs") is only known here, at fan-out. Imports the scorer's relevance
 * module alone (pure: lexicon and tokenizer, no openai or NATS).
 */
import {
  monitorRelevance,
  RELEVANCE_MIN_SCORE,
  scoreForMonitor,
  type RelevanceProfile,
} from '@intent-radar/intent-scorer/relevance';
import type { EventData } from '@intent-radar/proto-schemas';

/** The relevance profile as post.scored.v1 carries it (optional: older scorers send none). */
export type WireRelevance = EventData<'post.scored.v1'>['relevance'];

/**
 * The most a context can raise a score (a category match). The eligibility SQL admits monitors up
 * to this many points above the post's score, then `monitorScore` decides; monitor-score.test.ts
 * fails if the scorer's relevance ever raises more, which would silently drop monitors here.
 */
export const MAX_RELEVANCE_RAISE = 1;

/** signals.relevance_reason CHECK: at most 1000 characters. */
const REASON_MAX = 1000;

export interface MonitorScore {
  /** signals.intent_score for this monitor, 1-10. */
  score: number;
  /** score minus the post's intent score (signals.relevance_delta). */
  delta: number;
  /** Why the context moved the score or not; null for a monitor without context. */
  reason: string | null;
}

const NO_PROFILE: RelevanceProfile = { categories: [], enterprise: false };

/** Applies a monitor's context sentence to a post's intent score and relevance profile (none: no change). */
export function monitorScore(base: number, wire: WireRelevance, context: string | null): MonitorScore {
  if (!context?.trim()) return { score: base, delta: 0, reason: null };
  // The wire profile was validated (strings, bounded); a category the lexicon does not know simply
  // never matches a context's categories.
  const profile: RelevanceProfile = wire
    ? { categories: wire.categories as RelevanceProfile['categories'], enterprise: wire.enterprise }
    : NO_PROFILE;
  const relevance = monitorRelevance(profile, context);
  const score = scoreForMonitor(base, relevance);
  const reason =
    relevance.adjustment !== 0 && base < RELEVANCE_MIN_SCORE
      ? `${relevance.reason} (not applied: scores below ${RELEVANCE_MIN_SCORE} are left as they are)`
      : relevance.reason;
  return { score, delta: score - base, reason: reason.slice(0, REASON_MAX) };
}
