import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const dashboard = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(dashboard, '../..');

/** Newest modification time under the paths the build reads. */
function newestSource(paths: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return newest;
}

/**
 * Before the browser tests: Debian's chromium (apt, no-op when present) and a dashboard build
 * the gateway can serve. The build is skipped when dist is newer than every source file.
 */
export default function setup(): void {
  execFileSync('bash', [path.join(repoRoot, 'scripts/install-chromium.sh')], { stdio: 'inherit' });
  const built = path.join(dashboard, 'dist/index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(dashboard, p));
  if (existsSync(built) && statSync(built).mtimeMs > newestSource(sources)) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: dashboard, stdio: 'inherit' });
}
