import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox, type SandboxOptions } from './app.ts';
import { defaultFixturesDir } from './config.ts';
import { readFixture, type Json } from './fixtures.ts';

/** A fixed scenario start so tests see the same ids every run. */
export const TEST_START_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Starts a sandbox on free ports with a manual clock (tests advance it; no sleeps). */
export async function startTestSandbox(overrides: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sandbox = buildSandbox({
    logger: createLogger({ service: 'sandbox-test', level: 'silent' }),
    port: 0,
    smtpPort: 0,
    seed: 7,
    clock: 'manual',
    startTimeMs: Date.now(),
    ...overrides,
  });
  await sandbox.start();
  return sandbox;
}

/** A captured fixture (the `body` of a cassette) for structural comparison. */
export function capture(rel: string): Json {
  return readFixture(defaultFixturesDir, rel);
}
