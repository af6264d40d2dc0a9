/**
 * Postgres backend CPU per statement kind, for the benches' --statements flag (bench:store,
 * bench:notify): pg's Client#query is wrapped so each statement's backend CPU is read from
 * /proc/<backend pid>/schedstat around it (a connection runs one statement at a time).
 * Statements are keyed by their first words. Adds some CPU to the bench process itself.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const statementCpu = new Map<string, { calls: number; ns: number }>();

/** On-CPU time of a process in nanoseconds (/proc/<pid>/schedstat), 0 once it has exited. */
function processCpuNs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** From now on, every statement's backend CPU is counted (for statementProfileLines). */
export function profileStatements(): void {
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client & { processID: number }, ...a: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: pg.Client & { processID: number }, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string } | undefined)?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 80);
    const pid = this.processID;
    const before = processCpuNs(pid);
    const done = () => {
      const s = statementCpu.get(key) ?? { calls: 0, ns: 0 };
      s.calls++;
      s.ns += processCpuNs(pid) - before;
      statementCpu.set(key, s);
    };
    // pool.query passes a callback; transactions await the promise.
    const callback = a.at(-1);
    if (typeof callback === 'function') {
      a[a.length - 1] = (...r: unknown[]) => {
        done();
        return (callback as (...x: unknown[]) => unknown)(...r);
      };
      return query.apply(this, a);
    }
    const result = query.apply(this, a);
    if (!(result instanceof Promise)) return result;
    return result.then((r: unknown) => {
      done();
      return r;
    });
  };
}

/** The counted statements, dearest first, per `items` items of `unit` (e.g. 20000, 'post'). */
export function statementProfileLines(items: number, unit: string): string[] {
  const rows = [...statementCpu].sort((a, b) => b[1].ns - a[1].ns);
  const total = rows.reduce((sum, [, s]) => sum + s.ns, 0);
  return [
    `backend CPU by statement (${rows.reduce((n, [, s]) => n + s.calls, 0)} statements, ${(total / 1e6 / items).toFixed(3)} ms per ${unit}):`,
    ...rows.map(([key, s]) => `  ${(s.ns / 1e6 / items).toFixed(3)} ms/${unit}  ${s.calls} calls  ${(s.ns / 1e3 / s.calls).toFixed(0)} us/call  ${key}`),
  ];
}
