/** A new post of a batch, as far as duplicate detection needs it. */
export interface BatchCandidate {
  contentHash: string;
  /** Post time, epoch milliseconds. */
  postedAtMs: number;
  /** Unit-length embedding; the zero vector or none (an exact repeat) matches nothing by similarity. */
  vector: readonly number[];
  /** Its original is in the table already (the table lookup matched it). */
  stored?: boolean;
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
 * table. Like the table lookup, only originals are candidates: earlier posts of the batch that
 * repeat nothing (not `stored`, not linked here). A `stored` post (its original is in the table)
 * is neither linked nor a candidate, so most posts of a repost burst cost nothing here.
 */
export function linkWithinBatch(
  posts: readonly BatchCandidate[],
  threshold: number,
  windowDays: number,
): (BatchLink | undefined)[] {
  const windowMs = windowDays * 86_400_000;
  // The batch's originals so far: by text, and those with a vector (the near-repeat candidates).
  const byHash = new Map<string, number[]>();
  const withVector: number[] = [];
  return posts.map((post, i) => {
    if (post.stored) return undefined;
    const inWindow = (j: number) => Math.abs(posts[j]!.postedAtMs - post.postedAtMs) <= windowMs;
    let link: BatchLink | undefined;
    const exact = byHash.get(post.contentHash)?.find(inWindow);
    if (exact !== undefined) link = { index: exact, reason: 'exact', similarity: 1 };
    else if (post.vector.length > 0) {
      const a = post.vector;
      for (const j of withVector) {
        if (!inWindow(j)) continue;
        const b = posts[j]!.vector;
        let dot = 0;
        for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
        if (dot >= threshold && (!link || dot > link.similarity)) link = { index: j, reason: 'near', similarity: dot };
      }
    }
    if (link) return link;
    const sameText = byHash.get(post.contentHash);
    if (sameText) sameText.push(i);
    else byHash.set(post.contentHash, [i]);
    if (post.vector.length > 0) withVector.push(i);
    return undefined;
  });
}
