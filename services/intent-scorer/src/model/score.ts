import type { Evidence, IntentAnalysis } from '@intent-radar/proto-schemas';
import type { NegativeKind } from './cues.ts';
import { extractFeatures, type AskHit, type AskObject, type Features, type NegativeHit } from './features.ts';
import { detectLanguage } from './language.ts';
import { normalizeInput } from './normalize.ts';
import { monitorRelevance, profileOfHits } from './relevance.ts';
import { budgetSignals, CUE_LABELS, oneLineSummary, painPoints, sentenceOf } from './summary.ts';
import { B2B_CATEGORIES } from './vendors.ts';

/** One post to score. `monitorContext` is the monitor's sentence about what its owner sells. */
export interface ScoreInput {
  readonly title?: string;
  readonly content: string;
  readonly platform?: string;
  readonly kind?: 'post' | 'comment';
  readonly keyword?: string;
  readonly monitorContext?: string;
}

/** Score at or above which a post is shown to sales as qualified. */
export const QUALIFIED_SCORE = 6;

type Category = IntentAnalysis['category'];

const NEGATIVE_CATEGORY: Record<NegativeKind, Category> = {
  self_promotion: 'self_promotion',
  founder_validation: 'self_promotion',
  ad: 'self_promotion',
  job_post: 'job_post',
  person_search: 'other',
  seller_side: 'other',
  news: 'news',
  content: 'opinion',
  opinion: 'opinion',
  decided: 'decided',
  outage: 'other',
  informational: 'other',
  build_not_buy: 'other',
  discussion: 'opinion',
  joke: 'other',
  injection: 'other',
  link_headline: 'other',
};

// These describe what the post is rather than cap it: a post that only says "we switched to X" is a 3.
const FIXED_SCORE: ReadonlySet<NegativeKind> = new Set<NegativeKind>(['decided', 'informational', 'build_not_buy', 'discussion']);

const SOFT_ASKS: ReadonlySet<string> = new Set(['practice_ask', 'experience_ask', 'survey_ask']);

interface Contribution {
  readonly cue: string;
  readonly weight: number;
  readonly start: number;
  readonly end: number;
}

function bestAsk(asks: readonly AskHit[]): AskHit | undefined {
  let best: AskHit | undefined;
  for (const a of asks) if (!best || a.level > best.level) best = a;
  return best;
}

const isB2BObject = (o: AskObject) => o.vendors.some((v) => v.segment === 'b2b') || o.categories.some((c) => B2B_CATEGORIES.has(c.category));

function rejected(notes: string[], text: string): IntentAnalysis {
  return {
    intent_score: 1,
    urgency: 'none',
    budget_signals: [],
    pain_points: [],
    decision_stage: 'none',
    competitors_mentioned: [],
    is_qualified: false,
    reasoning: `Not scored: ${notes[notes.length - 1] ?? 'unusable input'}.`,
    one_line_summary: text ? 'No scorable words in the post' : 'Empty or unreadable post',
    evidence: [],
    category: 'other',
    language: 'und',
    scored_by: 'local',
    cost_usd: 0,
    needs_rescore: false,
    notes: notes.slice(0, 10),
  };
}

function decisionStage(f: Features, category: Category, score: number, best: AskHit | undefined, has: (k: string) => boolean): IntentAnalysis['decision_stage'] {
  if (category === 'decided') return 'decided';
  if (score < 4) return 'none';
  if (score >= 8 && (has('budget') || has('timeline'))) return 'ready_to_buy';
  if (best && (best.kind === 'comparison' || best.kind === 'switching' || best.kind === 'experience_ask' || has('evaluating'))) return 'evaluating';
  if (best && best.level >= 5) return 'exploring';
  if (has('frustration') || best?.kind === 'practice_ask') return 'problem_aware';
  return f.isQuestion ? 'exploring' : 'problem_aware';
}

