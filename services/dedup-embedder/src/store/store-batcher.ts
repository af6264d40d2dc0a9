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
 */
export class StoreBatcher {
  readonly #opts: StoreBatcherOptions;
  readonly #queue: Waiting[] = [];
  #running = 0;

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
      const batch = this.#queue.splice(0, this.#opts.maxPosts);
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
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
