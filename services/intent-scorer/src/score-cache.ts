import type { IntentAnalysis } from '@intent-radar/proto-schemas';
import type { RelevanceProfile } from './model/index.ts';

/** Everything published about one distinct text: the analysis and its monitor-free relevance profile. */
export interface ScoredText {
  readonly analysis: IntentAnalysis;
  readonly relevance: RelevanceProfile;
}

/**
 * Scored texts by content hash, least recently used evicted first. A Map keeps insertion order, so
 * re-inserting on read makes the first key the oldest.
 */
export class ScoreCache {
  private readonly entries = new Map<string, ScoredText>();
  constructor(private readonly capacity: number) {}

  get(hash: string): ScoredText | undefined {
    const hit = this.entries.get(hash);
    if (hit === undefined) return undefined;
    this.entries.delete(hash);
    this.entries.set(hash, hit);
    return hit;
  }

  set(hash: string, scored: ScoredText): void {
    if (this.capacity === 0) return;
    this.entries.delete(hash);
    this.entries.set(hash, scored);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
