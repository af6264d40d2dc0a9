import type { IntentAnalysis } from '@intent-radar/proto-schemas';

/**
 * Analyses by content hash, least recently used evicted first. A Map keeps insertion order, so
 * re-inserting on read makes the first key the oldest.
 */
export class ScoreCache {
  private readonly entries = new Map<string, IntentAnalysis>();
  constructor(private readonly capacity: number) {}

  get(hash: string): IntentAnalysis | undefined {
    const hit = this.entries.get(hash);
    if (hit === undefined) return undefined;
    this.entries.delete(hash);
    this.entries.set(hash, hit);
    return hit;
  }

  set(hash: string, analysis: IntentAnalysis): void {
    if (this.capacity === 0) return;
    this.entries.delete(hash);
    this.entries.set(hash, analysis);
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
