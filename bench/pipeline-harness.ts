/**
 * The whole pipeline for benchmarks and chaos tests: the sandbox in this process (so the driver
 * can emit posts, read the sinks and inject faults directly) and every service as its own child
 * process (`node --import tsx services/<name>/src/main.ts`), so each can be killed with SIGKILL
 * and restarted, and its CPU time and peak memory read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox, type SandboxOptions } from '@intent-radar/sandbox';
import { wireSandbox } from '../services/radar/src/sandbox-wiring.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Services the harness can run as child processes (each has services/<name>/src/main.ts). */
export const PIPELINE_SERVICES = [
  'scheduler',
  'ingest-hn',
  'ingest-reddit',
  'intent-scorer',
  'dedup-embedder',
  'notifier',
] as const;
export type PipelineService = (typeof PIPELINE_SERVICES)[number];

export interface PipelineOptions {
  natsUrl: string;
  databaseUrl: string;
  namespace: string;
  services: readonly PipelineService[];
  /** Extra env for every child (e.g. poll intervals); per-service env wins. */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<PipelineService, Record<string, string>>>;
  sandbox?: Partial<SandboxOptions>;
  /** Children's stdout/stderr go to <logDir>/<service>.log. */
  logDir: string;
  logLevel?: string;
}

/** CPU time and peak resident memory of one service, summed over its restarts. */
export interface ServiceUsage {
  service: string;
  cpuMs: number;
  peakRssMb: number;
  /** Stopped on purpose by kill()/restart() (benchmark phases, chaos). */
  restarts: number;
  /** Exits nobody asked for (a crash: see the service's log). */
  crashes: number;
}

interface RunningChild {
  proc: ChildProcess;
  healthPort: number;
  exited: Promise<void>;
  log: WriteStream;
  /** Set before a kill the harness asked for, so the exit is not counted as a crash. */
  expectedExit: boolean;
}

const CLK_TCK = 100;

/** A free TCP port on loopback (closed again before it is used: fine for a local harness). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true or the deadline passes (then throws naming `what`). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function procStat(pid: number): { cpuMs: number; peakRssMb: number } | undefined {
  try {
    // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / CLK_TCK, peakRssMb: hwmKb / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) of the shared servers on this machine: every process named `postgres` (the
 * postmaster's reaped children included, so short-lived backends count) and `nats-server`.
 * Diff two readings for a phase; other databases' queries in that window count too.
 */
export function infraCpuMs(): { postgres: number; nats: number } {
  const out = { postgres: 0, nats: 0 };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const key = comm === 'postgres' ? 'postgres' : comm === 'nats-server' ? 'nats' : undefined;
    if (!key) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime; the postmaster (parent not a postgres) also carries its reaped children's cutime, cstime.
    let ticks = Number(f[11]) + Number(f[12]);
    if (key === 'postgres' && !isPostgresPid(f[1]!)) ticks += Number(f[13]) + Number(f[14]);
    out[key] += (ticks * 1000) / CLK_TCK;
  }
  return out;
}

/** Whole-machine CPU ticks from /proc/stat: busy (everything but idle and iowait) and total. */
export function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

