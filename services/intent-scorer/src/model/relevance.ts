/**
 * Per-monitor relevance. A post is scored once for everyone (content-hash cache), but a monitor's
 * context sentence ("we sell a ZoomInfo alternative for SMBs") says which of those posts matter
 * to its owner. The scorer publishes the post's relevance profile once; whoever knows the monitor
 * (dedup-embedder, the score CLI) turns profile + context into a small, deterministic adjustment.
 */
import { findLexiconHits, lexiconOf, type LexiconHit } from './lexicon.ts';
import { normalizeInput, type NormalizedText } from './normalize.ts';
import { tokenize } from './tokenize.ts';
import type { VendorCategory } from './vendors.ts';

/** What a post is about, as far as relevance to a monitor goes; content-derived, monitor-free. */
export interface RelevanceProfile {
  /** Product categories of the vendors and category phrases named in the post, sorted. */
  readonly categories: readonly VendorCategory[];
  /** The writer describes an enterprise-sized buyer (enterprise, Fortune 500, 1,000+ employees). */
  readonly enterprise: boolean;
}

export interface MonitorRelevance {
  /** Points added to the intent score for this monitor; 0 when the context says nothing either way. */
  readonly adjustment: number;
  readonly reason: string;
}

/** Relevance only re-ranks posts that show some intent; a 1-3 (job post, news, ...) stays as it is. */
export const RELEVANCE_MIN_SCORE = 4;
const MATCH = 1;
const MISMATCH = -2;
const SIZE_MISMATCH = -1;

const ENTERPRISE = /\b(?:enterprise|fortune 500|\d{1,3},?\d{3}\+? (?:employees|people|seats))\b/i;
const SMB_CONTEXT = /\b(?:smbs?|small business(?:es)?|startups?|small teams?)\b/i;

/** The profile of already-extracted lexicon hits (the local model reuses its own). */
export function profileOfHits(hits: readonly LexiconHit[], text: string): RelevanceProfile {
  return { categories: [...new Set(hits.map((h) => h.category))].sort(), enterprise: ENTERPRISE.test(text) };
}

/** The profile of a post, from the same normalized text the model scores. */
export function relevanceProfile(title: string | undefined, content: string): RelevanceProfile {
  return relevanceOfNormalized(normalizeInput(title, content));
}

/** relevanceProfile of a post normalizeInput already made. */
export function relevanceOfNormalized(norm: NormalizedText): RelevanceProfile {
  if (norm.rejected !== undefined) return { categories: [], enterprise: false };
  return profileOfHits(lexiconOf(norm.text).hits, norm.text);
}

interface ContextTerms {
  readonly categories: ReadonlySet<string>;
  readonly smb: boolean;
}

// Monitors are few and their contexts change rarely; parsing each sentence once keeps this O(1).
const contextCache = new Map<string, ContextTerms>();
const CONTEXT_CACHE_SIZE = 10_000;

function contextTerms(context: string): ContextTerms {
  let terms = contextCache.get(context);
  if (terms) return terms;
  const categories = new Set<string>();
  for (const hit of findLexiconHits(tokenize(context.slice(0, 1000))).hits) categories.add(hit.category);
  terms = { categories, smb: SMB_CONTEXT.test(context) };
  if (contextCache.size >= CONTEXT_CACHE_SIZE) contextCache.clear();
  contextCache.set(context, terms);
  return terms;
}

/**
 * How much a monitor's context moves a post: +1 when the post names a product category the
 * context sells into, -2 when it names only other categories, -1 when an SMB seller meets an
 * enterprise buyer. A context or post without recognised categories moves nothing.
 */
export function monitorRelevance(profile: RelevanceProfile, context: string | null | undefined): MonitorRelevance {
  if (!context?.trim()) return { adjustment: 0, reason: 'no monitor context' };
  const terms = contextTerms(context);
  let adjustment = 0;
  const reasons: string[] = [];
  if (terms.categories.size > 0 && profile.categories.length > 0) {
    const shared = profile.categories.filter((c) => terms.categories.has(c));
    if (shared.length > 0) {
      adjustment += MATCH;
      reasons.push(`post is about ${shared.join(', ')}, which the monitor sells into`);
    } else {
      adjustment += MISMATCH;
      reasons.push(`post is about ${profile.categories.join(', ')}, not what the monitor sells (${[...terms.categories].join(', ')})`);
    }
  }
  if (terms.smb && profile.enterprise) {
    adjustment += SIZE_MISMATCH;
    reasons.push('enterprise buyer, SMB seller');
  }
  return { adjustment, reason: reasons.length > 0 ? reasons.join('; ') : 'context names no category found in the post' };
}

/** The intent score as one monitor sees it: the post's score moved by the relevance, kept in 1-10. */
export function scoreForMonitor(intentScore: number, relevance: MonitorRelevance): number {
  if (intentScore < RELEVANCE_MIN_SCORE || relevance.adjustment === 0) return intentScore;
  return Math.max(1, Math.min(10, intentScore + relevance.adjustment));
}
