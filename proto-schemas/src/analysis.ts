import { z } from 'zod';

export const URGENCY = ['none', 'low', 'medium', 'high'] as const;
export const DECISION_STAGES = ['none', 'problem_aware', 'exploring', 'evaluating', 'ready_to_buy', 'decided'] as const;

/** An exact quote from the post that supports the score; offsets are UTF-16 indexes into the scored text. */
export const evidenceSchema = z.object({
  quote: z.string().max(500),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  cue: z.string().max(60).describe('Which rubric cue the quote shows, e.g. "explicit_ask", "budget".'),
  weight: z.number().describe('Signed contribution to the score.'),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** The intent analysis of one post: the seed's fields plus evidence, who scored it and what it cost. */
export const intentAnalysisSchema = z.object({
  intent_score: z.number().int().min(1).max(10),
  urgency: z.enum(URGENCY),
  budget_signals: z.array(z.string().max(300)).max(20),
  pain_points: z.array(z.string().max(300)).max(20),
  decision_stage: z.enum(DECISION_STAGES),
  competitors_mentioned: z.array(z.string().max(100)).max(50),
  is_qualified: z.boolean(),
  reasoning: z.string().max(2000),
  one_line_summary: z.string().max(300),
  evidence: z.array(evidenceSchema).max(50),
  category: z
    .enum(['buying_intent', 'frustration', 'exploratory', 'news', 'opinion', 'job_post', 'self_promotion', 'consumer', 'collision', 'decided', 'other'])
    .describe('What kind of post this is; the negatives explain low scores.'),
  language: z.string().max(10).describe('ISO 639-1 guess, "und" when unknown.'),
  scored_by: z.string().max(100).describe('"local" or "llm:<model>".'),
  cost_usd: z.number().nonnegative(),
  needs_rescore: z.boolean().describe('True when an LLM stage failed and the local result stands in.'),
  notes: z.array(z.string().max(300)).max(10).describe('E.g. "content truncated to 20000 chars".'),
});
export type IntentAnalysis = z.infer<typeof intentAnalysisSchema>;
