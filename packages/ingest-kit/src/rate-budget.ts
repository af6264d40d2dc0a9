import type { Bus } from '@intent-radar/bus';
import { kvBuckets, type Platform } from '@intent-radar/proto-schemas';
import type { KV } from '@nats-io/kv';
import { isWrongRevision } from './cursor-store.ts';

/** How many units (requests, posts) a platform allows per window. */
export interface BudgetSpec {
  /** Name inside the platform, e.g. "requests" or "posts-month". */
  name: string;
  limit: number;
  /** Fixed windows aligned to the epoch, or calendar months (UTC) for monthly caps. */
  window: { ms: number } | 'month';
  /**
   * Units taken from the shared counter at once and spent locally (default 1). Saves a KV
   * compare-and-set per call; what a replica reserved and did not use lapses with the window,
   * so the platform can only be under-used (by less than `reserve` per replica), never over-used.
   */
  reserve?: number;
}

/** The budget is spent for this window: wait `retryInMs` (or give up for a monthly cap). */
export class BudgetExhaustedError extends Error {
  readonly code = 'BUDGET_EXHAUSTED';
  constructor(
    readonly budget: string,
    readonly retryInMs: number,
  ) {
    super(`${budget} budget exhausted; next window in ${retryInMs} ms`);
  }
}

interface WindowId {
  id: string;
  endsAt: number;
}

function windowOf(spec: BudgetSpec, now: number): WindowId {
  if (spec.window === 'month') {
    const d = new Date(now);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    return { id: `${y}${String(m + 1).padStart(2, '0')}`, endsAt: Date.UTC(y, m + 1, 1) };
  }
  const index = Math.floor(now / spec.window.ms);
  return { id: String(index), endsAt: (index + 1) * spec.window.ms };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A per-platform budget shared by every replica: one counter per fixed window in the `cursors`
 * KV bucket, incremented by compare-and-set, plus a shared pause set after a 429 / Retry-After
 * or an exhausted rate-limit header so that no replica keeps hammering the platform.
 */
export class RateBudget {
  private pausedUntilCache = { value: 0, readAt: 0 };
  /** Units reserved from the shared counter and not spent yet, per budget and window. */
  private readonly reserved = new Map<string, { windowId: string; units: number }>();

  private constructor(
    private readonly kv: KV,
    readonly platform: Platform,
    private readonly specs: readonly BudgetSpec[],
    private readonly now: () => number,
  ) {}

  static async open(bus: Bus, platform: Platform, specs: readonly BudgetSpec[], now = Date.now): Promise<RateBudget> {
    return new RateBudget(await bus.kv(kvBuckets.cursors), platform, specs, now);
  }

  private counterKey(spec: BudgetSpec, w: WindowId): string {
    return `budget.${this.platform}.${spec.name}.${w.id}`;
  }

  private get pauseKey(): string {
    return `pause.${this.platform}`;
  }

  /**
   * Takes `units` from the named budget, waiting for the next window (or a shared pause) as needed.
   * A monthly budget never waits: it throws BudgetExhaustedError so the job can give up cleanly.
   */
  async take(name: string, units = 1, signal?: AbortSignal): Promise<void> {
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) throw new RangeError(`no budget ${name} for ${this.platform}`);
    for (;;) {
      const paused = await this.pausedUntil();
      const now = this.now();
      if (paused > now) {
        await sleep(paused - now, signal);
        continue;
      }
      const w = windowOf(spec, now);
      if (this.takeReserved(spec, w, units)) return;
      const chunk = Math.max(units, spec.reserve ?? 1);
      if (chunk > units && (await this.tryIncrement(spec, w, chunk))) {
        this.reserved.set(spec.name, { windowId: w.id, units: chunk - units });
        return;
      }
      if (await this.tryIncrement(spec, w, units)) return;
      if (spec.window === 'month') throw new BudgetExhaustedError(`${this.platform} ${name}`, w.endsAt - now);
      // Small jitter so replicas waiting for the same window do not all retry at the same instant.
      await sleep(Math.max(1, w.endsAt - now) + Math.floor(Math.random() * 50), signal);
    }
  }

  /** Waits while a shared pause (429 / Retry-After) is in force; for calls outside any counted budget. */
  async waitWhilePaused(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = (await this.pausedUntil()) - this.now();
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }

  /** Units left in the current window of a budget (for pacing and health). */
  async remaining(name: string): Promise<number> {
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) throw new RangeError(`no budget ${name} for ${this.platform}`);
    const e = await this.kv.get(this.counterKey(spec, windowOf(spec, this.now())));
    const used = e?.operation === 'PUT' ? Number(e.string()) || 0 : 0;
    return Math.max(0, spec.limit - used);
  }

  /** Records units spent outside `take` (e.g. posts read, known only after the response). */
  async spend(name: string, units: number): Promise<void> {
    const spec = this.specs.find((s) => s.name === name);
    if (!spec || units <= 0) return;
    await this.tryIncrement(spec, windowOf(spec, this.now()), units, true);
  }

  /** Every replica stops calling the platform until `untilMs` (429, Retry-After, remaining 0). */
  async pauseUntil(untilMs: number): Promise<void> {
    if (untilMs <= this.now()) return;
    this.pausedUntilCache = { value: Math.max(untilMs, this.pausedUntilCache.value), readAt: this.now() };
    for (let i = 0; i < 5; i++) {
      const e = await this.kv.get(this.pauseKey);
      const current = e?.operation === 'PUT' ? Number(e.string()) || 0 : 0;
      if (current >= untilMs) return;
      try {
        if (!e) await this.kv.create(this.pauseKey, String(untilMs));
        else await this.kv.update(this.pauseKey, String(untilMs), e.revision);
        return;
      } catch (err) {
        if (!isWrongRevision(err)) throw err;
      }
    }
  }

  /** The shared pause, re-read at most every 250 ms. */
  async pausedUntil(): Promise<number> {
    const now = this.now();
    if (now - this.pausedUntilCache.readAt < 250) return this.pausedUntilCache.value;
    const e = await this.kv.get(this.pauseKey);
    const value = e?.operation === 'PUT' ? Number(e.string()) || 0 : 0;
    this.pausedUntilCache = { value, readAt: now };
    return value;
  }

  private takeReserved(spec: BudgetSpec, w: WindowId, units: number): boolean {
    const r = this.reserved.get(spec.name);
    if (!r || r.windowId !== w.id || r.units < units) return false;
    r.units -= units;
    return true;
  }

  private async tryIncrement(spec: BudgetSpec, w: WindowId, units: number, force = false): Promise<boolean> {
    const key = this.counterKey(spec, w);
    for (;;) {
      const e = await this.kv.get(key);
      const used = e?.operation === 'PUT' ? Number(e.string()) || 0 : 0;
      if (!force && used + units > spec.limit) return false;
      try {
        if (!e) {
          await this.kv.create(key, String(used + units));
          // First use of a new window: drop the previous window's counter so keys do not pile up.
          if (spec.window !== 'month') await this.kv.purge(`budget.${this.platform}.${spec.name}.${Number(w.id) - 1}`).catch(() => undefined);
        } else await this.kv.update(key, String(used + units), e.revision);
        return true;
      } catch (err) {
        if (!isWrongRevision(err)) throw err;
      }
    }
  }
}
