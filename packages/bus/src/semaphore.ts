/** Counting semaphore: bounds how many publishes or handlers run at once (back-pressure). */
export class Semaphore {
  #available: number;
  readonly #waiters: Array<() => void> = [];

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

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#available = Math.min(this.size, this.#available + 1);
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
