import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** A port nobody listens on right now (the OS picks it; we release it for the child to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RadarProcess {
  /** The dashboard and API origin, e.g. http://127.0.0.1:40123 */
  url: string;
  sandboxUrl: string;
  namespace: string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Runs the product the way `npm start` does (the all-in-one runner: sandbox + every service +
 * gateway serving the dashboard) as a child process on a fresh database and bus namespace.
 */
export async function startRadar(databaseUrl: string): Promise<RadarProcess> {
  const [gatewayPort, sandboxPort, healthPort] = [await freePort(), await freePort(), await freePort()];
  const namespace = `e2e${randomBytes(4).toString('hex')}`;
  const url = `http://127.0.0.1:${gatewayPort}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    BUS_NAMESPACE: namespace,
    GATEWAY_PORT: String(gatewayPort),
    PUBLIC_URL: url,
    CORS_ORIGINS: url,
    COOKIE_SECURE: 'false',
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_SMTP_PORT: '0',
    RADAR_HEALTH_PORT: String(healthPort),
    HEALTH_PORT: '0',
  };
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'services/radar/src/main.ts', 'dev'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`radar exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`).then((r) => r.ok, () => false);
    const served = ready && (await fetch(`${url}/`).then((r) => r.ok, () => false));
    if (served) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`radar not ready within 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    namespace,
    logs: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
