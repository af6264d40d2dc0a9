import { parentPort } from 'node:worker_threads';
import { compileMatcherTables, transferListOf } from './matcher-tables.ts';
import type { MonitorQuery } from './matcher-tables.ts';

/** Request from MatcherHost: compile this monitor set. */
export type BuildRequest = { seq: number; monitors: MonitorQuery[] };

// Builds matcher tables off the matching thread; the buffers are transferred back, not copied.
parentPort?.on('message', (req: BuildRequest) => {
  try {
    const tables = compileMatcherTables(req.monitors);
    parentPort?.postMessage({ seq: req.seq, tables }, transferListOf(tables));
  } catch (err) {
    parentPort?.postMessage({ seq: req.seq, error: err instanceof Error ? err.message : String(err) });
  }
});