/** Scores one post with the local model: deterministic, offline, never throws on bad input. */
export function scorePost(input: ScoreInput): IntentAnalysis {
  const norm = normalizeInput(input?.title, input?.content);
  if (norm.rejected !== undefined) return rejected(norm.notes, norm.text);
  const text = norm.text;
  const f = extractFeatures(text, typeof input.keyword === 'string' ? input.keyword : undefined, { platform: input.platform, kind: input.kind });
  const language = detectLanguage(text, f.tokens);
  const notes = [...norm.notes];
  const parts: Contribution[] = [];
  const best = bestAsk(f.asks);
  const firstOf = (kind: string) => f.modifiers.find((m) => m.kind === kind);
  const frustration = firstOf('frustration');

  let level: number;
  let frustrationOnly = false;
  if (best) {
    level = best.level;
    parts.push({ cue: best.kind, weight: level, start: best.start, end: best.end });
  } else if (frustration && (f.vendors.length > 0 || f.categories.length > 0)) {
    level = 4;
    parts.push({ cue: 'frustration_only', weight: level, start: frustration.start, end: frustration.end });
    frustrationOnly = true;
  } else {
    level = f.isQuestion ? 3 : 2;
  }

  let consumer = !best && f.consumerQuestion;
  let raw = level;
  if (level >= 4) {
    const object: AskObject = best?.object ?? { vendors: f.vendors, categories: f.categories, commercial: false, paid: false, consumer: false };
    const b2b = isB2BObject(object);
    const anchor = object.vendors[0] ?? object.categories[0];
    if (frustrationOnly) {
      // Complaining is not shopping: no product bonus until they ask for something.
    } else if (b2b && anchor) parts.push({ cue: 'b2b_object', weight: 1, start: anchor.start, end: anchor.end });
    else if (object.paid && best && best.kind !== 'survey_ask') parts.push({ cue: 'product_object', weight: 0.4, start: best.start, end: best.end });
    if (!b2b && object.vendors.length > 0) {
      const segments = new Set(object.vendors.map((v) => v.segment));
      const v = object.vendors[0];
      if (v && (segments.has('consumer') || object.vendors.some((x) => x.category === 'consumer_finance'))) consumer = true;
      else if (v && segments.has('technical')) parts.push({ cue: 'technical_vendor', weight: -1.5, start: v.start, end: v.end });
      else if (v && segments.has('prosumer')) parts.push({ cue: 'prosumer_vendor', weight: -1, start: v.start, end: v.end });
    }
    if (object.categories.some((c) => c.category === 'consumer_finance')) consumer = true;
    if (object.consumer && !b2b && object.categories.length === 0 && !f.modifiers.some((m) => m.kind === 'business')) consumer = true;

    const seen = new Set<string>();
    for (const m of f.modifiers) {
      if (seen.has(m.kind)) continue;
      if (m.kind === 'frustration' && (!best || f.vendors.length === 0)) continue;
      if (m.kind === 'price' && seen.has('budget')) continue;
      seen.add(m.kind);
      parts.push({ cue: m.kind, weight: m.weight, start: m.start, end: m.end });
    }

    if (input.monitorContext) {
      // Scoring for one monitor (the score CLI): the same adjustment dedup-embedder applies per monitor.
      const rel = monitorRelevance(profileOfHits([...f.vendors, ...f.categories], text), input.monitorContext);
      const at = anchor ?? best ?? parts[0];
      if (rel.adjustment !== 0 && at) parts.push({ cue: rel.adjustment > 0 ? 'context_match' : 'context_mismatch', weight: rel.adjustment, start: at.start, end: at.end });
    }
    for (const p of parts) if (p !== parts[0]) raw += p.weight;
    // "How do you handle X?" / "has anyone used Y?" explore; only money or a deadline makes them shopping.
    if (best && SOFT_ASKS.has(best.kind) && !parts.some((p) => p.cue === 'budget' || p.cue === 'timeline')) raw = Math.min(raw, 5);
  }

  // Negatives: an explicit ask for a product overrides the soft ones, never the hard ones.
  const explicit = best !== undefined && best.level >= 6;
  const applicable: NegativeHit[] = f.negatives.filter((n) => n.hard || !explicit);
  let score = Math.max(1, Math.min(10, Math.round(raw)));
  let category: Category | undefined;
  let capCue: { cue: string; start: number; end: number } | undefined;
  if (f.keywordCollision && !(explicit && best && isB2BObject(best.object))) {
    score = 1;
    category = 'collision';
    capCue = { cue: 'collision', ...f.keywordCollision };
  } else if (applicable.length > 0) {
    let worst = applicable[0] as NegativeHit;
    for (const n of applicable) if (n.cap < worst.cap) worst = n;
    score = FIXED_SCORE.has(worst.kind) ? worst.cap : Math.min(score, worst.cap);
    category = NEGATIVE_CATEGORY[worst.kind];
    capCue = { cue: worst.kind, start: worst.start, end: worst.end };
  } else if (consumer) {
    score = Math.min(score, 2);
    category = 'consumer';
  }
  if (language !== 'en' && language !== 'und') {
    if (score > 4) notes.push(`non-English (${language}): scored conservatively`);
    score = Math.min(score, 4);
  }
  const isQualified = score >= QUALIFIED_SCORE;
  if (!category) {
    if (isQualified) category = 'buying_intent';
    else if (!best && frustration && f.vendors.length > 0) category = 'frustration';
    else if (best && level >= 4) category = 'exploratory';
    else category = 'other';
  }

  const has = (k: string) => parts.some((p) => p.cue === k);
  const evidence: Evidence[] = [];
  const addEvidence = (cue: string, weight: number, start: number, end: number) => {
    if (evidence.length >= 50 || end <= start) return;
    evidence.push({ quote: text.slice(start, Math.min(end, start + 500)), start, end: Math.min(end, start + 500), cue, weight: Math.round(weight * 10) / 10 });
  };
  for (const p of parts) addEvidence(p.cue, p.weight, p.start, p.end);
  if (capCue) addEvidence(capCue.cue, score - Math.round(raw), capCue.start, capCue.end);
  evidence.sort((a, b) => a.start - b.start);

  const competitors = [...new Set(f.vendors.map((v) => v.name))].slice(0, 50);
  const urgency: IntentAnalysis['urgency'] =
    score >= 5 && has('timeline') ? 'high' : score >= 5 && (has('budget') || score >= 8) ? 'medium' : score >= 5 ? 'low' : 'none';
  const stage = decisionStage(f, category, score, best, has);

  const signed = (w: number) => (w >= 0 ? `+${w}` : `${w}`);
  const lines = parts.map((p, i) => `${CUE_LABELS[p.cue] ?? p.cue} “${text.slice(p.start, Math.min(p.end, p.start + 80))}” (${i === 0 ? `base ${p.weight}` : signed(p.weight)})`);
  if (parts.length === 0) lines.push(CUE_LABELS[f.isQuestion ? 'question' : 'statement'] ?? '');
  if (capCue) lines.push(`capped: ${CUE_LABELS[capCue.cue] ?? capCue.cue} “${text.slice(capCue.start, Math.min(capCue.end, capCue.start + 80))}”`);
  else if (consumer) lines.push('capped: consumer purchase');
  if (language !== 'en' && language !== 'und') lines.push(`${CUE_LABELS.non_english} (${language}): capped at 4`);
  const reasoning = `Score ${score}/10 (${category}). ${lines.join('; ')}.`.slice(0, 2000);

  const anchor = capCue ?? (best ? { start: best.start, end: best.end } : { start: 0, end: Math.min(text.length, 1) });
  const label = capCue ? (CUE_LABELS[capCue.cue] ?? capCue.cue) : best ? (CUE_LABELS[best.kind] ?? best.kind) : consumer ? 'consumer purchase' : category === 'frustration' ? 'frustration with a vendor' : 'no buying intent';
  const summaryLabel = label.charAt(0).toUpperCase() + label.slice(1);

  return {
    intent_score: score,
    urgency,
    budget_signals: score >= 4 ? budgetSignals(f) : [],
    pain_points: painPoints(f),
    decision_stage: stage,
    competitors_mentioned: competitors,
    is_qualified: isQualified,
    reasoning,
    one_line_summary: oneLineSummary(summaryLabel, sentenceOf(text, anchor.start, anchor.end, 160), competitors),
    evidence,
    category,
    language,
    scored_by: 'local',
    cost_usd: 0,
    needs_rescore: false,
    notes: notes.slice(0, 10),
  };
}
