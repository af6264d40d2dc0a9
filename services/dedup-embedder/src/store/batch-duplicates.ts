/** A new post of a batch, as far as duplicate detection needs it. */
export interface BatchCandidate {
  contentHash: string;
  /** Post time, epoch milliseconds. */
  postedAtMs: number;
  /** Unit-length embedding (or the zero vector, which matches nothing). */
  vector: readonly number[];
}

export interface BatchLink {
  /** Index of the earlier post of the batch this one repeats. */
  index: number;
  reason: 'exact' | 'near';
  similarity: number;
}

/**
 * Links each post to an earlier post of the same batch that it repeats, as the database lookup
 * would once that earlier post were stored: the same content hash first, else the most similar
 * earlier post at or above `threshold` (cosine of unit vectors = dot product), both within
 * ±windowDays. Posts of one batch are inserted together, so they cannot find each other in the
 * table. A batch is at most a few hundred posts: the pairwise check costs far less than one k-NN.
 */
export function linkWithinBatch(
  posts: readonly BatchCandidate[],
  threshold: number,
  windowDays: number,
): (BatchLink | undefined)[] {
  const windowMs = windowDays * 86_400_000;
  return posts.map((post, i) => {
    let best: BatchLink | undefined;
    for (let j = 0; j < i; j++) {
      const earlier = posts[j]!;
      if (Math.abs(earlier.postedAtMs - post.postedAtMs) > windowMs) continue;
      if (earlier.contentHash === post.contentHash) return { index: j, reason: 'exact', similarity: 1 };
      let dot = 0;
      const a = post.vector;
      const b = earlier.vector;
      for (let k = 0; k < a.length; k++) dot += a[k]! * (b[k] ?? 0);
      if (dot >= threshold && (!best || dot > best.similarity))
        best = { index: j, reason: 'near', similarity: dot };
    }
    return best;
  });
}
