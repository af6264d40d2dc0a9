import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Matcher, buildMatcher } from './matcher.ts';
import type { MatchablePost, MonitorMatch } from './matcher.ts';
import { compileMatcherTables } from './matcher-tables.ts';
import type { MatcherTables, MonitorQuery } from './matcher-tables.ts';
import type { BuildRequest } from './matcher-worker.ts';

/**
 * The package ships TypeScript source, so the worker registers tsx before importing its entry.
 * (`execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20.)
 */
function workerBootstrap(): string {
  const require = createRequire(import.meta.url);
  // the "import" entry of tsx's exports["./esm/api"]
  const tsxApi = pathToFileURL(
    path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  );
  const entry = new URL('./matcher-worker.ts', import.meta.url);
  return `import(${JSON.stringify(tsxApi.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

type BuildReply = { seq: number; tables: MatcherTables } | { seq: number; error: string };

export type MatcherHostOptions = {
  /** Build in a worker thread (default) or synchronously on the calling thread (tests, tiny sets). */
  worker?: boolean;
};

/**
 * Holds the live Matcher. `update()` compiles a new monitor set in a worker thread and swaps it in
 * with one assignment, so `match()` never waits for a rebuild: it keeps using the previous set
 * until the new one is complete. Rapid updates coalesce: only the newest pending set is built.
 */
export class MatcherHost {
  private current: Matcher = buildMatcher([]);
  private worker: Worker | undefined;
  private seq = 0;
  private appliedSeq = 0;
  private inFlight = false;
  private pending: BuildRequest | undefined;
  private waiters: { seq: number; resolve: (m: Matcher) => void; reject: (e: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly options: MatcherHostOptions = {}) {}

  /** The matcher currently in use. */
  get matcher(): Matcher {
    return this.current;
  }

  /** Match against the current monitor set. */
  match(post: MatchablePost): MonitorMatch[] {
    return this.current.match(post);
  }

  /** Replace the monitor set; resolves with the matcher once this set (or a newer one) is live. */
  update(monitors: readonly MonitorQuery[]): Promise<Matcher> {
    if (this.closed) return Promise.reject(new Error('MatcherHost is closed'));
    const seq = ++this.seq;
    const done = new Promise<Matcher>((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
    if (this.options.worker === false) {
      this.apply(seq, compileMatcherTables(monitors));
      return done;
    }
    this.pending = { seq, monitors: [...monitors] };
    this.pump();
    return done;
  }

  /** Stop the worker; pending updates are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0))
      w.reject(new Error('MatcherHost closed before the update was built'));
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.inFlight || this.pending === undefined || this.closed) return;
    const req = this.pending;
    this.pending = undefined;
    this.inFlight = true;
    const worker = this.ensureWorker();
    worker.ref();
    worker.postMessage(req);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerBootstrap(), { eval: true });
    worker.on('message', (reply: BuildReply) => {
      this.inFlight = false;
      worker.unref();
      if ('error' in reply) this.fail(reply.seq, new Error(`matcher build failed: ${reply.error}`));
      else this.apply(reply.seq, reply.tables);
      this.pump();
    });
    worker.on('error', (err) => {
      this.inFlight = false;
      this.worker = undefined;
      this.fail(this.seq, err);
    });
    this.worker = worker;
    return worker;
  }

  private apply(seq: number, tables: MatcherTables): void {
    if (seq > this.appliedSeq) {
      this.current = new Matcher(tables);
      this.appliedSeq = seq;
    }
    this.waiters = this.waiters.filter((w) => {
      if (w.seq > this.appliedSeq) return true;
      w.resolve(this.current);
      return false;
    });
  }

  private fail(uptoSeq: number, err: Error): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.seq > uptoSeq) return true;
      w.reject(err);
      return false;
    });
  }
}
