/**
 * Coalesces concurrent calls into one SQL statement. At low rates every call runs at once on its
 * own; when `maxInFlight` statements are already running, new calls queue and go together in the
 * next statement (up to `maxBatch`). At hundreds of signals per second this turns N round trips
 * (and N Postgres executions competing for the same CPUs) into a few.
 */
export class StatementBatcher<I, O> {
  private queue: Array<{ item: I; resolve: (out: O) => void; reject: (err: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Runs one statement for `items`; returns one output per item, in order. */
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: { maxBatch: number; maxInFlight: number },
  ) {}

  /** Queues one item; resolves with its output once its statement has run. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // One macrotask: calls made by handlers that resumed in the same turn join this statement.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.opts.maxBatch);
    this.inFlight++;
    void this.execute(batch).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  private async execute(batch: StatementBatcher<I, O>['queue']): Promise<void> {
    try {
      const outputs = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(outputs[i] as O));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // One bad item must not fail its neighbours: run each alone so only it gets the error.
      await Promise.all(
        batch.map(async (b) => {
          try {
            const [out] = await this.run([b.item]);
            b.resolve(out as O);
          } catch (own) {
            b.reject(own);
          }
        }),
      );
    }
  }
}
