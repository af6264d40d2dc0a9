import type { IntentAnalysis } from '@intent-radar/proto-schemas';
import { scorePost, type ScoreInput } from './model/index.ts';

/** Anything that turns a post into an analysis: the local model, or the LLM cascade around it. */
export interface PostScorer {
  score(input: ScoreInput): Promise<IntentAnalysis>;
}

/** The default scorer: the local model, offline and free. */
export const localScorer: PostScorer = {
  score: (input) => Promise.resolve(scorePost(input)),
};