function isPostgresPid(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** Sandbox in process, services as child processes. */
export class Pipeline {
  readonly sandbox: Sandbox;
  /** Requests the sandbox answered, by API prefix (/openai, /hn, /reddit, /slack ...). */
  readonly requests = new Map<string, number>();
  /** Every Reddit API request (time, path without query), to see where its budget went. */
  readonly redditRequests: { at: number; path: string }[] = [];
  private readonly children = new Map<PipelineService, RunningChild>();
  private readonly usage = new Map<PipelineService, ServiceUsage>();
  private childEnv: Record<string, string | undefined> = {};

  constructor(private readonly opts: PipelineOptions) {
    this.sandbox = buildSandbox({
      logger: createLogger({ service: 'sandbox', level: 'warn' }),
      port: 0,
      smtpPort: 0,
      clock: 'manual',
      ratePerSec: 0,
      // A little history, so searches have results at once (the HN firehose waits for a real
      // maxitem by itself).
      backlog: 60,
      ...opts.sandbox,
    });
    this.sandbox.app.addHook('onRequest', (req, _reply, done) => {
      const api = /^\/([^/?]+)/.exec(req.url)?.[1] ?? '';
      this.requests.set(api, (this.requests.get(api) ?? 0) + 1);
      if (api === 'reddit') this.redditRequests.push({ at: Date.now(), path: req.url.slice(7).split('?')[0] ?? '' });
      done();
    });
  }

  /** Starts the sandbox and every service, waiting until each answers /readyz. */
  async start(): Promise<void> {
    await this.startSandbox();
    await this.startServices();
  }

  /** The sandbox alone (seed workspaces with its URL before the services start). */
  async startSandbox(): Promise<void> {
    await this.sandbox.start();
    const base: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      LOG_LEVEL: this.opts.logLevel ?? 'warn',
      DATABASE_URL: this.opts.databaseUrl,
      NATS_URL: this.opts.natsUrl,
      BUS_NAMESPACE: this.opts.namespace,
      SHUTDOWN_GRACE_MS: '5000',
      ...this.opts.env,
    };
    this.childEnv = wireSandbox(base, this.sandbox.url, this.sandbox.smtpPort).env;
  }

  /** Every configured service, in parallel. */
  async startServices(): Promise<void> {
    await Promise.all(this.opts.services.map((s) => this.startService(s)));
  }

  /** Starts one service (again) and waits for its /readyz; `nodeArgs` go to node (e.g. --cpu-prof). */
  async startService(service: PipelineService, extraEnv: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<void> {
    const healthPort = await freePort();
    const log = createWriteStream(path.join(this.opts.logDir, `${service}.log`), { flags: 'a' });
    const env = { ...this.childEnv, ...this.opts.serviceEnv?.[service], ...extraEnv, HEALTH_PORT: String(healthPort) };
    const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repoRoot, 'services', service, 'src', 'main.ts')], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(log, { end: false });
    proc.stderr?.pipe(log, { end: false });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const child: RunningChild = { proc, healthPort, exited, log, expectedExit: false };
    void exited.then(() => {
      if (child.expectedExit) return;
      const u = this.usageOf(service);
      u.crashes++;
      process.stderr.write(`${service} exited unexpectedly (code ${proc.exitCode}, signal ${proc.signalCode}); see ${this.opts.logDir}/${service}.log\n`);
    });
    this.children.set(service, child);
    const sample = setInterval(() => this.sample(service, proc.pid), 250);
    void exited.then(() => clearInterval(sample));
    let dead = false;
    void exited.then(() => (dead = true));
    await waitFor(
      `${service} /readyz`,
      async () => {
        if (dead) throw new Error(`${service} exited during start-up (see ${this.opts.logDir}/${service}.log)`);
        try {
          const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
          return res.ok;
        } catch {
          return false;
        }
      },
      120_000,
      200,
    );
  }

  /** SIGKILL (or another signal) to a service; resolves when the process is gone. */
  async kill(service: PipelineService, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.children.get(service);
    if (!child) throw new Error(`${service} is not running`);
    this.sample(service, child.proc.pid);
    child.expectedExit = true;
    child.proc.kill(signal);
    await child.exited;
    this.children.delete(service);
    this.usageOf(service).restarts++;
  }

  /** kill -9, then start again. */
  async restart(service: PipelineService): Promise<void> {
    await this.kill(service);
    await this.startService(service);
  }

  /** CPU and peak memory per service, sampled from /proc (restarts summed, peak = max). */
  serviceUsage(): ServiceUsage[] {
    for (const [service, child] of this.children) this.sample(service, child.proc.pid);
    return [...this.usage.values()].map((u) => ({ ...u, cpuMs: Math.round(u.cpuMs), peakRssMb: Math.round(u.peakRssMb) }));
  }

  private readonly lastCpu = new Map<number, number>();

  private sample(service: PipelineService, pid: number | undefined): void {
    if (!pid) return;
    const s = procStat(pid);
    if (!s) return;
    const u = this.usageOf(service);
    u.cpuMs += s.cpuMs - (this.lastCpu.get(pid) ?? 0);
    this.lastCpu.set(pid, s.cpuMs);
    u.peakRssMb = Math.max(u.peakRssMb, s.peakRssMb);
  }

  private usageOf(service: PipelineService): ServiceUsage {
    let u = this.usage.get(service);
    if (!u) {
      u = { service, cpuMs: 0, peakRssMb: 0, restarts: 0, crashes: 0 };
      this.usage.set(service, u);
    }
    return u;
  }

  /** Stops every child with SIGTERM (graceful), then the sandbox. */
  async stop(): Promise<void> {
    for (const [service, child] of this.children) this.sample(service, child.proc.pid);
    await Promise.all(
      [...this.children.values()].map(async (child) => {
        child.expectedExit = true;
        child.proc.kill('SIGTERM');
        const timer = setTimeout(() => child.proc.kill('SIGKILL'), 10_000);
        await child.exited;
        clearTimeout(timer);
        child.log.end();
      }),
    );
    this.children.clear();
    await this.sandbox.stop();
  }
}
