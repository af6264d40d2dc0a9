/**
 * Coalesces concurrent calls into one SQL statement. Without `lingerMs` every call runs at once on
 * its own at low rates; when `maxInFlight` statements are already running, new calls queue and go
 * together in the next statement (up to `maxBatch`). At hundreds of signals per second this turns N
 * round trips (and N Postgres executions competing for the same CPUs) into a few. With `lingerMs`,
 * a statement that is not full waits that long for more calls first: a statement's fixed cost in
 * Postgres (parse, plan, commit) is several times the cost of one more row in it.
 */
export class StatementBatcher<I, O> {
  private queue: Array<{ item: I; resolve: (out: O) => void; reject: (err: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;
  private lingering: NodeJS.Timeout | undefined;

  constructor(
    /** Runs one statement for `items`; returns one output per item, in order. */
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: { maxBatch: number; maxInFlight: number; /** Wait for more calls before a statement that is not full. Milliseconds; 0 = next turn. */ lingerMs?: number },
  ) {}

  /** Queues one item; resolves with its output once its statement has run. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** `waited`: the queued calls already waited for a running statement; they do not linger again. */
  private schedule(waited = false): void {
    if (this.inFlight >= this.opts.maxInFlight || this.queue.length === 0) return;
    const linger = this.opts.lingerMs ?? 0;
    if (linger > 0 && !waited && this.queue.length < this.opts.maxBatch) {
      if (this.scheduled) return;
      this.scheduled = true;
      this.lingering = setTimeout(() => {
        this.scheduled = false;
        this.lingering = undefined;
        this.flush();
      }, linger);
      return;
    }
    if (this.lingering) {
      // A full statement does not wait for the rest of the window.
      clearTimeout(this.lingering);
      this.lingering = undefined;
      this.scheduled = false;
    }
    if (this.scheduled) return;
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
      this.schedule(true);
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
