import { randomBytes } from 'node:crypto';
import { createLogger } from '@intent-radar/logger';
import type { Bus } from './bus.ts';
import { connectBus } from './connection.ts';

/** NATS the int tests talk to (the real server, never a fake). */
export const TEST_NATS_URL = '127.0.0.1:4222';

/**
 * A provisioned bus in a fresh random namespace; `destroy()` removes everything it created.
 * For int tests of any package: `import { openTestBus } from '@intent-radar/bus/testing'`.
 */
export async function openTestBus(name = 'bus-test', url = TEST_NATS_URL): Promise<{ bus: Bus; destroy: () => Promise<void> }> {
  const namespace = `t${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ service: name, level: 'silent' });
  const bus = await connectBus({ url, name, logger, namespace });
  await bus.provision();
  return {
    bus,
    destroy: async () => {
      await bus.destroyNamespace();
      await bus.close();
    },
  };
}

/** Resolves when `check` returns true; fails after `timeoutMs` (waits for an event, not a fixed time). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
export { jsonPathsOf, type JsonPath } from './json-paths.ts';
