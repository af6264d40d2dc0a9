/** Counting semaphore: bounds how many publishes or handlers run at once (back-pressure). */
export class Semaphore {
  #available: number;
  readonly #waiters: Array<() => void> = [];
  readonly #watchers: Array<{ want: number; resolve: () => void }> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`semaphore size must be an integer >= 1, got ${size}`);
    this.#available = size;
  }

  /** Permits currently taken. */
  get inUse(): number {
    return this.size - this.#available;
  }

  /** Permits free right now. */
  get available(): number {
    return this.#available;
  }

  /** Resolves once a permit is held; call `release()` exactly once afterwards. */
  acquire(): Promise<void> {
    if (this.#available > 0) {
      this.#available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves once at least `n` permits (at most `size`) are free at the same time; takes none. */
  whenAvailable(n: number): Promise<void> {
    const want = Math.min(Math.max(1, n), this.size);
    if (this.#available >= want) return Promise.resolve();
    return new Promise((resolve) => this.#watchers.push({ want, resolve }));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) return next();
    this.#available = Math.min(this.size, this.#available + 1);
    for (let i = this.#watchers.length - 1; i >= 0; i--) {
      const w = this.#watchers[i]!;
      if (this.#available >= w.want) {
        this.#watchers.splice(i, 1);
        w.resolve();
      }
    }
  }

  /** Runs `fn` while holding a permit. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
