import type { EventOf } from '@intent-radar/proto-schemas';
import type { StoreOutcome } from './scored-post-store.ts';

type ScoredEvent = EventOf<'post.scored.v1'>;

export interface StoreBatcherOptions {
  /** Stores a batch in one transaction, outcomes in input order (storeScoredPosts). */
  store: (events: readonly ScoredEvent[]) => Promise<StoreOutcome[]>;
  /** Most posts in one transaction. */
  maxPosts: number;
  /** Store transactions running at once. */
  transactions: number;
}

interface Waiting {
  event: ScoredEvent;
  resolve: (outcome: StoreOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the consumer's handlers: each handler hands its post in and waits for its own
 * outcome; posts that arrive while `transactions` batches are running wait and go together in the
 * next one. Under load batches fill up (one round trip per statement for up to `maxPosts` posts);
 * when idle a post is stored at once, alone. A batch that fails is retried post by post, so one
 * post the database rejects fails (and is dead-lettered) alone and the others are stored.
 * A batch takes no post whose text a running batch holds: both would take the same content-hash
 * lock and run one after the other, leaving a core idle (reposts of one text arrive in bursts);
 * such a post waits for the next batch.
 */
export class StoreBatcher {
  readonly #opts: StoreBatcherOptions;
  #queue: Waiting[] = [];
  #running = 0;
  /** Content hashes of the running batches (a hash is in one batch at a time). */
  readonly #held = new Set<string>();

  constructor(opts: StoreBatcherOptions) {
    if (opts.maxPosts < 1 || opts.transactions < 1)
      throw new RangeError('maxPosts and transactions must be >= 1');
    this.#opts = opts;
  }

  /** Stores the post with whatever else is waiting; resolves with this post's outcome once committed. */
  store(event: ScoredEvent): Promise<StoreOutcome> {
    return new Promise<StoreOutcome>((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#opts.transactions && this.#queue.length > 0) {
      const batch = this.#take();
      if (batch.length === 0) return; // every waiting text is held by a running batch
      const hashes = new Set(batch.map((w) => w.event.data.contentHash));
      for (const h of hashes) this.#held.add(h);
      this.#running++;
      void this.#run(batch).finally(() => {
        for (const h of hashes) this.#held.delete(h);
        this.#running--;
        this.#pump();
      });
    }
  }

  /** Up to maxPosts waiting posts, in arrival order, whose text no running batch holds. */
  #take(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const w of this.#queue) {
      if (batch.length < this.#opts.maxPosts && !this.#held.has(w.event.data.contentHash)) batch.push(w);
      else rest.push(w);
    }
    this.#queue = rest;
    return batch;
  }

  async #run(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.#opts.store(batch.map((w) => w.event));
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
    }
    for (const w of batch) {
      try {
        const [outcome] = await this.#opts.store([w.event]);
        w.resolve(outcome!);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
