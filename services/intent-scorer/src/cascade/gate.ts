import type { IntentAnalysis } from '@intent-radar/proto-schemas';

const BUYER_CONTEXT: ReadonlySet<string> = new Set(['business', 'budget', 'timeline', 'team_size', 'volume', 'evaluating']);

/**
 * Which posts the local model cannot rule out and so go to the LLM: those near the qualified
 * line (a 6, or a 5 with a buyer's context), where one cue decides the answer, and non-English posts with a hint of intent
 * (the local model caps them instead of guessing). Confident yes (7+) and confident no (<=4,
 * or a recognised negative such as a job post) stay local.
 */
export function needsLlm(local: IntentAnalysis): boolean {
  if (local.notes.some((n) => n.startsWith('rejected:'))) return false;
  const open = local.category === 'buying_intent' || local.category === 'exploratory' || local.category === 'frustration' || local.category === 'other';
  if (local.language !== 'en' && local.language !== 'und') return open || local.category === 'consumer';
  if (!open) return false;
  if (local.intent_score === 6) return true;
  // A 5 is sent only when it already carries a buyer's context (business, money, deadline, team).
  return local.intent_score === 5 && local.evidence.some((e) => BUYER_CONTEXT.has(e.cue));
}
