import { z } from 'zod';
import { DECISION_STAGES, URGENCY, intentAnalysisSchema } from '@intent-radar/proto-schemas';

/**
 * What the LLM must return (Structured Outputs, strict). Offsets, who scored it and cost are
 * ours to fill, so the model is not asked for them; evidence is quotes we locate ourselves.
 */
export const llmOutputSchema = z.strictObject({
  intent_score: z.number().int().min(1).max(10),
  urgency: z.enum(URGENCY),
  budget_signals: z.array(z.string()),
  pain_points: z.array(z.string()),
  decision_stage: z.enum(DECISION_STAGES),
  competitors_mentioned: z.array(z.string()),
  is_qualified: z.boolean(),
  reasoning: z.string(),
  one_line_summary: z.string(),
  evidence_quotes: z.array(z.string()).describe('Exact quotes copied from the post that support the score.'),
  category: intentAnalysisSchema.shape.category,
});
export type LlmOutput = z.infer<typeof llmOutputSchema>;

// Strict mode rejects some JSON Schema keywords; limits are enforced when we merge instead.
const UNSUPPORTED = new Set(['$schema', 'maxItems', 'minItems', 'maxLength', 'minLength', 'minimum', 'maximum', 'description']);
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([k]) => !UNSUPPORTED.has(k)).map(([k, v]) => [k, strip(v)]));
  }
  return node;
}

/** The JSON Schema sent as `response_format.json_schema.schema`. */
export const llmJsonSchema = strip(z.toJSONSchema(llmOutputSchema)) as Record<string, unknown>;
