/** A new post of a batch, as far as duplicate detection needs it. */
export interface BatchCandidate {
  contentHash: string;
  /** Post time, epoch milliseconds. */
  postedAtMs: number;
  /** Unit-length embedding; the zero vector or none (an exact repeat) matches nothing by similarity. */
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
  // Earlier posts by text, and the earlier posts that have a vector (the near-repeat candidates).
  const byHash = new Map<string, number[]>();
  const withVector: number[] = [];
  return posts.map((post, i) => {
    const inWindow = (j: number) => Math.abs(posts[j]!.postedAtMs - post.postedAtMs) <= windowMs;
    let link: BatchLink | undefined;
    const sameText = byHash.get(post.contentHash);
    const exact = sameText?.find(inWindow);
    if (exact !== undefined) link = { index: exact, reason: 'exact', similarity: 1 };
    else if (post.vector.length > 0) {
      const a = post.vector;
      for (const j of withVector) {
        if (!inWindow(j)) continue;
        const b = posts[j]!.vector;
        let dot = 0;
        for (let k = 0; k < a.length; k++) dot += a[k]! * (b[k] ?? 0);
        if (dot >= threshold && (!link || dot > link.similarity)) link = { index: j, reason: 'near', similarity: dot };
      }
    }
    if (sameText) sameText.push(i);
    else byHash.set(post.contentHash, [i]);
    if (post.vector.length > 0) withVector.push(i);
    return link;
  });
}
